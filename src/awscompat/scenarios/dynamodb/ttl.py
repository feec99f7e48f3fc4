"""DynamoDB time-to-live cases that stay Python: an expired item is still readable right after TTL
is enabled (its expiry is computed from the clock). The other TTL cases are data:
cases/dynamodb/ttl.yaml."""

from __future__ import annotations

import time

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import SVC, api, get, item, make_table, put_items


@scenario(
    id="dynamodb/scenario/ttl/expired-item-still-readable",
    feature="dynamodb/ttl",
    operations=["UpdateTimeToLive", "GetItem"],
    provenance=api("UpdateTimeToLive"),
    timeout=120,
)
def expired_item_still_readable(ctx: CaseContext) -> None:
    """Deletion of expired items is asynchronous (typically within days): an item that expired an
    hour ago still reads back right after TTL is enabled."""
    table = make_table(ctx)
    expired = item(pk="old", expires=int(time.time()) - 3600)
    put_items(ctx, table, [expired])
    ctx.expect_ok(ctx.call(SVC, "UpdateTimeToLive", TableName=table,
                           TimeToLiveSpecification={"AttributeName": "expires", "Enabled": True}))
    ctx.equal(get(ctx, table, item(pk="old")), expired, "expired item")
