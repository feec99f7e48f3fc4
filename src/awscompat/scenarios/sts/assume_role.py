"""STS AssumeRole: the answer, temporary credentials that work, durations, trust, session tags."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import EC2_TRUST, allow, key_client, make_role, put_inline
from awscompat.scenarios.sqs._resources import identity, poll
from awscompat.scenarios.sts._fixtures import (
    api,
    assumable_role,
    assumed,
    check_credentials,
    check_lifetime,
    guide,
    rec,
    session_client_key,
)

F = "sts/assume-role"
ASSUME = api("AssumeRole")
RECORDED = rec("TestSTSIntegrations::test_assume_role", "assume-role")
TAGGING = "TestSTSAssumeRoleTagging::test_assume_role_tag_validation"


@scenario(id="sts/scenario/assume-role/answer-shape", feature=F, operations=["AssumeRole"], provenance=RECORDED,
          timeout=60.0)
def answer_shape(ctx: CaseContext) -> None:
    """AssumeRole answers Credentials (AccessKeyId, SecretAccessKey, SessionToken, Expiration) and
    the AssumedRoleUser: Arn arn:<partition>:sts::<account>:assumed-role/<role>/<session> and
    AssumedRoleId <RoleId>:<session>."""
    role, answer = assumed(ctx, session="awscompat-session")
    check_credentials(ctx, answer.get("Credentials") or {})
    who = identity(ctx)
    user = answer.get("AssumedRoleUser") or {}
    arn = f"arn:{who['Arn'].split(':')[1]}:sts::{who['Account']}:assumed-role/{role['RoleName']}/awscompat-session"
    ctx.equal((user.get("Arn"), user.get("AssumedRoleId")), (arn, f"{role['RoleId']}:awscompat-session"),
              "AssumedRoleUser (Arn, AssumedRoleId)")


@scenario(id="sts/scenario/assume-role/credentials-work", feature=F, operations=["AssumeRole", "ListQueues"],
          provenance=ASSUME, timeout=60.0)
def credentials_work(ctx: CaseContext) -> None:
    """The temporary credentials of a role allowed sqs:ListQueues can call SQS ListQueues."""
    role = assumable_role(ctx)
    put_inline(ctx, "role", role["RoleName"], "sqs", allow("sqs:ListQueues"))
    _, answer = assumed(ctx, role)
    sqs = key_client(ctx, "sqs", session_client_key(answer))
    # the role's new policy reaches its sessions within seconds (eventual consistency)
    reply = poll(ctx, lambda: ctx.call_with("sqs", "ListQueues", {"QueueNamePrefix": ctx.ns.prefix}, client=sqs),
                 lambda r: r.ok, within=20.0, interval=1.0)
    ctx.expect_ok(reply, "ListQueues with the role's temporary credentials")


@scenario(id="sts/scenario/assume-role/default-duration-one-hour", feature=F, operations=["AssumeRole"],
          provenance=ASSUME, timeout=60.0)
def default_duration_one_hour(ctx: CaseContext) -> None:
    """Without DurationSeconds, the credentials last one hour."""
    _, answer = assumed(ctx)
    check_lifetime(ctx, answer.get("Credentials") or {}, 3600)


@scenario(id="sts/scenario/assume-role/duration-seconds-honoured", feature=F, operations=["AssumeRole"],
          provenance=ASSUME, timeout=60.0)
def duration_seconds_honoured(ctx: CaseContext) -> None:
    """DurationSeconds=900 (the minimum) gives credentials that last 15 minutes."""
    _, answer = assumed(ctx, DurationSeconds=900)
    check_lifetime(ctx, answer.get("Credentials") or {}, 900)


@scenario(id="sts/scenario/assume-role/longer-role-maximum", feature=F, operations=["AssumeRole"],
          provenance=ASSUME, timeout=60.0)
def longer_role_maximum(ctx: CaseContext) -> None:
    """A role with MaxSessionDuration 7200 can be assumed for 7200 seconds."""
    _, answer = assumed(ctx, assumable_role(ctx, MaxSessionDuration=7200), DurationSeconds=7200)
    check_lifetime(ctx, answer.get("Credentials") or {}, 7200)


@scenario(id="sts/scenario/assume-role/temporary-key-prefix", feature=F, operations=["AssumeRole"],
          provenance=guide("reference_identifiers"), severity="advisory", timeout=60.0)
def temporary_key_prefix(ctx: CaseContext) -> None:
    """Temporary (STS) access key ids begin with ASIA."""
    _, answer = assumed(ctx)
    key_id = (answer.get("Credentials") or {}).get("AccessKeyId") or ""
    ctx.check(key_id.startswith("ASIA"), "the temporary access key id does not begin with ASIA",
              expected="ASIA...", observed=key_id[:4])


@scenario(id="sts/scenario/assume-role/trust-policy-denies", feature=F, operations=["AssumeRole"],
          provenance=ASSUME, timeout=60.0)
def trust_policy_denies(ctx: CaseContext) -> None:
    """A role whose trust policy names only a service (ec2.amazonaws.com) cannot be assumed by a
    principal of the account: 403 AccessDenied."""
    role = make_role(ctx, trust=EC2_TRUST)
    reply = ctx.call("sts", "AssumeRole", RoleArn=role["Arn"], RoleSessionName="awscompat")
    ctx.expect_error(reply, "AccessDenied", 403)


@scenario(id="sts/scenario/assume-role/missing-role-denied", feature=F, operations=["AssumeRole"],
          provenance=ASSUME, severity="advisory", mutating=False)
def missing_role_denied(ctx: CaseContext) -> None:
    """AssumeRole of a role that does not exist is refused with 403 AccessDenied (existence is not revealed)."""
    who = identity(ctx)
    arn = f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:role/{ctx.name('absent', max_len=64)}"
    ctx.expect_error(ctx.call("sts", "AssumeRole", RoleArn=arn, RoleSessionName="awscompat"), "AccessDenied", 403)


@scenario(id="sts/scenario/assume-role/session-token-required", feature=F, operations=["AssumeRole"],
          provenance=guide("id_credentials_temp_use-resources"), severity="advisory", timeout=60.0)
def session_token_required(ctx: CaseContext) -> None:
    """Temporary credentials used without their session token are refused with 403 InvalidClientTokenId."""
    _, answer = assumed(ctx)
    key = session_client_key(answer)
    key["SessionToken"] = None
    reply = ctx.call_with("sts", "GetCallerIdentity", {}, client=key_client(ctx, "sts", key))
    ctx.expect_error(reply, "InvalidClientTokenId", 403)


@scenario(id="sts/scenario/assume-role/session-tags-accepted", feature=F, operations=["AssumeRole"],
          provenance=ASSUME, timeout=60.0)
def session_tags_accepted(ctx: CaseContext) -> None:
    """A role trusting sts:TagSession can be assumed with session Tags; the answer carries
    PackedPolicySize (the percentage of the size limit the tags use)."""
    _, answer = assumed(ctx, assumable_role(ctx, tagging=True), Tags=[{"Key": "team", "Value": "qa"}])
    ctx.check(isinstance(answer.get("PackedPolicySize"), int), "no PackedPolicySize with session tags",
              expected="PackedPolicySize", observed=sorted(answer))


def _tag_error_case(sid: str, doc: str, step: str, params: dict) -> None:
    def case(ctx: CaseContext) -> None:
        role = assumable_role(ctx, tagging=True)
        assumed(ctx, role)  # the role is assumable: the refusal below is about the tags
        reply = ctx.call("sts", "AssumeRole", RoleArn=role["Arn"], RoleSessionName="awscompat", **params)
        ctx.expect_error(reply, "InvalidParameterValue", 400)

    case.__doc__ = doc
    scenario(id=f"sts/scenario/assume-role/{sid}", feature=F, operations=["AssumeRole"],
             provenance=rec(TAGGING, step), timeout=60.0)(case)


_tag_error_case("transitive-key-not-in-tags", "A TransitiveTagKeys entry that is not one of the session Tags is "
                "refused with 400 InvalidParameterValue.", "invalid-transitive-tag-keys",
                {"Tags": [{"Key": "team", "Value": "qa"}], "TransitiveTagKeys": ["other"]})
_tag_error_case("duplicate-tag-keys-any-case", "Session tag keys are case-insensitive: two keys differing only in "
                "case are refused with 400 InvalidParameterValue.", "duplicate-tag-keys-different-casing",
                {"Tags": [{"Key": "team", "Value": "a"}, {"Key": "TEAM", "Value": "b"}]})
