"""Shared set-up for DynamoDB scenarios: a table of the scenario's own (PAY_PER_REQUEST, ledgered
before it is created, waited ACTIVE with a bounded poll, deleted at teardown), attribute-value
helpers, and the evidence the remaining Python scenarios cite. Most DynamoDB cases are data
(cases/dynamodb/*.yaml; their recipes in _recipes.py)."""

from __future__ import annotations

from typing import Any

from awscompat.catalog import docs
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.dynamodb._wait import await_fixture, poll

SVC = "dynamodb"


def guide(page: str) -> Provenance:
    """A page of the DynamoDB developer guide."""
    return docs(f"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/{page}.html")


SCAN = guide("Scan")


# -- attribute values ------------------------------------------------------------------------
def av(value: str | int) -> dict:
    """The AttributeValue of a text (S) or a number (N)."""
    return {"S": value} if isinstance(value, str) else {"N": str(value)}


def item(**attrs: Any) -> dict:
    """An item (or key) from keyword attributes: item(pk="a", n=1)."""
    return {name: av(value) for name, value in attrs.items()}


# -- tables ----------------------------------------------------------------------------------
def key_schema(hash_key: str, range_key: str | None = None) -> list[dict]:
    keys = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key:
        keys.append({"AttributeName": range_key, "KeyType": "RANGE"})
    return keys


def table_params(name: str, hash_key: tuple[str, str] = ("pk", "S"), range_key: tuple[str, str] | None = None,
                 *, attrs: dict[str, str] | None = None, gsi: list[dict] | None = None,
                 lsi: list[dict] | None = None, **extra: Any) -> dict:
    """CreateTable parameters: keys as (name, type), attrs the index key types, PAY_PER_REQUEST."""
    defs = dict([hash_key] + ([range_key] if range_key else []))
    defs.update(attrs or {})
    params = {
        "TableName": name,
        "KeySchema": key_schema(hash_key[0], range_key[0] if range_key else None),
        "AttributeDefinitions": [{"AttributeName": k, "AttributeType": t} for k, t in defs.items()],
        "BillingMode": "PAY_PER_REQUEST",
        **extra,
    }
    if gsi:
        params["GlobalSecondaryIndexes"] = gsi
    if lsi:
        params["LocalSecondaryIndexes"] = lsi
    return params


def track_table(ctx: CaseContext, name: str, params: dict) -> None:
    """Ledger a table before CreateTable is sent; teardown waits out CREATING/UPDATING, lifts
    deletion protection, and deletes it."""
    ctx.track(SVC, "dynamodb-table", name, {"service": SVC, "operation": "CreateTable", "params": params},
              [{"service": SVC, "operation": "DeleteTable", "params": {"TableName": name}}],
              remove=lambda: drop_table(ctx, name))


def make_table(ctx: CaseContext, hash_key: tuple[str, str] = ("pk", "S"), range_key: tuple[str, str] | None = None,
               *, attrs: dict[str, str] | None = None, gsi: list[dict] | None = None,
               lsi: list[dict] | None = None, hint: str = "table", **extra: Any) -> str:
    """Create a namespaced PAY_PER_REQUEST table of this scenario's own and wait until it (and
    its indexes) are ACTIVE; FixtureError if that fails. Returns the table name."""
    name = ctx.name(hint, max_len=255)
    params = table_params(name, hash_key, range_key, attrs=attrs, gsi=gsi, lsi=lsi, **extra)
    track_table(ctx, name, params)
    ctx.fixture(SVC, "CreateTable", **params)
    wait_active(ctx, name)
    return name


def table_status(ctx: CaseContext, name: str) -> dict | None:
    reply = ctx.call(SVC, "DescribeTable", TableName=name)
    return reply.get("Table") if reply.ok else None


def wait_active(ctx: CaseContext, name: str) -> dict:
    """Poll DescribeTable until the table and every GSI are ACTIVE (bounded)."""
    def ready() -> dict | None:
        table = table_status(ctx, name)
        if not table or table.get("TableStatus") != "ACTIVE":
            return None
        if any(g.get("IndexStatus") != "ACTIVE" for g in table.get("GlobalSecondaryIndexes") or []):
            return None
        return table
    return await_fixture(ctx, f"table {name} ACTIVE", ready)


def drop_table(ctx: CaseContext, name: str) -> str | None:
    """Teardown: delete the table once it can be deleted. Calls go straight to the transport (not
    bound by the case's deadline); bounded in time all the same."""
    call = ctx.transport.call

    def settled() -> dict | None:
        reply = call(SVC, "DescribeTable", {"TableName": name})
        if not reply.ok:
            return {"absent": True} if reply.code == "ResourceNotFoundException" else None
        table = reply["Table"]
        return None if table.get("TableStatus") in ("CREATING", "UPDATING") else table

    table = poll(settled, timeout=120.0)
    if table is None:
        return None
    if table.get("absent") or table.get("TableStatus") == "DELETING":
        return "absent" if table.get("absent") else "deleted"
    if table.get("DeletionProtectionEnabled"):
        call(SVC, "UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False})

    def deleted() -> str | None:
        reply = call(SVC, "DeleteTable", {"TableName": name})
        if reply.ok:
            return "deleted"
        return "absent" if reply.code == "ResourceNotFoundException" else None

    return poll(deleted, timeout=60.0)


def put_items(ctx: CaseContext, table: str, items: list[dict]) -> None:
    """Set-up writes (FixtureError if one fails)."""
    for it in items:
        ctx.fixture(SVC, "PutItem", TableName=table, Item=it)
