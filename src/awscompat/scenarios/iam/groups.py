"""IAM groups: create, membership, inline and managed policies, deletion rules."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    add_to_group,
    allow,
    api,
    attach,
    create_group,
    make_group,
    make_policy,
    make_user,
    put_inline,
    rec,
)
from awscompat.scenarios.sqs._resources import identity

F = "iam/groups"


def _members(ctx: CaseContext, group: str) -> list[str]:
    reply = ctx.expect_ok(ctx.call("iam", "GetGroup", GroupName=group))
    return sorted(u.get("UserName") for u in reply.get("Users") or [])


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


@scenario(id="iam/scenario/groups/duplicate-refused", feature=F, operations=["CreateGroup"],
          provenance=api("CreateGroup"))
def duplicate_refused(ctx: CaseContext) -> None:
    """Creating a group whose name exists is refused with 409 EntityAlreadyExists."""
    name = make_group(ctx)
    ctx.expect_error(ctx.call("iam", "CreateGroup", GroupName=name), "EntityAlreadyExists", 409)


@scenario(id="iam/scenario/groups/add-user-listed", feature=F, operations=["AddUserToGroup", "GetGroup"],
          provenance=api("GetGroup"))
def add_user_listed(ctx: CaseContext) -> None:
    """A user added to a group is listed by GetGroup."""
    group, user = make_group(ctx), make_user(ctx)
    add_to_group(ctx, user, group)
    ctx.equal(_members(ctx, group), [user], "group members")


@scenario(id="iam/scenario/groups/groups-for-user", feature=F, operations=["ListGroupsForUser"],
          provenance=api("ListGroupsForUser"))
def groups_for_user(ctx: CaseContext) -> None:
    """ListGroupsForUser lists every group the user was added to."""
    user = make_user(ctx)
    groups = sorted(make_group(ctx) for _ in range(2))
    for group in groups:
        add_to_group(ctx, user, group)
    reply = ctx.expect_ok(ctx.call("iam", "ListGroupsForUser", UserName=user))
    ctx.equal(sorted(g.get("GroupName") for g in reply.get("Groups") or []), groups, "groups of the user", reply)


@scenario(id="iam/scenario/groups/remove-user", feature=F, operations=["RemoveUserFromGroup", "GetGroup"],
          provenance=api("RemoveUserFromGroup"))
def remove_user(ctx: CaseContext) -> None:
    """RemoveUserFromGroup takes the user out of the group's members."""
    group, user = make_group(ctx), make_user(ctx)
    add_to_group(ctx, user, group)
    ctx.expect_ok(ctx.call("iam", "RemoveUserFromGroup", GroupName=group, UserName=user))
    ctx.equal(_members(ctx, group), [], "group members")


@scenario(id="iam/scenario/groups/delete-with-member-conflict", feature=F, operations=["DeleteGroup"],
          provenance=api("DeleteGroup"))
def delete_with_member_conflict(ctx: CaseContext) -> None:
    """A group that still has a member cannot be deleted: 409 DeleteConflict."""
    group, user = make_group(ctx), make_user(ctx)
    add_to_group(ctx, user, group)
    ctx.expect_error(ctx.call("iam", "DeleteGroup", GroupName=group), "DeleteConflict", 409)


@scenario(id="iam/scenario/groups/get-missing", feature=F, operations=["GetGroup"], provenance=api("GetGroup"),
          mutating=False)
def get_missing(ctx: CaseContext) -> None:
    """GetGroup of a group that does not exist is refused with 404 NoSuchEntity."""
    ctx.expect_error(ctx.call("iam", "GetGroup", GroupName=ctx.name("absent")), "NoSuchEntity", 404)


@scenario(id="iam/scenario/groups/add-missing-user", feature=F, operations=["AddUserToGroup"],
          provenance=api("AddUserToGroup"))
def add_missing_user(ctx: CaseContext) -> None:
    """Adding a user that does not exist to a group is refused with 404 NoSuchEntity."""
    group = make_group(ctx)
    reply = add_to_group(ctx, ctx.name("absent", max_len=64), group, fixture=False)
    ctx.expect_error(reply, "NoSuchEntity", 404)


@scenario(id="iam/scenario/groups/inline-policy-roundtrip", feature=F,
          operations=["PutGroupPolicy", "GetGroupPolicy", "ListGroupPolicies"],
          provenance=rec("TestIAMPolicyEncoding::test_put_group_policy_encoding", "get-policy-response"))
def inline_policy_roundtrip(ctx: CaseContext) -> None:
    """GetGroupPolicy answers GroupName, PolicyName and the document as put (botocore decodes the
    URL-encoded JSON); ListGroupPolicies names it."""
    group = make_group(ctx)
    document = allow("s3:GetObject", resource="arn:aws:s3:::bucket/key%3Awith%2Fencoding")
    put_inline(ctx, "group", group, "inline1", document)
    got = ctx.expect_ok(ctx.call("iam", "GetGroupPolicy", GroupName=group, PolicyName="inline1"))
    doc = got.get("PolicyDocument")
    doc = json.loads(doc) if isinstance(doc, str) else doc
    ctx.equal((got.get("GroupName"), got.get("PolicyName"), doc), (group, "inline1", document),
              "(GroupName, PolicyName, PolicyDocument)", got)
    listed = ctx.expect_ok(ctx.call("iam", "ListGroupPolicies", GroupName=group))
    ctx.equal(listed.get("PolicyNames"), ["inline1"], "PolicyNames", listed)


@scenario(id="iam/scenario/groups/attached-policies", feature=F,
          operations=["AttachGroupPolicy", "ListAttachedGroupPolicies"], provenance=api("ListAttachedGroupPolicies"))
def attached_policies(ctx: CaseContext) -> None:
    """A managed policy attached to a group is listed by ListAttachedGroupPolicies."""
    group = make_group(ctx)
    arn = make_policy(ctx)
    attach(ctx, "group", group, arn)
    reply = ctx.expect_ok(ctx.call("iam", "ListAttachedGroupPolicies", GroupName=group))
    ctx.equal([p.get("PolicyArn") for p in reply.get("AttachedPolicies") or []], [arn], "attached policies", reply)


@scenario(id="iam/scenario/groups/delete-with-policy-conflict", feature=F, operations=["DeleteGroup"],
          provenance=api("DeleteGroup"))
def delete_with_policy_conflict(ctx: CaseContext) -> None:
    """A group with an attached managed policy cannot be deleted: 409 DeleteConflict."""
    group = make_group(ctx)
    attach(ctx, "group", group, make_policy(ctx))
    ctx.expect_error(ctx.call("iam", "DeleteGroup", GroupName=group), "DeleteConflict", 409)
