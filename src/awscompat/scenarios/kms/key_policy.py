"""KMS key-policy cases that stay Python: policies compared as decoded JSON. list-policy-names is
data: cases/kms/key-policy.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    DEFAULT_POLICY,
    SVC,
    account_root,
    api,
    expect_code,
    make_key,
)


def _policy(root: str, extra_sid: str = "") -> dict:
    statements = [{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": root},
                   "Action": "kms:*", "Resource": "*"}]
    if extra_sid:
        statements.append({"Sid": extra_sid, "Effect": "Allow", "Principal": {"AWS": root},
                           "Action": "kms:DescribeKey", "Resource": "*"})
    return {"Version": "2012-10-17", "Statement": statements}


def _get(ctx: CaseContext, key: str) -> dict:
    reply = ctx.expect_ok(ctx.call(SVC, "GetKeyPolicy", KeyId=key, PolicyName="default"), "GetKeyPolicy")
    try:
        return json.loads(reply.get("Policy") or "")
    except json.JSONDecodeError:
        ctx.fail("GetKeyPolicy's Policy is not JSON", expected="a JSON policy", observed=reply.get("Policy"),
                 reply=reply)
        return {}


def _sids(policy: dict) -> list:
    return sorted(s.get("Sid", "") for s in policy.get("Statement") or [])


@scenario(
    id="kms/scenario/key-policy/default-policy",
    feature="kms/key-policy",
    operations=["GetKeyPolicy"],
    provenance=DEFAULT_POLICY,
)
def default_policy(ctx: CaseContext) -> None:
    """A key created without a policy gets the default key policy: version 2012-10-17 with a
    statement allowing the account root kms:* on *."""
    meta = make_key(ctx)
    policy = _get(ctx, meta["KeyId"])
    ctx.equal(policy.get("Version"), "2012-10-17", "Version")
    root = {"Effect": "Allow", "Principal": {"AWS": account_root(meta["Arn"])}, "Action": "kms:*", "Resource": "*"}
    statements = [{k: s.get(k) for k in root} for s in policy.get("Statement") or []]
    ctx.check(root in statements, "no statement allowing the account root kms:*", expected=root,
              observed=statements)


@scenario(
    id="kms/scenario/key-policy/put-then-get",
    feature="kms/key-policy",
    operations=["PutKeyPolicy", "GetKeyPolicy"],
    provenance=api("PutKeyPolicy"),
)
def put_then_get(ctx: CaseContext) -> None:
    """PutKeyPolicy replaces the policy: GetKeyPolicy then returns the statements written."""
    meta = make_key(ctx)
    policy = _policy(account_root(meta["Arn"]), "AllowDescribe")
    ctx.expect_ok(ctx.call(SVC, "PutKeyPolicy", KeyId=meta["KeyId"], PolicyName="default",
                           Policy=json.dumps(policy)))
    ctx.equal(_sids(_get(ctx, meta["KeyId"])), _sids(policy), "statement ids read back")


@scenario(
    id="kms/scenario/key-policy/policy-at-creation",
    feature="kms/key-policy",
    operations=["CreateKey", "GetKeyPolicy"],  # the account comes from STS GetCallerIdentity
    provenance=api("CreateKey"),
)
def policy_at_creation(ctx: CaseContext) -> None:
    """A Policy given to CreateKey is the key's policy."""
    caller = ctx.fixture("sts", "GetCallerIdentity")["Arn"].split(":")
    policy = _policy(f"arn:{caller[1]}:iam::{caller[4]}:root", "AllowDescribe")
    meta = make_key(ctx, Policy=json.dumps(policy))
    ctx.equal(_sids(_get(ctx, meta["KeyId"])), _sids(policy), "statement ids read back")


@scenario(
    id="kms/scenario/key-policy/malformed-refused",
    feature="kms/key-policy",
    operations=["PutKeyPolicy"],
    provenance=api("PutKeyPolicy"),
)
def malformed_refused(ctx: CaseContext) -> None:
    """A policy that is not a valid policy document is a 400 MalformedPolicyDocumentException,
    and the key keeps its policy."""
    meta = make_key(ctx)
    before = _get(ctx, meta["KeyId"])
    reply = ctx.call(SVC, "PutKeyPolicy", KeyId=meta["KeyId"], PolicyName="default", Policy='{"Statement": "nope"')
    expect_code(ctx, reply, "MalformedPolicyDocumentException")
    ctx.equal(_get(ctx, meta["KeyId"]), before, "policy after the refused PutKeyPolicy")
