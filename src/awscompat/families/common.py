"""What the generated families share: protocol rules as data, and the baseline request."""

from __future__ import annotations

import re
import threading
from typing import Any

from awscompat.engine.context import CaseContext, screen
from awscompat.engine.outcomes import Skipped
from awscompat.engine.transport import Reply
from awscompat.families.values import ValueMaker
from awscompat.spec import get_spec
from awscompat.spec.protocols import PROTOCOLS, protocol_for

# Validation error codes per protocol name (spec/protocols.py holds them, with their sources).
VALIDATION_CODES: dict[str, frozenset[str]] = {p.name: p.validation_codes for p in PROTOCOLS}
_VALIDATION_WORDS = re.compile(r"Invalid|Validation|Malformed|Missing|BadRequest|Serialization")
NOT_FOUND = re.compile(r"NotFound|NoSuch|NonExistent|DoesNotExist|NotExist|Unknown.*(Resource|Entity)")
IDENTIFIER = re.compile(r"(Id|Ids|Name|Names|Arn|ARN|Arns|Url|URL|Identifier|Bucket|Key)$")
# Not "Generate": GenerateMac, GenerateDataKey... name an existing key to use, not one to make.
CREATE_VERBS = ("Create", "Put", "Register", "Run", "Import", "Allocate", "Request", "Copy", "Upload",
                "Start", "Add", "Associate", "Attach", "Tag", "Publish", "Send", "Submit", "Enable",
                "Assume", "Accept", "Purchase", "Provision", "Initiate", "Invoke", "Restore", "Allow", "Authorize")


def protocol_of(service: str) -> str:
    return get_spec().service(service).protocol


def validation_codes(service: str, operation: str) -> frozenset[str]:
    """The protocol's validation codes plus the operation's declared validation-like errors."""
    spec = get_spec().service(service)
    declared = {c for c in spec.declared_errors(operation) if _VALIDATION_WORDS.search(c)}
    return protocol_for(spec).validation_codes | declared


_accounts: dict[int, str] = {}
_account_lock = threading.Lock()
DEFAULT_ACCOUNT = "123456789012"


def account_id(ctx: CaseContext) -> str:
    """The caller's account (sts:GetCallerIdentity, once per run), so generated ARNs name the
    caller's own account: AWS answers ARNs of a foreign account with AccessDenied, not with the
    error under test (docs/contract-evidence.md)."""
    key = id(ctx.transport)
    if key not in _accounts:
        with _account_lock:
            if key not in _accounts:
                try:
                    reply = ctx.transport.call("sts", "GetCallerIdentity", {})
                    account = reply.get("Account") if reply.ok else None
                except Exception:  # noqa: BLE001 - any failure: keep the documented example account
                    account = None
                _accounts[key] = account if isinstance(account, str) and account.isdigit() else DEFAULT_ACCOUNT
    return _accounts[key]


def baseline(ctx: CaseContext, operation: str) -> tuple[Any, dict, ValueMaker]:
    """The operation model and a well-formed request (required members only)."""
    service = ctx.case.service
    op = get_spec().service(service).operation(operation)
    maker = ValueMaker(ctx.ns, ctx.region, account=account_id(ctx),
                       endpoint=ctx.transport.target.endpoint_for(service))
    return op, maker.required_params(op, service), maker


def send(ctx: CaseContext, maker: ValueMaker, params: dict, *, client=None) -> Reply:
    """Send a generated request. A request of a mutating operation goes into the ledger first,
    even when it is expected to be rejected (a lenient server may act on it anyway); if it is
    accepted, the final sweep undoes it. Requests that name no run-owned resource could change
    account-wide state: they run only on disposable targets."""
    service, operation = ctx.case.service, ctx.case.operations[0]
    entry = None
    if ctx.case.mutating:
        if not maker.owns(params) and not ctx.disposable:
            ctx.skip("mutating operation with no run-owned identifier among the members sent: it could "
                     "change account-wide state (allowed only on a disposable target)")
        entry = ctx.ledger.record(ctx.case.id, service, "probe", ctx.ns.name("probe"),
                                  {"service": service, "operation": operation, "params": params},
                                  probe_undo(ctx, service, operation, params))
    try:
        reply = ctx.call_with(service, operation, params, client=client, lean=True)
    except Skipped:  # not sent (engine/sendable.py): nothing was created
        if entry is not None:
            ctx.ledger.done(entry, "not-sent")
        raise
    if entry is not None:
        if reply.ok:
            ctx.ledger.annotate(entry, reply.parsed)
        elif 400 <= reply.status < 500:
            ctx.ledger.done(entry, "rejected")
        # a 5xx (or no answer: call_with raised) may have created it: the entry stays for the sweep
    return reply


def probe_undo(ctx: CaseContext, service: str, operation: str, params: dict) -> list[dict]:
    """The calls that undo a probe by the identifiers it names (known before it is sent), so
    that a probe answered 5xx, timed out or reset can still be undone by the final sweep. Only
    calls naming this run's own resources (engine/sweep.py `names_own`); [] when there are none."""
    from awscompat.engine.sweep import names_own, undo_calls

    try:
        calls = undo_calls(service, operation, params)
    except Exception:  # noqa: BLE001 - an unknown operation: the sweep derives what it can later
        return []
    return [c for c in calls if names_own(ctx.ns, c["params"])]


def expect_client_error(ctx: CaseContext, reply: Reply, codes: frozenset[str] | set[str], what: str) -> None:
    """A 4xx in the protocol's envelope with one of codes; anything accepted is a fail."""
    screen(reply)
    if reply.ok:
        ctx.fail(f"{what}: accepted (HTTP {reply.status}); AWS rejects it with a 4xx",
                 expected="4xx " + "/".join(sorted(codes)[:6]), observed=f"HTTP {reply.status}", reply=reply)
    if not 400 <= reply.status < 500:
        ctx.fail(f"{what}: expected a 4xx client error, got {reply.describe()}",
                 expected="4xx", observed=reply.describe(), reply=reply)
    if not reply.code:
        ctx.fail(f"{what}: HTTP {reply.status} without an error code in the protocol's envelope",
                 expected="an error envelope with a code", observed=reply.describe(), reply=reply)
    # awsQueryCompatible services (SQS on JSON) answer a JSON error type and a legacy query code;
    # botocore reports the latter as Code and keeps the former as QueryErrorCode: either counts.
    if codes and reply.code not in codes and reply.error.get("QueryErrorCode") not in codes:
        ctx.fail(f"{what}: error code {reply.code} is not one of {', '.join(sorted(codes)[:8])}",
                 expected=sorted(codes), observed=reply.code, reply=reply)
