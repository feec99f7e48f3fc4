"""IAM managed-policy cases that stay Python: the create answer's ARN (account from STS), creates and
attachments under test (ledgered first), five versions made in a loop, ListPolicies polled. The
other policy cases are data: cases/iam/policies.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    allow,
    api,
    attach,
    create_policy,
    make_policy,
    make_user,
    rec,
)
from awscompat.scenarios.sqs._resources import identity

F = "iam/policies"
USER_ATTACH = "TestIAMIntegrations::test_user_attach_policy"
V2 = allow("s3:GetObject")



def _version(ctx: CaseContext, arn: str, document: dict, default: bool = False) -> dict:
    reply = ctx.fixture("iam", "CreatePolicyVersion", PolicyArn=arn, PolicyDocument=json.dumps(document),
                        SetAsDefault=default)
    return reply["PolicyVersion"]


def _policy(ctx: CaseContext, arn: str) -> dict:
    return ctx.expect_ok(ctx.call("iam", "GetPolicy", PolicyArn=arn)).get("Policy") or {}


@scenario(id="iam/scenario/policies/create-policy-answer", feature=F, operations=["CreatePolicy"],
          provenance=rec(USER_ATTACH, "create_policy_response"))
def create_policy_answer(ctx: CaseContext) -> None:
    """CreatePolicy answers the Policy: Arn ...:policy/<name>, DefaultVersionId v1,
    AttachmentCount 0, IsAttachable true, Path "/", PermissionsBoundaryUsageCount 0."""
    name = ctx.name("p", max_len=128)
    policy = ctx.expect_ok(create_policy(ctx, name, fixture=False)).get("Policy") or {}
    who = identity(ctx)
    keys = ("Arn", "DefaultVersionId", "AttachmentCount", "IsAttachable", "Path", "PermissionsBoundaryUsageCount",
            "PolicyName")
    ctx.equal({k: policy.get(k) for k in keys},
              {"Arn": f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:policy/{name}", "DefaultVersionId": "v1",
               "AttachmentCount": 0, "IsAttachable": True, "Path": "/", "PermissionsBoundaryUsageCount": 0,
               "PolicyName": name}, "Policy")


def _malformed_case(sid: str, doc: str, document: str) -> None:
    def case(ctx: CaseContext) -> None:
        reply = create_policy(ctx, ctx.name("p", max_len=128), document, fixture=False)
        ctx.expect_error(reply, "MalformedPolicyDocument", 400)

    case.__doc__ = doc
    scenario(id=f"iam/scenario/policies/{sid}", feature=F, operations=["CreatePolicy"],
             provenance=api("CreatePolicy"))(case)


_malformed_case("malformed-json", "A policy document that is not JSON is refused with 400 MalformedPolicyDocument.",
                '{"Version": "2012-10-17", "Statement": [')
_malformed_case("invalid-effect", "A statement whose Effect is neither Allow nor Deny is refused with 400 "
                "MalformedPolicyDocument.", json.dumps(allow("s3:ListBucket", effect="Maybe")))
_malformed_case("no-statement", "A policy document without a Statement is refused with 400 "
                "MalformedPolicyDocument.", json.dumps({"Version": "2012-10-17"}))


@scenario(id="iam/scenario/policies/sixth-version-limit", feature=F, operations=["CreatePolicyVersion"],
          provenance=api("CreatePolicyVersion"))
def sixth_version_limit(ctx: CaseContext) -> None:
    """A managed policy has at most five versions: the sixth is refused with 409 LimitExceeded."""
    arn = make_policy(ctx)
    for n in range(4):
        _version(ctx, arn, allow(f"s3:GetObject{n}"))
    reply = ctx.call("iam", "CreatePolicyVersion", PolicyArn=arn, PolicyDocument=json.dumps(V2))
    ctx.expect_error(reply, "LimitExceeded", 409)


@scenario(id="iam/scenario/policies/attach-user-counts", feature=F,
          operations=["AttachUserPolicy", "ListAttachedUserPolicies", "GetPolicy"],
          provenance=rec(USER_ATTACH, "valid_policy_arn"))
def attach_user_counts(ctx: CaseContext) -> None:
    """AttachUserPolicy answers 200; the user lists the policy and its AttachmentCount becomes 1."""
    user, arn = make_user(ctx), make_policy(ctx)
    ctx.expect_ok(attach(ctx, "user", user, arn, fixture=False))
    reply = ctx.expect_ok(ctx.call("iam", "ListAttachedUserPolicies", UserName=user))
    ctx.equal([p.get("PolicyArn") for p in reply.get("AttachedPolicies") or []], [arn], "attached policies", reply)
    ctx.equal(_policy(ctx, arn).get("AttachmentCount"), 1, "AttachmentCount")


def _attach_error_case(sid: str, doc: str, step: str, code: str, status: int, arn) -> None:
    def case(ctx: CaseContext) -> None:
        user = make_user(ctx)
        ctx.expect_error(attach(ctx, "user", user, arn(ctx), fixture=False), code, status)

    case.__doc__ = doc
    scenario(id=f"iam/scenario/policies/{sid}", feature=F, operations=["AttachUserPolicy"],
             provenance=rec(USER_ATTACH, step))(case)


def _absent_policy_arn(ctx: CaseContext) -> str:
    who = identity(ctx)
    return f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:policy/{ctx.name('absent')}"


_attach_error_case("attach-missing-policy", "Attaching a policy ARN that does not exist is refused with 404 "
                   "NoSuchEntity.", "valid_arn_not_existent", "NoSuchEntity", 404, _absent_policy_arn)
_attach_error_case("attach-malformed-arn", "Attaching something that is not an ARN is refused with 400 "
                   "ValidationError.", "non_existent_malformed_policy_arn", "ValidationError", 400,
                   lambda ctx: ctx.name("not-an-arn"))
_attach_error_case("attach-by-name-refused", "Attaching a policy by its name instead of its ARN is refused with "
                   "400 ValidationError.", "existing_policy_name_provided", "ValidationError", 400,
                   lambda ctx: make_policy(ctx).rsplit("/", 1)[1])
