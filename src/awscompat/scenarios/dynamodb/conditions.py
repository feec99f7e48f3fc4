"""DynamoDB condition expressions: ConditionalCheckFailedException, what a failed condition leaves
behind, ReturnValuesOnConditionCheckFailure, and the comparison operators and functions."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    CONDITIONS,
    OPERATORS,
    SVC,
    expect_message,
    get,
    guide,
    item,
    make_table,
    put_items,
    rec,
    values,
)

_FAILED = rec("test_return_values_on_conditions_check_failure", "items")
_KEY = item(pk="456")
_GOODS = item(pk="456", price=650, product="sporting goods")


def _goods_table(ctx: CaseContext) -> str:
    """A table holding the recorded item: pk '456', price 650, product 'sporting goods'."""
    table = make_table(ctx)
    put_items(ctx, table, [_GOODS])
    return table


def _update(ctx: CaseContext, table: str, condition: str, names: dict | None = None, **vals: Any) -> Reply:
    """UpdateItem of the recorded item (SET touched = 1) under a condition."""
    params: dict = {"TableName": table, "Key": _KEY, "UpdateExpression": "SET touched = :one",
                    "ConditionExpression": condition, "ExpressionAttributeValues": values(one=1, **vals)}
    if names:
        params["ExpressionAttributeNames"] = names
    return ctx.call(SVC, "UpdateItem", **params)


def _failed(ctx: CaseContext, reply: Reply) -> Reply:
    """400 ConditionalCheckFailedException, 'The conditional request failed'."""
    ctx.expect_error(reply, "ConditionalCheckFailedException", 400)
    expect_message(ctx, reply, "The conditional request failed")
    return reply


def _holds(ctx: CaseContext, table: str, condition: str, names: dict | None = None, **vals: Any) -> None:
    """The condition is true of the recorded item: the update succeeds and is applied."""
    ctx.expect_ok(_update(ctx, table, condition, names, **vals), f"UpdateItem if {condition}")
    ctx.equal((get(ctx, table, _KEY) or {}).get("touched"), {"N": "1"}, "touched after the update")


def _fails(ctx: CaseContext, table: str, condition: str, names: dict | None = None, **vals: Any) -> None:
    """The condition is false of the recorded item: the update is refused and not applied."""
    _failed(ctx, _update(ctx, table, condition, names, **vals))
    ctx.equal(get(ctx, table, _KEY), _GOODS, "item after the refused update")


@scenario(
    id="dynamodb/scenario/conditions/attribute-not-exists-blocks-overwrite",
    feature="dynamodb/conditions",
    operations=["PutItem"],
    provenance=_FAILED,
    timeout=120,
)
def attribute_not_exists_blocks_overwrite(ctx: CaseContext) -> None:
    """PutItem with attribute_not_exists(pk) over an existing item: 400
    ConditionalCheckFailedException 'The conditional request failed'; the item is unchanged."""
    table = _goods_table(ctx)
    reply = ctx.call(SVC, "PutItem", TableName=table, Item=item(pk="456", price=1),
                     ConditionExpression="attribute_not_exists(pk)")
    _failed(ctx, reply)
    ctx.equal(get(ctx, table, _KEY), _GOODS, "item after the refused PutItem")


@scenario(
    id="dynamodb/scenario/conditions/attribute-not-exists-allows-create",
    feature="dynamodb/conditions",
    operations=["PutItem"],
    provenance=CONDITIONS,
    timeout=120,
)
def attribute_not_exists_allows_create(ctx: CaseContext) -> None:
    """PutItem with attribute_not_exists(pk) of a new key succeeds and writes the item."""
    table = make_table(ctx)
    ctx.expect_ok(ctx.call(SVC, "PutItem", TableName=table, Item=_GOODS,
                           ConditionExpression="attribute_not_exists(pk)"))
    ctx.equal(get(ctx, table, _KEY), _GOODS, "item written")


@scenario(
    id="dynamodb/scenario/conditions/return-values-on-check-failure",
    feature="dynamodb/conditions",
    operations=["DeleteItem"],
    provenance=_FAILED,
    timeout=120,
)
def return_values_on_check_failure(ctx: CaseContext) -> None:
    """DeleteItem 'price between :lo and :hi' (500..600) of an item priced 650 with
    ReturnValuesOnConditionCheckFailure ALL_OLD: the error carries the item as Item."""
    table = _goods_table(ctx)
    reply = ctx.call(SVC, "DeleteItem", TableName=table, Key=_KEY,
                     ConditionExpression="price between :lo and :hi",
                     ExpressionAttributeValues=values(lo=500, hi=600),
                     ReturnValuesOnConditionCheckFailure="ALL_OLD")
    _failed(ctx, reply)
    ctx.equal(reply.get("Item"), _GOODS, "Item in the error", reply)


@scenario(
    id="dynamodb/scenario/conditions/attribute-exists-on-missing-item",
    feature="dynamodb/conditions",
    operations=["DeleteItem"],
    provenance=CONDITIONS,
    timeout=120,
)
def attribute_exists_on_missing_item(ctx: CaseContext) -> None:
    """DeleteItem with attribute_exists(pk) of a key holding nothing fails the condition."""
    table = make_table(ctx)
    reply = ctx.call(SVC, "DeleteItem", TableName=table, Key=item(pk="missing"),
                     ConditionExpression="attribute_exists(pk)")
    _failed(ctx, reply)


@scenario(
    id="dynamodb/scenario/conditions/comparison-operators",
    feature="dynamodb/conditions",
    operations=["UpdateItem"],
    provenance=OPERATORS,
    timeout=120,
)
def comparison_operators(ctx: CaseContext) -> None:
    """'price < :limit' is false for 650 < 500 (refused, nothing written) and true for
    650 <= 650 (applied)."""
    table = _goods_table(ctx)
    _fails(ctx, table, "price < :limit", limit=500)
    _holds(ctx, table, "price <= :limit", limit=650)


@scenario(
    id="dynamodb/scenario/conditions/between-and-in",
    feature="dynamodb/conditions",
    operations=["UpdateItem"],
    provenance=OPERATORS,
    timeout=120,
)
def between_and_in(ctx: CaseContext) -> None:
    """BETWEEN is inclusive and IN matches any listed value: 'price BETWEEN :lo AND :hi AND
    product IN (:a, :b)' holds for 650 in 600..650 and product 'sporting goods'."""
    table = _goods_table(ctx)
    _fails(ctx, table, "price BETWEEN :lo AND :hi", lo=500, hi=600)
    _holds(ctx, table, "price BETWEEN :lo AND :hi AND product IN (:a, :b)", lo=600, hi=650,
           a="toys", b="sporting goods")


