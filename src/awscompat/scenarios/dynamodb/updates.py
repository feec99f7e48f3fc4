"""DynamoDB update expressions that stay Python: ADD and DELETE on sets (sets come back in any
order, compared sorted). The other update cases are data: cases/dynamodb/updates.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import (
    SVC,
    UPDATES,
    canon,
    get,
    item,
    make_table,
    put_items,
    values,
)

_KEY = item(pk="id1")


@scenario(
    id="dynamodb/scenario/updates/add-and-delete-set-elements",
    feature="dynamodb/updates",
    operations=["UpdateItem"],
    provenance=UPDATES,
    timeout=120,
)
def add_and_delete_set_elements(ctx: CaseContext) -> None:
    """ADD puts elements into a set (duplicates ignored); DELETE takes elements out of a set."""
    table = make_table(ctx)
    put_items(ctx, table, [item(pk="id1", tags={"a", "b"}, nums={1, 2, 3})])
    expression = "ADD tags :more DELETE nums :gone"
    ctx.expect_ok(ctx.call(SVC, "UpdateItem", TableName=table, Key=_KEY, UpdateExpression=expression,
                           ExpressionAttributeValues=values(more={"b", "c"}, gone={2})),
                  f"UpdateItem {expression!r}")
    ctx.equal(canon(get(ctx, table, _KEY)), canon(item(pk="id1", tags={"a", "b", "c"}, nums={1, 3})),
              "item after the update")
