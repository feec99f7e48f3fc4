"""IAM error codes: name and path validation, malformed documents, missing entities."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    allow,
    api,
    create_group,
    create_role,
    create_user,
    make_user,
    put_inline,
)

F = "iam/errors"


_CREATE = {"CreateUser": create_user, "CreateRole": create_role, "CreateGroup": create_group}


def _name_case(sid: str, op: str, doc: str, name) -> None:
    def case(ctx: CaseContext) -> None:
        ctx.expect_error(_CREATE[op](ctx, name(ctx), fixture=False), "ValidationError", 400)

    case.__doc__ = doc
    scenario(id=f"iam/scenario/errors/{sid}", feature=F, operations=[op], provenance=api(op))(case)


_name_case("user-name-invalid-characters", "CreateUser", "A user name with a character outside [\\w+=,.@-] is "
           "refused with 400 ValidationError.", lambda ctx: ctx.name("bad", max_len=60) + "!x")
_name_case("user-name-too-long", "CreateUser", "A user name longer than 64 characters is refused with 400 "
           "ValidationError.", lambda ctx: ctx.name("long") + "-" + "x" * 64)
_name_case("role-name-too-long", "CreateRole", "A role name longer than 64 characters is refused with 400 "
           "ValidationError.", lambda ctx: ctx.name("long") + "-" + "x" * 64)
_name_case("group-name-too-long", "CreateGroup", "A group name longer than 128 characters is refused with 400 "
           "ValidationError.", lambda ctx: ctx.name("long") + "-" + "x" * 128)


@scenario(id="iam/scenario/errors/path-without-slashes", feature=F, operations=["CreateUser"],
          provenance=api("CreateUser"))
def path_without_slashes(ctx: CaseContext) -> None:
    """A Path that does not begin and end with '/' is refused with 400 ValidationError."""
    reply = create_user(ctx, ctx.name("u", max_len=64), fixture=False, Path="no-slashes")
    ctx.expect_error(reply, "ValidationError", 400)


@scenario(id="iam/scenario/errors/inline-policy-malformed", feature=F, operations=["PutUserPolicy"],
          provenance=api("PutUserPolicy"))
def inline_policy_malformed(ctx: CaseContext) -> None:
    """An inline policy document that is not JSON is refused with 400 MalformedPolicyDocument."""
    user = make_user(ctx)
    reply = put_inline(ctx, "user", user, "bad", '{"Version": "2012-10-17", "Statement": [', fixture=False)
    ctx.expect_error(reply, "MalformedPolicyDocument", 400)


@scenario(id="iam/scenario/errors/inline-policy-missing-user", feature=F, operations=["PutUserPolicy"],
          provenance=api("PutUserPolicy"))
def inline_policy_missing_user(ctx: CaseContext) -> None:
    """PutUserPolicy on a user that does not exist is refused with 404 NoSuchEntity."""
    reply = put_inline(ctx, "user", ctx.name("absent", max_len=64), "p", allow("s3:ListBucket"), fixture=False)
    ctx.expect_error(reply, "NoSuchEntity", 404)


@scenario(id="iam/scenario/errors/get-role-missing", feature=F, operations=["GetRole"], provenance=api("GetRole"),
          mutating=False)
def get_role_missing(ctx: CaseContext) -> None:
    """GetRole of a role that does not exist is refused with 404 NoSuchEntity."""
    ctx.expect_error(ctx.call("iam", "GetRole", RoleName=ctx.name("absent", max_len=64)), "NoSuchEntity", 404)


@scenario(id="iam/scenario/errors/delete-role-missing", feature=F, operations=["DeleteRole"],
          provenance=api("DeleteRole"))
def delete_role_missing(ctx: CaseContext) -> None:
    """DeleteRole of a role that does not exist is refused with 404 NoSuchEntity."""
    ctx.expect_error(ctx.call("iam", "DeleteRole", RoleName=ctx.name("absent", max_len=64)), "NoSuchEntity", 404)


@scenario(id="iam/scenario/errors/get-policy-missing-inline", feature=F, operations=["GetUserPolicy"],
          provenance=api("GetUserPolicy"))
def get_policy_missing_inline(ctx: CaseContext) -> None:
    """GetUserPolicy of an inline policy the user does not have is refused with 404 NoSuchEntity."""
    user = make_user(ctx)
    ctx.expect_error(ctx.call("iam", "GetUserPolicy", UserName=user, PolicyName="absent"), "NoSuchEntity", 404)
