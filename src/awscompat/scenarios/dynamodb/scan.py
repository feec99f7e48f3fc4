"""DynamoDB Scan cases that stay Python: they follow LastEvaluatedKey page by page (Limit, parallel
segments, the 1 MB page). The other Scan cases are data: cases/dynamodb/scan.yaml."""

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
_BIG = "x" * 390_000  # near the 400 KB item limit: a few of these pass the 1 MB page limit


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
    id="dynamodb/scenario/scan/limit-pagination",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=SCAN,
    timeout=120,
)
def limit_pagination(ctx: CaseContext) -> None:
    """With Limit 2 the pages, followed through LastEvaluatedKey, hold every item exactly once."""
    keys, pages = _scan_all(ctx, _filled(ctx), Limit=2)
    ctx.equal(sorted(keys), _KEYS, "keys over all pages")
    ctx.check(pages >= 3, "six items with Limit 2 came in fewer than 3 pages", expected=">= 3", observed=pages)


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


@scenario(
    id="dynamodb/scenario/scan/one-megabyte-page",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=SCAN,
    timeout=120,
)
def one_megabyte_page(ctx: CaseContext) -> None:
    """A Scan reads at most 1 MB per call: four ~390 KB items do not come in one page; the first
    page has a LastEvaluatedKey and the pages together hold all four."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk=f"big{n}", blob=_BIG) for n in range(4)])
    first = _scan(ctx, table, ProjectionExpression="pk")
    ctx.check(first.get("LastEvaluatedKey") and first.get("Count", 0) < 4,
              "four ~390 KB items came in a single Scan page", expected="a page under 1 MB",
              observed=first.get("Count"), reply=first)
    keys, _ = _scan_all(ctx, table, ProjectionExpression="pk")
    ctx.equal(sorted(keys), [f"big{n}" for n in range(4)], "keys over all pages")
