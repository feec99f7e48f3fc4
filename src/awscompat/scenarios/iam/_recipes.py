"""IAM setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the fixtures of the Python scenarios (every entity and every link ledgered
before it is made, undone at teardown newest first, in the order IAM requires). Outputs: a dict
whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

import json

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.transport import Reply
from awscompat.scenarios.iam._fixtures import (
    EC2_TRUST,
    add_role_to_profile,
    add_to_group,
    allow,
    attach,
    create_group,
    create_policy,
    create_role,
    create_user,
    make_access_key,
    make_instance_profile,
    put_inline,
    user_with_key,
)
from awscompat.scenarios.sqs._resources import call, identity, track_static

_ENTITY = {"user": ("iam-user", "CreateUser", "DeleteUser", "UserName", 64),
           "group": ("iam-group", "CreateGroup", "DeleteGroup", "GroupName", 128),
           "role": ("iam-role", "CreateRole", "DeleteRole", "RoleName", 64),
           "instance-profile": ("iam-instance-profile", "CreateInstanceProfile", "DeleteInstanceProfile",
                                "InstanceProfileName", 128)}


@recipe("iam", "user")
def user(ctx: CaseContext, hint: str = "u", path: str | None = None, tags: list | None = None) -> dict:
    """A user of the case's own (Path, Tags as CreateUser takes them). value = its name; id, arn."""
    extra = {k: v for k, v in (("Path", path), ("Tags", tags)) if v}
    name = ctx.name(hint, max_len=64)
    made = create_user(ctx, name, **extra)["User"]
    return {"value": name, "id": made.get("UserId"), "arn": made.get("Arn")}


@recipe("iam", "group")
def group(ctx: CaseContext, hint: str = "g", path: str | None = None) -> dict:
    """A group of the case's own (Path `path`). value = its name; arn."""
    name = ctx.name(hint, max_len=128)
    made = create_group(ctx, name, **({"Path": path} if path else {}))["Group"]
    return {"value": name, "arn": made.get("Arn")}


@recipe("iam", "role")
def role(ctx: CaseContext, hint: str = "r", trust: dict | None = None, path: str | None = None,
         tags: list | None = None) -> dict:
    """A role of the case's own (trust policy default: EC2 may assume it). value = its name; id, arn."""
    extra = {k: v for k, v in (("Path", path), ("Tags", tags)) if v}
    name = ctx.name(hint, max_len=64)
    made = create_role(ctx, name, trust or EC2_TRUST, **extra)["Role"]
    return {"value": name, "id": made.get("RoleId"), "arn": made.get("Arn")}


@recipe("iam", "policy")
def policy(ctx: CaseContext, document: dict | None = None, hint: str = "p", path: str | None = None) -> dict:
    """A managed policy of the case's own (default document: allow s3:ListBucket; teardown deletes
    its non-default versions first). value = its ARN; name = its name."""
    name = ctx.name(hint, max_len=128)
    made = create_policy(ctx, name, document or allow("s3:ListBucket"), **({"Path": path} if path else {}))
    return {"value": made["Policy"]["Arn"], "name": name}


@recipe("iam", "path")
def path(ctx: CaseContext, hint: str = "path") -> dict:
    """An IAM path of the case's own, /<namespaced name>/, for entities listed by PathPrefix. value =
    the path."""
    return {"value": f"/{ctx.name(hint)}/"}


@recipe("iam", "policy-version")
def policy_version(ctx: CaseContext, policy: str, document: dict, default: bool = False) -> dict:
    """Set-up CreatePolicyVersion of `document` on managed policy `policy` (an ARN; teardown of the
    policy deletes it). value = the VersionId."""
    reply = ctx.fixture("iam", "CreatePolicyVersion", PolicyArn=policy, PolicyDocument=json.dumps(document),
                        SetAsDefault=default)
    return {"value": reply["PolicyVersion"]["VersionId"]}


@recipe("iam", "absent-policy")
def absent_policy(ctx: CaseContext) -> dict:
    """The ARN a customer managed policy of the run's namespace would have, for a name no policy has
    (the account from STS GetCallerIdentity; nothing is created). value = the ARN."""
    who = identity(ctx)
    return {"value": f"arn:{who['Arn'].split(':')[1]}:iam::{who['Account']}:policy/{ctx.name('absent')}"}


@recipe("iam", "instance-profile")
def instance_profile(ctx: CaseContext, hint: str = "ip") -> dict:
    """An instance profile of the case's own. value = its name."""
    return {"value": make_instance_profile(ctx, hint)}


