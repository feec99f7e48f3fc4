"""KMS key cases that stay Python: CreateKey under test (ledgered twice), ListKeys followed through
NextMarker, checks of the CreateKey answer and of DER bytes. The other key cases are data:
cases/kms/keys.yaml."""

from __future__ import annotations

import re

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
    id="kms/scenario/keys/create-symmetric-defaults",
    feature="kms/keys",
    operations=["CreateKey"],
    provenance=api("CreateKey"),
)
def create_symmetric_defaults(ctx: CaseContext) -> None:
    """CreateKey without a spec makes an enabled, customer-managed SYMMETRIC_DEFAULT
    ENCRYPT_DECRYPT key of origin AWS_KMS, with the given Description."""
    reply = ctx.expect_ok(create_key(ctx), "CreateKey")
    meta = reply["KeyMetadata"]
    observed = {k: meta.get(k) for k in ("KeySpec", "KeyUsage", "KeyState", "Enabled", "KeyManager", "Origin",
                                         "EncryptionAlgorithms", "MultiRegion")}
    ctx.equal(observed, {"KeySpec": "SYMMETRIC_DEFAULT", "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled",
                         "Enabled": True, "KeyManager": "CUSTOMER", "Origin": "AWS_KMS",
                         "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"], "MultiRegion": False}, "KeyMetadata", reply)
    ctx.check(re.fullmatch(rf"arn:aws[a-z-]*:kms:{ctx.region}:\d{{12}}:key/{meta.get('KeyId')}", meta.get("Arn", "")),
              "Arn is not arn:<partition>:kms:<region>:<account>:key/<KeyId>", expected="key ARN",
              observed=meta.get("Arn"), reply=reply)


@scenario(
    id="kms/scenario/keys/list-keys-includes-new",
    feature="kms/keys",
    operations=["ListKeys"],
    provenance=api("ListKeys"),
)
def list_keys_includes_new(ctx: CaseContext) -> None:
    """ListKeys, followed through NextMarker while Truncated, lists the new key's KeyId and ARN."""
    meta = make_key(ctx)
    found, params = None, {"Limit": 1000}
    for _ in range(50):  # bounded
        reply = ctx.expect_ok(ctx.call(SVC, "ListKeys", **params))
        found = next((k for k in reply.get("Keys") or [] if k.get("KeyId") == meta["KeyId"]), None)
        if found or not reply.get("Truncated"):
            break
        params = {"Limit": 1000, "Marker": reply["NextMarker"]}
    ctx.equal(found, {"KeyId": meta["KeyId"], "KeyArn": meta["Arn"]}, "the key's ListKeys entry")


@scenario(
    id="kms/scenario/keys/hmac-key",
    feature="kms/keys",
    operations=["CreateKey"],
    provenance=api("CreateKey"),
)
def hmac_key(ctx: CaseContext) -> None:
    """An HMAC_256 key with KeyUsage GENERATE_VERIFY_MAC lists MacAlgorithms [HMAC_SHA_256]."""
    meta = make_key(ctx, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    ctx.equal((meta.get("KeySpec"), meta.get("KeyUsage"), meta.get("MacAlgorithms")),
              ("HMAC_256", "GENERATE_VERIFY_MAC", ["HMAC_SHA_256"]), "(KeySpec, KeyUsage, MacAlgorithms)")


@scenario(
    id="kms/scenario/keys/key-usage-required-for-hmac",
    feature="kms/keys",
    operations=["CreateKey"],
    provenance=api("CreateKey"),
)
def key_usage_required_for_hmac(ctx: CaseContext) -> None:
    """KeyUsage is required for every key but symmetric encryption keys: an HMAC_256 key without
    it is a 400 ValidationException."""
    expect_code(ctx, create_key(ctx, KeySpec="HMAC_256"), "ValidationException")


@scenario(
    id="kms/scenario/keys/asymmetric-public-key",
    feature="kms/keys",
    operations=["CreateKey", "GetPublicKey"],
    provenance=api("GetPublicKey"),
)
def asymmetric_public_key(ctx: CaseContext) -> None:
    """GetPublicKey of an RSA_2048 ENCRYPT_DECRYPT key returns a DER public key with the key's
    spec, usage and its two OAEP encryption algorithms."""
    meta = make_key(ctx, KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")
    reply = ctx.expect_ok(ctx.call(SVC, "GetPublicKey", KeyId=meta["KeyId"]))
    ctx.equal((reply.get("KeySpec"), reply.get("KeyUsage"), sorted(reply.get("EncryptionAlgorithms") or [])),
              ("RSA_2048", "ENCRYPT_DECRYPT", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]),
              "(KeySpec, KeyUsage, EncryptionAlgorithms)", reply)
    ctx.check((reply.get("PublicKey") or b"")[:1] == b"\x30", "PublicKey is not a DER SEQUENCE",
              expected="DER", observed=(reply.get("PublicKey") or b"")[:4], reply=reply)
