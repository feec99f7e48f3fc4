"""STS GetCallerIdentity cases that stay Python: a field split out of the Arn, and calls signed with
other credentials (an IAM user's key, a role session, a session token). answer-shape is data:
cases/sts/caller-identity.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import deny, key_client, user_with_key
from awscompat.scenarios.sts._fixtures import api, assumed, rec, session_client_key

F = "sts/caller-identity"
GET = api("GetCallerIdentity")


def _identity_as(ctx: CaseContext, key: dict):
    return ctx.expect_ok(ctx.call_with("sts", "GetCallerIdentity", {}, client=key_client(ctx, "sts", key)))


@scenario(id="sts/scenario/caller-identity/account-in-arn", feature=F, operations=["GetCallerIdentity"],
          provenance=GET, mutating=False)
def account_in_arn(ctx: CaseContext) -> None:
    """The account field of the caller's Arn is the Account answered."""
    reply = ctx.expect_ok(ctx.call("sts", "GetCallerIdentity"))
    parts = (reply.get("Arn") or "").split(":")
    ctx.equal(parts[4] if len(parts) > 5 else None, reply.get("Account"), "account in the Arn", reply)


@scenario(id="sts/scenario/caller-identity/iam-user", feature=F, operations=["GetCallerIdentity"], provenance=GET,
          timeout=60.0)
def iam_user(ctx: CaseContext) -> None:
    """Signed with an IAM user's access key, GetCallerIdentity answers that user's Arn and UserId."""
    user, key = user_with_key(ctx)
    got = ctx.fixture("iam", "GetUser", UserName=user)["User"]
    reply = _identity_as(ctx, key)
    ctx.equal((reply.get("Arn"), reply.get("UserId")), (got["Arn"], got["UserId"]), "(Arn, UserId)", reply)


@scenario(id="sts/scenario/caller-identity/assumed-role", feature=F, operations=["AssumeRole", "GetCallerIdentity"],
          provenance=rec("TestSTSIntegrations::test_assume_role", "assume-role"), timeout=60.0)
def assumed_role(ctx: CaseContext) -> None:
    """Signed with a role session's credentials, GetCallerIdentity answers the assumed-role Arn
    and the AssumedRoleId of the AssumeRole answer."""
    _, answer = assumed(ctx)
    reply = _identity_as(ctx, session_client_key(answer))
    user = answer.get("AssumedRoleUser") or {}
    ctx.equal((reply.get("Arn"), reply.get("UserId")), (user.get("Arn"), user.get("AssumedRoleId")),
              "(Arn, UserId)", reply)


@scenario(id="sts/scenario/caller-identity/session-token", feature=F,
          operations=["GetSessionToken", "GetCallerIdentity"], provenance=api("GetSessionToken"), timeout=60.0)
def session_token(ctx: CaseContext) -> None:
    """Signed with GetSessionToken credentials of an IAM user, GetCallerIdentity answers the user's Arn."""
    user, key = user_with_key(ctx)
    sts = key_client(ctx, "sts", key)
    answer = ctx.expect_ok(ctx.call_with("sts", "GetSessionToken", {}, client=sts))
    reply = _identity_as(ctx, session_client_key(answer.parsed))
    ctx.equal(reply.get("Arn"), ctx.fixture("iam", "GetUser", UserName=user)["User"]["Arn"], "Arn", reply)


@scenario(id="sts/scenario/caller-identity/needs-no-permission", feature=F, operations=["GetCallerIdentity"],
          provenance=GET, timeout=60.0)
def needs_no_permission(ctx: CaseContext) -> None:
    """GetCallerIdentity needs no permission: it succeeds even for a user whose policy explicitly
    denies sts:GetCallerIdentity."""
    _, key = user_with_key(ctx, inline=[deny("sts:GetCallerIdentity")])
    _identity_as(ctx, key)
