"""KMS error codes for keys that cannot be found: malformed ids, unknown ids and ARNs, unknown
aliases; and refused enum values. All are 400 in KMS's JSON error envelope."""

from __future__ import annotations

import uuid

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    SVC,
    alias_name,
    api,
    create_key,
    expect_code,
    make_key,
)

_DESCRIBE = api("DescribeKey")


@scenario(
    id="kms/scenario/errors/malformed-key-id",
    feature="kms/errors",
    operations=["DescribeKey"],
    provenance=_DESCRIBE,
    mutating=False,
)
def malformed_key_id(ctx: CaseContext) -> None:
    """DescribeKey of a KeyId that is not a key id, ARN or alias: 400 NotFoundException."""
    expect_code(ctx, ctx.call(SVC, "DescribeKey", KeyId="fake-key-id"), "NotFoundException")


@scenario(
    id="kms/scenario/errors/unknown-key-id",
    feature="kms/errors",
    operations=["DescribeKey"],
    provenance=_DESCRIBE,
    mutating=False,
)
def unknown_key_id(ctx: CaseContext) -> None:
    """DescribeKey of a well-formed key id that no key has: 400 NotFoundException."""
    expect_code(ctx, ctx.call(SVC, "DescribeKey", KeyId=str(uuid.uuid4())), "NotFoundException")


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
    id="kms/scenario/errors/unknown-alias",
    feature="kms/errors",
    operations=["Encrypt"],
    provenance=api("Encrypt"),
    mutating=False,
)
def unknown_alias(ctx: CaseContext) -> None:
    """Encrypt with an alias that does not exist: 400 NotFoundException."""
    reply = ctx.call(SVC, "Encrypt", KeyId=alias_name(ctx, "absent"), Plaintext=b"x")
    expect_code(ctx, reply, "NotFoundException")


@scenario(
    id="kms/scenario/errors/invalid-key-usage-value",
    feature="kms/errors",
    operations=["CreateKey"],
    provenance=api("CreateKey"),
)
def invalid_key_usage_value(ctx: CaseContext) -> None:
    """A KeyUsage outside its enum is a 400 ValidationException."""
    expect_code(ctx, create_key(ctx, KeyUsage="RANDOM"), "ValidationException")
