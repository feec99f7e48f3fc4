"""Secrets Manager error codes: secrets that do not exist, names Secrets Manager refuses, and a
value given both as a string and as binary. All are 400 in the JSON error envelope."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.secretsmanager._fixtures import (
    NOT_FOUND,
    SVC,
    api,
    create_secret,
    expect_refused,
    rec,
    secret_name,
)

_MISSING = "test_secret_not_found"
_BAD_NAME = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"


@scenario(
    id="secretsmanager/scenario/errors/get-missing-secret",
    feature="secretsmanager/errors",
    operations=["GetSecretValue"],
    provenance=rec(_MISSING, "get_secret_value_not_found_ex"),
    mutating=False,
)
def get_missing_secret(ctx: CaseContext) -> None:
    """GetSecretValue of a secret that does not exist: 400 ResourceNotFoundException, "Secrets
    Manager can't find the specified secret."."""
    reply = ctx.call(SVC, "GetSecretValue", SecretId=secret_name(ctx, "absent"))
    expect_refused(ctx, reply, "ResourceNotFoundException", NOT_FOUND)


@scenario(
    id="secretsmanager/scenario/errors/list-versions-missing-secret",
    feature="secretsmanager/errors",
    operations=["ListSecretVersionIds"],
    provenance=rec(_MISSING, "list_secret_version_ids_not_found_ex"),
    mutating=False,
)
def list_versions_missing_secret(ctx: CaseContext) -> None:
    """ListSecretVersionIds of a secret that does not exist: the same ResourceNotFoundException."""
    reply = ctx.call(SVC, "ListSecretVersionIds", SecretId=secret_name(ctx, "absent"))
    expect_refused(ctx, reply, "ResourceNotFoundException", NOT_FOUND)


@scenario(
    id="secretsmanager/scenario/errors/describe-missing-secret",
    feature="secretsmanager/errors",
    operations=["DescribeSecret"],
    provenance=api("DescribeSecret"),
    mutating=False,
)
def describe_missing_secret(ctx: CaseContext) -> None:
    """DescribeSecret of a secret that does not exist: 400 ResourceNotFoundException."""
    expect_refused(ctx, ctx.call(SVC, "DescribeSecret", SecretId=secret_name(ctx, "absent")),
                   "ResourceNotFoundException")


@scenario(
    id="secretsmanager/scenario/errors/update-missing-secret",
    feature="secretsmanager/errors",
    operations=["UpdateSecret"],
    provenance=api("UpdateSecret"),
    mutating=False,
)
def update_missing_secret(ctx: CaseContext) -> None:
    """UpdateSecret of a secret that does not exist: 400 ResourceNotFoundException."""
    reply = ctx.call(SVC, "UpdateSecret", SecretId=secret_name(ctx, "absent"), Description="x")
    expect_refused(ctx, reply, "ResourceNotFoundException")


@scenario(
    id="secretsmanager/scenario/errors/invalid-name-on-create",
    feature="secretsmanager/errors",
    operations=["CreateSecret"],
    provenance=rec("test_invalid_secret_name[ Inv*Name? ]", "ex_log_1"),
)
def invalid_name_on_create(ctx: CaseContext) -> None:
    """CreateSecret with '*', '?' and spaces in the name: 400 ValidationException 'Invalid name.
    Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!'"""
    reply = create_secret(ctx, secret_name(ctx) + " Inv*Name? ", SecretString="MySecretString")
    expect_refused(ctx, reply, "ValidationException", _BAD_NAME)


@scenario(
    id="secretsmanager/scenario/errors/invalid-name-on-describe",
    feature="secretsmanager/errors",
    operations=["DescribeSecret"],
    provenance=rec("test_invalid_secret_name[Inv Name]", "ex_log_3"),
    mutating=False,
)
def invalid_name_on_describe(ctx: CaseContext) -> None:
    """DescribeSecret of a name with a space is refused the same way (not 'not found')."""
    reply = ctx.call(SVC, "DescribeSecret", SecretId=secret_name(ctx) + " Inv Name")
    expect_refused(ctx, reply, "ValidationException", _BAD_NAME)


@scenario(
    id="secretsmanager/scenario/errors/string-and-binary-refused",
    feature="secretsmanager/errors",
    operations=["CreateSecret"],
    provenance=api("CreateSecret"),
    severity="advisory",
)
def string_and_binary_refused(ctx: CaseContext) -> None:
    """A secret value is a SecretString or a SecretBinary, not both: both is a 400
    InvalidParameterException."""
    reply = create_secret(ctx, SecretString="text", SecretBinary=b"bytes")
    expect_refused(ctx, reply, "InvalidParameterException")
