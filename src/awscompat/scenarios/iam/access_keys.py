"""IAM access-key cases that stay Python: a CreateAccessKey under test (ledgered first) and a key
used to sign. The other access-key cases are data: cases/iam/access-keys.yaml."""

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


@scenario(id="iam/scenario/access-keys/third-key-limit", feature=F, operations=["CreateAccessKey"],
          provenance=QUOTAS)
def third_key_limit(ctx: CaseContext) -> None:
    """A user has at most two access keys: the third is refused with 409 LimitExceeded."""
    user = make_user(ctx)
    make_access_key(ctx, user)
    make_access_key(ctx, user)
    ctx.expect_error(make_access_key(ctx, user, fixture=False), "LimitExceeded", 409)


@scenario(id="iam/scenario/access-keys/create-for-missing-user", feature=F, operations=["CreateAccessKey"],
          provenance=api("CreateAccessKey"))
def create_for_missing_user(ctx: CaseContext) -> None:
    """CreateAccessKey for a user that does not exist is refused with 404 NoSuchEntity."""
    reply = make_access_key(ctx, ctx.name("absent", max_len=64), fixture=False)
    ctx.expect_error(reply, "NoSuchEntity", 404)


@scenario(id="iam/scenario/access-keys/key-authenticates-as-user", feature=F,
          operations=["CreateAccessKey", "GetCallerIdentity"], provenance=api("CreateAccessKey"), timeout=60.0)
def key_authenticates_as_user(ctx: CaseContext) -> None:
    """Requests signed with a new access key are made as its user: GetCallerIdentity answers the
    user's ARN and UserId."""
    user, key = user_with_key(ctx)
    got = ctx.expect_ok(ctx.call("iam", "GetUser", UserName=user)).get("User") or {}
    who = wait_usable(ctx, key)
    ctx.equal((who.get("Arn"), who.get("UserId")), (got.get("Arn"), got.get("UserId")), "(Arn, UserId)", who)
