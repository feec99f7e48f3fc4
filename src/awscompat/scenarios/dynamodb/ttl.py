"""DynamoDB time to live: the default, enabling it, the one-hour lock on further changes, and
expired items that are still readable until TTL deletes them."""

from __future__ import annotations

import time

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    SVC,
    absent_table,
    api,
    expect_validation,
    get,
    item,
    make_table,
    put_items,
)

_UPDATE = api("UpdateTimeToLive")
_DESCRIBE = api("DescribeTimeToLive")


def _enable(ctx: CaseContext, table: str, enabled: bool = True) -> Reply:
    return ctx.call(SVC, "UpdateTimeToLive", TableName=table,
                    TimeToLiveSpecification={"AttributeName": "expires", "Enabled": enabled})


def _ttl(ctx: CaseContext, table: str) -> dict:
    reply = ctx.expect_ok(ctx.call(SVC, "DescribeTimeToLive", TableName=table))
    return reply.get("TimeToLiveDescription") or {}


@scenario(
    id="dynamodb/scenario/ttl/disabled-by-default",
    feature="dynamodb/ttl",
    operations=["DescribeTimeToLive"],
    provenance=_DESCRIBE,
    timeout=120,
)
def disabled_by_default(ctx: CaseContext) -> None:
    """A new table's TimeToLiveStatus is DISABLED."""
    ctx.equal(_ttl(ctx, make_table(ctx)).get("TimeToLiveStatus"), "DISABLED", "TimeToLiveStatus")


@scenario(
    id="dynamodb/scenario/ttl/enable-echoes-specification",
    feature="dynamodb/ttl",
    operations=["UpdateTimeToLive"],
    provenance=_UPDATE,
    timeout=120,
)
def enable_echoes_specification(ctx: CaseContext) -> None:
    """A successful UpdateTimeToLive returns the TimeToLiveSpecification it applied."""
    reply = ctx.expect_ok(_enable(ctx, make_table(ctx)))
    ctx.equal(reply.get("TimeToLiveSpecification"), {"AttributeName": "expires", "Enabled": True},
              "TimeToLiveSpecification", reply)


@scenario(
    id="dynamodb/scenario/ttl/describe-after-enable",
    feature="dynamodb/ttl",
    operations=["UpdateTimeToLive", "DescribeTimeToLive"],
    provenance=_DESCRIBE,
    timeout=120,
)
def describe_after_enable(ctx: CaseContext) -> None:
    """After enabling, DescribeTimeToLive names the attribute, with status ENABLING or ENABLED."""
    table = make_table(ctx)
    ctx.expect_ok(_enable(ctx, table), "UpdateTimeToLive")
    desc = _ttl(ctx, table)
    ctx.check(desc.get("TimeToLiveStatus") in ("ENABLING", "ENABLED"), "TTL is not enabling or enabled",
              expected="ENABLING|ENABLED", observed=desc.get("TimeToLiveStatus"))
    ctx.equal(desc.get("AttributeName"), "expires", "AttributeName")


@scenario(
    id="dynamodb/scenario/ttl/second-change-within-hour-refused",
    feature="dynamodb/ttl",
    operations=["UpdateTimeToLive"],
    provenance=_UPDATE,
    timeout=120,
)
def second_change_within_hour_refused(ctx: CaseContext) -> None:
    """A change takes up to an hour to process, and any further UpdateTimeToLive for the table
    in that hour is a 400 ValidationException: disabling right after enabling is refused."""
    table = make_table(ctx)
    ctx.expect_ok(_enable(ctx, table), "UpdateTimeToLive")
    expect_validation(ctx, _enable(ctx, table, enabled=False), "UpdateTimeToLive right after enabling")


@scenario(
    id="dynamodb/scenario/ttl/expired-item-still-readable",
    feature="dynamodb/ttl",
    operations=["UpdateTimeToLive", "GetItem"],
    provenance=_UPDATE,
    timeout=120,
)
def expired_item_still_readable(ctx: CaseContext) -> None:
    """Deletion of expired items is asynchronous (typically within days): an item that expired an
    hour ago still reads back right after TTL is enabled."""
    table = make_table(ctx)
    expired = item(pk="old", expires=int(time.time()) - 3600)
    put_items(ctx, table, [expired])
    ctx.expect_ok(_enable(ctx, table))
    ctx.equal(get(ctx, table, item(pk="old")), expired, "expired item")


@scenario(
    id="dynamodb/scenario/ttl/missing-table",
    feature="dynamodb/ttl",
    operations=["DescribeTimeToLive"],
    provenance=_DESCRIBE,
    mutating=False,
)
def missing_table(ctx: CaseContext) -> None:
    """DescribeTimeToLive of a table that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "DescribeTimeToLive", TableName=absent_table(ctx))
    ctx.expect_error(reply, "ResourceNotFoundException", 400)
