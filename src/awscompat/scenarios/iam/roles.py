"""IAM roles: create, get, list, trust policies, tags, session duration, deletion rules."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    EC2_TRUST,
    allow,
    api,
    attach,
    create_role,
    listed,
    make_policy,
    make_role,
    put_inline,
    rec,
)
from awscompat.scenarios.sqs._resources import identity

F = "iam/roles"
CREATE = "TestIAMIntegrations::test_create_describe_role"
LAMBDA_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def _doc(value) -> dict:
    """A policy document as botocore answers it (decoded) or as a JSON string."""
    return json.loads(value) if isinstance(value, str) else value


def _get(ctx: CaseContext, name: str) -> dict:
    return ctx.expect_ok(ctx.call("iam", "GetRole", RoleName=name)).get("Role") or {}


@scenario(id="iam/scenario/roles/create-role-answer", feature=F, operations=["CreateRole"],
          provenance=rec(CREATE, "create_role_result"))
def create_role_answer(ctx: CaseContext) -> None:
    """CreateRole answers the Role: Arn ...:role<path><name>, Path, RoleName, RoleId, CreateDate
    and the trust policy as given."""
    name, path = ctx.name("r", max_len=64), f"/{ctx.ns.prefix}roles/"
    role = ctx.expect_ok(create_role(ctx, name, EC2_TRUST, fixture=False, Path=path)).get("Role") or {}
    who = identity(ctx)
    arn = f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:role{path}{name}"
    ctx.equal((role.get("Arn"), role.get("Path"), role.get("RoleName"), _doc(role.get("AssumeRolePolicyDocument"))),
              (arn, path, name, EC2_TRUST), "(Arn, Path, RoleName, AssumeRolePolicyDocument)")
    ctx.check(role.get("RoleId") and role.get("CreateDate"), "RoleId or CreateDate missing",
              expected="RoleId and CreateDate", observed=role)


@scenario(id="iam/scenario/roles/get-role-defaults", feature=F, operations=["GetRole"],
          provenance=rec(CREATE, "get_role_result"))
def get_role_defaults(ctx: CaseContext) -> None:
    """GetRole of a new role answers MaxSessionDuration 3600, the trust policy, and RoleLastUsed."""
    role = make_role(ctx)
    got = _get(ctx, role["RoleName"])
    ctx.equal((got.get("MaxSessionDuration"), _doc(got.get("AssumeRolePolicyDocument")), got.get("RoleId")),
              (3600, EC2_TRUST, role["RoleId"]), "(MaxSessionDuration, AssumeRolePolicyDocument, RoleId)")
    ctx.check("RoleLastUsed" in got, "GetRole has no RoleLastUsed", expected="RoleLastUsed", observed=sorted(got))


@scenario(id="iam/scenario/roles/list-by-path-prefix", feature=F, operations=["ListRoles"],
          provenance=rec(CREATE, "list_roles_result"))
def list_by_path_prefix(ctx: CaseContext) -> None:
    """ListRoles with the role's PathPrefix lists exactly it (IsTruncated false, MaxSessionDuration 3600)."""
    path = f"/{ctx.name('path')}/"
    role = make_role(ctx, Path=path)
    reply = listed(ctx, "ListRoles", "Roles", "RoleName", [role["RoleName"]], PathPrefix=path)
    roles = reply.get("Roles") or []
    ctx.equal(([r.get("RoleName") for r in roles], reply.get("IsTruncated"), [r.get("MaxSessionDuration") for r in roles]),
              ([role["RoleName"]], False, [3600]), "(roles, IsTruncated, MaxSessionDuration)", reply)


@scenario(id="iam/scenario/roles/update-trust-policy", feature=F, operations=["UpdateAssumeRolePolicy", "GetRole"],
          provenance=rec("TestIAMIntegrations::test_update_assume_role_policy", "updated_policy"))
