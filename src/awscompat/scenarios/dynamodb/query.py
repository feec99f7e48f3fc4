"""DynamoDB Query: key conditions on the partition and sort key, order, filters and what Count
and ScannedCount count, Limit and LastEvaluatedKey, Select COUNT, projections."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    QUERY,
    SVC,
    absent_table,
    api,
    item,
    make_table,
    put_items,
    values,
)


def _numbered(ctx: CaseContext) -> str:
    """A (pk S, sk N) table: partition 'p' holds sk 1..5 (v 'even'/'odd'), partition 'q' sk 1."""
    table = make_table(ctx, ("pk", "S"), ("sk", "N"))
    put_items(ctx, table, [item(pk="p", sk=n, v="even" if n % 2 == 0 else "odd") for n in range(1, 6)]
              + [item(pk="q", sk=1, v="odd")])
    return table


def _query(ctx: CaseContext, table: str, condition: str = "pk = :p", **params: Any) -> Reply:
    vals = {":p": {"S": "p"}, **params.pop("vals", {})}
    return ctx.expect_ok(ctx.call(SVC, "Query", TableName=table, KeyConditionExpression=condition,
                                  ExpressionAttributeValues=vals, **params), "Query")


def _sks(reply: Reply) -> list[int]:
    return [int(it["sk"]["N"]) for it in reply.get("Items") or []]


@scenario(
    id="dynamodb/scenario/query/partition-in-sort-order",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def partition_in_sort_order(ctx: CaseContext) -> None:
    """A query on the partition key returns that partition's items only, in ascending sort-key
    order, with Count and ScannedCount both 5."""
    reply = _query(ctx, _numbered(ctx))
    ctx.equal(_sks(reply), [1, 2, 3, 4, 5], "sort keys", reply)
    ctx.equal((reply.get("Count"), reply.get("ScannedCount")), (5, 5), "(Count, ScannedCount)", reply)


@scenario(
    id="dynamodb/scenario/query/scan-index-forward-false",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def scan_index_forward_false(ctx: CaseContext) -> None:
    """ScanIndexForward false returns the partition in descending sort-key order."""
    reply = _query(ctx, _numbered(ctx), ScanIndexForward=False)
    ctx.equal(_sks(reply), [5, 4, 3, 2, 1], "sort keys", reply)


@scenario(
    id="dynamodb/scenario/query/sort-key-between",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def sort_key_between(ctx: CaseContext) -> None:
    """'sk BETWEEN :lo AND :hi' is inclusive at both ends."""
    reply = _query(ctx, _numbered(ctx), "pk = :p AND sk BETWEEN :lo AND :hi", vals=values(lo=2, hi=4))
    ctx.equal(_sks(reply), [2, 3, 4], "sort keys", reply)


@scenario(
    id="dynamodb/scenario/query/sort-key-comparison",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def sort_key_comparison(ctx: CaseContext) -> None:
    """'sk > :x' compares numbers as numbers (not strings)."""
    reply = _query(ctx, _numbered(ctx), "pk = :p AND sk > :x", vals=values(x=3))
    ctx.equal(_sks(reply), [4, 5], "sort keys", reply)


@scenario(
    id="dynamodb/scenario/query/sort-key-begins-with",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def sort_key_begins_with(ctx: CaseContext) -> None:
    """begins_with on a string sort key selects the matching prefix, in order."""
    table = make_table(ctx, ("pk", "S"), ("sk", "S"))
    put_items(ctx, table, [item(pk="p", sk=s) for s in ("b#1", "a#2", "a#1", "ab")])
    reply = _query(ctx, table, "pk = :p AND begins_with(sk, :pre)", vals=values(pre="a#"))
    ctx.equal([it["sk"]["S"] for it in reply.get("Items") or []], ["a#1", "a#2"], "sort keys", reply)


@scenario(
    id="dynamodb/scenario/query/filter-count-and-scanned-count",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def filter_count_and_scanned_count(ctx: CaseContext) -> None:
    """A FilterExpression is applied after the read: Count counts the items returned (2 'even'),
    ScannedCount the items read (5)."""
    reply = _query(ctx, _numbered(ctx), FilterExpression="v = :v", vals=values(v="even"))
    ctx.equal(_sks(reply), [2, 4], "sort keys", reply)
    ctx.equal((reply.get("Count"), reply.get("ScannedCount")), (2, 5), "(Count, ScannedCount)", reply)


@scenario(
    id="dynamodb/scenario/query/limit-and-last-evaluated-key",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def limit_and_last_evaluated_key(ctx: CaseContext) -> None:
    """Limit 2 stops after two items with LastEvaluatedKey = the last item's key; passing it as
    ExclusiveStartKey continues, and the pages together are the whole partition in order."""
    table = _numbered(ctx)
    first = _query(ctx, table, Limit=2)
    ctx.equal(_sks(first), [1, 2], "first page", first)
    ctx.equal(first.get("LastEvaluatedKey"), item(pk="p", sk=2), "LastEvaluatedKey", first)
    seen, start = _sks(first), first.get("LastEvaluatedKey")
    for _ in range(10):  # bounded: 3 more pages at most
        if not start:
            break
        page = _query(ctx, table, Limit=2, ExclusiveStartKey=start)
        seen += _sks(page)
        start = page.get("LastEvaluatedKey")
    ctx.equal(seen, [1, 2, 3, 4, 5], "sort keys over all pages")


@scenario(
    id="dynamodb/scenario/query/limit-applies-before-filter",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def limit_applies_before_filter(ctx: CaseContext) -> None:
    """Limit bounds the items read, not the items returned: Limit 2 with a filter no item matches
    answers Count 0, ScannedCount 2 and a LastEvaluatedKey."""
    reply = _query(ctx, _numbered(ctx), Limit=2, FilterExpression="v = :none", vals=values(none="none"))
    ctx.equal((reply.get("Count"), reply.get("ScannedCount")), (0, 2), "(Count, ScannedCount)", reply)
    ctx.check(reply.get("LastEvaluatedKey"), "no LastEvaluatedKey although the Limit was reached",
              expected="LastEvaluatedKey", observed=None, reply=reply)


@scenario(
    id="dynamodb/scenario/query/select-count",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=api("Query"),
    timeout=120,
)
def select_count(ctx: CaseContext) -> None:
    """Select COUNT answers the count without any Items."""
    reply = _query(ctx, _numbered(ctx), Select="COUNT")
    ctx.equal(reply.get("Count"), 5, "Count", reply)
    ctx.check("Items" not in reply.parsed, "Select COUNT returned Items", expected="no Items",
              observed=len(reply.get("Items") or []), reply=reply)


@scenario(
    id="dynamodb/scenario/query/projection-expression",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def projection_expression(ctx: CaseContext) -> None:
    """A ProjectionExpression limits every returned item to the named attributes."""
    reply = _query(ctx, _numbered(ctx), ProjectionExpression="v", Limit=2)
    ctx.equal(reply.get("Items"), [item(v="odd"), item(v="even")], "Items", reply)


@scenario(
    id="dynamodb/scenario/query/no-match-is-empty",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=QUERY,
    timeout=120,
)
def no_match_is_empty(ctx: CaseContext) -> None:
    """A partition with no items answers 200, Count 0, an empty Items list, no LastEvaluatedKey."""
    reply = _query(ctx, _numbered(ctx), vals={":p": {"S": "none"}})
    ctx.equal((reply.get("Count"), reply.get("Items")), (0, []), "(Count, Items)", reply)
    ctx.equal(reply.get("LastEvaluatedKey"), None, "LastEvaluatedKey", reply)


@scenario(
    id="dynamodb/scenario/query/missing-table",
    feature="dynamodb/query",
    operations=["Query"],
    provenance=api("Query"),
    mutating=False,
)
def missing_table(ctx: CaseContext) -> None:
    """Query of a table that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "Query", TableName=absent_table(ctx), KeyConditionExpression="pk = :p",
                     ExpressionAttributeValues={":p": {"S": "p"}})
    ctx.expect_error(reply, "ResourceNotFoundException", 400)
