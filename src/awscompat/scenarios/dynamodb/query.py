"""DynamoDB Query cases that stay Python: Limit and LastEvaluatedKey followed page by page (a
bounded loop). The other Query cases are data: cases/dynamodb/query.yaml."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import QUERY, SVC, item, make_table, put_items


def _query(ctx: CaseContext, table: str, **params: Any) -> Reply:
    return ctx.expect_ok(ctx.call(SVC, "Query", TableName=table, KeyConditionExpression="pk = :p",
                                  ExpressionAttributeValues={":p": {"S": "p"}}, **params), "Query")


def _sks(reply: Reply) -> list[int]:
    return [int(it["sk"]["N"]) for it in reply.get("Items") or []]


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
    table = make_table(ctx, ("pk", "S"), ("sk", "N"))
    put_items(ctx, table, [item(pk="p", sk=n, v="even" if n % 2 == 0 else "odd") for n in range(1, 6)]
              + [item(pk="q", sk=1, v="odd")])
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
