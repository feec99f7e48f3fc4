"""STS error cases that stay Python: AssumeRole parameters on a role of the case's own (polled until
assumable) and GetSessionToken durations (signed with a new IAM user's key). The malformed-ARN
cases are data: cases/sts/errors.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import key_client, user_with_key
from awscompat.scenarios.sts._fixtures import api, assumable_role, assumed, rec

F = "sts/errors"
INVALID = "TestSTSIntegrations::test_sts_invalid_parameters"


def _role_case(sid: str, doc: str, provenance, role_extra: dict | None = None, **params) -> None:
    def case(ctx: CaseContext) -> None:
        role = assumable_role(ctx, **(role_extra or {}))
        assumed(ctx, role)  # the role is assumable: the refusal below is about the parameter
        call = {"RoleSessionName": "awscompat", **params}
        reply = ctx.call("sts", "AssumeRole", RoleArn=role["Arn"], **call)
        ctx.expect_error(reply, "ValidationError", 400)

    case.__doc__ = doc
    scenario(id=f"sts/scenario/errors/{sid}", feature=F, operations=["AssumeRole"], provenance=provenance,
             timeout=60.0)(case)


_role_case("session-name-invalid-character", "A RoleSessionName with a character outside [\\w+=,.@-] ('Session1:2') "
           "is refused with 400 ValidationError.", rec(INVALID, "invalid-session-name"), RoleSessionName="Session1:2")
_role_case("session-name-too-short", "A RoleSessionName of one character (the minimum is 2) is refused with 400 "
           "ValidationError.", api("AssumeRole"), RoleSessionName="a")
_role_case("session-name-too-long", "A RoleSessionName longer than 64 characters is refused with 400 "
           "ValidationError.", api("AssumeRole"), RoleSessionName="s" * 65)
_role_case("duration-below-minimum", "AssumeRole with DurationSeconds=899 (the minimum is 900) is refused with 400 "
           "ValidationError.", api("AssumeRole"), DurationSeconds=899)
_role_case("duration-above-role-maximum", "AssumeRole with DurationSeconds above the role's MaxSessionDuration "
           "(3601 for the default 3600) fails with 400 ValidationError.", api("AssumeRole"), DurationSeconds=3601)
_role_case("duration-above-twelve-hours", "AssumeRole with DurationSeconds above 43200 (12 hours), on a role whose "
           "MaxSessionDuration is 43200, is refused with 400 ValidationError.", api("AssumeRole"),
           {"MaxSessionDuration": 43200}, DurationSeconds=43201)


def _token_case(sid: str, value: int) -> None:
    def case(ctx: CaseContext) -> None:
        _, key = user_with_key(ctx)
        sts = key_client(ctx, "sts", key)
        reply = ctx.call_with("sts", "GetSessionToken", {"DurationSeconds": value}, client=sts)
        ctx.expect_error(reply, "ValidationError", 400)

    case.__doc__ = f"GetSessionToken with DurationSeconds={value} (outside 900..129600) is refused with 400 " \
                   "ValidationError."
    scenario(id=f"sts/scenario/errors/{sid}", feature=F, operations=["GetSessionToken"],
             provenance=api("GetSessionToken"), timeout=60.0)(case)


_token_case("session-token-duration-below-minimum", 899)
_token_case("session-token-duration-above-maximum", 129601)
