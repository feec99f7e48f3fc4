"""DynamoDB Scan: whole-table reads, filters and counts, Limit and LastEvaluatedKey, the 1 MB
page, parallel segments, Select COUNT and projections."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    SCAN,
    SVC,
    absent_table,
    api,
    attr_set,
    expect_validation,
    item,
    make_table,
    put_items,
    values,
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
    id="dynamodb/scenario/scan/returns-every-item",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=SCAN,
    timeout=120,
)
def returns_every_item(ctx: CaseContext) -> None:
    """A Scan of a small table returns every item once, with Count and ScannedCount 6."""
    reply = _scan(ctx, _filled(ctx))
    ctx.equal(sorted(attr_set(reply, "pk")), _KEYS, "items' keys", reply)
    ctx.equal((reply.get("Count"), reply.get("ScannedCount")), (6, 6), "(Count, ScannedCount)", reply)


@scenario(
    id="dynamodb/scenario/scan/filter-expression",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=SCAN,
    timeout=120,
)
def filter_expression(ctx: CaseContext) -> None:
    """A FilterExpression keeps the matching items (n >= 4: two); ScannedCount still counts six."""
    reply = _scan(ctx, _filled(ctx), FilterExpression="n >= :min", ExpressionAttributeValues=values(min=4))
    ctx.equal(sorted(attr_set(reply, "pk")), ["k4", "k5"], "items' keys", reply)
    ctx.equal((reply.get("Count"), reply.get("ScannedCount")), (2, 6), "(Count, ScannedCount)", reply)


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
    id="dynamodb/scenario/scan/select-count",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=api("Scan"),
    timeout=120,
)
def select_count(ctx: CaseContext) -> None:
    """Select COUNT answers Count 6 and no Items."""
    reply = _scan(ctx, _filled(ctx), Select="COUNT")
    ctx.equal(reply.get("Count"), 6, "Count", reply)
    ctx.check("Items" not in reply.parsed, "Select COUNT returned Items", expected="no Items",
              observed=len(reply.get("Items") or []), reply=reply)


@scenario(
    id="dynamodb/scenario/scan/projection-expression",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=SCAN,
    timeout=120,
)
def projection_expression(ctx: CaseContext) -> None:
    """A ProjectionExpression returns only the named attribute of every item."""
    reply = _scan(ctx, _filled(ctx), ProjectionExpression="n")
    ctx.equal(sorted(int(it["n"]["N"]) for it in reply.get("Items") or []), list(range(6)), "n values", reply)
    ctx.check(all(set(it) == {"n"} for it in reply.get("Items") or []), "an item carries more than n",
              expected={"n"}, observed=[sorted(it) for it in reply.get("Items") or []], reply=reply)


@scenario(
    id="dynamodb/scenario/scan/empty-table",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=api("Scan"),
    timeout=120,
)
def empty_table(ctx: CaseContext) -> None:
    """A Scan of an empty table answers Count 0, ScannedCount 0, Items [] and no LastEvaluatedKey."""
    reply = _scan(ctx, make_table(ctx))
    ctx.equal((reply.get("Count"), reply.get("ScannedCount"), reply.get("Items")), (0, 0, []),
              "(Count, ScannedCount, Items)", reply)
    ctx.equal(reply.get("LastEvaluatedKey"), None, "LastEvaluatedKey", reply)


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


@scenario(
    id="dynamodb/scenario/scan/segment-out-of-range",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=api("Scan"),
    timeout=120,
)
def segment_out_of_range(ctx: CaseContext) -> None:
    """Segment must be less than TotalSegments: Segment 3 of 3 is a 400 ValidationException."""
    expect_validation(ctx, ctx.call(SVC, "Scan", TableName=make_table(ctx), Segment=3, TotalSegments=3))


@scenario(
    id="dynamodb/scenario/scan/missing-table",
    feature="dynamodb/scan",
    operations=["Scan"],
    provenance=api("Scan"),
    mutating=False,
)
def missing_table(ctx: CaseContext) -> None:
    """Scan of a table that does not exist: 400 ResourceNotFoundException."""
    ctx.expect_error(ctx.call(SVC, "Scan", TableName=absent_table(ctx)), "ResourceNotFoundException", 400)
