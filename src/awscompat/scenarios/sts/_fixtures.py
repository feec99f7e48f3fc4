"""Shared set-up for STS scenarios: roles this account may assume (built with the IAM fixtures,
so they are ledgered and removed the same way), sessions, and checks of credential lifetimes."""

from __future__ import annotations

from datetime import UTC, datetime

from awscompat.catalog import docs, recorded
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.iam._fixtures import account_trust, assume, make_role, session_key

REF = "sts/test_sts.snapshot.json"
API = "https://docs.aws.amazon.com/STS/latest/APIReference/API_{}.html"
TAG_TRUST_ACTIONS = ["sts:AssumeRole", "sts:TagSession"]


def rec(test: str, step: str) -> Provenance:
    """A recorded answer of tests/aws/services/sts/test_sts.py (test = 'Class::test')."""
    return recorded(REF, "tests/aws/services/sts/test_sts.py::" + test, step)


def api(operation: str) -> Provenance:
    return docs(API.format(operation))


def guide(page: str) -> Provenance:
    return docs(f"https://docs.aws.amazon.com/IAM/latest/UserGuide/{page}.html")


def assumable_role(ctx: CaseContext, *, tagging: bool = False, **extra) -> dict:
    """A role whose trust policy lets this account assume it (and tag sessions, if asked)."""
    trust = account_trust(ctx)
    if tagging:
        trust["Statement"][0]["Action"] = TAG_TRUST_ACTIONS
    return make_role(ctx, trust=trust, **extra)


def assumed(ctx: CaseContext, role: dict | None = None, session: str = "awscompat", **params) -> tuple[dict, dict]:
    """Assume a role (a new assumable one unless given) as set-up; answers (role, AssumeRole answer)."""
    role = role or assumable_role(ctx)
    reply = assume(ctx, role["Arn"], session, **params)
    ctx.expect_ok(reply, "AssumeRole")
    return role, reply.parsed


def session_client_key(answer: dict) -> dict:
    return session_key(answer["Credentials"])


def lifetime(credentials: dict) -> float:
    """Seconds from now until the credentials expire."""
    expiration = credentials.get("Expiration")
    if isinstance(expiration, str):
        expiration = datetime.fromisoformat(expiration.replace("Z", "+00:00"))
    if not isinstance(expiration, datetime):
        return -1.0
    if expiration.tzinfo is None:
        expiration = expiration.replace(tzinfo=UTC)
    return (expiration - datetime.now(UTC)).total_seconds()


def check_lifetime(ctx: CaseContext, credentials: dict, seconds: int, reply: Reply | None = None) -> None:
    """The credentials expire `seconds` from now (within five minutes, for clock skew)."""
    left = lifetime(credentials)
    ctx.check(abs(left - seconds) <= 300, f"credentials expire in {left:.0f} s, not {seconds} s",
              expected=f"{seconds} s", observed=f"{left:.0f} s", reply=reply)


def check_credentials(ctx: CaseContext, credentials: dict, reply: Reply | None = None) -> None:
    missing = [k for k in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration") if not credentials.get(k)]
    ctx.equal(missing, [], "Credentials members missing", reply)
