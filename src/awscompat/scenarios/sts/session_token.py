"""STS GetSessionToken: the answer, default and requested durations, who may call it."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.iam._fixtures import key_client, user_with_key
from awscompat.scenarios.sts._fixtures import (
    api,
    assumed,
    check_credentials,
    check_lifetime,
    session_client_key,
)

F = "sts/session-token"
GET = api("GetSessionToken")


def _as_user(ctx: CaseContext, **params) -> Reply:
    """GetSessionToken signed with a new IAM user's long-term key."""
    _, key = user_with_key(ctx)
    return ctx.call_with("sts", "GetSessionToken", params, client=key_client(ctx, "sts", key))


@scenario(id="sts/scenario/session-token/answer-shape", feature=F, operations=["GetSessionToken"], provenance=GET,
          timeout=60.0)
def answer_shape(ctx: CaseContext) -> None:
    """GetSessionToken answers Credentials with AccessKeyId, SecretAccessKey, SessionToken and Expiration."""
    reply = ctx.expect_ok(_as_user(ctx))
    check_credentials(ctx, reply.get("Credentials") or {}, reply)


@scenario(id="sts/scenario/session-token/default-duration-twelve-hours", feature=F, operations=["GetSessionToken"],
          provenance=GET, timeout=60.0)
def default_duration_twelve_hours(ctx: CaseContext) -> None:
    """For an IAM user, the credentials last 12 hours (43200 s) by default."""
    reply = ctx.expect_ok(_as_user(ctx))
    check_lifetime(ctx, reply.get("Credentials") or {}, 43200, reply)


@scenario(id="sts/scenario/session-token/duration-seconds-honoured", feature=F, operations=["GetSessionToken"],
          provenance=GET, timeout=60.0)
def duration_seconds_honoured(ctx: CaseContext) -> None:
    """DurationSeconds=900 (the minimum) gives credentials that last 15 minutes."""
    reply = ctx.expect_ok(_as_user(ctx, DurationSeconds=900))
    check_lifetime(ctx, reply.get("Credentials") or {}, 900, reply)


@scenario(id="sts/scenario/session-token/maximum-duration", feature=F, operations=["GetSessionToken"],
          provenance=GET, timeout=60.0)
def maximum_duration(ctx: CaseContext) -> None:
    """DurationSeconds=129600 (36 hours, the maximum for an IAM user) is accepted and honoured."""
    reply = ctx.expect_ok(_as_user(ctx, DurationSeconds=129600))
    check_lifetime(ctx, reply.get("Credentials") or {}, 129600, reply)


@scenario(id="sts/scenario/session-token/not-with-session-credentials", feature=F, operations=["GetSessionToken"],
          provenance=GET, severity="advisory", timeout=60.0)
def not_with_session_credentials(ctx: CaseContext) -> None:
    """GetSessionToken must be called with long-term credentials: called with a role session's
    temporary credentials it is refused with 403 AccessDenied."""
    _, answer = assumed(ctx)
    sts = key_client(ctx, "sts", session_client_key(answer))
    ctx.expect_error(ctx.call_with("sts", "GetSessionToken", {}, client=sts), "AccessDenied", 403)
