"""DynamoDB update expressions: SET, REMOVE, ADD, DELETE, their functions (if_not_exists,
list_append), document paths, and UpdateItem's ReturnValues."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._fixtures import (
    SVC,
    UPDATES,
    api,
    canon,
    get,
    item,
    make_table,
    put_items,
    values,
)

_KEY = item(pk="id1")


def _table_with(ctx: CaseContext, **attrs: Any) -> str:
    """A table holding one item: pk 'id1' with the given attributes."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="id1", **attrs)])
    return table


def _update(ctx: CaseContext, table: str, expression: str, names: dict | None = None, **vals: Any) -> Reply:
    """UpdateItem of pk 'id1' as the call under test; must succeed."""
    params: dict = {"TableName": table, "Key": _KEY, "UpdateExpression": expression}
    if vals:
        params["ExpressionAttributeValues"] = values(**vals)
    if names:
        params["ExpressionAttributeNames"] = names
    return ctx.expect_ok(ctx.call(SVC, "UpdateItem", **params), f"UpdateItem {expression!r}")


def _after(ctx: CaseContext, table: str, expected: dict) -> None:
    ctx.equal(canon(get(ctx, table, _KEY)), canon(expected), "item after the update")


@scenario(
    id="dynamodb/scenario/updates/update-creates-missing-item",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=api("UpdateItem"),
    timeout=120,
)
def update_creates_missing_item(ctx: CaseContext) -> None:
    """UpdateItem of a key that holds nothing creates the item from the key and the SET values."""
    table = make_table(ctx)
    _update(ctx, table, "SET a = :a", a="x")
    _after(ctx, table, item(pk="id1", a="x"))


@scenario(
    id="dynamodb/scenario/updates/return-values-all-new",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=api("UpdateItem"),
    timeout=120,
)
def return_values_all_new(ctx: CaseContext) -> None:
    """ReturnValues ALL_NEW returns the whole item as it is after the update."""
    table = _table_with(ctx, a="old", b="b")
    reply = ctx.expect_ok(ctx.call(SVC, "UpdateItem", TableName=table, Key=_KEY, UpdateExpression="SET a = :a",
                                   ExpressionAttributeValues=values(a="new"), ReturnValues="ALL_NEW"))
    ctx.equal(reply.get("Attributes"), item(pk="id1", a="new", b="b"), "Attributes", reply)


@scenario(
    id="dynamodb/scenario/updates/return-values-updated-old",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=api("UpdateItem"),
    timeout=120,
)
def return_values_updated_old(ctx: CaseContext) -> None:
    """ReturnValues UPDATED_OLD returns only the updated attributes, as they were before."""
    table = _table_with(ctx, a="old", b="b")
    reply = ctx.expect_ok(ctx.call(SVC, "UpdateItem", TableName=table, Key=_KEY, UpdateExpression="SET a = :a",
                                   ExpressionAttributeValues=values(a="new"), ReturnValues="UPDATED_OLD"))
    ctx.equal(reply.get("Attributes"), item(a="old"), "Attributes", reply)


@scenario(
    id="dynamodb/scenario/updates/return-values-updated-new",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=api("UpdateItem"),
    timeout=120,
)
def return_values_updated_new(ctx: CaseContext) -> None:
    """ReturnValues UPDATED_NEW returns only the updated attributes, as they are after."""
    table = _table_with(ctx, a="old", b="b")
    reply = ctx.expect_ok(ctx.call(SVC, "UpdateItem", TableName=table, Key=_KEY,
                                   UpdateExpression="SET a = :a, c = :c",
                                   ExpressionAttributeValues=values(a="new", c=3), ReturnValues="UPDATED_NEW"))
    ctx.equal(reply.get("Attributes"), item(a="new", c=3), "Attributes", reply)


