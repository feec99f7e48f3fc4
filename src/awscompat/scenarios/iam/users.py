"""IAM users: create, get, rename, paths, tags, login profiles, deletion rules."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    api,
    attach,
    create_user,
    listed,
    make_access_key,
    make_policy,
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


@scenario(id="iam/scenario/users/get-user", feature=F, operations=["GetUser"], provenance=api("GetUser"))
def get_user(ctx: CaseContext) -> None:
    """GetUser answers the user as CreateUser described it (same UserId and Arn)."""
    name = ctx.name("u", max_len=64)
    created = create_user(ctx, name)["User"]
    got = ctx.expect_ok(ctx.call("iam", "GetUser", UserName=name)).get("User") or {}
    ctx.equal((got.get("UserId"), got.get("Arn")), (created["UserId"], created["Arn"]), "(UserId, Arn)")


@scenario(id="iam/scenario/users/duplicate-refused", feature=F, operations=["CreateUser"],
          provenance=api("CreateUser"))
def duplicate_refused(ctx: CaseContext) -> None:
    """Creating a user whose name exists is refused with 409 EntityAlreadyExists."""
    name = make_user(ctx)
    ctx.expect_error(ctx.call("iam", "CreateUser", UserName=name), "EntityAlreadyExists", 409)


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


@scenario(id="iam/scenario/users/get-missing", feature=F, operations=["GetUser"], provenance=api("GetUser"),
          mutating=False)
def get_missing(ctx: CaseContext) -> None:
    """GetUser of a user that does not exist is refused with 404 NoSuchEntity."""
    ctx.expect_error(ctx.call("iam", "GetUser", UserName=ctx.name("absent", max_len=64)), "NoSuchEntity", 404)


@scenario(id="iam/scenario/users/delete-missing", feature=F, operations=["DeleteUser"], provenance=api("DeleteUser"))
def delete_missing(ctx: CaseContext) -> None:
    """DeleteUser of a user that does not exist is refused with 404 NoSuchEntity."""
    ctx.expect_error(ctx.call("iam", "DeleteUser", UserName=ctx.name("absent", max_len=64)), "NoSuchEntity", 404)


@scenario(id="iam/scenario/users/deleted-user-gone", feature=F, operations=["DeleteUser", "GetUser"],
          provenance=api("DeleteUser"))
def deleted_user_gone(ctx: CaseContext) -> None:
    """After DeleteUser, GetUser of the name answers 404 NoSuchEntity."""
    name = make_user(ctx)
    ctx.expect_ok(ctx.call("iam", "DeleteUser", UserName=name))
    ctx.expect_error(ctx.call("iam", "GetUser", UserName=name), "NoSuchEntity", 404)


@scenario(id="iam/scenario/users/path-in-arn", feature=F, operations=["CreateUser"], provenance=api("CreateUser"))
def path_in_arn(ctx: CaseContext) -> None:
    """A user created with a Path has that Path, and its ARN is ...:user<path><name>."""
    name = ctx.name("u", max_len=64)
    path = f"/{ctx.ns.prefix}team/"
    user = create_user(ctx, name, Path=path)["User"]
    ctx.equal((user.get("Path"), user.get("Arn")), (path, _arn(ctx, path, name)), "(Path, Arn)")


@scenario(id="iam/scenario/users/rename", feature=F, operations=["UpdateUser", "GetUser"],
          provenance=api("UpdateUser"))
def rename(ctx: CaseContext) -> None:
    """UpdateUser NewUserName renames the user: the new name answers, the old one is NoSuchEntity."""
    old = make_user(ctx)
    new = ctx.name("renamed", max_len=64)
    track_static(ctx, "iam", "iam-user", new, "UpdateUser", {"UserName": old, "NewUserName": new},
                 [call("iam", "DeleteUser", UserName=new)])
    ctx.expect_ok(ctx.call("iam", "UpdateUser", UserName=old, NewUserName=new))
    ctx.expect_ok(ctx.call("iam", "GetUser", UserName=new), "GetUser of the new name")
    ctx.expect_error(ctx.call("iam", "GetUser", UserName=old), "NoSuchEntity", 404, what="GetUser of the old name")


@scenario(id="iam/scenario/users/tags-lifecycle", feature=F, operations=["TagUser", "UntagUser", "ListUserTags"],
          provenance=api("TagUser"))
def tags_lifecycle(ctx: CaseContext) -> None:
    """Tags given at creation are listed; TagUser adds, UntagUser removes."""
    name = make_user(ctx, Tags=[{"Key": "a", "Value": "1"}])

    def tags() -> list:
        reply = ctx.expect_ok(ctx.call("iam", "ListUserTags", UserName=name))
        return sorted((t["Key"], t["Value"]) for t in reply.get("Tags") or [])

    ctx.equal(tags(), [("a", "1")], "tags after create")
    ctx.expect_ok(ctx.call("iam", "TagUser", UserName=name, Tags=[{"Key": "b", "Value": "2"}]))
    ctx.equal(tags(), [("a", "1"), ("b", "2")], "tags after TagUser")
    ctx.expect_ok(ctx.call("iam", "UntagUser", UserName=name, TagKeys=["a"]))
    ctx.equal(tags(), [("b", "2")], "tags after UntagUser")


@scenario(id="iam/scenario/users/delete-with-access-key-conflict", feature=F, operations=["DeleteUser"],
          provenance=rec("TestIAMServiceSpecificCredentials::test_delete_user_after_service_credential_created",
                         "delete-user-existing-credential"))
def delete_with_access_key_conflict(ctx: CaseContext) -> None:
    """A user that still has credentials (an access key) cannot be deleted: 409 DeleteConflict."""
    name = make_user(ctx)
    make_access_key(ctx, name)
    ctx.expect_error(ctx.call("iam", "DeleteUser", UserName=name), "DeleteConflict", 409)


@scenario(id="iam/scenario/users/delete-with-policy-conflict", feature=F, operations=["DeleteUser"],
          provenance=api("DeleteUser"))
def delete_with_policy_conflict(ctx: CaseContext) -> None:
    """A user with an attached managed policy cannot be deleted: 409 DeleteConflict."""
    name = make_user(ctx)
    attach(ctx, "user", name, make_policy(ctx))
    ctx.expect_error(ctx.call("iam", "DeleteUser", UserName=name), "DeleteConflict", 409)


@scenario(id="iam/scenario/users/list-by-path-prefix", feature=F, operations=["ListUsers"],
          provenance=api("ListUsers"))
def list_by_path_prefix(ctx: CaseContext) -> None:
    """ListUsers with a PathPrefix lists exactly the users under that path."""
    path = f"/{ctx.name('path')}/"
    names = sorted(make_user(ctx, Path=path) for _ in range(2))
    make_user(ctx)
    reply = listed(ctx, "ListUsers", "Users", "UserName", names, PathPrefix=path)
    ctx.equal(sorted(u.get("UserName") for u in reply.get("Users") or []), names, "users listed", reply)


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
