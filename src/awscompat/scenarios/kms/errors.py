"""KMS error cases that stay Python: an ARN computed from a real key's, and a CreateKey under test
(ledgered first). The other error cases are data: cases/kms/errors.yaml."""

from __future__ import annotations

import uuid

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    SVC,
    api,
    create_key,
    expect_code,
    make_key,
)


@scenario(
    id="kms/scenario/errors/unknown-key-arn",
    feature="kms/errors",
    operations=["Encrypt"],
    provenance=api("Encrypt"),
)
def unknown_key_arn(ctx: CaseContext) -> None:
    """Encrypt with the ARN of a key that does not exist in the caller's account and region (a
    real key's ARN with another id): 400 NotFoundException."""
    arn = make_key(ctx)["Arn"]
    missing = arn.rsplit("/", 1)[0] + "/" + str(uuid.uuid4())
    expect_code(ctx, ctx.call(SVC, "Encrypt", KeyId=missing, Plaintext=b"x"), "NotFoundException")


@scenario(
    id="kms/scenario/errors/invalid-key-usage-value",
    feature="kms/errors",
    operations=["CreateKey"],
    provenance=api("CreateKey"),
)
def invalid_key_usage_value(ctx: CaseContext) -> None:
    """A KeyUsage outside its enum is a 400 ValidationException."""
    expect_code(ctx, create_key(ctx, KeyUsage="RANDOM"), "ValidationException")
