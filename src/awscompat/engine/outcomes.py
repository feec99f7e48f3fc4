"""Outcomes (DESIGN 3.3): the one module that decides them, the exceptions a case raises to
reach them, and the result record.

Every other module reports what it observed (an answer, a transport fault, an exception, the
run's state) and asks here what it means; none turns an observation into an outcome itself.
The rules (docs/architecture.md "Outcome rules", docs/methodology.md):

- `pass` when the case's checks hold; `fail` when the provider answered, but not as AWS does
  (a check raised CheckFailed, or a case met a botocore ClientError it did not expect).
- `unsupported`: a clean "not implemented": HTTP 501 or any protocol's not-implemented code
  (spec/protocols.py: `not_implemented`), unless the case expects AWS's own 501 NotImplemented
  (`expects_not_implemented`); a 404/405 with no error envelope (a router with no handler), for
  an answer that is not in the protocol's format (`screen`) or a request other than HEAD
  (`no_route`); a set-up call the provider refuses as not implemented (`fixture`).
- `error`, never `fail`: a harness fault is never a provider failure. Transport faults (no
  answer, an answer cut short, timeout, TLS: `transport_fault`), answers that decide nothing
  after retries (damaged on the way, throttling, 503: `undecided`), an answer in no protocol's
  format with a 2xx-4xx status (`screen`), a case over its timeout (`case_timeout`), a set-up
  call that fails (`fixture`), an exception in awscompat itself (`from_exception`), a case not
  run because the run's budget was spent or its service failed preflight (`not_run`).
- `skip`, with the reason: what the SDK refuses to send, or would send elsewhere than the
  target (`transport_fault` of kind not-sendable, NotSendable in `from_exception`); what the
  selected client cannot express (`raw_not_expressible`, `not_run`); a mutating case in a
  read-only run (`not_run`); a case's own precondition (ctx.skip).
- Errors never raise a grade: `error` and `skip` are never judged (`JUDGED`); only `fail` and
  `unsupported` count against the provider (`AGAINST`), and carry evidence with `error`
  (`WITH_EVIDENCE`). A run with an `error` is incomplete (exit 3), else one with a `fail` or
  `unsupported` exits 1 (`exit_code`).
- Reruns (`--rerun-failures`): only `fail`, `unsupported` and `error` are re-run (`RERUN`); a case
  is flaky when its attempts disagree, and keeps its first outcome (`flaky`): never `pass`.

Imports nothing above the engine; takes the answer as anything shaped like transport.Reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

# The outcomes and the result record live in the results package (bottom layer); re-exported here.
from awscompat.results.outcome import ERROR, FAIL, OUTCOMES, PASS, SKIP, UNSUPPORTED, CaseResult, Outcome
from awscompat.spec.protocols import ANY_NOT_IMPLEMENTED, ANY_THROTTLING

__all__ = ["ERROR", "FAIL", "OUTCOMES", "PASS", "SKIP", "UNSUPPORTED", "CaseResult", "CaseSignal", "CheckFailed",
           "FixtureError", "HarnessError", "Outcome", "Skipped", "Unsupported"]
JUDGED = (PASS, FAIL, UNSUPPORTED)  # decided about the provider (the completeness of a rating)
AGAINST = (FAIL, UNSUPPORTED)  # count against the provider
WITH_EVIDENCE = (FAIL, UNSUPPORTED, ERROR)  # results that carry the exchange and what was expected
RERUN = (FAIL, UNSUPPORTED, ERROR)  # re-run with --rerun-failures


class CaseSignal(Exception):
    """Base of the exceptions that end a case with a decided outcome."""

    outcome = ERROR

    def __init__(self, message: str, *, expected: Any = None, observed: Any = None, exchange=None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.observed = observed
        self.exchange = exchange


class CheckFailed(CaseSignal):
    """The endpoint answered, but not as AWS does."""

    outcome = FAIL


class Unsupported(CaseSignal):
    """The endpoint cleanly refused the operation as not implemented."""

    outcome = UNSUPPORTED


class HarnessError(CaseSignal):
    """The harness could not decide (transport fault, fixture that could not be set up...)."""

    outcome = ERROR


class FixtureError(HarnessError):
    """A setup step failed: the case's own feature was never exercised."""


