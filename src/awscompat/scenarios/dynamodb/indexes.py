"""DynamoDB secondary indexes: querying and scanning GSIs and LSIs, sparse indexes, projections,
consistency rules, and how DescribeTable shows an index. GSI reads are eventually consistent,
so reads of a GSI poll (bounded) until the written items show."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    GSI,
    LSI,
    SVC,
    api,
    expect_validation,
    index,
    item,
    make_table,
    put_items,
    rec,
    sorted_items,
    values,
)
from awscompat.scenarios.dynamodb._wait import poll

_G = "by-g"


def _gsi_table(ctx: CaseContext, projection: str = "ALL", non_key: list[str] | None = None) -> str:
    """pk S with GSI 'by-g' (g S, gs N). Items a1, a2 in g 'red' (gs 2, 1), b1 in 'blue', and n1
    without g (not in the index); every item also has x and y."""
    table = make_table(ctx, attrs={"g": "S", "gs": "N"}, gsi=[index(_G, "g", "gs", projection, non_key)])
    put_items(ctx, table, [item(pk="a1", g="red", gs=2, x=1, y=1), item(pk="a2", g="red", gs=1, x=2, y=2),
                           item(pk="b1", g="blue", gs=1, x=3, y=3), item(pk="n1", x=4, y=4)])
    return table


def _settled(ctx: CaseContext, op: str, params: dict, done: Callable[[Reply], bool]) -> Reply:
    """Call op until done(reply) or a bounded wait passes (GSIs are eventually consistent);
    returns the last answer, which the caller then checks."""
    last: list[Reply] = []

    def probe() -> Reply | None:
        reply = ctx.expect_ok(ctx.call(SVC, op, **params), f"{op} on index {params.get('IndexName')}")
        last.append(reply)
        return reply if done(reply) else None

    return poll(probe, timeout=15.0, ctx=ctx) or last[-1]


def _query_red(ctx: CaseContext, table: str, **extra: Any) -> Reply:
    params = {"TableName": table, "IndexName": _G, "KeyConditionExpression": "g = :g",
              "ExpressionAttributeValues": values(g="red"), **extra}
    return _settled(ctx, "Query", params, lambda r: r.get("Count") == 2)


@scenario(
    id="dynamodb/scenario/indexes/gsi-query-in-index-order",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=GSI,
    timeout=120,
)
def gsi_query_in_index_order(ctx: CaseContext) -> None:
    """A Query on a GSI selects by the index's partition key and orders by the index's sort key."""
    reply = _query_red(ctx, _gsi_table(ctx))
    ctx.equal([it["pk"]["S"] for it in reply.get("Items") or []], ["a2", "a1"], "items (by gs)", reply)


@scenario(
    id="dynamodb/scenario/indexes/gsi-is-sparse",
    feature="dynamodb/indexes",
    operations=["Scan"],
    provenance=GSI,
    timeout=120,
)
def gsi_is_sparse(ctx: CaseContext) -> None:
    """An item without the index's key attribute is not in the GSI: a Scan of the index returns
    the three items that have g, not n1."""
    params = {"TableName": _gsi_table(ctx), "IndexName": _G}
    reply = _settled(ctx, "Scan", params, lambda r: r.get("Count") == 3)
    ctx.equal(sorted(it["pk"]["S"] for it in reply.get("Items") or []), ["a1", "a2", "b1"], "items", reply)


@scenario(
    id="dynamodb/scenario/indexes/gsi-consistent-read-refused",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=api("Query"),
    timeout=120,
)
def gsi_consistent_read_refused(ctx: CaseContext) -> None:
    """Strongly consistent reads are not supported on a GSI: ConsistentRead true is a 400
    ValidationException."""
    reply = ctx.call(SVC, "Query", TableName=_gsi_table(ctx), IndexName=_G, KeyConditionExpression="g = :g",
                     ExpressionAttributeValues=values(g="red"), ConsistentRead=True)
    expect_validation(ctx, reply)


@scenario(
    id="dynamodb/scenario/indexes/gsi-keys-only-projection",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=GSI,
    timeout=120,
)
def gsi_keys_only_projection(ctx: CaseContext) -> None:
    """A KEYS_ONLY GSI returns the table's key and the index's key attributes only."""
    reply = _query_red(ctx, _gsi_table(ctx, "KEYS_ONLY"))
    ctx.equal(sorted_items(reply.get("Items") or []),
              [item(pk="a1", g="red", gs=2), item(pk="a2", g="red", gs=1)], "items", reply)


@scenario(
    id="dynamodb/scenario/indexes/gsi-include-projection",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=GSI,
    timeout=120,
)
def gsi_include_projection(ctx: CaseContext) -> None:
    """An INCLUDE GSI returns the keys plus the listed non-key attributes (x, not y)."""
    reply = _query_red(ctx, _gsi_table(ctx, "INCLUDE", ["x"]))
    ctx.equal(sorted_items(reply.get("Items") or []),
              [item(pk="a1", g="red", gs=2, x=1), item(pk="a2", g="red", gs=1, x=2)], "items", reply)


@scenario(
    id="dynamodb/scenario/indexes/describe-table-shows-gsi",
    feature="dynamodb/indexes",
    operations=["DescribeTable"],
    provenance=rec("test_gsi_with_billing_mode[PAY_PER_REQUEST]", "describe-table"),
    timeout=120,
)
def describe_table_shows_gsi(ctx: CaseContext) -> None:
    """DescribeTable lists the GSI with its name, key schema, projection, status ACTIVE and an
    IndexArn of <table ARN>/index/<name>."""
    table = make_table(ctx, attrs={"g": "S"}, gsi=[index(_G, "g")])
    desc = ctx.expect_ok(ctx.call(SVC, "DescribeTable", TableName=table))["Table"]
    gsis = desc.get("GlobalSecondaryIndexes") or []
    ctx.equal([g.get("IndexName") for g in gsis], [_G], "index names")
    gsi = gsis[0]
    ctx.equal(gsi.get("KeySchema"), [{"AttributeName": "g", "KeyType": "HASH"}], "index KeySchema")
    ctx.equal(gsi.get("Projection"), {"ProjectionType": "ALL"}, "index Projection")
    ctx.equal(gsi.get("IndexStatus"), "ACTIVE", "IndexStatus")
    ctx.check(re.fullmatch(re.escape(f"{desc.get('TableArn')}/index/{_G}"), gsi.get("IndexArn") or ""),
              "IndexArn is not <table ARN>/index/<name>", expected=f"{desc.get('TableArn')}/index/{_G}",
              observed=gsi.get("IndexArn"))


def _lsi_table(ctx: CaseContext) -> str:
    """The recorded LSI table: PK S, SK S, LSI 'LSI1' on (PK, LSI1SK N), one item."""
    table = make_table(ctx, ("PK", "S"), ("SK", "S"), attrs={"LSI1SK": "N"}, lsi=[index("LSI1", "PK", "LSI1SK")])
    put_items(ctx, table, [item(PK="test one", SK="hello", LSI1SK=123), item(PK="test two", SK="x")])
    return table


@scenario(
    id="dynamodb/scenario/indexes/lsi-query",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=rec("test_valid_local_secondary_index", "Items"),
    timeout=120,
)
def lsi_query(ctx: CaseContext) -> None:
    """A Query on an LSI by the partition key returns the item with its LSI sort key: Count 1,
    ScannedCount 1."""
    reply = ctx.expect_ok(ctx.call(SVC, "Query", TableName=_lsi_table(ctx), IndexName="LSI1",
                                   KeyConditionExpression="PK = :pk", ExpressionAttributeValues=values(pk="test one")))
    ctx.equal(reply.get("Items"), [item(LSI1SK=123, PK="test one", SK="hello")], "Items", reply)
    ctx.equal((reply.get("Count"), reply.get("ScannedCount")), (1, 1), "(Count, ScannedCount)", reply)


@scenario(
    id="dynamodb/scenario/indexes/lsi-consistent-read",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=LSI,
    timeout=120,
)
def lsi_consistent_read(ctx: CaseContext) -> None:
    """An LSI supports strongly consistent reads: ConsistentRead true succeeds and sees the item."""
    reply = ctx.expect_ok(ctx.call(SVC, "Query", TableName=_lsi_table(ctx), IndexName="LSI1", ConsistentRead=True,
                                   KeyConditionExpression="PK = :pk AND LSI1SK > :n",
                                   ExpressionAttributeValues=values(pk="test one", n=100)))
    ctx.equal(reply.get("Count"), 1, "Count", reply)


@scenario(
    id="dynamodb/scenario/indexes/lsi-is-sparse",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=LSI,
    timeout=120,
)
def lsi_is_sparse(ctx: CaseContext) -> None:
    """An item without the LSI's sort key attribute is not in the LSI."""
    reply = ctx.expect_ok(ctx.call(SVC, "Query", TableName=_lsi_table(ctx), IndexName="LSI1",
                                   KeyConditionExpression="PK = :pk", ExpressionAttributeValues=values(pk="test two")))
    ctx.equal(reply.get("Count"), 0, "Count", reply)


