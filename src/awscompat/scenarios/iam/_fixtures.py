"""Shared set-up for IAM cases (the recipes and senders of _recipes.py, the STS recipes, the Python
cases left): users, groups, roles, managed policies, access keys and instance profiles of the
case's own, each ledgered before it is created. Every link made
afterwards (a policy attached, a user added to a group, an inline policy, a key, a login
profile, a role in an instance profile) is ledgered as its own entry with the call that undoes
it, so teardown (newest first) detaches, removes and deletes the dependents before the user,
group, role or policy itself, in the order IAM requires."""

from __future__ import annotations

import json

from awscompat.engine.asother import client_as
from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError
from awscompat.engine.transport import Reply
from awscompat.scenarios.sqs._resources import call, create_tracked, identity, poll, track_static

EC2_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


def allow(*actions: str, resource: str = "*", effect: str = "Allow") -> dict:
    """A policy document with one statement."""
    return {"Version": "2012-10-17", "Statement": [{"Effect": effect, "Action": list(actions), "Resource": resource}]}


def account_trust(ctx: CaseContext) -> dict:
    """A trust policy that lets principals of this account assume the role."""
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": identity(ctx)["Account"]}, "Action": "sts:AssumeRole"}]}


def doc_json(document: dict | str) -> str:
    return document if isinstance(document, str) else json.dumps(document)


# -- principals ----------------------------------------------------------------------------------
def create_user(ctx: CaseContext, name: str, *, fixture: bool = True, **extra) -> Reply:
    params = {"UserName": name, **extra}
    track_static(ctx, "iam", "iam-user", name, "CreateUser", params, [call("iam", "DeleteUser", UserName=name)])
    return ctx.fixture("iam", "CreateUser", **params) if fixture else ctx.call("iam", "CreateUser", **params)


def make_user(ctx: CaseContext, hint: str = "u", **extra) -> str:
    name = ctx.name(hint, max_len=64)
    create_user(ctx, name, **extra)
    return name


def create_group(ctx: CaseContext, name: str, *, fixture: bool = True, **extra) -> Reply:
    params = {"GroupName": name, **extra}
    track_static(ctx, "iam", "iam-group", name, "CreateGroup", params, [call("iam", "DeleteGroup", GroupName=name)])
    return ctx.fixture("iam", "CreateGroup", **params) if fixture else ctx.call("iam", "CreateGroup", **params)


def create_role(ctx: CaseContext, name: str, trust: dict | str | None = None, *, fixture: bool = True,
                **extra) -> Reply:
    params = {"RoleName": name, "AssumeRolePolicyDocument": doc_json(trust or EC2_TRUST), **extra}
    track_static(ctx, "iam", "iam-role", name, "CreateRole", params, [call("iam", "DeleteRole", RoleName=name)])
    return ctx.fixture("iam", "CreateRole", **params) if fixture else ctx.call("iam", "CreateRole", **params)


def make_role(ctx: CaseContext, hint: str = "r", trust: dict | None = None, **extra) -> dict:
    """A role of this scenario's own; returns the Role of the CreateRole answer."""
    return create_role(ctx, ctx.name(hint, max_len=64), trust, **extra)["Role"]


# -- managed policies -------------------------------------------------------------------------------
def create_policy(ctx: CaseContext, name: str, document: dict | str | None = None, *, fixture: bool = True,
                  **extra) -> Reply:
    """CreatePolicy, ledgered first; teardown deletes the versions that are not the default, then
    the policy (its ARN, which holds the account id, is known only from the answer)."""
    params = {"PolicyName": name, "PolicyDocument": doc_json(document or allow("s3:ListBucket")), **extra}

    def lookup() -> list[dict]:
        who = ctx.transport.call("sts", "GetCallerIdentity", {})
        if not who.ok:
            return []
        arn = f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:policy{extra.get('Path', '/')}{name}"
        return [call("iam", "DeletePolicy", PolicyArn=arn)]

    def versions(parsed: dict) -> list[dict]:
        arn = parsed["Policy"]["Arn"]
        listed = ctx.transport.call("iam", "ListPolicyVersions", {"PolicyArn": arn})
        found = (listed.get("Versions") or []) if listed.ok else []
        return [call("iam", "DeletePolicyVersion", PolicyArn=arn, VersionId=v["VersionId"])
                for v in found if not v.get("IsDefaultVersion")]

    return create_tracked(ctx, "iam", "iam-policy", name, "CreatePolicy", params,
                          lambda parsed: [call("iam", "DeletePolicy", PolicyArn=parsed["Policy"]["Arn"])],
                          lookup=lookup, before=versions, fixture=fixture)


def make_policy(ctx: CaseContext, document: dict | None = None, hint: str = "p", **extra) -> str:
    """A managed policy of this scenario's own; returns its ARN."""
    return create_policy(ctx, ctx.name(hint, max_len=128), document, **extra)["Policy"]["Arn"]


_LINKS = {"user": ("UserName", "User"), "group": ("GroupName", "Group"), "role": ("RoleName", "Role")}