class Skipped(CaseSignal):
    outcome = SKIP


# -- what an answer decides -----------------------------------------------------------------
def not_implemented(status: int, code: str) -> bool:
    """A clean "not implemented": 501, or any protocol's code for it (spec/protocols.py)."""
    return status == 501 or code in ANY_NOT_IMPLEMENTED


def inconclusive(status: int, code: str, corrupt: str) -> bool:
    """An answer that decides nothing about the provider, even after retries: damaged on its way,
    throttling (any protocol's code), 503."""
    return bool(corrupt) or code in ANY_THROTTLING or status == 503


def expects_not_implemented(codes: Iterable[str] | None, statuses: Iterable[int] | None) -> bool:
    """The case expects AWS's own 501 NotImplemented (S3 answers it to some conditional
    headers): then a 501 is judged like any answer, not `unsupported`."""
    return "NotImplemented" in (codes or ()) or 501 in (statuses or ())


def undecided(reply: Any) -> None:
    """An answer no check may judge (Reply.inconclusive) ends the case as `error`: the provider
    was throttling, unavailable or saying "internal error, try again", or the answer was damaged
    on its way. This runs on every call, before any case code sees the reply."""
    if not reply.inconclusive:
        return
    if reply.corrupt:
        why = "damaged on its way"
    elif reply.code in ANY_THROTTLING or reply.status == 503:
        why = "throttled or unavailable"
    else:
        why = "an internal error the provider asks to retry"
    tries = reply.exchange.attempts
    when = f"on every one of {tries} attempts" if tries > 1 else "(not retried)"
    raise HarnessError(f"{reply.describe()} {when} ({why})", exchange=reply.exchange)


def screen(reply: Any, *, judge_not_implemented: bool = False) -> None:
    """Turn answers that decide nothing about the expectation into the right outcome. A 501
    NotImplemented is `unsupported`, unless it is the answer expected (judge_not_implemented:
    AWS itself answers 501 to some requests, e.g. S3's PutObject with If-None-Match: <etag>)."""
    undecided(reply)
    if reply.not_implemented and not judge_not_implemented:
        raise Unsupported(f"not implemented: {reply.describe()}", exchange=reply.exchange)
    if reply.parse_error:
        if reply.status in (404, 405):
            raise Unsupported(f"no route for this operation: {reply.describe()}", exchange=reply.exchange)
        if reply.status >= 500:
            raise CheckFailed(f"server error: {reply.describe()}", expected="an answer in the protocol's format",
                              observed=reply.describe(), exchange=reply.exchange)
        raise HarnessError(f"answer is not in the protocol's format: {reply.parse_error}", exchange=reply.exchange)


def no_route(reply: Any, *, head: bool = False, note: str = "") -> None:
    """A 404/405 with no error code in the protocol's envelope (a router's page) says the
    operation has no route: `unsupported`. Not for HEAD (head=True): its answer has no room for
    an envelope."""
    if reply.status in (404, 405) and not reply.code and not head:
        raise Unsupported(f"no route for this operation: {reply.describe()}{note}", exchange=reply.exchange)


# -- what happened to a request --------------------------------------------------------------
def transport_fault(fault: Any) -> CaseSignal:
    """The signal for a TransportFault (no usable answer): `skip` for a request the SDK would not
    send to the target (kind not-sendable: it says nothing about the provider), else `error`."""
    if fault.kind == "not-sendable":
        return Skipped(fault.detail, exchange=fault.exchange)
    return HarnessError(f"{fault.kind}: {fault.detail}", exchange=fault.exchange)


def case_timeout(seconds: float) -> HarnessError:
    return HarnessError(f"case exceeded its timeout of {seconds:.0f}s")


def raw_not_expressible(client: str) -> Skipped:
    """A raw HTTP request (presigned URL, POST form, hand-signed) under a client other than botocore."""
    return Skipped(f"the {client} client cannot express this case: it sends a raw HTTP request (presigned URL, "
                   "POST form or hand-signed request) outside any SDK")


