"""IAM list pagination: MaxItems, IsTruncated and Marker, followed to the end (a loop over pages with
checks on each, repeated until new entities show). max-items-zero-refused is data:
cases/iam/pagination.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import (
    add_to_group,
    allow,
    api,
    attach,
    make_access_key,
    make_group,
    make_policy,
    make_role,
    make_user,
    put_inline,
)
from awscompat.scenarios.sqs._resources import poll

F = "iam/pagination"


def _walk(ctx: CaseContext, op: str, member: str, key: str, **params) -> list:
    """Page through op with MaxItems=1; every page holds at most one item, IsTruncated is true
    exactly when a Marker follows, and the last page has IsTruncated false. Answers the keys seen."""
    seen: list = []
    marker = None
    for _ in range(20):
        extra = {"Marker": marker} if marker else {}
        reply = ctx.expect_ok(ctx.call("iam", op, MaxItems=1, **params, **extra))
        items = reply.get(member) or []
        ctx.check(len(items) <= 1, f"{op} answered more than MaxItems=1 items", expected="<= 1",
                  observed=len(items), reply=reply)
        seen += [item.get(key) if isinstance(item, dict) else item for item in items]
        if not reply.get("IsTruncated"):
            ctx.check(not reply.get("Marker"), f"{op}: a Marker on the last page", expected="no Marker",
                      observed=reply.get("Marker"), reply=reply)
            return seen
        marker = reply.get("Marker")
        ctx.check(marker, f"{op}: IsTruncated without a Marker", expected="Marker", observed=reply.parsed,
                  reply=reply)
    ctx.fail(f"{op}: still truncated after 20 pages")
    return seen


def _path(ctx: CaseContext) -> str:
    return f"/{ctx.name('page')}/"


def _case(sid: str, op: str, doc: str, setup) -> None:
    def case(ctx: CaseContext) -> None:
        expected, member, key, params = setup(ctx)
        # IAM lists are eventually consistent: walk again until new entities show (bounded).
        seen = poll(ctx, lambda: sorted(_walk(ctx, op, member, key, **params)), lambda got: got == sorted(expected),
                    within=15.0, interval=1.0)
        ctx.equal(seen, sorted(expected), f"{op} items over all pages")

    case.__doc__ = doc
    scenario(id=f"iam/scenario/pagination/{sid}", feature=F, operations=[op], provenance=api(op), timeout=45.0)(case)


def _users(ctx):
    path = _path(ctx)
    return [make_user(ctx, Path=path) for _ in range(3)], "Users", "UserName", {"PathPrefix": path}


def _roles(ctx):
    path = _path(ctx)
    return [make_role(ctx, Path=path)["RoleName"] for _ in range(3)], "Roles", "RoleName", {"PathPrefix": path}


def _groups(ctx):
    path = _path(ctx)
    return [make_group(ctx, Path=path) for _ in range(3)], "Groups", "GroupName", {"PathPrefix": path}


def _policies(ctx):
    path = _path(ctx)
    return ([make_policy(ctx, Path=path) for _ in range(3)], "Policies", "Arn",
            {"PathPrefix": path, "Scope": "Local"})


def _keys(ctx):
    user = make_user(ctx)
    keys = [make_access_key(ctx, user)["AccessKey"]["AccessKeyId"] for _ in range(2)]
    return keys, "AccessKeyMetadata", "AccessKeyId", {"UserName": user}


def _attached(ctx):
    user = make_user(ctx)
    arns = [make_policy(ctx) for _ in range(3)]
    for arn in arns:
        attach(ctx, "user", user, arn)
    return arns, "AttachedPolicies", "PolicyArn", {"UserName": user}


def _inline(ctx):
    user = make_user(ctx)
    names = [f"inline{n}" for n in range(3)]
    for name in names:
        put_inline(ctx, "user", user, name, allow("s3:ListBucket"))
    return names, "PolicyNames", None, {"UserName": user}


def _versions(ctx):
    arn = make_policy(ctx)
    for n in range(2):
        ctx.fixture("iam", "CreatePolicyVersion", PolicyArn=arn, PolicyDocument=json.dumps(allow(f"s3:Get{n}")))
    return ["v1", "v2", "v3"], "Versions", "VersionId", {"PolicyArn": arn}


def _members(ctx):
    group = make_group(ctx)
    users = [make_user(ctx) for _ in range(3)]
    for user in users:
        add_to_group(ctx, user, group)
    return users, "Users", "UserName", {"GroupName": group}


_case("list-users", "ListUsers", "ListUsers with MaxItems=1 pages through every user under a path.", _users)
_case("list-roles", "ListRoles", "ListRoles with MaxItems=1 pages through every role under a path.", _roles)
_case("list-groups", "ListGroups", "ListGroups with MaxItems=1 pages through every group under a path.", _groups)
_case("list-policies", "ListPolicies", "ListPolicies (Local) with MaxItems=1 pages through every policy under a path.",
      _policies)
_case("list-access-keys", "ListAccessKeys", "ListAccessKeys with MaxItems=1 pages through both keys of a user.",
      _keys)
_case("list-attached-user-policies", "ListAttachedUserPolicies",
      "ListAttachedUserPolicies with MaxItems=1 pages through every attached policy.", _attached)
_case("list-user-policies", "ListUserPolicies",
      "ListUserPolicies with MaxItems=1 pages through every inline policy name.", _inline)
_case("list-policy-versions", "ListPolicyVersions",
      "ListPolicyVersions with MaxItems=1 pages through every version.", _versions)
_case("get-group-members", "GetGroup", "GetGroup with MaxItems=1 pages through every member.", _members)