@scenario(
    id="dynamodb/scenario/conditions/begins-with-and-contains",
    feature="dynamodb/conditions",
    operations=["UpdateItem"],
    provenance=OPERATORS,
    timeout=120,
)
def begins_with_and_contains(ctx: CaseContext) -> None:
    """begins_with(product, 'sport') and contains(product, 'goods') hold; begins_with(product,
    'goods') does not."""
    table = _goods_table(ctx)
    _fails(ctx, table, "begins_with(product, :p)", p="goods")
    _holds(ctx, table, "begins_with(product, :p) AND contains(product, :c)", p="sport", c="goods")


@scenario(
    id="dynamodb/scenario/conditions/size-function",
    feature="dynamodb/conditions",
    operations=["UpdateItem"],
    provenance=OPERATORS,
    timeout=120,
)
def size_function(ctx: CaseContext) -> None:
    """size() of a string is its length: size(product) = 14 for 'sporting goods'."""
    table = _goods_table(ctx)
    _fails(ctx, table, "size(product) > :n", n=14)
    _holds(ctx, table, "size(product) = :n", n=14)


@scenario(
    id="dynamodb/scenario/conditions/attribute-type-function",
    feature="dynamodb/conditions",
    operations=["UpdateItem"],
    provenance=OPERATORS,
    timeout=120,
)
def attribute_type_function(ctx: CaseContext) -> None:
    """attribute_type(price, 'N') holds for a number; attribute_type(price, 'S') does not."""
    table = _goods_table(ctx)
    _fails(ctx, table, "attribute_type(price, :t)", t="S")
    _holds(ctx, table, "attribute_type(price, :t)", t="N")


@scenario(
    id="dynamodb/scenario/conditions/logical-operators",
    feature="dynamodb/conditions",
    operations=["UpdateItem"],
    provenance=OPERATORS,
    timeout=120,
)
def logical_operators(ctx: CaseContext) -> None:
    """NOT, AND and OR combine (with parentheses): 'NOT attribute_exists(gone) AND (price > :hi
    OR product = :p)' holds; 'NOT attribute_exists(price)' does not."""
    table = _goods_table(ctx)
    _fails(ctx, table, "NOT attribute_exists(price)")
    _holds(ctx, table, "NOT attribute_exists(gone) AND (price > :hi OR product = :p)", hi=1000,
           p="sporting goods")


@scenario(
    id="dynamodb/scenario/conditions/delete-when-condition-holds",
    feature="dynamodb/conditions",
    operations=["DeleteItem"],
    provenance=CONDITIONS,
    timeout=120,
)
def delete_when_condition_holds(ctx: CaseContext) -> None:
    """DeleteItem whose condition holds ('price = :p') deletes the item."""
    table = _goods_table(ctx)
    ctx.expect_ok(ctx.call(SVC, "DeleteItem", TableName=table, Key=_KEY, ConditionExpression="price = :p",
                           ExpressionAttributeValues=values(p=650)))
    ctx.equal(get(ctx, table, _KEY), None, "item after the conditional delete")


@scenario(
    id="dynamodb/scenario/conditions/name-placeholder-for-reserved-word",
    feature="dynamodb/conditions",
    operations=["UpdateItem"],
    provenance=guide("Expressions.ExpressionAttributeNames"),
    timeout=120,
)
def name_placeholder_for_reserved_word(ctx: CaseContext) -> None:
    """A condition on an attribute named by a reserved word ('name') through an
    ExpressionAttributeNames placeholder evaluates against that attribute."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="456", name="x")])
    reply = ctx.call(SVC, "UpdateItem", TableName=table, Key=_KEY, UpdateExpression="SET touched = :one",
                     ConditionExpression="#n = :v", ExpressionAttributeNames={"#n": "name"},
                     ExpressionAttributeValues=values(one=1, v="x"))
    ctx.expect_ok(reply, "UpdateItem if #n = :v")