@scenario(
    id="dynamodb/scenario/updates/add-to-number",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def add_to_number(ctx: CaseContext) -> None:
    """ADD adds to a number, and starts from 0 when the attribute does not exist yet."""
    table = _table_with(ctx, n=5)
    _update(ctx, table, "ADD n :d, fresh :d", d=3)
    _after(ctx, table, item(pk="id1", n=8, fresh=3))


@scenario(
    id="dynamodb/scenario/updates/add-and-delete-set-elements",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def add_and_delete_set_elements(ctx: CaseContext) -> None:
    """ADD puts elements into a set (duplicates ignored); DELETE takes elements out of a set."""
    table = _table_with(ctx, tags={"a", "b"}, nums={1, 2, 3})
    _update(ctx, table, "ADD tags :more DELETE nums :gone", more={"b", "c"}, gone={2})
    _after(ctx, table, item(pk="id1", tags={"a", "b", "c"}, nums={1, 3}))


@scenario(
    id="dynamodb/scenario/updates/remove-attributes",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def remove_attributes(ctx: CaseContext) -> None:
    """REMOVE deletes attributes; removing one that does not exist is not an error."""
    table = _table_with(ctx, a=1, b=2, c=3)
    _update(ctx, table, "REMOVE a, c, nothing")
    _after(ctx, table, item(pk="id1", b=2))


@scenario(
    id="dynamodb/scenario/updates/list-append",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def list_append(ctx: CaseContext) -> None:
    """list_append concatenates in argument order: appended at the end, or prepended."""
    table = _table_with(ctx, l=["b"])
    _update(ctx, table, "SET l = list_append(:front, l)", front=["a"])
    _update(ctx, table, "SET l = list_append(l, :back)", back=["c", "d"])
    _after(ctx, table, item(pk="id1", l=["a", "b", "c", "d"]))


@scenario(
    id="dynamodb/scenario/updates/if-not-exists",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def if_not_exists(ctx: CaseContext) -> None:
    """if_not_exists(path, v) keeps an existing value and supplies v for a missing one."""
    table = _table_with(ctx, a="kept")
    _update(ctx, table, "SET a = if_not_exists(a, :v), b = if_not_exists(b, :v)", v="default")
    _after(ctx, table, item(pk="id1", a="kept", b="default"))


@scenario(
    id="dynamodb/scenario/updates/set-arithmetic",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def set_arithmetic(ctx: CaseContext) -> None:
    """SET supports + and - on numbers: 'SET n = n - :d, m = n + :d' reads n before the update."""
    table = _table_with(ctx, n=10)
    _update(ctx, table, "SET n = n - :d, m = n + :d", d=4)
    _after(ctx, table, item(pk="id1", n=6, m=14))


@scenario(
    id="dynamodb/scenario/updates/nested-document-paths",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def nested_document_paths(ctx: CaseContext) -> None:
    """SET addresses map members and list elements by document path (m.x, l[1])."""
    table = _table_with(ctx, m={"x": 1, "y": 2}, l=["a", "b", "c"])
    _update(ctx, table, "SET m.x = :x, l[1] = :b", x=9, b="B")
    _after(ctx, table, item(pk="id1", m={"x": 9, "y": 2}, l=["a", "B", "c"]))


@scenario(
    id="dynamodb/scenario/updates/set-past-list-end-appends",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def set_past_list_end_appends(ctx: CaseContext) -> None:
    """SET of a list element past the end of the list appends it at the end."""
    table = _table_with(ctx, l=["a", "b"])
    _update(ctx, table, "SET l[10] = :z", z="z")
    _after(ctx, table, item(pk="id1", l=["a", "b", "z"]))


@scenario(
    id="dynamodb/scenario/updates/remove-list-element-shifts",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def remove_list_element_shifts(ctx: CaseContext) -> None:
    """REMOVE of a list element closes the gap: the elements after it shift down."""
    table = _table_with(ctx, l=["a", "b", "c", "d"])
    _update(ctx, table, "REMOVE l[1]")
    _after(ctx, table, item(pk="id1", l=["a", "c", "d"]))
