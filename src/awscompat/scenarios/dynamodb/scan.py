"""DynamoDB Scan cases that stay Python: parallel-segments joins the pages of three segments. The other
Scan cases are data: cases/dynamodb/scan.yaml."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    SCAN,
    SVC,
    item,
    make_table,
    put_items,
)

_KEYS = [f"k{n}" for n in range(6)]


def _filled(ctx: CaseContext) -> str:
    """A table of six items k0..k5 with n = 0..5."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk=k, n=i) for i, k in enumerate(_KEYS)])
    return table


def _scan(ctx: CaseContext, table: str, **params: Any) -> Reply:
    return ctx.expect_ok(ctx.call(SVC, "Scan", TableName=table, **params), "Scan")


def _scan_all(ctx: CaseContext, table: str, **params: Any) -> tuple[list[str], int]:
    """Follow LastEvaluatedKey to the end (bounded); returns (pk of every item, pages read)."""
    keys: list[str] = []
    start = None
    for pages in range(1, 51):
        reply = _scan(ctx, table, **params, **({"ExclusiveStartKey": start} if start else {}))
        keys += [it["pk"]["S"] for it in reply.get("Items") or []]
        start = reply.get("LastEvaluatedKey")
        if not start:
            return keys, pages
    ctx.fail("Scan pagination did not end within 50 pages", expected="an end", observed=len(keys))
    return keys, 50


@scenario(
    id="dynamodb/scenario/scan/parallel-segments",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=SCAN,
    timeout=120,
)
def parallel_segments(ctx: CaseContext) -> None:
    """A parallel scan's segments (TotalSegments 3) are disjoint and together hold every item."""
    table = _filled(ctx)
    segments = [_scan_all(ctx, table, Segment=s, TotalSegments=3)[0] for s in range(3)]
    union = [k for seg in segments for k in seg]
    ctx.equal(sorted(union), _KEYS, "keys over all segments (each once)")
