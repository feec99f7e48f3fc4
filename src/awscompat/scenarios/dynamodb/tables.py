"""DynamoDB table lifecycle: CreateTable answers CREATING, the table becomes ACTIVE, DeleteTable
answers DELETING; duplicate and missing tables; billing mode; listing; deletion protection."""

from __future__ import annotations

import re

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._fixtures import (
    SVC,
    absent_table,
    api,
    expect_message,
    expect_validation,
    guide,
    make_table,
    rec,
    table_params,
    track_table,
    wait_active,
)

_ARN = r"arn:aws[a-z-]*:dynamodb:{region}:\d{{12}}:table/{name}"


def _create(ctx: CaseContext, **extra) -> tuple[str, dict]:
    """CreateTable as the call under test (ledgered first); returns (name, TableDescription)."""
    name = ctx.name("table", max_len=255)
    params = table_params(name, **extra)
    track_table(ctx, name, params)
    reply = ctx.expect_ok(ctx.call(SVC, "CreateTable", **params), "CreateTable")
    return name, reply.get("TableDescription") or {}


@scenario(
    id="dynamodb/scenario/tables/create-returns-creating",
    feature="dynamodb/tables",
    operations=["CreateTable"],
    provenance=rec("test_table_crud", "create-table"),
    timeout=120,
)
def create_returns_creating(ctx: CaseContext) -> None:
    """CreateTable is asynchronous: its answer describes the table with TableStatus CREATING."""
    _, desc = _create(ctx)
    ctx.equal(desc.get("TableStatus"), "CREATING", "TableDescription.TableStatus")


@scenario(
    id="dynamodb/scenario/tables/create-describes-table",
    feature="dynamodb/tables",
    operations=["CreateTable"],
    provenance=rec("test_table_crud", "create-table"),
    timeout=120,
)
def create_describes_table(ctx: CaseContext) -> None:
    """The CreateTable answer echoes the name, key schema and attribute definitions, counts 0
    items and 0 bytes, and names the table's ARN and TableId."""
    name, desc = _create(ctx)
    ctx.equal(desc.get("TableName"), name, "TableName")
    ctx.equal(desc.get("KeySchema"), [{"AttributeName": "pk", "KeyType": "HASH"}], "KeySchema")
    ctx.equal(desc.get("AttributeDefinitions"), [{"AttributeName": "pk", "AttributeType": "S"}],
              "AttributeDefinitions")
    ctx.equal((desc.get("ItemCount"), desc.get("TableSizeBytes")), (0, 0), "(ItemCount, TableSizeBytes)")
    ctx.check(re.fullmatch(_ARN.format(region=ctx.region, name=re.escape(name)), desc.get("TableArn") or ""),
              "TableArn is not arn:<partition>:dynamodb:<region>:<account>:table/<name>",
              expected="table ARN", observed=desc.get("TableArn"))
    ctx.check(desc.get("TableId"), "no TableId", expected="TableId", observed=None)


@scenario(
    id="dynamodb/scenario/tables/describe-active-table",
    feature="dynamodb/tables",
    operations=["DescribeTable"],
    provenance=rec("test_table_crud", "describe-table"),
    timeout=120,
)
def describe_active_table(ctx: CaseContext) -> None:
    """Once created, DescribeTable reports ACTIVE, 0 items, the key schema and deletion
    protection off."""
    name = make_table(ctx)
    table = ctx.expect_ok(ctx.call(SVC, "DescribeTable", TableName=name))["Table"]
    ctx.equal(table.get("TableStatus"), "ACTIVE", "TableStatus")
    ctx.equal(table.get("ItemCount"), 0, "ItemCount")
    ctx.equal(table.get("KeySchema"), [{"AttributeName": "pk", "KeyType": "HASH"}], "KeySchema")
    ctx.equal(table.get("DeletionProtectionEnabled"), False, "DeletionProtectionEnabled")


@scenario(
    id="dynamodb/scenario/tables/describe-composite-key",
    feature="dynamodb/tables",
    operations=["DescribeTable"],
    provenance=api("DescribeTable"),
    timeout=120,
)
def describe_composite_key(ctx: CaseContext) -> None:
    """A table with a partition and a sort key describes them as HASH then RANGE."""
    name = make_table(ctx, ("pk", "S"), ("sk", "N"))
    table = ctx.expect_ok(ctx.call(SVC, "DescribeTable", TableName=name))["Table"]
    ctx.equal(table.get("KeySchema"), [{"AttributeName": "pk", "KeyType": "HASH"},
                                       {"AttributeName": "sk", "KeyType": "RANGE"}], "KeySchema")
    defs = sorted((d["AttributeName"], d["AttributeType"]) for d in table.get("AttributeDefinitions") or [])
    ctx.equal(defs, [("pk", "S"), ("sk", "N")], "AttributeDefinitions")


