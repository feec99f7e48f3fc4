"""IAM policy enforcement: requests signed with an IAM user's (or a role session's) keys are
allowed or denied as the policy evaluation logic says. Some AWS clones do not enforce IAM at all;
these scenarios are where that shows."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.iam._fixtures import (
    EVALUATION,
    account_trust,
    allow,
    api,
    assume,
    attach,
    deny,
    key_client,
    make_group,
    make_policy,
    make_role,
    make_user,
    put_inline,
    session_key,
    user_with_key,
)
from awscompat.scenarios.sqs._resources import poll

F = "iam/enforcement"
LIST_USERS = allow("iam:ListUsers")


def _list_users(ctx: CaseContext, key: dict) -> Reply:
    return ctx.call_with("iam", "ListUsers", {"MaxItems": 1}, client=key_client(ctx, "iam", key))


def _expect_denied(ctx: CaseContext, reply: Reply) -> None:
    ctx.expect_error(reply, "AccessDenied", 403, what="ListUsers as the restricted principal")


def _expect_allowed_eventually(ctx: CaseContext, key: dict) -> None:
    """An allow takes effect within seconds on AWS (eventual consistency): retry until it does."""
    reply = poll(ctx, lambda: _list_users(ctx, key), lambda r: r.ok, within=30.0, interval=1.0)
    ctx.expect_ok(reply, "ListUsers as a principal allowed to")


@scenario(id="iam/scenario/enforcement/implicit-deny", feature=F, operations=["ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def implicit_deny(ctx: CaseContext) -> None:
    """A user with no policies is denied: iam:ListUsers with its key answers 403 AccessDenied."""
    _, key = user_with_key(ctx)
    _expect_denied(ctx, _list_users(ctx, key))


@scenario(id="iam/scenario/enforcement/managed-allow-grants", feature=F, operations=["ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def managed_allow_grants(ctx: CaseContext) -> None:
    """An attached managed policy allowing iam:ListUsers lets the user list users."""
    _, key = user_with_key(ctx, policies=[LIST_USERS])
    _expect_allowed_eventually(ctx, key)


@scenario(id="iam/scenario/enforcement/inline-allow-grants", feature=F, operations=["ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def inline_allow_grants(ctx: CaseContext) -> None:
    """An inline user policy allowing iam:ListUsers lets the user list users."""
    _, key = user_with_key(ctx, inline=[LIST_USERS])
    _expect_allowed_eventually(ctx, key)


@scenario(id="iam/scenario/enforcement/explicit-deny-overrides-allow", feature=F, operations=["ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def explicit_deny_overrides_allow(ctx: CaseContext) -> None:
    """An explicit Deny overrides an Allow of the same action: 403 AccessDenied."""
    _, key = user_with_key(ctx, policies=[LIST_USERS], inline=[deny("iam:ListUsers")])
    _expect_denied(ctx, _list_users(ctx, key))


@scenario(id="iam/scenario/enforcement/other-action-not-allowed", feature=F, operations=["ListRoles"],
          provenance=EVALUATION, timeout=60.0)
def other_action_not_allowed(ctx: CaseContext) -> None:
    """An allow of iam:ListUsers does not allow iam:ListRoles: 403 AccessDenied."""
    _, key = user_with_key(ctx, policies=[LIST_USERS])
    _expect_allowed_eventually(ctx, key)
    reply = ctx.call_with("iam", "ListRoles", {"MaxItems": 1}, client=key_client(ctx, "iam", key))
    ctx.expect_error(reply, "AccessDenied", 403, what="ListRoles with only ListUsers allowed")


@scenario(id="iam/scenario/enforcement/group-deny-applies", feature=F, operations=["ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def group_deny_applies(ctx: CaseContext) -> None:
    """A Deny in a policy of the user's group overrides the user's own Allow: 403 AccessDenied."""
    group = make_group(ctx)
    put_inline(ctx, "group", group, "deny", deny("iam:ListUsers"))
    _, key = user_with_key(ctx, policies=[LIST_USERS], groups=[group])
    _expect_denied(ctx, _list_users(ctx, key))


@scenario(id="iam/scenario/enforcement/group-allow-grants", feature=F, operations=["ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def group_allow_grants(ctx: CaseContext) -> None:
    """A policy attached to the user's group applies to the user: the group's Allow grants."""
    group = make_group(ctx)
    attach(ctx, "group", group, make_policy(ctx, LIST_USERS))
    _, key = user_with_key(ctx, groups=[group])
    _expect_allowed_eventually(ctx, key)


@scenario(id="iam/scenario/enforcement/resource-scoped-allow", feature=F, operations=["GetUser"],
          provenance=EVALUATION, timeout=60.0)
def resource_scoped_allow(ctx: CaseContext) -> None:
    """An allow of iam:GetUser on one user's ARN does not allow GetUser of another user: 403
    AccessDenied."""
    other = make_user(ctx, "other")
    user, key = user_with_key(ctx)
    arn = ctx.fixture("iam", "GetUser", UserName=user)["User"]["Arn"]
    put_inline(ctx, "user", user, "self", allow("iam:GetUser", resource=arn))
    client = key_client(ctx, "iam", key)
    reply = poll(ctx, lambda: ctx.call_with("iam", "GetUser", {"UserName": user}, client=client), lambda r: r.ok,
                 within=30.0, interval=1.0)
    ctx.expect_ok(reply, "GetUser of itself")
    reply = ctx.call_with("iam", "GetUser", {"UserName": other}, client=client)
    ctx.expect_error(reply, "AccessDenied", 403, what="GetUser of another user")


@scenario(id="iam/scenario/enforcement/inactive-key-refused", feature=F, operations=["UpdateAccessKey"],
          provenance=api("UpdateAccessKey"), timeout=60.0)
def inactive_key_refused(ctx: CaseContext) -> None:
    """Once an access key is made Inactive, requests signed with it are refused with 403
    InvalidClientTokenId."""
    user, key = user_with_key(ctx)
    ctx.expect_ok(ctx.call("iam", "UpdateAccessKey", UserName=user, AccessKeyId=key["AccessKeyId"],
                           Status="Inactive"))
    sts = key_client(ctx, "sts", key)
    reply = poll(ctx, lambda: ctx.call_with("sts", "GetCallerIdentity", {}, client=sts), lambda r: not r.ok,
                 within=15.0, interval=1.0)
    ctx.expect_error(reply, "InvalidClientTokenId", 403)


@scenario(id="iam/scenario/enforcement/deleted-key-refused", feature=F, operations=["DeleteAccessKey"],
          provenance=api("DeleteAccessKey"), timeout=60.0)
def deleted_key_refused(ctx: CaseContext) -> None:
    """Once an access key is deleted, requests signed with it are refused with 403 InvalidClientTokenId."""
    user, key = user_with_key(ctx)
    ctx.expect_ok(ctx.call("iam", "DeleteAccessKey", UserName=user, AccessKeyId=key["AccessKeyId"]))
    sts = key_client(ctx, "sts", key)
    reply = poll(ctx, lambda: ctx.call_with("sts", "GetCallerIdentity", {}, client=sts), lambda r: not r.ok,
                 within=15.0, interval=1.0)
    ctx.expect_error(reply, "InvalidClientTokenId", 403)


@scenario(id="iam/scenario/enforcement/role-session-implicit-deny", feature=F, operations=["AssumeRole", "ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def role_session_implicit_deny(ctx: CaseContext) -> None:
    """Temporary credentials of a role with no permission policies are denied iam:ListUsers: 403
    AccessDenied."""
    role = make_role(ctx, trust=account_trust(ctx))
    key = session_key(ctx.expect_ok(assume(ctx, role["Arn"]), "AssumeRole")["Credentials"])
    _expect_denied(ctx, _list_users(ctx, key))


@scenario(id="iam/scenario/enforcement/session-policy-restricts", feature=F, operations=["AssumeRole", "ListUsers"],
          provenance=EVALUATION, timeout=60.0)
def session_policy_restricts(ctx: CaseContext) -> None:
    """A session policy passed to AssumeRole limits the session below the role's permissions:
    a role allowed iam:ListUsers, assumed with a session policy allowing only iam:ListRoles, is
    denied iam:ListUsers."""
    role = make_role(ctx, trust=account_trust(ctx))
    put_inline(ctx, "role", role["RoleName"], "list", LIST_USERS)
    reply = assume(ctx, role["Arn"], Policy=json.dumps(allow("iam:ListRoles")))
    key = session_key(ctx.expect_ok(reply, "AssumeRole")["Credentials"])
    _expect_denied(ctx, _list_users(ctx, key))
