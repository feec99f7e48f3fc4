"""DynamoDB setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation
of a named setup, built on the fixtures of the Python scenarios (CreateTable ledgered first, waited
ACTIVE, dropped at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios._names import absent_name, epoch
from awscompat.scenarios.dynamodb._fixtures import make_table, put_items, track_table


@recipe("dynamodb", "table")
def table(ctx: CaseContext, hash_key: list | None = None, range_key: list | None = None, hint: str = "table",
          deletion_protection: bool = False, attributes: dict | None = None, gsi: list | None = None,
          lsi: list | None = None) -> dict:
    """A PAY_PER_REQUEST table of the case's own, ACTIVE (its GSIs too); hash_key/range_key are
    [name, type] (default hash key [pk, S], no range key); attributes the index keys' types
    ({name: type}); gsi/lsi index definitions as CreateTable takes them; deletion_protection creates
    it with DeletionProtectionEnabled (teardown lifts it). value = the table name."""
    hk = tuple(hash_key) if hash_key else ("pk", "S")
    rk = tuple(range_key) if range_key else None
    extra = {"DeletionProtectionEnabled": True} if deletion_protection else {}
    return {"value": make_table(ctx, hk, rk, attrs=attributes, gsi=gsi, lsi=lsi, hint=hint,  # type: ignore[arg-type]
                                **extra)}


@recipe("dynamodb", "table-name")
def table_name(ctx: CaseContext, hint: str = "table") -> dict:
    """A table name of the case's own, ledgered but not created: for cases whose CreateTable is
    the call under test (teardown deletes the table if the server created it). value = the name."""
    name = ctx.name(hint, max_len=255)
    track_table(ctx, name, {"TableName": name})
    return {"value": name}


@recipe("dynamodb", "items")
def items(ctx: CaseContext, table: str, items: list[dict]) -> dict:
    """Set-up PutItem of each item (AttributeValue maps), in order. value = how many."""
    put_items(ctx, table, items)
    return {"value": len(items)}


absent_name("dynamodb", "absent-table", max_len=255)


epoch("dynamodb")


@recipe("dynamodb", "client-token")
def client_token(ctx: CaseContext) -> dict:
    """A ClientRequestToken of the case's own (at most 36 characters). value = the token."""
    return {"value": ctx.name("token", max_len=36)}
