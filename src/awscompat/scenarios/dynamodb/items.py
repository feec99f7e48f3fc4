"""DynamoDB items: PutItem / GetItem / DeleteItem, every data type, ReturnValues, projections,
number normalisation and empty non-key values."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import (
    DATA_TYPES,
    SVC,
    api,
    canon,
    get,
    guide,
    item,
    make_table,
    put_items,
    rec,
)

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
    id="dynamodb/scenario/items/get-missing-item",
    feature="dynamodb/items",
    operations=["GetItem"],
    provenance=api("GetItem"),
    timeout=120,
)
def get_missing_item(ctx: CaseContext) -> None:
    """GetItem of a key that holds no item answers 200 with no Item element."""
    table = make_table(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "GetItem", TableName=table, Key=item(pk="nothing")))
    ctx.check("Item" not in reply.parsed, "GetItem of a missing key returned an Item", expected="no Item",
              observed=reply.get("Item"), reply=reply)


@scenario(
    id="dynamodb/scenario/items/put-replaces-whole-item",
    feature="dynamodb/items",
    operations=["PutItem"],
    provenance=api("PutItem"),
    timeout=120,
)
def put_replaces_whole_item(ctx: CaseContext) -> None:
    """PutItem over an existing key replaces the whole item: attributes the new item lacks are gone."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="id1", a="old", b="kept?")])
    ctx.expect_ok(ctx.call(SVC, "PutItem", TableName=table, Item=item(pk="id1", a="new")))
    ctx.equal(get(ctx, table, _KEY), item(pk="id1", a="new"), "item after the second PutItem")


@scenario(
    id="dynamodb/scenario/items/put-new-item-returns-no-attributes",
    feature="dynamodb/items",
    operations=["PutItem"],
    provenance=rec("test_return_values_in_put_item", "PutFirstItem"),
    timeout=120,
)
def put_new_item_returns_no_attributes(ctx: CaseContext) -> None:
    """PutItem with ReturnValues ALL_OLD of a new item answers without Attributes."""
    table = make_table(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "PutItem", TableName=table, Item=item(pk="id1", data="foobar"),
                                   ReturnValues="ALL_OLD"))
    ctx.check("Attributes" not in reply.parsed, "Attributes returned for a new item", expected="no Attributes",
              observed=reply.get("Attributes"), reply=reply)


@scenario(
    id="dynamodb/scenario/items/put-return-all-old",
    feature="dynamodb/items",
    operations=["PutItem"],
    provenance=rec("test_return_values_in_put_item", "PutFirstItemB"),
    timeout=120,
)
def put_return_all_old(ctx: CaseContext) -> None:
    """PutItem with ReturnValues ALL_OLD over an existing item returns the item as it was."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="id1", data="foobar")])
    reply = ctx.expect_ok(ctx.call(SVC, "PutItem", TableName=table, Item=item(pk="id1", data="barfoo"),
                                   ReturnValues="ALL_OLD"))
    ctx.equal(reply.get("Attributes"), item(pk="id1", data="foobar"), "Attributes", reply)


@scenario(
    id="dynamodb/scenario/items/put-return-values-none",
    feature="dynamodb/items",
    operations=["PutItem"],
    provenance=rec("test_return_values_in_put_item", "PutSecondItemReturnNone"),
    timeout=120,
)
def put_return_values_none(ctx: CaseContext) -> None:
    """PutItem with ReturnValues NONE over an existing item answers without Attributes."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="id2", data="foobar")])
    reply = ctx.expect_ok(ctx.call(SVC, "PutItem", TableName=table, Item=item(pk="id2", data="foobar"),
                                   ReturnValues="NONE"))
    ctx.check("Attributes" not in reply.parsed, "Attributes returned with ReturnValues NONE",
              expected="no Attributes", observed=reply.get("Attributes"), reply=reply)


@scenario(
    id="dynamodb/scenario/items/delete-return-all-old",
    feature="dynamodb/items",
    operations=["DeleteItem", "GetItem"],
    provenance=api("DeleteItem"),
    timeout=120,
)
def delete_return_all_old(ctx: CaseContext) -> None:
    """DeleteItem with ReturnValues ALL_OLD returns the deleted item; the key then reads empty."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="id1", a=1)])
    reply = ctx.expect_ok(ctx.call(SVC, "DeleteItem", TableName=table, Key=_KEY, ReturnValues="ALL_OLD"))
    ctx.equal(reply.get("Attributes"), item(pk="id1", a=1), "Attributes", reply)
    ctx.equal(get(ctx, table, _KEY), None, "item after DeleteItem")


@scenario(
    id="dynamodb/scenario/items/delete-missing-item-succeeds",
    feature="dynamodb/items",
    operations=["DeleteItem"],
    provenance=api("DeleteItem"),
    timeout=120,
)
def delete_missing_item_succeeds(ctx: CaseContext) -> None:
    """Without a condition DeleteItem is idempotent: deleting a key that holds nothing is a 200
    without Attributes."""
    table = make_table(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DeleteItem", TableName=table, Key=_KEY, ReturnValues="ALL_OLD"))
    ctx.check("Attributes" not in reply.parsed, "Attributes returned for a missing item",
              expected="no Attributes", observed=reply.get("Attributes"), reply=reply)


@scenario(
    id="dynamodb/scenario/items/get-projection-expression",
    feature="dynamodb/items",
    operations=["GetItem"],
    provenance=guide("Expressions.ProjectionExpressions"),
    timeout=120,
)
def get_projection_expression(ctx: CaseContext) -> None:
    """GetItem with a ProjectionExpression (a reserved word through ExpressionAttributeNames and a
    nested path) returns only the projected attributes."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="id1", name="n", other="o", m={"x": 1, "y": 2})])
    found = get(ctx, table, _KEY, ProjectionExpression="#n, m.x", ExpressionAttributeNames={"#n": "name"})
    ctx.equal(found, item(name="n", m={"x": 1}), "projected item")


@scenario(
    id="dynamodb/scenario/items/numbers-are-normalised",
    feature="dynamodb/items",
    operations=["PutItem", "GetItem"],
    provenance=DATA_TYPES,
    timeout=120,
)
def numbers_are_normalised(ctx: CaseContext) -> None:
    """Numbers are stored without leading and trailing zeroes: N '0012.500' reads back as '12.5'."""
    table = make_table(ctx)
    put_items(ctx, table, [{"pk": {"S": "id1"}, "n": {"N": "0012.500"}}])
    ctx.equal((get(ctx, table, _KEY) or {}).get("n"), {"N": "12.5"}, "number read back")


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


@scenario(
    id="dynamodb/scenario/items/composite-key-addresses-one-item",
    feature="dynamodb/items",
    operations=["PutItem", "GetItem"],
    provenance=api("GetItem"),
    timeout=120,
)
def composite_key_addresses_one_item(ctx: CaseContext) -> None:
    """With a partition and a sort key, items sharing a partition key are distinct: GetItem with
    both key attributes returns exactly the one written under them."""
    table = make_table(ctx, ("pk", "S"), ("sk", "N"))
    put_items(ctx, table, [item(pk="p", sk=1, v="one"), item(pk="p", sk=2, v="two")])
    ctx.equal(get(ctx, table, item(pk="p", sk=2)), item(pk="p", sk=2, v="two"), "item (p, 2)")
