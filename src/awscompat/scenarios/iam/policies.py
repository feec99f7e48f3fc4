"""IAM managed and inline policies: create, versions, default version, attach and detach."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    allow,
    api,
    attach,
    create_policy,
    listed,
    make_policy,
    make_user,
    put_inline,
    rec,
)
from awscompat.scenarios.sqs._resources import identity

F = "iam/policies"
USER_ATTACH = "TestIAMIntegrations::test_user_attach_policy"
V2 = allow("s3:GetObject")


def _doc(value) -> dict:
    return json.loads(value) if isinstance(value, str) else value


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


@scenario(id="iam/scenario/policies/get-version-document", feature=F, operations=["GetPolicyVersion"],
          provenance=api("GetPolicyVersion"))
def get_version_document(ctx: CaseContext) -> None:
    """GetPolicyVersion v1 answers the document as created, as the default version."""
    document = allow("s3:ListBucket", resource="arn:aws:s3:::example")
    arn = make_policy(ctx, document)
    version = ctx.expect_ok(ctx.call("iam", "GetPolicyVersion", PolicyArn=arn, VersionId="v1")).get("PolicyVersion")
    ctx.equal((_doc((version or {}).get("Document")), (version or {}).get("IsDefaultVersion")), (document, True),
              "(Document, IsDefaultVersion)")


@scenario(id="iam/scenario/policies/duplicate-refused", feature=F, operations=["CreatePolicy"],
          provenance=api("CreatePolicy"))
def duplicate_refused(ctx: CaseContext) -> None:
    """Creating a managed policy whose name exists (same path) is refused with 409 EntityAlreadyExists."""
    name = ctx.name("p", max_len=128)
    create_policy(ctx, name)
    reply = ctx.call("iam", "CreatePolicy", PolicyName=name, PolicyDocument=json.dumps(allow("s3:ListBucket")))
    ctx.expect_error(reply, "EntityAlreadyExists", 409)


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


@scenario(id="iam/scenario/policies/new-default-version", feature=F, operations=["CreatePolicyVersion", "GetPolicy"],
          provenance=api("CreatePolicyVersion"))
def new_default_version(ctx: CaseContext) -> None:
    """CreatePolicyVersion with SetAsDefault answers v2 as the default; GetPolicy then names v2."""
    arn = make_policy(ctx)
    reply = ctx.expect_ok(ctx.call("iam", "CreatePolicyVersion", PolicyArn=arn, PolicyDocument=json.dumps(V2),
                                   SetAsDefault=True))
    version = reply.get("PolicyVersion") or {}
    ctx.equal((version.get("VersionId"), version.get("IsDefaultVersion")), ("v2", True),
              "(VersionId, IsDefaultVersion)", reply)
    ctx.equal(_policy(ctx, arn).get("DefaultVersionId"), "v2", "DefaultVersionId")


@scenario(id="iam/scenario/policies/list-versions", feature=F, operations=["ListPolicyVersions"],
          provenance=api("ListPolicyVersions"))
def list_versions(ctx: CaseContext) -> None:
    """ListPolicyVersions lists v1 (default) and a v2 created without SetAsDefault."""
    arn = make_policy(ctx)
    _version(ctx, arn, V2)
    reply = ctx.expect_ok(ctx.call("iam", "ListPolicyVersions", PolicyArn=arn))
    ctx.equal(sorted((v.get("VersionId"), v.get("IsDefaultVersion")) for v in reply.get("Versions") or []),
              [("v1", True), ("v2", False)], "versions", reply)


@scenario(id="iam/scenario/policies/sixth-version-limit", feature=F, operations=["CreatePolicyVersion"],
          provenance=api("CreatePolicyVersion"))
def sixth_version_limit(ctx: CaseContext) -> None:
    """A managed policy has at most five versions: the sixth is refused with 409 LimitExceeded."""
    arn = make_policy(ctx)
    for n in range(4):
        _version(ctx, arn, allow(f"s3:GetObject{n}"))
    reply = ctx.call("iam", "CreatePolicyVersion", PolicyArn=arn, PolicyDocument=json.dumps(V2))
    ctx.expect_error(reply, "LimitExceeded", 409)


@scenario(id="iam/scenario/policies/delete-default-version-conflict", feature=F,
          operations=["DeletePolicyVersion"], provenance=api("DeletePolicyVersion"))
def delete_default_version_conflict(ctx: CaseContext) -> None:
    """The default version cannot be deleted with DeletePolicyVersion: 409 DeleteConflict."""
    arn = make_policy(ctx)
    reply = ctx.call("iam", "DeletePolicyVersion", PolicyArn=arn, VersionId="v1")
    ctx.expect_error(reply, "DeleteConflict", 409)


@scenario(id="iam/scenario/policies/set-default-version", feature=F, operations=["SetDefaultPolicyVersion"],
          provenance=api("SetDefaultPolicyVersion"))
def set_default_version(ctx: CaseContext) -> None:
    """SetDefaultPolicyVersion makes v2 the default version."""
    arn = make_policy(ctx)
    _version(ctx, arn, V2)
    ctx.expect_ok(ctx.call("iam", "SetDefaultPolicyVersion", PolicyArn=arn, VersionId="v2"))
    ctx.equal(_policy(ctx, arn).get("DefaultVersionId"), "v2", "DefaultVersionId")


@scenario(id="iam/scenario/policies/delete-with-versions-conflict", feature=F, operations=["DeletePolicy"],
          provenance=api("DeletePolicy"))
def delete_with_versions_conflict(ctx: CaseContext) -> None:
    """A managed policy that still has non-default versions cannot be deleted: 409 DeleteConflict."""
    arn = make_policy(ctx)
    _version(ctx, arn, V2)
    ctx.expect_error(ctx.call("iam", "DeletePolicy", PolicyArn=arn), "DeleteConflict", 409)


@scenario(id="iam/scenario/policies/delete-attached-conflict", feature=F, operations=["DeletePolicy"],
          provenance=api("DeletePolicy"))
def delete_attached_conflict(ctx: CaseContext) -> None:
    """A managed policy still attached to a user cannot be deleted: 409 DeleteConflict."""
    arn = make_policy(ctx)
    attach(ctx, "user", make_user(ctx), arn)
    ctx.expect_error(ctx.call("iam", "DeletePolicy", PolicyArn=arn), "DeleteConflict", 409)


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


@scenario(id="iam/scenario/policies/entities-for-policy", feature=F, operations=["ListEntitiesForPolicy"],
          provenance=api("ListEntitiesForPolicy"))
def entities_for_policy(ctx: CaseContext) -> None:
    """ListEntitiesForPolicy names the user the policy is attached to."""
    user, arn = make_user(ctx), make_policy(ctx)
    attach(ctx, "user", user, arn)
    reply = ctx.expect_ok(ctx.call("iam", "ListEntitiesForPolicy", PolicyArn=arn))
    ctx.equal([u.get("UserName") for u in reply.get("PolicyUsers") or []], [user], "PolicyUsers", reply)


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


@scenario(id="iam/scenario/policies/delete-missing-policy", feature=F, operations=["DeletePolicy"],
          provenance=rec("TestIAMIntegrations::test_delete_non_existent_policy_returns_no_such_entity",
                         "delete-non-existent-policy-exc"))
def delete_missing_policy(ctx: CaseContext) -> None:
    """DeletePolicy of a policy that does not exist is refused with 404 NoSuchEntity (fault Sender)."""
    reply = ctx.call("iam", "DeletePolicy", PolicyArn=_absent_policy_arn(ctx))
    ctx.expect_error(reply, "NoSuchEntity", 404)
    ctx.equal(reply.error.get("Type"), "Sender", "error Type", reply)


@scenario(id="iam/scenario/policies/detach-not-attached", feature=F, operations=["DetachUserPolicy"],
          provenance=api("DetachUserPolicy"))
def detach_not_attached(ctx: CaseContext) -> None:
    """Detaching a policy that is not attached to the user is refused with 404 NoSuchEntity."""
    user, arn = make_user(ctx), make_policy(ctx)
    ctx.expect_error(ctx.call("iam", "DetachUserPolicy", UserName=user, PolicyArn=arn), "NoSuchEntity", 404)


@scenario(id="iam/scenario/policies/user-inline-roundtrip", feature=F,
          operations=["PutUserPolicy", "GetUserPolicy", "ListUserPolicies"],
          provenance=rec("TestIAMPolicyEncoding::test_put_user_policy_encoding", "get-policy-response"))
def user_inline_roundtrip(ctx: CaseContext) -> None:
    """GetUserPolicy answers UserName, PolicyName and the document as put; ListUserPolicies names it."""
    user = make_user(ctx)
    document = allow("s3:GetObject", resource="arn:aws:s3:::bucket/key%3Awith%2Fencoding")
    put_inline(ctx, "user", user, "inline1", document)
    got = ctx.expect_ok(ctx.call("iam", "GetUserPolicy", UserName=user, PolicyName="inline1"))
    ctx.equal((got.get("UserName"), got.get("PolicyName"), _doc(got.get("PolicyDocument"))),
              (user, "inline1", document), "(UserName, PolicyName, PolicyDocument)", got)
    listed = ctx.expect_ok(ctx.call("iam", "ListUserPolicies", UserName=user))
    ctx.equal(listed.get("PolicyNames"), ["inline1"], "PolicyNames", listed)


@scenario(id="iam/scenario/policies/list-local-by-path", feature=F, operations=["ListPolicies"],
          provenance=api("ListPolicies"))
def list_local_by_path(ctx: CaseContext) -> None:
    """ListPolicies Scope=Local with a PathPrefix lists exactly the customer managed policies under it."""
    path = f"/{ctx.name('path')}/"
    arns = sorted(make_policy(ctx, Path=path) for _ in range(2))
    reply = listed(ctx, "ListPolicies", "Policies", "Arn", arns, Scope="Local", PathPrefix=path)
    ctx.equal(sorted(p.get("Arn") for p in reply.get("Policies") or []), arns, "policies listed", reply)
