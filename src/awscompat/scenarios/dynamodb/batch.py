"""DynamoDB BatchWriteItem / BatchGetItem: mixed puts and deletes, missing keys, several tables,
projections, the 25/100 request limits, duplicates, schema mismatches, and UnprocessedKeys when
an answer would pass 16 MB."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import (
    SVC,
    api,
    expect_message,
    expect_validation,
    get,
    item,
    make_table,
    put_items,
    rec,
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
    id="dynamodb/scenario/batch/write-puts-and-deletes",
    feature="dynamodb/batch",
    operations=["BatchWriteItem"],
    provenance=rec("test_batch_write_items", "BatchWriteResponse"),
    timeout=120,
)
def write_puts_and_deletes(ctx: CaseContext) -> None:
    """One BatchWriteItem deletes Fred and puts Bob: 200 with UnprocessedItems {}; both applied."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="Fred")])
    reply = ctx.expect_ok(ctx.call(SVC, "BatchWriteItem", RequestItems={table: [
        {"DeleteRequest": {"Key": item(pk="Fred")}}, {"PutRequest": {"Item": item(pk="Bob")}}]}))
    ctx.equal(reply.get("UnprocessedItems"), {}, "UnprocessedItems", reply)
    ctx.equal((get(ctx, table, item(pk="Fred")), get(ctx, table, item(pk="Bob"))), (None, item(pk="Bob")),
              "(Fred, Bob) after the batch")


@scenario(
    id="dynamodb/scenario/batch/get-missing-keys",
    feature="dynamodb/batch",
    operations=["BatchGetItem"],
    provenance=rec("test_dynamodb_get_batch_items", "Response"),
    timeout=120,
)
def get_missing_keys(ctx: CaseContext) -> None:
    """BatchGetItem of keys that hold nothing: Responses maps the table to [] and UnprocessedKeys
    is {}."""
    table = make_table(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "BatchGetItem", RequestItems={table: {"Keys": _keys("test-key")}}))
    ctx.equal(reply.get("Responses"), {table: []}, "Responses", reply)
    ctx.equal(reply.get("UnprocessedKeys"), {}, "UnprocessedKeys", reply)


@scenario(
    id="dynamodb/scenario/batch/get-returns-items",
    feature="dynamodb/batch",
    operations=["BatchGetItem"],
    provenance=api("BatchGetItem"),
    timeout=120,
)
def get_returns_items(ctx: CaseContext) -> None:
    """BatchGetItem returns the items that exist (in any order) and skips keys that do not."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk=k, v=k.upper()) for k in ("a", "b", "c")])
    reply = ctx.expect_ok(ctx.call(SVC, "BatchGetItem", RequestItems={table: {"Keys": _keys("a", "c", "zz")}}))
    got = (reply.get("Responses") or {}).get(table) or []
    ctx.equal(sorted(it["pk"]["S"] for it in got), ["a", "c"], "returned keys", reply)


@scenario(
    id="dynamodb/scenario/batch/get-projection",
    feature="dynamodb/batch",
    operations=["BatchGetItem"],
    provenance=api("BatchGetItem"),
    timeout=120,
)
def get_projection(ctx: CaseContext) -> None:
    """A ProjectionExpression in KeysAndAttributes returns only the projected attributes."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="a", v="A", w="W")])
    reply = ctx.expect_ok(ctx.call(SVC, "BatchGetItem", RequestItems={
        table: {"Keys": _keys("a"), "ProjectionExpression": "v"}}))
    ctx.equal((reply.get("Responses") or {}).get(table), [item(v="A")], "Responses", reply)