@recipe("iam", "profile-role")
def profile_role(ctx: CaseContext, profile: str, role: str) -> dict:
    """Role `role` added to instance profile `profile` (removed at teardown). value = the role name."""
    add_role_to_profile(ctx, profile, role)
    return {"value": role}


@recipe("iam", "attached")
def attached(ctx: CaseContext, to: str, name: str, policy: str) -> dict:
    """Managed policy `policy` (an ARN) attached to the user, group or role (`to`) named `name`."""
    attach(ctx, to, name, policy)
    return {"value": policy}


@recipe("iam", "inline-policy")
def inline_policy(ctx: CaseContext, to: str, name: str, policy_name: str = "inline1",
                  document: dict | None = None) -> dict:
    """An inline policy on the user, group or role (`to`) named `name`. value = the policy name."""
    put_inline(ctx, to, name, policy_name, document or allow("s3:ListBucket"))
    return {"value": policy_name}


@recipe("iam", "member")
def member(ctx: CaseContext, user: str, group: str) -> dict:
    """User `user` added to group `group`. value = the user name."""
    add_to_group(ctx, user, group)
    return {"value": user}


@recipe("iam", "access-key")
def access_key(ctx: CaseContext, user: str) -> dict:
    """An access key of the user. value = its AccessKeyId (the secret is never an output)."""
    return {"value": make_access_key(ctx, user)["AccessKey"]["AccessKeyId"]}


@recipe("iam", "entity-name")
def entity_name(ctx: CaseContext, kind: str = "user", hint: str = "", suffix: str = "",
                max_len: int | None = None) -> dict:
    """A user, group, role or instance-profile name (`kind`) of the case's own, ledgered but not created: for cases
    whose create (or rename) is the call under test; teardown deletes it if the server made it.
    value = ctx.name(hint, max_len) + suffix (max_len default: the kind's longest name)."""
    ledger_kind, create, delete, member_name, longest = _ENTITY[kind]
    name = ctx.name(hint or kind[0], max_len=max_len or longest) + suffix
    track_static(ctx, "iam", ledger_kind, name, create, {member_name: name},
                 [call("iam", delete, **{member_name: name})])
    return {"value": name}


@recipe("iam", "absent-name")
def absent_name(ctx: CaseContext, max_len: int = 64, hint: str = "absent") -> dict:
    """A name in the run's namespace that no IAM entity has (nothing is created; a policy the steps
    create may take it). value = the name."""
    return {"value": ctx.name(hint, max_len=max_len)}


# Steps whose call under test creates or links something no model-derived undo can remove (the
# policy's ARN, the key's user, a membership): sent through the fixtures, ledgered first.
@sender("iam", "CreatePolicy")
def send_create_policy(ctx: CaseContext, params: dict) -> Reply:
    p = dict(params)
    return create_policy(ctx, p.pop("PolicyName"), p.pop("PolicyDocument"), fixture=False, **p)


@sender("iam", "CreateAccessKey")
def send_create_access_key(ctx: CaseContext, params: dict) -> Reply:
    return make_access_key(ctx, params["UserName"], fixture=False)


@sender("iam", "AddUserToGroup")
def send_add_to_group(ctx: CaseContext, params: dict) -> Reply:
    return add_to_group(ctx, params["UserName"], params["GroupName"], fixture=False)


@sender("iam", "AddRoleToInstanceProfile")
def send_add_role(ctx: CaseContext, params: dict) -> Reply:
    return add_role_to_profile(ctx, params["InstanceProfileName"], params["RoleName"], fixture=False)


@sender("iam", "CreateLoginProfile")
def send_login_profile(ctx: CaseContext, params: dict) -> Reply:
    name = params["UserName"]
    track_static(ctx, "iam", "iam-login-profile", name, "CreateLoginProfile", params,
                 [call("iam", "DeleteLoginProfile", UserName=name)])
    return ctx.call_with("iam", "CreateLoginProfile", params)


@recipe("iam", "user-key")
def user_key(ctx: CaseContext, hint: str = "u", policies: list | None = None, inline: list | None = None,
             groups: list | None = None) -> dict:
    """A user with the managed (`policies`, documents attached as new policies) and `inline` policies
    and the `groups` memberships given, then an access key seen to work (STS GetCallerIdentity signed
    with it, polled up to 30 s). value = the user name; arn, id, key (AccessKeyId), credentials (the
    key and its secret: a step's `credentials:` signs with them)."""
    name, key = user_with_key(ctx, policies=policies or (), inline=inline or (), groups=groups or (), hint=hint)
    made = ctx.fixture("iam", "GetUser", UserName=name)["User"]
    return {"value": name, "arn": made.get("Arn"), "id": made.get("UserId"), "key": key["AccessKeyId"],
            "credentials": {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}}
