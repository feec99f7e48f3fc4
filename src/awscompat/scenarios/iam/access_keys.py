"""IAM access keys: create, list, deactivate, delete, the two-key quota, last used."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    QUOTAS,
    api,
    make_access_key,
    make_user,
    user_with_key,
    wait_usable,
)

F = "iam/access-keys"


def _listed(ctx: CaseContext, user: str) -> list[tuple]:
    reply = ctx.expect_ok(ctx.call("iam", "ListAccessKeys", UserName=user))
    return sorted((k.get("AccessKeyId"), k.get("Status")) for k in reply.get("AccessKeyMetadata") or [])


@scenario(id="iam/scenario/access-keys/create-key-answer", feature=F, operations=["CreateAccessKey"],
          provenance=api("CreateAccessKey"))
def create_key_answer(ctx: CaseContext) -> None:
    """CreateAccessKey answers the AccessKey: UserName, an AccessKeyId, the SecretAccessKey and
    Status Active (the default for new keys)."""
    user = make_user(ctx)
    key = ctx.expect_ok(make_access_key(ctx, user, fixture=False)).get("AccessKey") or {}
    ctx.equal((key.get("UserName"), key.get("Status")), (user, "Active"), "(UserName, Status)")
    ctx.check(key.get("AccessKeyId") and key.get("SecretAccessKey"), "AccessKeyId or SecretAccessKey missing",
              expected="both", observed=sorted(key))


@scenario(id="iam/scenario/access-keys/list-keys", feature=F, operations=["ListAccessKeys"],
          provenance=api("ListAccessKeys"))
def list_keys(ctx: CaseContext) -> None:
    """ListAccessKeys lists the user's key as Active, without its secret."""
    user = make_user(ctx)
    key = make_access_key(ctx, user)["AccessKey"]
    reply = ctx.expect_ok(ctx.call("iam", "ListAccessKeys", UserName=user))
    meta = reply.get("AccessKeyMetadata") or []
    ctx.equal([(k.get("AccessKeyId"), k.get("Status"), k.get("UserName")) for k in meta],
              [(key["AccessKeyId"], "Active", user)], "AccessKeyMetadata", reply)
    ctx.check(all("SecretAccessKey" not in k for k in meta), "ListAccessKeys answers a secret",
              expected="no SecretAccessKey", observed=meta, reply=reply)


@scenario(id="iam/scenario/access-keys/deactivate", feature=F, operations=["UpdateAccessKey"],
          provenance=api("UpdateAccessKey"))
def deactivate(ctx: CaseContext) -> None:
    """UpdateAccessKey Status=Inactive is read back by ListAccessKeys."""
    user = make_user(ctx)
    key = make_access_key(ctx, user)["AccessKey"]
    ctx.expect_ok(ctx.call("iam", "UpdateAccessKey", UserName=user, AccessKeyId=key["AccessKeyId"],
                           Status="Inactive"))
    ctx.equal(_listed(ctx, user), [(key["AccessKeyId"], "Inactive")], "keys")


@scenario(id="iam/scenario/access-keys/third-key-limit", feature=F, operations=["CreateAccessKey"],
          provenance=QUOTAS)
def third_key_limit(ctx: CaseContext) -> None:
    """A user has at most two access keys: the third is refused with 409 LimitExceeded."""
    user = make_user(ctx)
    make_access_key(ctx, user)
    make_access_key(ctx, user)
    ctx.expect_error(make_access_key(ctx, user, fixture=False), "LimitExceeded", 409)


@scenario(id="iam/scenario/access-keys/delete-key", feature=F, operations=["DeleteAccessKey"],
          provenance=api("DeleteAccessKey"))
def delete_key(ctx: CaseContext) -> None:
    """DeleteAccessKey removes the key from ListAccessKeys."""
    user = make_user(ctx)
    key = make_access_key(ctx, user)["AccessKey"]
    ctx.expect_ok(ctx.call("iam", "DeleteAccessKey", UserName=user, AccessKeyId=key["AccessKeyId"]))
    ctx.equal(_listed(ctx, user), [], "keys")


@scenario(id="iam/scenario/access-keys/delete-missing-key", feature=F, operations=["DeleteAccessKey"],
          provenance=api("DeleteAccessKey"))
def delete_missing_key(ctx: CaseContext) -> None:
    """DeleteAccessKey of a key id the user does not have is refused with 404 NoSuchEntity."""
    user = make_user(ctx)
    reply = ctx.call("iam", "DeleteAccessKey", UserName=user, AccessKeyId="AKIAAAAAAAAAAAAAAAAA")
    ctx.expect_error(reply, "NoSuchEntity", 404)


@scenario(id="iam/scenario/access-keys/last-used-unused", feature=F, operations=["GetAccessKeyLastUsed"],
          provenance=api("GetAccessKeyLastUsed"))
def last_used_unused(ctx: CaseContext) -> None:
    """GetAccessKeyLastUsed of a key never used answers its UserName, ServiceName "N/A" and
    Region "N/A", and no LastUsedDate."""
    user = make_user(ctx)
    key = make_access_key(ctx, user)["AccessKey"]
    reply = ctx.expect_ok(ctx.call("iam", "GetAccessKeyLastUsed", AccessKeyId=key["AccessKeyId"]))
    used = reply.get("AccessKeyLastUsed") or {}
    ctx.equal((reply.get("UserName"), used.get("ServiceName"), used.get("Region"), used.get("LastUsedDate")),
              (user, "N/A", "N/A", None), "(UserName, ServiceName, Region, LastUsedDate)", reply)


@scenario(id="iam/scenario/access-keys/create-for-missing-user", feature=F, operations=["CreateAccessKey"],
          provenance=api("CreateAccessKey"))
def create_for_missing_user(ctx: CaseContext) -> None:
    """CreateAccessKey for a user that does not exist is refused with 404 NoSuchEntity."""
    reply = make_access_key(ctx, ctx.name("absent", max_len=64), fixture=False)
    ctx.expect_error(reply, "NoSuchEntity", 404)


@scenario(id="iam/scenario/access-keys/invalid-status-refused", feature=F, operations=["UpdateAccessKey"],
          provenance=api("UpdateAccessKey"))
def invalid_status_refused(ctx: CaseContext) -> None:
    """UpdateAccessKey with a Status outside its enumeration is refused with 400 ValidationError."""
    user = make_user(ctx)
    key = make_access_key(ctx, user)["AccessKey"]
    reply = ctx.call("iam", "UpdateAccessKey", UserName=user, AccessKeyId=key["AccessKeyId"], Status="Sleeping")
    ctx.expect_error(reply, "ValidationError", 400)


@scenario(id="iam/scenario/access-keys/key-authenticates-as-user", feature=F,
          operations=["CreateAccessKey", "GetCallerIdentity"], provenance=api("CreateAccessKey"), timeout=60.0)
def key_authenticates_as_user(ctx: CaseContext) -> None:
    """Requests signed with a new access key are made as its user: GetCallerIdentity answers the
    user's ARN and UserId."""
    user, key = user_with_key(ctx)
    got = ctx.expect_ok(ctx.call("iam", "GetUser", UserName=user)).get("User") or {}
    who = wait_usable(ctx, key)
    ctx.equal((who.get("Arn"), who.get("UserId")), (got.get("Arn"), got.get("UserId")), "(Arn, UserId)", who)
