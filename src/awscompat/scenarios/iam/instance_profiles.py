"""IAM instance-profile cases that stay Python: the create answer's ARN (account from STS) and
AddRoleToInstanceProfile under test (ledgered first). The other instance-profile cases are data:
cases/iam/instance-profiles.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    add_role_to_profile,
    api,
    create_instance_profile,
    make_instance_profile,
    make_role,
)
from awscompat.scenarios.sqs._resources import identity

F = "iam/instance-profiles"


def _roles(ctx: CaseContext, profile: str) -> list[str]:
    reply = ctx.expect_ok(ctx.call("iam", "GetInstanceProfile", InstanceProfileName=profile))
    return [r.get("RoleName") for r in (reply.get("InstanceProfile") or {}).get("Roles") or []]


@scenario(id="iam/scenario/instance-profiles/create-answer", feature=F, operations=["CreateInstanceProfile"],
          provenance=api("CreateInstanceProfile"))
def create_answer(ctx: CaseContext) -> None:
    """CreateInstanceProfile answers the profile: name, Path "/", Arn ...:instance-profile/<name>,
    an InstanceProfileId and no roles."""
    name = ctx.name("ip", max_len=128)
    profile = ctx.expect_ok(create_instance_profile(ctx, name, fixture=False)).get("InstanceProfile") or {}
    who = identity(ctx)
    ctx.equal((profile.get("InstanceProfileName"), profile.get("Path"), profile.get("Arn"), profile.get("Roles")),
              (name, "/", f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:instance-profile/{name}", []),
              "(InstanceProfileName, Path, Arn, Roles)")
    ctx.check(profile.get("InstanceProfileId"), "no InstanceProfileId", expected="InstanceProfileId",
              observed=profile)


@scenario(id="iam/scenario/instance-profiles/add-role", feature=F,
          operations=["AddRoleToInstanceProfile", "GetInstanceProfile"], provenance=api("AddRoleToInstanceProfile"))
def add_role(ctx: CaseContext) -> None:
    """A role added to an instance profile is listed in its Roles."""
    profile, role = make_instance_profile(ctx), make_role(ctx)["RoleName"]
    ctx.expect_ok(add_role_to_profile(ctx, profile, role, fixture=False))
    ctx.equal(_roles(ctx, profile), [role], "Roles")


@scenario(id="iam/scenario/instance-profiles/one-role-limit", feature=F, operations=["AddRoleToInstanceProfile"],
          provenance=api("AddRoleToInstanceProfile"))
def one_role_limit(ctx: CaseContext) -> None:
    """An instance profile holds one role: adding a second is refused with 409 LimitExceeded."""
    profile = make_instance_profile(ctx)
    add_role_to_profile(ctx, profile, make_role(ctx)["RoleName"])
    reply = add_role_to_profile(ctx, profile, make_role(ctx)["RoleName"], fixture=False)
    ctx.expect_error(reply, "LimitExceeded", 409)
