"""DynamoDB table lifecycle cases that stay Python: ListTables followed page by page
(LastEvaluatedTableName) until it names a new table. The other table cases are data:
cases/dynamodb/tables.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import SVC, api, make_table


@scenario(
    id="dynamodb/scenario/tables/list-tables-includes-new",
    feature="dynamodb/tables",
    operations=["ListTables"],
    provenance=api("ListTables"),
    timeout=120,
)
def list_tables_includes_new(ctx: CaseContext) -> None:
    """ListTables (followed through LastEvaluatedTableName) names a table just created."""
    name = make_table(ctx)
    names: list[str] = []
    params: dict = {}
    for _ in range(100):  # bounded: 100 pages of up to 100 names
        reply = ctx.expect_ok(ctx.call(SVC, "ListTables", **params))
        names += reply.get("TableNames") or []
        if name in names or not reply.get("LastEvaluatedTableName"):
            break
        params = {"ExclusiveStartTableName": reply["LastEvaluatedTableName"]}
    ctx.check(name in names, "ListTables does not name the new table", expected=name, observed=len(names))
