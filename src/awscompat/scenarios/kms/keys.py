"""KMS key lifecycle: what CreateKey makes, describing and listing keys, descriptions, tags,
rotation, scheduling and cancelling deletion, and the other key specs."""

from __future__ import annotations

import re

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    SVC,
    WINDOW,
    api,
    create_key,
    describe,
    expect_code,
    key_id,
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
    id="kms/scenario/keys/describe-by-id-and-arn",
    feature="kms/keys",
    operations=["DescribeKey"],
    provenance=api("DescribeKey"),
)
def describe_by_id_and_arn(ctx: CaseContext) -> None:
    """DescribeKey finds the key by its KeyId and by its ARN, describing the same key."""
    meta = make_key(ctx)
    by_id, by_arn = describe(ctx, meta["KeyId"]), describe(ctx, meta["Arn"])
    ctx.equal((by_id.get("Arn"), by_arn.get("KeyId")), (meta["Arn"], meta["KeyId"]), "(Arn by id, KeyId by ARN)")


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
    id="kms/scenario/keys/update-description",
    feature="kms/keys",
    operations=["UpdateKeyDescription", "DescribeKey"],
    provenance=api("UpdateKeyDescription"),
)
def update_description(ctx: CaseContext) -> None:
    """UpdateKeyDescription replaces the Description that DescribeKey shows."""
    kid = key_id(ctx)
    ctx.expect_ok(ctx.call(SVC, "UpdateKeyDescription", KeyId=kid, Description="changed by awscompat"))
    ctx.equal(describe(ctx, kid).get("Description"), "changed by awscompat", "Description")


@scenario(
    id="kms/scenario/keys/tag-and-untag",
    feature="kms/keys",
    operations=["TagResource", "ListResourceTags", "UntagResource"],
    provenance=api("TagResource"),
)
def tag_and_untag(ctx: CaseContext) -> None:
    """TagResource adds a tag that ListResourceTags shows; UntagResource removes it again."""
    kid = key_id(ctx)

    def tags() -> dict:
        reply = ctx.expect_ok(ctx.call(SVC, "ListResourceTags", KeyId=kid), "ListResourceTags")
        return {t["TagKey"]: t["TagValue"] for t in reply.get("Tags") or []}

    ctx.expect_ok(ctx.call(SVC, "TagResource", KeyId=kid, Tags=[{"TagKey": "team", "TagValue": "compat"}]))
    ctx.equal(tags().get("team"), "compat", "tag 'team' after TagResource")
    ctx.expect_ok(ctx.call(SVC, "UntagResource", KeyId=kid, TagKeys=["team"]))
    ctx.check("team" not in tags(), "tag 'team' still listed after UntagResource", expected="absent",
              observed="present")


@scenario(
    id="kms/scenario/keys/rotation-off-then-on",
    feature="kms/keys",
    operations=["GetKeyRotationStatus", "EnableKeyRotation"],
    provenance=api("EnableKeyRotation"),
)
def rotation_off_then_on(ctx: CaseContext) -> None:
    """Automatic rotation of a new symmetric key is off; after EnableKeyRotation it is on."""
    kid = key_id(ctx)
    status = ctx.expect_ok(ctx.call(SVC, "GetKeyRotationStatus", KeyId=kid))
    ctx.equal(status.get("KeyRotationEnabled"), False, "KeyRotationEnabled before", status)
    ctx.expect_ok(ctx.call(SVC, "EnableKeyRotation", KeyId=kid))
    status = ctx.expect_ok(ctx.call(SVC, "GetKeyRotationStatus", KeyId=kid))
    ctx.equal(status.get("KeyRotationEnabled"), True, "KeyRotationEnabled after", status)


@scenario(
    id="kms/scenario/keys/schedule-deletion-answer",
    feature="kms/keys",
    operations=["ScheduleKeyDeletion"],
    provenance=api("ScheduleKeyDeletion"),
)
def schedule_deletion_answer(ctx: CaseContext) -> None:
    """ScheduleKeyDeletion answers the key ARN, KeyState PendingDeletion, the PendingWindowInDays
    and a DeletionDate."""
    meta = make_key(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "ScheduleKeyDeletion", KeyId=meta["KeyId"], PendingWindowInDays=WINDOW))
    ctx.equal((reply.get("KeyId"), reply.get("KeyState"), reply.get("PendingWindowInDays")),
              (meta["Arn"], "PendingDeletion", WINDOW), "(KeyId, KeyState, PendingWindowInDays)", reply)
    ctx.check(reply.get("DeletionDate"), "no DeletionDate", expected="DeletionDate", observed=None, reply=reply)


@scenario(
    id="kms/scenario/keys/cancel-deletion-leaves-disabled",
    feature="kms/keys",
    operations=["CancelKeyDeletion", "DescribeKey"],
    provenance=api("CancelKeyDeletion"),
)
def cancel_deletion_leaves_disabled(ctx: CaseContext) -> None:
    """CancelKeyDeletion stops the deletion and leaves the key Disabled (not Enabled)."""
    meta = make_key(ctx)
    ctx.fixture(SVC, "ScheduleKeyDeletion", KeyId=meta["KeyId"], PendingWindowInDays=WINDOW)
    reply = ctx.expect_ok(ctx.call(SVC, "CancelKeyDeletion", KeyId=meta["KeyId"]))
    ctx.equal(reply.get("KeyId"), meta["Arn"], "KeyId (the key ARN)", reply)
    after = describe(ctx, meta["KeyId"])
    ctx.equal((after.get("KeyState"), after.get("Enabled")), ("Disabled", False), "(KeyState, Enabled)")


@scenario(
    id="kms/scenario/keys/pending-deletion-described",
    feature="kms/keys",
    operations=["DescribeKey"],
    # KeyMetadata: PendingDeletionWindowInDays "is present only when KeyState is
    # PendingReplicaDeletion", so a key pending deletion is not required to carry it (revision 2).
    provenance=docs("https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html"),
    revision=2,
)
def pending_deletion_described(ctx: CaseContext) -> None:
    """A key scheduled for deletion describes as PendingDeletion, not Enabled, with a DeletionDate
    (PendingDeletionWindowInDays is not required: AWS sends it for PendingReplicaDeletion only)."""
    kid = key_id(ctx)
    ctx.fixture(SVC, "ScheduleKeyDeletion", KeyId=kid, PendingWindowInDays=WINDOW)
    meta = describe(ctx, kid)
    ctx.equal((meta.get("KeyState"), meta.get("Enabled")), ("PendingDeletion", False), "(KeyState, Enabled)")
    ctx.check(meta.get("DeletionDate"), "no DeletionDate", expected="DeletionDate", observed=None)


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
