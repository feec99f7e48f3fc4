"""The one interpreter of behaviour cases as data (docs/cases.md; declarations from
awscompat.catalog.casefile).

Contract:
- `run_case(decl, ctx)` runs a declaration inside an ordinary CaseContext: every call goes through
  `ctx.call` (transport, deadline, evidence, undecided answers -> `error`), every setup through a
  named recipe that ledgers what it creates before creating it (ctx.track/ctx.fixture, so teardown,
  isolation and the namespace are those of the Python scenarios), every check through ctx's
  vocabulary (CheckFailed -> `fail`, a 501 that is not the expected answer -> `unsupported`).
- recipes are Python, registered once per service with `@recipe(service, name)`; a recipe gets the
  context and its `with:` arguments and returns its outputs (a dict; `value` is what `${as}` means).
- a step whose call may create something (the create under test) is sent by the sender registered
  for its (service, operation) with `@sender(service, operation)`, if any: fn(ctx, params) -> Reply,
  which ledgers what the call may create before sending it (so teardown removes it) and returns the
  answer unjudged; every other step is sent as it is with ctx.call_with (`client: {...}`: by a client
  with those SDK settings, ctx.client(service, **settings)).
- references, resolved at run time in params, expectations and recipe arguments: `${region}`,
  `${account}` and `${partition}` (the caller's, from one set-up STS GetCallerIdentity, asked only
  when a case names them), `${<as>}` / `${<as>.<output>}` (a setup output),
  `${steps.<name>.<JMESPath>}` (an earlier step's parsed answer; a named step's own expectation
  may read its own answer; besides JMESPath's functions, `trim(s, chars)`:
  `${steps.head.trim(ETag, '"')}`). A string that is one whole
  reference keeps the referenced value's type. Keys of a mapping are resolved as well (a map keyed
  by a table name). A reference may end in transforms, `${ref ~ days -1}`, `~ seconds N`,
  `~ unquote` (catalog.casefile.split_transforms). A mapping `{$repeat: TEXT, times: N}` is TEXT repeated N times (a body of a
  given size); `{$repeat: ITEM, times: N}` of a map or list is a list of N such items.
- `paginate: true` on a step follows the operation's botocore paginator and judges the merged
  listing; `follow: {token, param, collect, count, within}` reads along a token that never ends
  (GetRecords' NextShardIterator; without token the same request again) until `count` items of
  `collect` came, bounded (engine/pages.py).
- `credentials: {AccessKeyId, SecretAccessKey, SessionToken?}` (usually a reference to a recipe's
  output or an earlier answer's Credentials) signs that step with those credentials instead of the
  run's (engine/asother.py); `gather: <member>` with `eventually` keeps the list at that top-level
  member of every repeated answer: the answer judged (and named) holds all of them, in order.
- `${now}` is the case's start (UTC, whole seconds); a reference to a date may be shifted:
  `${now + 1d}`, `${steps.head.LastModified - 1h}` (s, m, h, d).
- `regions: {only|except: [...], reason}` on a case: it runs only in (outside) those regions and
  is `skip` elsewhere, with the reason (AWS answers differently in us-east-1, say).
- a step's `principal` says who sends it: `anonymous` (unsigned, as a browser or curl without
  credentials) or `second` (the target's second credential set; the case is skipped without one).
  A step with `request:` instead of `call:` is a raw HTTP request (method, path under the service's
  endpoint, headers, body), unsigned, through ctx.raw (the same fault discipline and evidence).
- a step's expectation: `error` (a code, a list, or `true` for any) and/or `status`; without
  `error` and with no status >= 300 the answer must be a success. Error codes match the answer's
  code or its query-compatible code (x-amzn-query-error). `members` check JMESPath paths,
  headers or the payload (`body`, as UTF-8 text) (equals, differs, one_of, same_items (in
  any order), pattern, type, absent, present, empty, contains, order). `eventually: S` repeats
  the step (bounded by S seconds and the case deadline) until its expectation holds, for answers AWS
  documents as eventually consistent. `any_of: [expect, ...]` passes when one alternative
  holds (two documented answers: success listing nothing, or a NotFound error). `probe: true` on a step that may create a resource (a create
  under test a lenient server may accept) ledgers it before it is sent; teardown undoes it with the
  model's reverse operation. A step with `fixture: true` is set-up between the steps under test
  (ctx.fixture: it must succeed, else the case is `error`, or `unsupported` on a clean 501).
  `elapsed: {min, max}` bounds the seconds the step's (last) request took (SQS long polls). A
  creating set-up call goes through its service's sender (ledgered).
  `document: true`: a 2xx answer that is not the operation's document (XML/JSON that does not
  parse) is a wrong answer, `fail`, where it would otherwise be `error` (an undecidable answer).
  A step with `http:` is a request an SDK does not make (hand-signed, presigned, aws-chunked, a
  POST form, virtual-hosted): engine/httpstep.py builds it and sends it with ctx.raw; it is judged
  like any other answer. An `xml` member reads an element of the answer's XML body
  (`Error/RequestId`), and a named step's members may refer to its own answer (`${steps.<name>...}`).
  `recorded:` and `normalise:` are evidence, checked offline
  against the reference data (tests/test_cases_recorded.py), not at run time.
"""