def update_trust_policy(ctx: CaseContext) -> None:
    """UpdateAssumeRolePolicy answers 200 and GetRole then shows the new trust policy."""
    role = make_role(ctx)
    ctx.expect_ok(ctx.call("iam", "UpdateAssumeRolePolicy", RoleName=role["RoleName"],
                           PolicyDocument=json.dumps(LAMBDA_TRUST)))
    ctx.equal(_doc(_get(ctx, role["RoleName"]).get("AssumeRolePolicyDocument")), LAMBDA_TRUST, "trust policy")


@scenario(id="iam/scenario/roles/malformed-trust-policy", feature=F, operations=["CreateRole"],
          provenance=rec("TestIAMExtensions::test_create_role_with_malformed_assume_role_policy_document",
                         "invalid-json"))
def malformed_trust_policy(ctx: CaseContext) -> None:
    """A trust policy that is not JSON is refused with 400 MalformedPolicyDocument."""
    reply = create_role(ctx, ctx.name("r", max_len=64), '{"Version": "2012-10-17", "Statement": [', fixture=False)
    ctx.expect_error(reply, "MalformedPolicyDocument", 400)


@scenario(id="iam/scenario/roles/tags", feature=F, operations=["CreateRole", "GetRole", "ListRoles"],
          provenance=rec("TestRoles::test_role_with_tags", "get-role-response"))
def tags(ctx: CaseContext) -> None:
    """Tags given to CreateRole are in the CreateRole and GetRole answers."""
    role = make_role(ctx, Tags=[{"Key": "test", "Value": "value"}])
    ctx.equal((role.get("Tags"), _get(ctx, role["RoleName"]).get("Tags")),
              ([{"Key": "test", "Value": "value"}],) * 2, "Tags (CreateRole, GetRole)")


@scenario(id="iam/scenario/roles/list-roles-omits-tags", feature=F, operations=["ListRoles"],
          provenance=rec("TestRoles::test_role_with_tags", "list-role-response"))
def list_roles_omits_tags(ctx: CaseContext) -> None:
    """ListRoles entries do not carry the roles' tags."""
    path = f"/{ctx.name('path')}/"
    role = make_role(ctx, Path=path, Tags=[{"Key": "test", "Value": "value"}])
    reply = listed(ctx, "ListRoles", "Roles", "RoleName", [role["RoleName"]], PathPrefix=path)
    ctx.equal([r.get("Tags") for r in reply.get("Roles") or []], [None], "Tags in ListRoles", reply)


@scenario(id="iam/scenario/roles/duplicate-refused", feature=F, operations=["CreateRole"],
          provenance=api("CreateRole"))
def duplicate_refused(ctx: CaseContext) -> None:
    """Creating a role whose name exists is refused with 409 EntityAlreadyExists."""
    role = make_role(ctx)
    reply = ctx.call("iam", "CreateRole", RoleName=role["RoleName"], AssumeRolePolicyDocument=json.dumps(EC2_TRUST))
    ctx.expect_error(reply, "EntityAlreadyExists", 409)


@scenario(id="iam/scenario/roles/delete-with-policy-conflict", feature=F, operations=["DeleteRole"],
          provenance=api("DeleteRole"))
def delete_with_policy_conflict(ctx: CaseContext) -> None:
    """A role with an attached managed policy cannot be deleted: 409 DeleteConflict."""
    role = make_role(ctx)
    attach(ctx, "role", role["RoleName"], make_policy(ctx))
    ctx.expect_error(ctx.call("iam", "DeleteRole", RoleName=role["RoleName"]), "DeleteConflict", 409)


@scenario(id="iam/scenario/roles/delete-with-inline-conflict", feature=F, operations=["DeleteRole"],
          provenance=api("DeleteRole"))
def delete_with_inline_conflict(ctx: CaseContext) -> None:
    """A role with an inline policy cannot be deleted: 409 DeleteConflict."""
    role = make_role(ctx)
    put_inline(ctx, "role", role["RoleName"], "inline1", allow("s3:ListBucket"))
    ctx.expect_error(ctx.call("iam", "DeleteRole", RoleName=role["RoleName"]), "DeleteConflict", 409)


