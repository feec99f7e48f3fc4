"""IAM role cases that stay Python: the create answer's ARN (account from STS GetCallerIdentity),
ListRoles polled until a role shows, tags compared in the create answer, a path in the run's
namespace, an attachment ledgered before its call under test. The other role cases are data:
cases/iam/roles.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    EC2_TRUST,
    attach,
    create_role,
    make_policy,
    make_role,
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


@scenario(id="iam/scenario/roles/tags", feature=F, operations=["CreateRole", "GetRole", "ListRoles"],
          provenance=rec("TestRoles::test_role_with_tags", "get-role-response"))
def tags(ctx: CaseContext) -> None:
    """Tags given to CreateRole are in the CreateRole and GetRole answers."""
    role = make_role(ctx, Tags=[{"Key": "test", "Value": "value"}])
    ctx.equal((role.get("Tags"), _get(ctx, role["RoleName"]).get("Tags")),
              ([{"Key": "test", "Value": "value"}],) * 2, "Tags (CreateRole, GetRole)")


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
