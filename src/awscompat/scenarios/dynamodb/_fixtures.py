"""Shared set-up for DynamoDB scenarios: a table of the scenario's own (PAY_PER_REQUEST, ledgered
before it is created, waited ACTIVE with a bounded poll, deleted at teardown), attribute-value
helpers, and the evidence the scenario files cite."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from awscompat.catalog import docs, recorded
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._wait import await_fixture, poll

REF = "dynamodb/test_dynamodb.snapshot.json"
_TEST = "tests/aws/services/dynamodb/test_dynamodb.py::TestDynamoDB::"
SVC = "dynamodb"


def rec(test: str, step: str) -> Provenance:
    """A recorded AWS answer in dynamodb/test_dynamodb.snapshot.json."""
    return recorded(REF, _TEST + test, step)


def api(operation: str) -> Provenance:
    """The DynamoDB API reference page of an operation."""
    return docs(f"https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_{operation}.html")


def guide(page: str) -> Provenance:
    """A page of the DynamoDB developer guide."""
    return docs(f"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/{page}.html")


UPDATES = guide("Expressions.UpdateExpressions")
QUERY = guide("Query")
SCAN = guide("Scan")
TXN = guide("transaction-apis")
GSI = guide("GSI")
LSI = guide("LSI")
DATA_TYPES = guide("HowItWorks.NamingRulesDataTypes")
LIMITS = guide("ServiceQuotas")


# -- attribute values ------------------------------------------------------------------------
def av(value: Any) -> dict:
    """The AttributeValue of a Python value (str S, int/float/Decimal N, bytes B, bool BOOL,
    None NULL, list L, dict M, set of str SS, set of numbers NS, set of bytes BS)."""
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, int | float | Decimal):
        return {"N": str(value)}
    if isinstance(value, bytes):
        return {"B": value}
    if isinstance(value, list):
        return {"L": [av(v) for v in value]}
    if isinstance(value, dict):
        return {"M": {k: av(v) for k, v in value.items()}}
    if isinstance(value, set | frozenset):
        members = sorted(value)
        if all(isinstance(v, str) for v in members):
            return {"SS": members}
        if all(isinstance(v, bytes) for v in members):
            return {"BS": members}
        return {"NS": [str(v) for v in members]}
    raise TypeError(f"no AttributeValue for {value!r}")


def item(**attrs: Any) -> dict:
    """An item (or key) from keyword attributes: item(pk="a", n=1)."""
    return {name: av(value) for name, value in attrs.items()}


def values(**attrs: Any) -> dict:
    """ExpressionAttributeValues from keyword attributes: values(v=1) -> {":v": {"N": "1"}}."""
    return {f":{name}": av(value) for name, value in attrs.items()}


def sorted_items(items: list[dict], key: str = "pk") -> list[dict]:
    """Items ordered by one string or number attribute, for comparing unordered answers."""
    def sort_key(it: dict) -> Any:
        val = it.get(key, {})
        return Decimal(val["N"]) if "N" in val else val.get("S", "")
    return sorted(items, key=sort_key)


def attr_set(reply: Reply, name: str, key: str = "Items") -> set:
    """The set of one attribute's scalar values over a list of items in an answer."""
    out = set()
    for it in reply.get(key) or []:
        val = it.get(name, {})
        out.add(val.get("S", val.get("N")))
    return out


# -- tables ----------------------------------------------------------------------------------
def key_schema(hash_key: str, range_key: str | None = None) -> list[dict]:
    keys = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key:
        keys.append({"AttributeName": range_key, "KeyType": "RANGE"})
    return keys


def index(name: str, hash_key: str, range_key: str | None = None, projection: str = "ALL",
          non_key: list[str] | None = None) -> dict:
    """A secondary index definition (GSI or LSI; PAY_PER_REQUEST needs no throughput)."""
    proj: dict = {"ProjectionType": projection}
    if non_key:
        proj["NonKeyAttributes"] = non_key
    return {"IndexName": name, "KeySchema": key_schema(hash_key, range_key), "Projection": proj}


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


def absent_table(ctx: CaseContext) -> str:
    """A namespaced table name that no table has: only ever read, never created."""
    return ctx.name("absent", max_len=255)


def put_items(ctx: CaseContext, table: str, items: list[dict]) -> None:
    """Set-up writes (FixtureError if one fails)."""
    for it in items:
        ctx.fixture(SVC, "PutItem", TableName=table, Item=it)


def get(ctx: CaseContext, table: str, key: dict, **extra: Any) -> dict | None:
    """The item under key read with a strongly consistent GetItem (None when absent)."""
    reply = ctx.expect_ok(ctx.call(SVC, "GetItem", TableName=table, Key=key, ConsistentRead=True, **extra),
                          "GetItem")
    return reply.get("Item")


def expect_validation(ctx: CaseContext, reply: Reply, what: str = "") -> Reply:
    """A ValidationException, HTTP 400 (DynamoDB answers every client error with 400)."""
    return ctx.expect_error(reply, "ValidationException", 400, what=what)


def expect_message(ctx: CaseContext, reply: Reply, message: str) -> None:
    ctx.equal(reply.error.get("Message"), message, "error Message", reply)


def canon(value: Any) -> Any:
    """An item or AttributeValue with set members sorted (sets come back in any order)."""
    if isinstance(value, dict):
        return {k: sorted(v) if k in ("SS", "NS", "BS") else canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canon(v) for v in value]
    return value
