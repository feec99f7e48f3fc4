"""Resources whose delete call names an identifier the server assigns at creation (an SQS queue
URL, an SNS topic or subscription ARN, an IAM access key id or managed-policy ARN).

The ledger entry is written before the create call, as every create must be; its delete calls
cannot be known then, so teardown runs a remover that uses what the create answered (kept in
the ledger with `annotate`) or, if the create never answered, looks the resource up by its
namespaced name. Shared by the sqs, sns, iam and sts scenario packages; also home of the small
waiting and calling helpers they all use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from awscompat.engine.context import CaseContext
from awscompat.engine.sweep import is_absent
from awscompat.engine.transport import Reply

Calls = list[dict]


def call(service: str, operation: str, **params: Any) -> dict:
    """One call in a ledger entry's delete list."""
    return {"service": service, "operation": operation, "params": params}


def run_calls(ctx: CaseContext, calls: Calls) -> str | None:
    """Run delete calls in order at teardown (never bound by the case's deadline). An answer that
    says the resource is already gone counts as done; any other failure stops the list."""
    result = "deleted"
    for c in calls:
        reply = ctx.transport.call(c["service"], c["operation"], c.get("params", {}))
        if reply.ok:
            continue
        if is_absent(reply.status, reply.code):
            result = "absent"
            continue
        return None
    return result


def create_tracked(ctx: CaseContext, service: str, kind: str, name: str, operation: str, params: dict,
                   undo: Callable[[dict], Calls], *, lookup: Callable[[], Calls] | None = None,
                   before: Callable[[dict], Calls] | None = None, fixture: bool = True) -> Reply:
    """Ledger, then create; teardown runs undo(create answer). `lookup` finds the delete calls by
    name when the create gave no answer (a timeout, or a server that acted on a refused call);
    `before` computes calls to run first at teardown time (e.g. a policy's non-default versions).
    With fixture=False the create is the call under test and may fail; the caller checks it."""
    seen: dict[str, dict] = {}

    def remove() -> str | None:
        if "parsed" in seen:
            pre = before(seen["parsed"]) if before else []
            return run_calls(ctx, pre + undo(seen["parsed"]))
        calls = lookup() if lookup else []
        return run_calls(ctx, calls) if calls else "absent"

    entry = ctx.track(service, kind, name, {"service": service, "operation": operation, "params": params},
                      [], remove=remove)
    reply = ctx.fixture(service, operation, **params) if fixture else ctx.call(service, operation, **params)
    if reply.ok:
        seen["parsed"] = reply.parsed
        ctx.ledger.set_delete(entry, undo(reply.parsed))  # persisted: a later `cleanup` can use it
        ctx.ledger.annotate(entry, reply.parsed)
    return reply


def track_static(ctx: CaseContext, service: str, kind: str, name: str, operation: str, params: dict,
                 delete: Calls) -> None:
    """Ledger a resource (or a link between two) whose delete calls are known before it exists."""
    ctx.track(service, kind, name, {"service": service, "operation": operation, "params": params}, delete)


def poll(ctx: CaseContext, fetch: Callable[[], Any], done: Callable[[Any], bool], *, within: float = 10.0,
         interval: float = 0.2) -> Any:
    """Call fetch until done(result) or `within` seconds pass (bounded by the case deadline);
    returns the last result. For answers AWS documents as eventually consistent or asynchronous."""
    return ctx.poll(fetch, done, within=within, margin=1.0, first_wait=interval, cap=interval)


def identity(ctx: CaseContext) -> dict:
    """GetCallerIdentity of the suite's own credentials (a fixture)."""
    return ctx.fixture("sts", "GetCallerIdentity").parsed


def partition_of(arn: str) -> str:
    return arn.split(":")[1] if arn.count(":") >= 5 else "aws"