@scenario(
    id="dynamodb/scenario/tables/delete-returns-deleting",
    feature="dynamodb/tables",
    operations=["DeleteTable"],
    provenance=rec("test_table_crud", "delete-table"),
    timeout=120,
)
def delete_returns_deleting(ctx: CaseContext) -> None:
    """DeleteTable answers with the table's description in status DELETING."""
    name = make_table(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DeleteTable", TableName=name))
    desc = reply.get("TableDescription") or {}
    ctx.equal(desc.get("TableName"), name, "TableName", reply)
    ctx.equal(desc.get("TableStatus"), "DELETING", "TableStatus", reply)


@scenario(
    id="dynamodb/scenario/tables/delete-missing-table",
    feature="dynamodb/tables",
    operations=["DeleteTable"],
    provenance=rec("test_table_crud", "delete-non-existent-table"),
    mutating=False,
)
def delete_missing_table(ctx: CaseContext) -> None:
    """DeleteTable of a table that does not exist: 400 ResourceNotFoundException, 'Requested
    resource not found: Table: <name> not found'."""
    name = absent_table(ctx)
    reply = ctx.expect_error(ctx.call(SVC, "DeleteTable", TableName=name), "ResourceNotFoundException", 400)
    expect_message(ctx, reply, f"Requested resource not found: Table: {name} not found")


@scenario(
    id="dynamodb/scenario/tables/describe-missing-table",
    feature="dynamodb/tables",
    operations=["DescribeTable"],
    provenance=api("DescribeTable"),
    mutating=False,
)
def describe_missing_table(ctx: CaseContext) -> None:
    """DescribeTable of a table that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "DescribeTable", TableName=absent_table(ctx))
    ctx.expect_error(reply, "ResourceNotFoundException", 400)


@scenario(
    id="dynamodb/scenario/tables/update-missing-table",
    feature="dynamodb/tables",
    operations=["UpdateTable"],
    provenance=api("UpdateTable"),
    mutating=False,
)
def update_missing_table(ctx: CaseContext) -> None:
    """UpdateTable of a table that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "UpdateTable", TableName=absent_table(ctx), BillingMode="PAY_PER_REQUEST")
    ctx.expect_error(reply, "ResourceNotFoundException", 400)


@scenario(
    id="dynamodb/scenario/tables/create-duplicate-table",
    feature="dynamodb/tables",
    operations=["CreateTable"],
    provenance=rec("test_create_duplicate_table", "Error"),
    timeout=120,
)
def create_duplicate_table(ctx: CaseContext) -> None:
    """CreateTable with the name of an existing table: 400 ResourceInUseException, 'Table
    already exists: <name>'."""
    name = make_table(ctx)
    reply = ctx.call(SVC, "CreateTable", **table_params(name))
    ctx.expect_error(reply, "ResourceInUseException", 400)
    expect_message(ctx, reply, f"Table already exists: {name}")


@scenario(
    id="dynamodb/scenario/tables/pay-per-request-billing-summary",
    feature="dynamodb/tables",
    operations=["CreateTable", "DescribeTable"],
    provenance=rec("test_gsi_with_billing_mode[PAY_PER_REQUEST]", "describe-table"),
    timeout=120,
)
def pay_per_request_billing_summary(ctx: CaseContext) -> None:
    """An on-demand table describes its BillingModeSummary as PAY_PER_REQUEST."""
    table = wait_active(ctx, make_table(ctx))
    ctx.equal((table.get("BillingModeSummary") or {}).get("BillingMode"), "PAY_PER_REQUEST",
              "BillingModeSummary.BillingMode")


@scenario(
    id="dynamodb/scenario/tables/pay-per-request-with-throughput",
    feature="dynamodb/tables",
    operations=["CreateTable"],
    provenance=rec("test_dynamodb_pay_per_request", "Error"),
)
def pay_per_request_with_throughput(ctx: CaseContext) -> None:
    """PAY_PER_REQUEST together with ProvisionedThroughput is refused: ValidationException,
    'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits
    can be specified when BillingMode is PAY_PER_REQUEST'."""
    name = ctx.name("table", max_len=255)
    params = table_params(name, ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    track_table(ctx, name, params)
    reply = expect_validation(ctx, ctx.call(SVC, "CreateTable", **params))
    expect_message(ctx, reply, "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                               "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")


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


@scenario(
    id="dynamodb/scenario/tables/deletion-protection-blocks-delete",
    feature="dynamodb/tables",
    operations=["CreateTable", "DeleteTable"],
    provenance=guide("WorkingWithTables.Basics"),
    timeout=120,
)
def deletion_protection_blocks_delete(ctx: CaseContext) -> None:
    """With DeletionProtectionEnabled, DeleteTable is refused with a 400 error and the table stays
    ACTIVE (teardown lifts the protection before deleting)."""
    name = make_table(ctx, DeletionProtectionEnabled=True)
    reply = ctx.call(SVC, "DeleteTable", TableName=name)
    ctx.expect_error(reply, status=400, what="DeleteTable of a protected table")
    table = ctx.expect_ok(ctx.call(SVC, "DescribeTable", TableName=name))["Table"]
    ctx.equal(table.get("TableStatus"), "ACTIVE", "TableStatus after the refused delete")
