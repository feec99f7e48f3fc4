"""Secrets Manager secret cases that stay Python: CreateSecret under test, bytes compared, versions
mapped to their stages, listing and resource policies. The other secret cases are data:
cases/secretsmanager/secrets.yaml."""

from __future__ import annotations

import json
import re

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.secretsmanager._fixtures import (
    SVC,
    create_secret,
    get_value,
    make_secret,
    rec,
    secret_name,
    stages,
)

_CREATE = "test_create_and_update_secret[s-c64bdc03-True]"
_EMPTY = "test_create_secret_version_from_empty_secret"
_DESCRIPTION = "test_update_secret_description"


@scenario(
    id="secretsmanager/scenario/secrets/create-then-get-value",
    feature="secretsmanager/secrets",
    operations=["CreateSecret", "GetSecretValue"],
    provenance=rec(_CREATE, "get_secret_value_rs_1"),
)
def create_then_get_value(ctx: CaseContext) -> None:
    """GetSecretValue of a new secret returns its name, SecretString, the VersionId CreateSecret
    answered and VersionStages [AWSCURRENT]."""
    reply = ctx.expect_ok(create_secret(ctx, SecretString="my_secret", Description="Testing secret creation."))
    value = get_value(ctx, reply["Name"])
    ctx.equal({k: value.get(k) for k in ("Name", "SecretString", "VersionId", "VersionStages")},
              {"Name": reply["Name"], "SecretString": "my_secret", "VersionId": reply.get("VersionId"),
               "VersionStages": ["AWSCURRENT"]}, "GetSecretValue answer", value)


@scenario(
    id="secretsmanager/scenario/secrets/arn-has-random-suffix",
    feature="secretsmanager/secrets",
    operations=["CreateSecret"],
    provenance=rec(_CREATE, "create_secret_rs_1"),
)
def arn_has_random_suffix(ctx: CaseContext) -> None:
    """A secret's ARN is arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<six
    random characters>."""
    name = secret_name(ctx)
    reply = ctx.expect_ok(create_secret(ctx, name, SecretString="v"))
    pattern = rf"arn:aws[a-z-]*:secretsmanager:{ctx.region}:\d{{12}}:secret:{re.escape(name)}-[A-Za-z0-9]{{6}}"
    ctx.check(re.fullmatch(pattern, reply.get("ARN") or ""), "the ARN is not ...:secret:<name>-XXXXXX",
              expected=pattern, observed=reply.get("ARN"), reply=reply)


@scenario(
    id="secretsmanager/scenario/secrets/binary-secret",
    feature="secretsmanager/secrets",
    operations=["CreateSecret", "GetSecretValue"],
    provenance=rec("test_get_secret_value", "secret_value_response"),
)
def binary_secret(ctx: CaseContext) -> None:
    """A SecretBinary value reads back as the same bytes, with no SecretString."""
    secret = make_secret(ctx, None, SecretBinary=b"footest")
    value = get_value(ctx, secret["Name"])
    ctx.equal((value.get("SecretBinary"), value.get("SecretString")), (b"footest", None),
              "(SecretBinary, SecretString)", value)


@scenario(
    id="secretsmanager/scenario/secrets/create-without-value",
    feature="secretsmanager/secrets",
    operations=["CreateSecret", "DescribeSecret"],
    provenance=rec(_EMPTY, "describe-secret"),
)
def create_without_value(ctx: CaseContext) -> None:
    """A secret created without a value has no version: no VersionId in the CreateSecret answer
    and no VersionIdsToStages in DescribeSecret."""
    reply = ctx.expect_ok(create_secret(ctx))
    ctx.equal(reply.get("VersionId"), None, "VersionId", reply)
    desc = ctx.expect_ok(ctx.call(SVC, "DescribeSecret", SecretId=reply["Name"]))
    ctx.equal(desc.get("VersionIdsToStages"), None, "VersionIdsToStages", desc)


@scenario(
    id="secretsmanager/scenario/secrets/update-value-makes-version",
    feature="secretsmanager/secrets",
    operations=["UpdateSecret"],
    provenance=rec(_DESCRIPTION, "describe_secret_res_2"),
)
def update_value_makes_version(ctx: CaseContext) -> None:
    """UpdateSecret with a SecretString makes a new version, staged AWSCURRENT; the old one
    becomes AWSPREVIOUS."""
    secret = make_secret(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "UpdateSecret", SecretId=secret["Name"], SecretString="v2"))
    ctx.equal(stages(ctx, secret["Name"]), {secret["VersionId"]: ["AWSPREVIOUS"], reply.get("VersionId"): ["AWSCURRENT"]},
              "versions and stages")


@scenario(
    id="secretsmanager/scenario/secrets/list-secrets-by-name",
    feature="secretsmanager/secrets",
    operations=["ListSecrets"],
    provenance=rec("test_call_lists_secrets_multiple_times", "list_secrets_res_0"),
)
def list_secrets_by_name(ctx: CaseContext) -> None:
    """ListSecrets filtered by name lists the secret with its ARN, Description and
    SecretVersionsToStages."""
    secret = make_secret(ctx, "v", Description="testing creation of secrets")
    reply = ctx.expect_ok(ctx.call(SVC, "ListSecrets", Filters=[{"Key": "name", "Values": [secret["Name"]]}]))
    entry = next((s for s in reply.get("SecretList") or [] if s.get("Name") == secret["Name"]), {})
    ctx.equal({k: entry.get(k) for k in ("ARN", "Description", "SecretVersionsToStages")},
              {"ARN": secret["ARN"], "Description": "testing creation of secrets",
               "SecretVersionsToStages": {secret["VersionId"]: ["AWSCURRENT"]}}, "the secret's entry", reply)


@scenario(
    id="secretsmanager/scenario/secrets/resource-policy",
    feature="secretsmanager/secrets",
    operations=["PutResourcePolicy", "GetResourcePolicy"],
    provenance=rec("test_resource_policy", "get_resource_policy"),
)
def resource_policy(ctx: CaseContext) -> None:
    """A policy put with PutResourcePolicy is returned by GetResourcePolicy (as a JSON string)."""
    secret = make_secret(ctx)
    name, arn = secret["Name"], secret["ARN"].split(":")
    root = f"arn:{arn[1]}:iam::{arn[4]}:root"  # the account itself: never a public policy
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": root},
                                                      "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
    ctx.expect_ok(ctx.call(SVC, "PutResourcePolicy", SecretId=name, ResourcePolicy=json.dumps(policy)))
    reply = ctx.expect_ok(ctx.call(SVC, "GetResourcePolicy", SecretId=name))
    try:
        got = json.loads(reply.get("ResourcePolicy") or "")
    except json.JSONDecodeError:
        got = reply.get("ResourcePolicy")
    ctx.equal(got, policy, "ResourcePolicy", reply)
