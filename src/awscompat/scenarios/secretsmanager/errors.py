"""Secrets Manager error cases that stay Python: CreateSecret under test (ledgered first, its
teardown dropped when refused). The other error cases are data: cases/secretsmanager/errors.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.secretsmanager._fixtures import (
    api,
    create_secret,
    expect_refused,
    rec,
    secret_name,
)

_BAD_NAME = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"


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