def attach(ctx: CaseContext, kind: str, name: str, policy_arn: str, *, fixture: bool = True) -> Reply:
    """Attach a managed policy to a user, group or role (kind); teardown detaches it."""
    member, noun = _LINKS[kind]
    params = {member: name, "PolicyArn": policy_arn}
    track_static(ctx, "iam", f"iam-{kind}-attachment", name, f"Attach{noun}Policy", params,
                 [call("iam", f"Detach{noun}Policy", **params)])
    op = f"Attach{noun}Policy"
    return ctx.fixture("iam", op, **params) if fixture else ctx.call("iam", op, **params)


def put_inline(ctx: CaseContext, kind: str, name: str, policy_name: str, document: dict | str,
               *, fixture: bool = True) -> Reply:
    """Put an inline policy on a user, group or role; teardown deletes it."""
    member, noun = _LINKS[kind]
    params = {member: name, "PolicyName": policy_name, "PolicyDocument": doc_json(document)}
    track_static(ctx, "iam", f"iam-{kind}-inline-policy", name, f"Put{noun}Policy", params,
                 [call("iam", f"Delete{noun}Policy", **{member: name, "PolicyName": policy_name})])
    op = f"Put{noun}Policy"
    return ctx.fixture("iam", op, **params) if fixture else ctx.call("iam", op, **params)


def add_to_group(ctx: CaseContext, user: str, group: str, *, fixture: bool = True) -> Reply:
    params = {"GroupName": group, "UserName": user}
    track_static(ctx, "iam", "iam-group-membership", user, "AddUserToGroup", params,
                 [call("iam", "RemoveUserFromGroup", **params)])
    return ctx.fixture("iam", "AddUserToGroup", **params) if fixture else ctx.call("iam", "AddUserToGroup", **params)


def make_access_key(ctx: CaseContext, user: str, *, fixture: bool = True) -> Reply:
    """CreateAccessKey for the user; teardown deletes the key (by the id the create answered, or
    every key of the user if it never answered)."""

    def lookup() -> list[dict]:
        listed = ctx.transport.call("iam", "ListAccessKeys", {"UserName": user})
        found = (listed.get("AccessKeyMetadata") or []) if listed.ok else []
        return [call("iam", "DeleteAccessKey", UserName=user, AccessKeyId=k["AccessKeyId"]) for k in found]

    return create_tracked(ctx, "iam", "iam-access-key", user, "CreateAccessKey", {"UserName": user},
                          lambda parsed: [call("iam", "DeleteAccessKey", UserName=user,
                                               AccessKeyId=parsed["AccessKey"]["AccessKeyId"])],
                          lookup=lookup, fixture=fixture)


def create_instance_profile(ctx: CaseContext, name: str, *, fixture: bool = True) -> Reply:
    params = {"InstanceProfileName": name}
    track_static(ctx, "iam", "iam-instance-profile", name, "CreateInstanceProfile", params,
                 [call("iam", "DeleteInstanceProfile", **params)])
    op = "CreateInstanceProfile"
    return ctx.fixture("iam", op, **params) if fixture else ctx.call("iam", op, **params)


def make_instance_profile(ctx: CaseContext, hint: str = "ip") -> str:
    name = ctx.name(hint, max_len=128)
    create_instance_profile(ctx, name)
    return name


def add_role_to_profile(ctx: CaseContext, profile: str, role: str, *, fixture: bool = True) -> Reply:
    params = {"InstanceProfileName": profile, "RoleName": role}
    track_static(ctx, "iam", "iam-instance-profile-role", profile, "AddRoleToInstanceProfile", params,
                 [call("iam", "RemoveRoleFromInstanceProfile", **params)])
    op = "AddRoleToInstanceProfile"
    return ctx.fixture("iam", op, **params) if fixture else ctx.call("iam", op, **params)


# -- acting as another principal -------------------------------------------------------------------
def wait_usable(ctx: CaseContext, key: dict, within: float = 30.0) -> Reply:
    """New credentials take a few seconds to work on AWS: GetCallerIdentity (which needs no
    permission) until it succeeds or `within` seconds pass; answers the last reply."""
    sts = client_as(ctx, "sts", key)
    return poll(ctx, lambda: ctx.call_with("sts", "GetCallerIdentity", {}, client=sts), lambda r: r.ok,
                within=within, interval=1.0)


def user_with_key(ctx: CaseContext, *, policies: list[dict] = (), inline: list[dict] = (),
                  groups: list[str] = (), hint: str = "u") -> tuple[str, dict]:
    """A user with the given managed (attached) and inline policies and group memberships, then
    an access key that has been seen to work; answers (user name, AccessKey). Everything is in
    place before the key exists, so by the time it works the policies have had time to apply."""
    user = make_user(ctx, hint)
    for document in policies:
        attach(ctx, "user", user, make_policy(ctx, document))
    for n, document in enumerate(inline):
        put_inline(ctx, "user", user, f"inline{n}", document)
    for group in groups:
        add_to_group(ctx, user, group)
    key = make_access_key(ctx, user)["AccessKey"]
    ready = wait_usable(ctx, key)
    if not ready.ok:
        raise FixtureError(f"the new access key never worked: {ready.describe()}", exchange=ready.exchange)
    return user, key
