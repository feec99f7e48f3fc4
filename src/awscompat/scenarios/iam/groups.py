"""IAM group cases that stay Python: the create answer's ARN (its account comes from STS
GetCallerIdentity) and a membership of a missing user (ledgered first, in case a server makes it).
The other group cases are data: cases/iam/groups.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    add_to_group,
    api,
    create_group,
    make_group,
)
from awscompat.scenarios.sqs._resources import identity

F = "iam/groups"


@scenario(id="iam/scenario/groups/create-group-answer", feature=F, operations=["CreateGroup"],
          provenance=api("CreateGroup"))
def create_group_answer(ctx: CaseContext) -> None:
    """CreateGroup answers the Group: GroupName, Path "/", Arn ...:group/<name> and a GroupId."""
    name = ctx.name("g", max_len=128)
    group = ctx.expect_ok(create_group(ctx, name, fixture=False)).get("Group") or {}
    who = identity(ctx)
    ctx.equal((group.get("GroupName"), group.get("Path"), group.get("Arn")),
              (name, "/", f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:group/{name}"),
              "(GroupName, Path, Arn)")
    ctx.check(group.get("GroupId"), "no GroupId", expected="GroupId", observed=group)


@scenario(id="iam/scenario/groups/add-missing-user", feature=F, operations=["AddUserToGroup"],
          provenance=api("AddUserToGroup"))
def add_missing_user(ctx: CaseContext) -> None:
    """Adding a user that does not exist to a group is refused with 404 NoSuchEntity."""
    group = make_group(ctx)
    reply = add_to_group(ctx, ctx.name("absent", max_len=64), group, fixture=False)
    ctx.expect_error(reply, "NoSuchEntity", 404)
