"""DynamoDB batch cases that stay Python: UnprocessedKeys when a BatchGetItem answer would pass 16 MB
(asked again until none are left). The other batch cases are data: cases/dynamodb/batch.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import (
    SVC,
    api,
    item,
    make_table,
)
from awscompat.scenarios.dynamodb._wait import await_fixture

_BIG = "x" * 390_000  # 45 of these (about 17.5 MB) pass BatchGetItem's 16 MB answer limit


def _keys(*names: str) -> list[dict]:
    return [item(pk=n) for n in names]


def _write_all(ctx: CaseContext, table: str, items: list[dict]) -> None:
    """Set-up: BatchWriteItem in chunks of 25, re-sending UnprocessedItems (bounded)."""
    for start in range(0, len(items), 25):
        pending = {table: [{"PutRequest": {"Item": it}} for it in items[start:start + 25]]}

        def send() -> bool:
            nonlocal pending
            pending = ctx.fixture(SVC, "BatchWriteItem", RequestItems=pending).get("UnprocessedItems") or {}
            return not pending

        await_fixture(ctx, "BatchWriteItem of the set-up items", send)


@scenario(
    id="dynamodb/scenario/batch/get-unprocessed-keys-over-16mb",
    feature="dynamodb/batch",
    operations=["BatchGetItem"],
    provenance=api("BatchGetItem"),
    timeout=120,
)
def get_unprocessed_keys_over_16mb(ctx: CaseContext) -> None:
    """A BatchGetItem answer stops at 16 MB: asking for 45 items of ~390 KB returns part of them
    and the rest as UnprocessedKeys; asking again for those returns the remainder."""
    table = make_table(ctx)
    names = [f"big{n:02d}" for n in range(45)]
    _write_all(ctx, table, [item(pk=n, blob=_BIG) for n in names])
    request = {table: {"Keys": _keys(*names)}}
    reply = ctx.expect_ok(ctx.call(SVC, "BatchGetItem", RequestItems=request))
    first = {it["pk"]["S"] for it in (reply.get("Responses") or {}).get(table) or []}
    ctx.check(reply.get("UnprocessedKeys"), "a 17.5 MB answer came back whole, without UnprocessedKeys",
              expected="UnprocessedKeys", observed=len(first), reply=reply)
    seen = set(first)
    request = reply.get("UnprocessedKeys")
    for _ in range(20):  # bounded
        if not request:
            break
        again = ctx.expect_ok(ctx.call(SVC, "BatchGetItem", RequestItems=request), "BatchGetItem of UnprocessedKeys")
        seen |= {it["pk"]["S"] for it in (again.get("Responses") or {}).get(table) or []}
        request = again.get("UnprocessedKeys")
    ctx.equal(sorted(seen), names, "keys over all answers")