def fixture(operation: str, reply: Any = None, error: HarnessError | None = None) -> CaseSignal | None:
    """A set-up call: its harness error is a FixtureError (`error`); a clean not-implemented is
    `unsupported` (the feature the case needs is not there); any other failure is `error` (the
    case's own feature was never exercised). None: the set-up succeeded."""
    if error is not None:
        return FixtureError(f"setup {operation} failed: {error.message}", exchange=error.exchange)
    if reply.not_implemented:
        return Unsupported(f"setup {operation} is not implemented: {reply.describe()}", exchange=reply.exchange)
    if not reply.ok:
        return FixtureError(f"setup {operation} failed: {reply.describe()}", exchange=reply.exchange)
    return None


def client_error(code: str, status: int) -> str:
    """The outcome of a botocore ClientError a case did not expect."""
    if not_implemented(status, code):
        return UNSUPPORTED
    if code in ANY_THROTTLING or status == 503:
        return ERROR
    return FAIL


class Decided(NamedTuple):
    outcome: str
    message: str
    exchange: Any = None
    expected: Any = None
    observed: Any = None


def from_exception(exc: BaseException, last: Any = None) -> Decided:
    """The outcome of whatever ended a case's code: a CaseSignal's own; a botocore ClientError
    the case did not expect (client_error); a request the SDK would not send (`skip`); anything
    else is a harness bug: `error`, never `fail`. last: the case's last exchange."""
    from botocore.exceptions import ClientError

    from awscompat.engine.sendable import NotSendable

    if isinstance(exc, CaseSignal):
        return Decided(exc.outcome, exc.message, exc.exchange, exc.expected, exc.observed)
    if isinstance(exc, ClientError):  # a scenario called a client directly and did not expect this
        response = exc.response
        code = response.get("Error", {}).get("Code", "")
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return Decided(client_error(code, status), f"unexpected {exc}", last)
    if isinstance(exc, NotSendable):  # a direct client call the target cannot receive (engine/sendable.py)
        return Decided(SKIP, str(exc), last)
    return harness_error(exc, last)


def harness_error(exc: BaseException, last: Any = None) -> Decided:
    """An exception in awscompat itself (outside a case's checks): `error`, never `fail`."""
    import traceback

    tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return Decided(ERROR, f"harness error: {tb}", last)


# -- before a case runs, and after the run ------------------------------------------------------
def not_run(*, budget_spent: bool = False, budget: float | None = None, client: str = "botocore",
            case_id: str = "", cannot_express: str | None = None, read_only: bool = False,
            mutating: bool = False, preflight: str | None = None) -> Decided | None:
    """The outcome of a case that is not run, in the order the rules apply (None: run it): the
    run's wall-clock budget spent (`error`); the awscli client and a case other than its own, or
    a case the js-v3 client cannot express (cannot_express: why) (`skip`); a mutating case in a
    read-only run (`skip`); its service failed preflight (preflight: the problem) (`error`)."""
    if budget_spent:
        return Decided(ERROR, f"not run: the run's wall-clock budget of {budget:g}s (--budget) was spent")
    if client == "awscli" and not case_id.rsplit("/", 1)[-1].startswith("awscli-"):
        return Decided(SKIP, "the awscli client runs only the AWS CLI's own cases (s3/scenario/*/awscli-*: "
                       "aws s3 cp/sync/ls); this case runs with --client botocore or js-v3")
    if client == "js-v3" and cannot_express is not None:
        return Decided(SKIP, f"the js-v3 client cannot express this case: {cannot_express}")
    if read_only and mutating:
        return Decided(SKIP, "read-only run: the case creates or changes resources")
    if preflight is not None:
        return Decided(ERROR, f"preflight: {preflight}")
    return None


def flaky(attempts: list[str]) -> bool:
    """Attempts of one case that disagree; the case keeps its first outcome either way."""
    return len(set(attempts)) > 1


def incomplete(counts: Mapping[str, int]) -> bool:
    """A run with a harness `error` decided less than it was asked to."""
    return counts.get(ERROR, 0) > 0


def exit_code(counts: Mapping[str, int], *, incomplete: bool, interrupted: bool) -> int:
    """3 incomplete or interrupted; 1 a `fail` or `unsupported`; 0 every case passed or skipped."""
    if incomplete or interrupted:
        return 3
    if any(counts.get(o, 0) for o in AGAINST):
        return 1
    return 0
