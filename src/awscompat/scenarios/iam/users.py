"""IAM user case that stays Python: a name computed from another (the same name with its last letters
in upper case). The other user cases are data: cases/iam/users.yaml."""

from __future__ import annotations

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import create_user


@scenario(id="iam/scenario/users/names-case-insensitive", feature="iam/users", operations=["CreateUser"],
          provenance=docs("https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html"))
def names_case_insensitive(ctx: CaseContext) -> None:
    """User names are not distinguished by case: a name differing only in case is refused with
    409 EntityAlreadyExists."""
    name = ctx.name("case", max_len=64)
    create_user(ctx, name)
    variant = name[:-4] + name[-4:].upper()
    reply = create_user(ctx, variant, fixture=False)
    ctx.expect_error(reply, "EntityAlreadyExists", 409)
