"""IAM user cases that stay Python: ARNs whose account comes from STS GetCallerIdentity, a name
computed from another, ListUsers polled until users show, a login profile ledgered before its create
under test. The other user cases are data: cases/iam/users.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    api,
    create_user,
    make_user,
    rec,
)
from awscompat.scenarios.sqs._resources import call, identity, track_static

F = "iam/users"
LIFECYCLE = "TestIAMServiceSpecificCredentials::test_service_specific_credential_lifecycle[codecommit.amazonaws.com]"


def _arn(ctx: CaseContext, path: str, name: str) -> str:
    who = identity(ctx)
    return f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:user{path}{name}"


@scenario(id="iam/scenario/users/create-user-answer", feature=F, operations=["CreateUser"],
          provenance=rec(LIFECYCLE, "create-user-response"))
def create_user_answer(ctx: CaseContext) -> None:
    """CreateUser answers the User: Arn arn:<partition>:iam::<account>:user/<name>, Path "/",
    UserName, a UserId and a CreateDate."""
    name = ctx.name("u", max_len=64)
    user = ctx.expect_ok(create_user(ctx, name, fixture=False)).get("User") or {}
    ctx.equal((user.get("Arn"), user.get("Path"), user.get("UserName")), (_arn(ctx, "/", name), "/", name),
              "(Arn, Path, UserName)")
    ctx.check(user.get("UserId") and user.get("CreateDate"), "UserId or CreateDate missing",
              expected="UserId and CreateDate", observed=user)


@scenario(id="iam/scenario/users/names-case-insensitive", feature=F, operations=["CreateUser"],
          provenance=api("CreateUser"))
def names_case_insensitive(ctx: CaseContext) -> None:
    """User names are not distinguished by case: a name differing only in case is refused with
    409 EntityAlreadyExists."""
    name = ctx.name("case", max_len=64)
    create_user(ctx, name)
    variant = name[:-4] + name[-4:].upper()
    reply = create_user(ctx, variant, fixture=False)
    ctx.expect_error(reply, "EntityAlreadyExists", 409)


@scenario(id="iam/scenario/users/path-in-arn", feature=F, operations=["CreateUser"], provenance=api("CreateUser"))
def path_in_arn(ctx: CaseContext) -> None:
    """A user created with a Path has that Path, and its ARN is ...:user<path><name>."""
    name = ctx.name("u", max_len=64)
    path = f"/{ctx.ns.prefix}team/"
    user = create_user(ctx, name, Path=path)["User"]
    ctx.equal((user.get("Path"), user.get("Arn")), (path, _arn(ctx, path, name)), "(Path, Arn)")


@scenario(id="iam/scenario/users/login-profile-lifecycle", feature=F,
          operations=["CreateLoginProfile", "GetLoginProfile", "DeleteLoginProfile"],
          provenance=api("CreateLoginProfile"))
def login_profile_lifecycle(ctx: CaseContext) -> None:
    """A login profile once created is answered by GetLoginProfile; once deleted, GetLoginProfile
    answers 404 NoSuchEntity."""
    name = make_user(ctx)
    params = {"UserName": name, "Password": "Awscompat-P4ssw0rd!x9", "PasswordResetRequired": False}
    track_static(ctx, "iam", "iam-login-profile", name, "CreateLoginProfile", params,
                 [call("iam", "DeleteLoginProfile", UserName=name)])
    ctx.expect_ok(ctx.call("iam", "CreateLoginProfile", **params))
    got = ctx.expect_ok(ctx.call("iam", "GetLoginProfile", UserName=name))
    ctx.equal((got.get("LoginProfile") or {}).get("UserName"), name, "LoginProfile.UserName", got)
    ctx.expect_ok(ctx.call("iam", "DeleteLoginProfile", UserName=name))
    ctx.expect_error(ctx.call("iam", "GetLoginProfile", UserName=name), "NoSuchEntity", 404)
