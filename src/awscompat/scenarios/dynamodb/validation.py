"""DynamoDB validation cases that stay Python: an item over 400 KB (the attribute value is built at
run time). The other validation cases are data: cases/dynamodb/validation.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import LIMITS, SVC, expect_validation, get, item, make_table


@scenario(id="dynamodb/scenario/validation/item-over-400kb", feature="dynamodb/validation", operations=["PutItem"],
          provenance=LIMITS, timeout=120)
def item_over_400kb(ctx: CaseContext) -> None:
    """The maximum item size is 400 KB: a larger item is a 400 ValidationException."""
    table = make_table(ctx)
    written = item(pk="id1", blob="x" * (400 * 1024 + 1))
    expect_validation(ctx, ctx.call(SVC, "PutItem", TableName=table, Item=written), "PutItem")
    ctx.equal(get(ctx, table, {"pk": written["pk"]}), None, "item after the refused PutItem")
