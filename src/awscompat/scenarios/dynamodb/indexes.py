"""DynamoDB secondary-index cases that stay Python: a GSI follows an item's update (the UpdateItem
is set-up, so a refusal is an error; each GSI read polls, bounded, until the items show). The other
index cases are data: cases/dynamodb/indexes.yaml."""

from __future__ import annotations

from collections.abc import Callable

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    GSI,
    SVC,
    index,
    item,
    make_table,
    put_items,
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