@scenario(
    id="dynamodb/scenario/batch/several-tables",
    feature="dynamodb/batch",
    operations=["BatchWriteItem", "BatchGetItem"],
    provenance=api("BatchWriteItem"),
    timeout=120,
)
def several_tables(ctx: CaseContext) -> None:
    """One BatchWriteItem and one BatchGetItem can address two tables; each table's items come
    back under its own name."""
    first, second = make_table(ctx), make_table(ctx)
    ctx.expect_ok(ctx.call(SVC, "BatchWriteItem", RequestItems={
        first: [{"PutRequest": {"Item": item(pk="one")}}], second: [{"PutRequest": {"Item": item(pk="two")}}]}))
    reply = ctx.expect_ok(ctx.call(SVC, "BatchGetItem", RequestItems={
        first: {"Keys": _keys("one")}, second: {"Keys": _keys("two")}}))
    responses = reply.get("Responses") or {}
    ctx.equal({t: sorted(it["pk"]["S"] for it in responses.get(t) or []) for t in (first, second)},
              {first: ["one"], second: ["two"]}, "items per table", reply)


@scenario(
    id="dynamodb/scenario/batch/write-over-25-refused",
    feature="dynamodb/batch",
    operations=["BatchWriteItem"],
    provenance=api("BatchWriteItem"),
    timeout=120,
)
def write_over_25_refused(ctx: CaseContext) -> None:
    """BatchWriteItem takes at most 25 requests: 26 puts are a 400 ValidationException and none
    is written."""
    table = make_table(ctx)
    requests = [{"PutRequest": {"Item": item(pk=f"k{n}")}} for n in range(26)]
    expect_validation(ctx, ctx.call(SVC, "BatchWriteItem", RequestItems={table: requests}))
    ctx.equal(get(ctx, table, item(pk="k0")), None, "item k0 after the refused batch")


@scenario(
    id="dynamodb/scenario/batch/get-over-100-refused",
    feature="dynamodb/batch",
    operations=["BatchGetItem"],
    provenance=api("BatchGetItem"),
    timeout=120,
)
def get_over_100_refused(ctx: CaseContext) -> None:
    """BatchGetItem takes at most 100 keys: 101 distinct keys are a 400 ValidationException."""
    table = make_table(ctx)
    keys = _keys(*(f"k{n}" for n in range(101)))
    expect_validation(ctx, ctx.call(SVC, "BatchGetItem", RequestItems={table: {"Keys": keys}}))


@scenario(
    id="dynamodb/scenario/batch/write-same-item-twice-refused",
    feature="dynamodb/batch",
    operations=["BatchWriteItem"],
    provenance=api("BatchWriteItem"),
    timeout=120,
)
def write_same_item_twice_refused(ctx: CaseContext) -> None:
    """Two operations on the same item in one BatchWriteItem (a put and a delete of one key) are
    a 400 ValidationException."""
    table = make_table(ctx)
    reply = ctx.call(SVC, "BatchWriteItem", RequestItems={table: [
        {"PutRequest": {"Item": item(pk="dup")}}, {"DeleteRequest": {"Key": item(pk="dup")}}]})
    expect_validation(ctx, reply)


@scenario(
    id="dynamodb/scenario/batch/get-duplicate-keys-refused",
    feature="dynamodb/batch",
    operations=["BatchGetItem"],
    provenance=api("BatchGetItem"),
    severity="advisory",
    timeout=120,
)
def get_duplicate_keys_refused(ctx: CaseContext) -> None:
    """The same key twice in one BatchGetItem is a 400 ValidationException."""
    table = make_table(ctx)
    expect_validation(ctx, ctx.call(SVC, "BatchGetItem", RequestItems={table: {"Keys": _keys("a", "a")}}))


@scenario(
    id="dynamodb/scenario/batch/write-key-not-matching-schema",
    feature="dynamodb/batch",
    operations=["BatchWriteItem"],
    provenance=rec("test_batch_write_not_matching_schema", "ValidationException"),
    timeout=120,
)
def write_key_not_matching_schema(ctx: CaseContext) -> None:
    """A put whose item lacks the table's key attributes: 400 ValidationException, 'The provided
    key element does not match the schema'."""
    table = make_table(ctx, ("id", "S"), ("sortKey", "S"))
    reply = ctx.call(SVC, "BatchWriteItem", RequestItems={table: [{"PutRequest": {"Item": item(nonKey="hello")}}]})
    expect_validation(ctx, reply)
    expect_message(ctx, reply, "The provided key element does not match the schema")


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
