"""DynamoDB items, the cases data cannot express yet: every data type (sets compared in any order)
and empty binary values. The other item cases are data: awscompat/cases/dynamodb/items.yaml
(docs/cases.md)."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import DATA_TYPES, SVC, canon, get, item, make_table, rec

_KEY = item(pk="id1")


@scenario(
    id="dynamodb/scenario/items/put-get-every-type",
    feature="dynamodb/items",
    operations=["PutItem", "GetItem"],
    provenance=DATA_TYPES,
    timeout=120,
)
def put_get_every_type(ctx: CaseContext) -> None:
    """An item with every data type (S, N, B, BOOL, NULL, L, M, SS, NS, BS) reads back as written."""
    table = make_table(ctx)
    written = item(pk="id1", s="text", n=42, b=b"\x00\x90binary", t=True, f=False, z=None,
                   l=["a", 1, [True]], m={"inner": {"deep": "x"}, "n": 2},
                   ss={"a", "b"}, ns={1, 2, 3}, bs={b"x", b"y"})
    ctx.expect_ok(ctx.call(SVC, "PutItem", TableName=table, Item=written))
    ctx.equal(canon(get(ctx, table, _KEY)), canon(written), "item read back")


@scenario(
    id="dynamodb/scenario/items/empty-non-key-values",
    feature="dynamodb/items",
    operations=["PutItem", "GetItem"],
    provenance=rec("test_empty_and_binary_values", "PutFirstItem"),
    timeout=120,
)
def empty_non_key_values(ctx: CaseContext) -> None:
    """Empty String and Binary values are accepted in non-key attributes and read back empty."""
    table = make_table(ctx)
    written = item(pk="id1", s="", b=b"")
    ctx.expect_ok(ctx.call(SVC, "PutItem", TableName=table, Item=written))
    ctx.equal(get(ctx, table, _KEY), written, "item read back")
