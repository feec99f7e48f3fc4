"""IAM instance profiles: create, one role per profile, removal and deletion rules."""

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


@scenario(id="iam/scenario/instance-profiles/remove-role", feature=F,
          operations=["RemoveRoleFromInstanceProfile"], provenance=api("RemoveRoleFromInstanceProfile"))
def remove_role(ctx: CaseContext) -> None:
    """RemoveRoleFromInstanceProfile empties the profile's Roles."""
    profile, role = make_instance_profile(ctx), make_role(ctx)["RoleName"]
    add_role_to_profile(ctx, profile, role)
    ctx.expect_ok(ctx.call("iam", "RemoveRoleFromInstanceProfile", InstanceProfileName=profile, RoleName=role))
    ctx.equal(_roles(ctx, profile), [], "Roles")


@scenario(id="iam/scenario/instance-profiles/delete-with-role-conflict", feature=F,
          operations=["DeleteInstanceProfile"], provenance=api("DeleteInstanceProfile"))
def delete_with_role_conflict(ctx: CaseContext) -> None:
    """An instance profile that still holds a role cannot be deleted: 409 DeleteConflict."""
    profile = make_instance_profile(ctx)
    add_role_to_profile(ctx, profile, make_role(ctx)["RoleName"])
    ctx.expect_error(ctx.call("iam", "DeleteInstanceProfile", InstanceProfileName=profile), "DeleteConflict", 409)


@scenario(id="iam/scenario/instance-profiles/delete-role-in-profile-conflict", feature=F,
          operations=["DeleteRole"], provenance=api("DeleteRole"))
def delete_role_in_profile_conflict(ctx: CaseContext) -> None:
    """A role that is in an instance profile cannot be deleted: 409 DeleteConflict."""
    profile, role = make_instance_profile(ctx), make_role(ctx)["RoleName"]
    add_role_to_profile(ctx, profile, role)
    ctx.expect_error(ctx.call("iam", "DeleteRole", RoleName=role), "DeleteConflict", 409)


@scenario(id="iam/scenario/instance-profiles/duplicate-refused", feature=F, operations=["CreateInstanceProfile"],
          provenance=api("CreateInstanceProfile"))
def duplicate_refused(ctx: CaseContext) -> None:
    """Creating an instance profile whose name exists is refused with 409 EntityAlreadyExists."""
    name = make_instance_profile(ctx)
    reply = ctx.call("iam", "CreateInstanceProfile", InstanceProfileName=name)
    ctx.expect_error(reply, "EntityAlreadyExists", 409)


@scenario(id="iam/scenario/instance-profiles/get-missing", feature=F, operations=["GetInstanceProfile"],
          provenance=api("GetInstanceProfile"), mutating=False)
def get_missing(ctx: CaseContext) -> None:
    """GetInstanceProfile of a profile that does not exist is refused with 404 NoSuchEntity."""
    reply = ctx.call("iam", "GetInstanceProfile", InstanceProfileName=ctx.name("absent"))
    ctx.expect_error(reply, "NoSuchEntity", 404)


@scenario(id="iam/scenario/instance-profiles/profiles-for-role", feature=F,
          operations=["ListInstanceProfilesForRole"], provenance=api("ListInstanceProfilesForRole"))
def profiles_for_role(ctx: CaseContext) -> None:
    """ListInstanceProfilesForRole names the profile the role was added to."""
    profile, role = make_instance_profile(ctx), make_role(ctx)["RoleName"]
    add_role_to_profile(ctx, profile, role)
    reply = ctx.expect_ok(ctx.call("iam", "ListInstanceProfilesForRole", RoleName=role))
    ctx.equal([p.get("InstanceProfileName") for p in reply.get("InstanceProfiles") or []], [profile],
              "instance profiles of the role", reply)