from __future__ import annotations

import datetime
import io
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import jmespath
import jmespath.functions
from botocore.response import StreamingBody

from awscompat.catalog.casefile import apply_transform, member_problem, split_transforms
from awscompat.engine import pages as listing
from awscompat.engine.asother import client_as
from awscompat.engine.context import CaseContext, screen
from awscompat.engine.outcomes import CheckFailed, expects_not_implemented, fixture
from awscompat.engine.transport import Reply
from awscompat.spec import get_spec

if TYPE_CHECKING:
    from awscompat.catalog.casefile import CaseDecl

Recipe = Callable[..., dict]
RECIPES: dict[tuple[str, str], Recipe] = {}
Sender = Callable[[CaseContext, dict], Reply]
SENDERS: dict[tuple[str, str], Sender] = {}
_REF = re.compile(r"\$\{([^}]+)\}")
MAX_PAGES = 20
SHIFT = re.compile(r"(.+?) ([+-]) (\d+)([smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class _Functions(jmespath.functions.Functions):
    """JMESPath functions beyond the standard ones, for values computed from an earlier answer."""

    @jmespath.functions.signature({"types": ["string"]}, {"types": ["string"]})
    def _func_trim(self, value: str, chars: str) -> str:
        """trim(ETag, '"'): the string without those characters at either end (an unquoted ETag)."""
        return value.strip(chars)


_OPTIONS = jmespath.Options(custom_functions=_Functions())


def search(path: str, data: Any) -> Any:
    """A JMESPath search with the interpreter's functions (trim)."""
    return jmespath.search(path, data, options=_OPTIONS)


def recipe(service: str, name: str) -> Callable[[Recipe], Recipe]:
    """Register a setup recipe: fn(ctx, **with) -> outputs."""

    def register(fn: Recipe) -> Recipe:
        RECIPES[(service, name)] = fn
        return fn

    return register


def sender(service: str, operation: str) -> Callable[[Sender], Sender]:
    """Register how a step calling a creating operation is sent: fn(ctx, params) -> Reply (ledgered)."""

    def register(fn: Sender) -> Sender:
        SENDERS[(service, operation)] = fn
        return fn

    return register


def known_recipes() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for service, name in RECIPES:
        out.setdefault(service, set()).add(name)
    return out


class _Scope:
    def __init__(self, ctx: CaseContext) -> None:
        self.ctx = ctx
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        self.values: dict[str, Any] = {"region": ctx.region, "now": now}
        self.steps: dict[str, Any] = {}

    def lookup(self, ref: str) -> Any:
        base, transforms = split_transforms(ref)
        value = self._lookup(base)
        for transform in transforms:
            value = apply_transform(value, transform)
        return value

    def _lookup(self, ref: str) -> Any:
        shift = SHIFT.fullmatch(ref)
        if shift:  # a date moved by an amount of time: ${now + 1d}
            base = self._lookup(shift.group(1))
            if not isinstance(base, datetime.datetime):
                raise KeyError(f"${{{ref}}}: {shift.group(1)} is not a date ({base!r})")
            delta = datetime.timedelta(seconds=int(shift.group(3)) * _UNITS[shift.group(4)])
            return base + delta if shift.group(2) == "+" else base - delta
        if ref.startswith("steps."):
            name, _, path = ref[6:].partition(".")
            if name not in self.steps:
                raise KeyError(f"${{{ref}}}: no earlier step named {name!r}")
            return search(path, self.steps[name]) if path else self.steps[name]
        head, _, rest = ref.partition(".")
        if head in ("account", "partition") and head not in self.values:
            who = self.ctx.fixture("sts", "GetCallerIdentity").parsed
            self.values.update(account=who["Account"], partition=who["Arn"].split(":")[1])
        if head not in self.values:
            raise KeyError(f"${{{ref}}}: no setup output or value named {head!r}")
        value = self.values[head]
        if isinstance(value, dict):
            return value[rest or "value"]
        if rest:
            raise KeyError(f"${{{ref}}}: {head!r} has no member {rest!r}")
        return value

    def resolve(self, value: Any) -> Any:
        if isinstance(value, str):
            whole = _REF.fullmatch(value)
            if whole:
                return self.lookup(whole.group(1))
            return _REF.sub(lambda m: str(self.lookup(m.group(1))), value)
        if isinstance(value, dict) and "$repeat" in value:  # a text, or a list of N items
            item, times = self.resolve(value["$repeat"]), int(self.resolve(value.get("times", 1)))
            return item * times if isinstance(item, str) else [item] * times
        if isinstance(value, dict):  # keys too: a map keyed by a name (DynamoDB's RequestItems)
            return {self.resolve(k): self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value


def run_case(decl: CaseDecl, ctx: CaseContext) -> None:
    """Run one declared case (see the module contract)."""
    regions = decl.regions or {}
    if ("only" in regions and ctx.region not in regions["only"]) or ctx.region in regions.get("except", ()):
        ctx.skip(f"{regions['reason']} (region {ctx.region})")
    scope = _Scope(ctx)
    for item in decl.setup:
        fn = RECIPES.get((decl.service, item["recipe"]))
        if fn is None:
            raise KeyError(f"{decl.source}: no recipe {item['recipe']!r} for {decl.service}")
        scope.values[item["as"]] = fn(ctx, **scope.resolve(item.get("with") or {}))
    for index, step in enumerate(decl.steps, 1):
        label = step.get("name") or f"step {index} ({step.get('call') or step['request']['method']})"
        if step.get("fixture"):
            params = scope.resolve(step.get("params") or {})
            reply = _fixture(ctx, step.get("service", decl.service), step["call"], params)
        else:
            reply = _run_step(ctx, step.get("service", decl.service), step, scope, label)
        if step.get("name"):
            scope.steps[step["name"]] = reply.parsed


def _fixture(ctx: CaseContext, service: str, operation: str, params: dict) -> Reply:
    """A set-up step: it must succeed (else `error`, or `unsupported` on a clean 501). A creating call
    goes through the service's sender, so what it makes is ledgered like a recipe's."""
    via = SENDERS.get((service, operation))
    if via is None:
        return ctx.fixture(service, operation, **params)
    reply = via(ctx, params)
    signal = fixture(operation, reply)  # engine/outcomes.py: not implemented -> unsupported, failed -> error
    if signal is not None:
        raise signal
    return reply


def _run_step(ctx: CaseContext, service: str, step: dict, scope: _Scope, label: str) -> Reply:
    expect = step.get("expect") or {}

    via = SENDERS.get((service, step.get("call", "")))
    gather, gathered, took, pages = step.get("gather"), [], [0.0], step.get("pages")

    def send() -> Reply:
        started = time.monotonic()
        reply = _walk() if pages else _listing() if step.get("follow") or step.get("paginate") else _send()
        took[0] = time.monotonic() - started
        if gather and reply.ok and isinstance(reply.parsed, dict):
            gathered.extend(reply.parsed.get(gather) or [])
            reply.parsed[gather] = list(gathered)
        return reply

    def _walk() -> Reply:
        """Page by page: the answer's `next` member goes into the `token` parameter of the next
        call until an answer has none (at most MAX_PAGES); `each` checks every page; the lists of
        every page are joined into the last page's answer."""
        merged: dict[str, list] = {}
        extra: dict = {}
        for number in range(1, MAX_PAGES + 1):
            reply = _send(extra)
            if not reply.ok or not isinstance(reply.parsed, dict):
                return reply
            for member in pages.get("each") or ():
                _check_member(ctx, reply, scope.resolve(member), f"{label} page {number}")
            for key, value in reply.parsed.items():
                if isinstance(value, list):
                    merged.setdefault(key, []).extend(value)
            token = jmespath.search(pages["next"], reply.parsed)
            if not token:
                reply.parsed.update(merged)
                return reply
            extra = {pages["token"]: token}
        ctx.fail(f"{label}: still a {pages['next']} after {MAX_PAGES} pages", expected=f"at most {MAX_PAGES} pages",
                 observed=token, reply=reply)
        return reply

    def _listing() -> Reply:
        """`follow:` (along a token, bounded) or `paginate: true` (the botocore paginator), engine/pages.py."""
        params = scope.resolve(step.get("params") or {})
        if step.get("follow"):
            how = scope.resolve(step["follow"])
            within = float(how.get("within", 20))
            return listing.gather(_send, params, how, lambda fetch, done: ctx.poll(
                fetch, done, within=within, margin=1.0, first_wait=0.2, cap=1.0))
        config = get_spec().service(service).paginators.get(step["call"]) or {}
        return listing.follow(_send, params, config)

    def _send(extra: dict | None = None) -> Reply:
        if "request" in step:
            return _raw(ctx, service, scope.resolve(step["request"]))
        params = {**scope.resolve(step.get("params") or {}), **(extra or {})}
        if step.get("principal"):
            return ctx.call_with(service, step["call"], params, client=_client(ctx, service, step["principal"]))
        if "credentials" in step:  # signed as another principal
            creds = scope.resolve(step["credentials"])
            return ctx.call_with(service, step["call"], params, client=client_as(ctx, service, creds))
        if "http" in step:  # a request an SDK does not make (engine/httpstep.py)
            from awscompat.engine.httpstep import send_http

            return send_http(ctx, service, step["call"], params, scope.resolve(step["http"]))
        if via:  # the service's sender ledgers (and tags) what the call may create
            return via(ctx, params)
        if step.get("client"):  # a client with other SDK settings (request_checksum_calculation, ...)
            return ctx.call_with(service, step["call"], params, client=ctx.client(service, **step["client"]))
        if not step.get("probe"):
            return ctx.call_with(service, step["call"], params)
        # A create under test: ledgered before it is sent, undone at teardown (engine/sweep.py
        # derives the delete from the model and what the create answered).
        entry = ctx.track(service, "probe", ctx.name("probe"),
                          {"service": service, "operation": step["call"], "params": params}, [])
        reply = ctx.call_with(service, step["call"], params)
        if reply.ok:
            ctx.ledger.annotate(entry, reply.parsed)
        return reply

    within = expect.get("eventually")
    if within:
        def holds(reply: Reply) -> bool:
            try:
                judge(ctx, reply, expect, scope, label, took[0], step.get("name", ""))
            except CheckFailed:
                return False
            return True

        # Short waits look every 0.2 s; a state change (an instance running, a snapshot completed)
        # is looked at less often as the wait grows, up to every 2 s.
        reply = ctx.poll(send, holds, within=float(within), margin=1.0, first_wait=0.2,
                         cap=0.2 if float(within) <= 10 else 2.0)
    else:
        reply = send()
    judge(ctx, reply, expect, scope, label, took[0], step.get("name", ""))
    return reply


def _client(ctx: CaseContext, service: str, principal: str) -> Any:
    """The client of a step's principal: anonymous (unsigned) or the target's second credentials."""
    if principal == "anonymous":
        import botocore

        return ctx.client(service, signature_version=botocore.UNSIGNED)
    if ctx.transport.target.second_credentials is None:
        ctx.skip("no second credential set: set AWS_SECOND_ACCESS_KEY_ID and AWS_SECOND_SECRET_ACCESS_KEY")
    return ctx.client(service, second=True)


def _raw(ctx: CaseContext, service: str, request: dict) -> Reply:
    """A raw, unsigned HTTP request to a path under the service's endpoint."""
    url = ctx.client(service).meta.endpoint_url.rstrip("/") + request["path"]
    body = request.get("body")
    return ctx.raw(request["method"], url, headers=request.get("headers") or {}, service=service,
                   data=None if body is None else str(body).encode(),
                   operation=request.get("operation") or f"{request['method']} (raw)")


def _listed(value: Any) -> tuple | None:
    if value is None or value is True:
        return None
    return tuple(value) if isinstance(value, list) else (value,)


def judge(ctx: CaseContext, reply: Reply, expect: dict, scope: _Scope, label: str, took: float = 0.0,
          name: str = "") -> None:
    """Check one answer against one step's expectation (CheckFailed / Unsupported / HarnessError);
    took: the seconds its request took (for `elapsed`). A named step's expectation may read its own
    answer as ${steps.<name>...} (an ARN naming the id the same answer gives)."""
    if name:
        scope.steps[name] = reply.parsed
    if expect.get("any_of"):  # alternatives: the first that holds decides; none: fail with every reason
        reasons = []
        for alt in expect["any_of"]:
            try:
                judge(ctx, reply, alt, scope, label, took, name)
            except CheckFailed as exc:
                reasons.append(str(exc).removeprefix(f"{label}: "))
            else:
                break
        else:
            ctx.fail(f"{label}: none of the expected answers: {'; or '.join(reasons)}",
                     expected=expect["any_of"], observed=reply.describe(), reply=reply)
        return
    if expect.get("document") and reply.parse_error and 200 <= reply.status < 300:
        ctx.fail(f"{label}: HTTP {reply.status} answer is not the operation's document",
                 expected="the operation's document", observed=f"HTTP {reply.status} {_header(reply, 'content-type')}",
                 reply=reply)
    codes = _listed(scope.resolve(expect.get("error")))
    statuses = _listed(expect.get("status"))
    wants_error = "error" in expect or any(s >= 300 for s in statuses or ())
    if wants_error:
        screen(reply, judge_not_implemented=expects_not_implemented(codes, statuses))
        if reply.ok:
            ctx.fail(f"{label}: expected {_describe(codes, statuses)}, got HTTP {reply.status} success",
                     expected=_describe(codes, statuses), observed=f"HTTP {reply.status}", reply=reply)
        if codes:
            observed = {reply.code, (reply.error or {}).get("QueryErrorCode", "")}
            ctx.check(observed & set(codes), f"{label}: expected error code {' or '.join(codes)}, got "
                      f"{reply.describe()}", expected=list(codes), observed=sorted(filter(None, observed)),
                      reply=reply)
    else:
        ctx.expect_ok(reply, label)
    if statuses and reply.status not in statuses:
        ctx.fail(f"{label}: expected HTTP {'/'.join(map(str, statuses))}, got {reply.describe()}",
                 expected=list(statuses), observed=reply.status, reply=reply)
    for member in expect.get("members") or ():
        _check_member(ctx, reply, scope.resolve(member), label)
    bounds = expect.get("elapsed") or {}
    if not bounds.get("min", 0) <= took <= bounds.get("max", float("inf")):
        ctx.fail(f"{label}: the request took {took:.2f} s, expected {_span(bounds)}", expected=_span(bounds),
                 observed=f"{took:.2f} s", reply=reply)


def _span(bounds: dict) -> str:
    return " and ".join(f"{word} {bounds[key]} s" for key, word in (("min", "at least"), ("max", "at most"))
                        if key in bounds)


def _describe(codes: tuple | None, statuses: tuple | None) -> str:
    parts = ["/".join(codes) if codes else "", "HTTP " + "/".join(map(str, statuses)) if statuses else ""]
    return " or ".join(filter(None, parts)) or "an error"


def _header(reply: Reply, name: str) -> Any:
    low = name.lower()
    return next((v for k, v in reply.headers.items() if k.lower() == low), None)


def _payload(reply: Reply) -> bytes:
    """The answer's payload (an object's bytes, read whole by the transport), left readable."""
    for key, value in (reply.parsed or {}).items():
        if isinstance(value, StreamingBody):
            data = value.read()
            reply.parsed[key] = StreamingBody(io.BytesIO(data), len(data))
            return data
    return reply.exchange.response_body or b""


def xml_text(data: bytes | None, path: str) -> str | None:
    """The text of the first element at path (`Error/RequestId`: root tag first, namespaces ignored)
    in an XML body, or None (no such element, or not XML)."""
    try:
        root = ET.fromstring(data or b"")
    except ET.ParseError:
        return None
    for element in root.iter():
        element.tag = element.tag.rsplit("}", 1)[-1]
    head, _, rest = path.partition("/")
    if root.tag != head:
        return None
    found = root.find(rest) if rest else root
    return None if found is None else (found.text or "")


def _check_member(ctx: CaseContext, reply: Reply, member: dict, label: str) -> None:
    if "header" in member:
        where, value = f"header {member['header']}", _header(reply, member["header"])
    elif "body" in member:
        where, value = "body", _payload(reply).decode("utf-8", "replace")
    elif "xml" in member:
        where, value = f"XML {member['xml']}", xml_text(reply.exchange.response_body, member["xml"])
    else:
        where, value = member["path"], search(member["path"], reply.parsed or {})
    problem = member_problem(value, member)
    if problem:
        ctx.fail(f"{label}: {where}: {problem}",
                 expected={k: v for k, v in member.items() if k not in ("path", "header")},
                 observed=value, reply=reply)