@scenario(id="iam/scenario/roles/update-max-session-duration", feature=F, operations=["UpdateRole", "GetRole"],
          provenance=api("UpdateRole"))
def update_max_session_duration(ctx: CaseContext) -> None:
    """UpdateRole MaxSessionDuration=7200 is read back by GetRole."""
    role = make_role(ctx)
    ctx.expect_ok(ctx.call("iam", "UpdateRole", RoleName=role["RoleName"], MaxSessionDuration=7200))
    ctx.equal(_get(ctx, role["RoleName"]).get("MaxSessionDuration"), 7200, "MaxSessionDuration")


def _duration_case(sid: str, value: int) -> None:
    def case(ctx: CaseContext) -> None:
        reply = create_role(ctx, ctx.name("r", max_len=64), fixture=False, MaxSessionDuration=value)
        ctx.expect_error(reply, "ValidationError", 400)

    case.__doc__ = f"MaxSessionDuration={value} (outside 3600..43200) is refused with 400 ValidationError."
    scenario(id=f"iam/scenario/roles/{sid}", feature=F, operations=["CreateRole"], provenance=api("CreateRole"))(case)


_duration_case("max-session-below-minimum", 3599)
_duration_case("max-session-above-maximum", 43201)


@scenario(id="iam/scenario/roles/inline-policy-roundtrip", feature=F, operations=["PutRolePolicy", "GetRolePolicy"],
          provenance=rec("TestIAMPolicyEncoding::test_put_role_policy_encoding", "get-policy-response"))
def inline_policy_roundtrip(ctx: CaseContext) -> None:
    """GetRolePolicy answers RoleName, PolicyName and the document as put."""
    role = make_role(ctx)
    document = allow("s3:GetObject", resource="arn:aws:s3:::bucket/key%3Awith%2Fencoding")
    put_inline(ctx, "role", role["RoleName"], "inline1", document)
    got = ctx.expect_ok(ctx.call("iam", "GetRolePolicy", RoleName=role["RoleName"], PolicyName="inline1"))
    ctx.equal((got.get("RoleName"), got.get("PolicyName"), _doc(got.get("PolicyDocument"))),
              (role["RoleName"], "inline1", document), "(RoleName, PolicyName, PolicyDocument)", got)


@scenario(id="iam/scenario/roles/deleted-role-gone", feature=F, operations=["DeleteRole", "GetRole"],
          provenance=rec("TestIAMExtensions::test_role_with_path_lifecycle", "delete-role-response"))
def deleted_role_gone(ctx: CaseContext) -> None:
    """DeleteRole answers 200; GetRole of the name then answers 404 NoSuchEntity."""
    role = make_role(ctx, Path=f"/{ctx.ns.prefix}x/")
    ctx.expect_ok(ctx.call("iam", "DeleteRole", RoleName=role["RoleName"]))
    ctx.expect_error(ctx.call("iam", "GetRole", RoleName=role["RoleName"]), "NoSuchEntity", 404)


@scenario(id="iam/scenario/roles/attach-role-policy", feature=F,
          operations=["AttachRolePolicy", "ListAttachedRolePolicies"],
          provenance=rec("TestIAMIntegrations::test_role_attach_policy", "valid_policy_arn"))
def attach_role_policy(ctx: CaseContext) -> None:
    """AttachRolePolicy answers 200 and ListAttachedRolePolicies lists the policy."""
    role = make_role(ctx)
    arn = make_policy(ctx)
    ctx.expect_ok(attach(ctx, "role", role["RoleName"], arn, fixture=False))
    reply = ctx.expect_ok(ctx.call("iam", "ListAttachedRolePolicies", RoleName=role["RoleName"]))
    ctx.equal([p.get("PolicyArn") for p in reply.get("AttachedPolicies") or []], [arn], "attached policies", reply)