@scenario(
    id="dynamodb/scenario/indexes/unknown-index",
    feature="dynamodb/indexes",
    operations=["Query"],
    provenance=api("Query"),
    severity="advisory",
    timeout=120,
)
def unknown_index(ctx: CaseContext) -> None:
    """A Query naming an index the table does not have is a 400 ValidationException."""
    reply = ctx.call(SVC, "Query", TableName=make_table(ctx), IndexName="no-such-index",
                     KeyConditionExpression="pk = :p", ExpressionAttributeValues=values(p="x"))
    expect_validation(ctx, reply)


@scenario(
    id="dynamodb/scenario/indexes/gsi-follows-item-updates",
    feature="dynamodb/indexes",
    operations=["UpdateItem", "Query"],
    provenance=GSI,
    timeout=120,
)
def gsi_follows_item_updates(ctx: CaseContext) -> None:
    """Changing an item's index key moves it in the GSI: after a1's g becomes 'blue', 'red' holds
    only a2 and 'blue' holds a1 and b1."""
    table = _gsi_table(ctx)
    ctx.fixture(SVC, "UpdateItem", TableName=table, Key=item(pk="a1"), UpdateExpression="SET g = :g",
                ExpressionAttributeValues=values(g="blue"))
    params = {"TableName": table, "IndexName": _G, "KeyConditionExpression": "g = :g",
              "ExpressionAttributeValues": values(g="blue")}
    reply = _settled(ctx, "Query", params, lambda r: r.get("Count") == 2)
    ctx.equal(sorted(it["pk"]["S"] for it in reply.get("Items") or []), ["a1", "b1"], "items in 'blue'", reply)
    params["ExpressionAttributeValues"] = values(g="red")
    reply = _settled(ctx, "Query", params, lambda r: r.get("Count") == 1)
    ctx.equal([it["pk"]["S"] for it in reply.get("Items") or []], ["a2"], "items in 'red'", reply)
