"""KMS cryptography: encrypt/decrypt round trips, encryption context, data keys, random bytes,
ReEncrypt, the wrong key or a damaged ciphertext, size limits, MACs and signatures."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    SVC,
    api,
    encrypt,
    expect_code,
    key_id,
    make_key,
)

_CONTEXT = {"purpose": "awscompat"}


@scenario(
    id="kms/scenario/crypto/encrypt-decrypt-roundtrip",
    feature="kms/crypto",
    operations=["Encrypt", "Decrypt"],
    provenance=api("Decrypt"),
)
def encrypt_decrypt_roundtrip(ctx: CaseContext) -> None:
    """Decrypt (without a KeyId: symmetric ciphertext names its key) returns the plaintext, the
    key's ARN and SYMMETRIC_DEFAULT."""
    meta = make_key(ctx)
    blob = encrypt(ctx, meta["KeyId"], b"hello kms")
    reply = ctx.expect_ok(ctx.call(SVC, "Decrypt", CiphertextBlob=blob))
    ctx.equal((reply.get("Plaintext"), reply.get("KeyId"), reply.get("EncryptionAlgorithm")),
              (b"hello kms", meta["Arn"], "SYMMETRIC_DEFAULT"), "(Plaintext, KeyId, EncryptionAlgorithm)", reply)


@scenario(
    id="kms/scenario/crypto/encrypt-answer",
    feature="kms/crypto",
    operations=["Encrypt"],
    provenance=api("Encrypt"),
)
def encrypt_answer(ctx: CaseContext) -> None:
    """Encrypt called with the bare KeyId answers the key's ARN, SYMMETRIC_DEFAULT and a
    ciphertext that is not the plaintext."""
    meta = make_key(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "Encrypt", KeyId=meta["KeyId"], Plaintext=b"hello kms"))
    ctx.equal((reply.get("KeyId"), reply.get("EncryptionAlgorithm")), (meta["Arn"], "SYMMETRIC_DEFAULT"),
              "(KeyId, EncryptionAlgorithm)", reply)
    blob = reply.get("CiphertextBlob") or b""
    ctx.check(blob and b"hello kms" not in blob, "the ciphertext is empty or holds the plaintext",
              expected="ciphertext", observed=blob[:32], reply=reply)


@scenario(
    id="kms/scenario/crypto/encryption-context-required",
    feature="kms/crypto",
    operations=["Decrypt"],
    provenance=api("Decrypt"),
)
def encryption_context_required(ctx: CaseContext) -> None:
    """A ciphertext made with an encryption context decrypts only with that context: without it
    Decrypt is a 400 InvalidCiphertextException; with it, the plaintext comes back."""
    kid = key_id(ctx)
    blob = encrypt(ctx, kid, b"bound", EncryptionContext=_CONTEXT)
    expect_code(ctx, ctx.call(SVC, "Decrypt", CiphertextBlob=blob), "InvalidCiphertextException")
    reply = ctx.expect_ok(ctx.call(SVC, "Decrypt", CiphertextBlob=blob, EncryptionContext=_CONTEXT))
    ctx.equal(reply.get("Plaintext"), b"bound", "Plaintext", reply)


@scenario(
    id="kms/scenario/crypto/generate-data-key",
    feature="kms/crypto",
    operations=["GenerateDataKey", "Decrypt"],
    provenance=api("GenerateDataKey"),
)
def generate_data_key(ctx: CaseContext) -> None:
    """GenerateDataKey AES_256 returns a 32-byte plaintext key and its encrypted copy, which
    Decrypt turns back into the same 32 bytes."""
    meta = make_key(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "GenerateDataKey", KeyId=meta["KeyId"], KeySpec="AES_256"))
    plain = reply.get("Plaintext") or b""
    ctx.equal((len(plain), reply.get("KeyId")), (32, meta["Arn"]), "(len(Plaintext), KeyId)", reply)
    back = ctx.expect_ok(ctx.call(SVC, "Decrypt", CiphertextBlob=reply["CiphertextBlob"]))
    ctx.equal(back.get("Plaintext"), plain, "decrypted data key", back)


@scenario(
    id="kms/scenario/crypto/generate-data-key-without-plaintext",
    feature="kms/crypto",
    operations=["GenerateDataKeyWithoutPlaintext"],
    provenance=api("GenerateDataKeyWithoutPlaintext"),
)
def generate_data_key_without_plaintext(ctx: CaseContext) -> None:
    """GenerateDataKeyWithoutPlaintext returns only the encrypted data key, no Plaintext."""
    reply = ctx.expect_ok(ctx.call(SVC, "GenerateDataKeyWithoutPlaintext", KeyId=key_id(ctx), KeySpec="AES_256"))
    ctx.check("Plaintext" not in reply.parsed and reply.get("CiphertextBlob"),
              "the answer has a Plaintext or no CiphertextBlob", expected="CiphertextBlob only",
              observed=sorted(reply.parsed), reply=reply)


@scenario(
    id="kms/scenario/crypto/data-key-number-of-bytes",
    feature="kms/crypto",
    operations=["GenerateDataKey"],
    provenance=api("GenerateDataKey"),
)
def data_key_number_of_bytes(ctx: CaseContext) -> None:
    """GenerateDataKey with NumberOfBytes 64 returns a 64-byte plaintext key."""
    reply = ctx.expect_ok(ctx.call(SVC, "GenerateDataKey", KeyId=key_id(ctx), NumberOfBytes=64))
    ctx.equal(len(reply.get("Plaintext") or b""), 64, "len(Plaintext)", reply)


@scenario(
    id="kms/scenario/crypto/generate-random",
    feature="kms/crypto",
    operations=["GenerateRandom"],
    provenance=api("GenerateRandom"),
    mutating=False,
)
def generate_random(ctx: CaseContext) -> None:
    """GenerateRandom returns exactly NumberOfBytes bytes, different on each call."""
    first = ctx.expect_ok(ctx.call(SVC, "GenerateRandom", NumberOfBytes=44))
    second = ctx.expect_ok(ctx.call(SVC, "GenerateRandom", NumberOfBytes=44))
    ctx.equal(len(first.get("Plaintext") or b""), 44, "len(Plaintext)", first)
    ctx.check(first.get("Plaintext") != second.get("Plaintext"), "two GenerateRandom calls gave the same bytes",
              expected="different bytes", observed=first.get("Plaintext"), reply=second)


@scenario(
    id="kms/scenario/crypto/generate-random-over-1024",
    feature="kms/crypto",
    operations=["GenerateRandom"],
    provenance=api("GenerateRandom"),
    mutating=False,
)
def generate_random_over_1024(ctx: CaseContext) -> None:
    """NumberOfBytes is 1 to 1024: 1025 is a 400 ValidationException."""
    expect_code(ctx, ctx.call(SVC, "GenerateRandom", NumberOfBytes=1025), "ValidationException")


@scenario(
    id="kms/scenario/crypto/re-encrypt",
    feature="kms/crypto",
    operations=["ReEncrypt", "Decrypt"],
    provenance=api("ReEncrypt"),
)
def re_encrypt(ctx: CaseContext) -> None:
    """ReEncrypt moves a ciphertext to another key: it names both keys' ARNs, and the new
    ciphertext decrypts (under the destination key) to the original plaintext."""
    source, dest = make_key(ctx), make_key(ctx)
    blob = encrypt(ctx, source["KeyId"], b"moving")
    reply = ctx.expect_ok(ctx.call(SVC, "ReEncrypt", CiphertextBlob=blob, DestinationKeyId=dest["KeyId"]))
    ctx.equal((reply.get("SourceKeyId"), reply.get("KeyId")), (source["Arn"], dest["Arn"]),
              "(SourceKeyId, KeyId)", reply)
    back = ctx.expect_ok(ctx.call(SVC, "Decrypt", CiphertextBlob=reply["CiphertextBlob"]))
    ctx.equal((back.get("Plaintext"), back.get("KeyId")), (b"moving", dest["Arn"]), "(Plaintext, KeyId)", back)


@scenario(
    id="kms/scenario/crypto/decrypt-with-other-key",
    feature="kms/crypto",
    operations=["Decrypt"],
    provenance=api("Decrypt"),
)
def decrypt_with_other_key(ctx: CaseContext) -> None:
    """Decrypt naming a KeyId other than the one that encrypted: 400 IncorrectKeyException."""
    blob = encrypt(ctx, key_id(ctx))
    expect_code(ctx, ctx.call(SVC, "Decrypt", CiphertextBlob=blob, KeyId=key_id(ctx)), "IncorrectKeyException")


@scenario(
    id="kms/scenario/crypto/damaged-ciphertext",
    feature="kms/crypto",
    operations=["Decrypt"],
    provenance=api("Decrypt"),
)
def damaged_ciphertext(ctx: CaseContext) -> None:
    """A ciphertext with one byte changed does not decrypt: 400 InvalidCiphertextException."""
    kid = key_id(ctx)
    blob = bytearray(encrypt(ctx, kid))
    blob[-1] ^= 0x01
    expect_code(ctx, ctx.call(SVC, "Decrypt", CiphertextBlob=bytes(blob), KeyId=kid), "InvalidCiphertextException")


@scenario(
    id="kms/scenario/crypto/plaintext-over-4096-bytes",
    feature="kms/crypto",
    operations=["Encrypt"],
    provenance=api("Encrypt"),
)
def plaintext_over_4096_bytes(ctx: CaseContext) -> None:
    """Encrypt takes up to 4096 bytes: 4097 is a 400 ValidationException."""
    reply = ctx.call(SVC, "Encrypt", KeyId=key_id(ctx), Plaintext=b"x" * 4097)
    expect_code(ctx, reply, "ValidationException")


@scenario(
    id="kms/scenario/crypto/mac-generate-and-verify",
    feature="kms/crypto",
    operations=["GenerateMac", "VerifyMac"],
    provenance=api("VerifyMac"),
)
def mac_generate_and_verify(ctx: CaseContext) -> None:
    """A MAC from GenerateMac verifies for its message (MacValid true); for another message
    VerifyMac is a 400 KMSInvalidMacException."""
    kid = key_id(ctx, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    mac = ctx.expect_ok(ctx.call(SVC, "GenerateMac", KeyId=kid, Message=b"msg", MacAlgorithm="HMAC_SHA_256"))["Mac"]
    reply = ctx.expect_ok(ctx.call(SVC, "VerifyMac", KeyId=kid, Message=b"msg", Mac=mac, MacAlgorithm="HMAC_SHA_256"))
    ctx.equal(reply.get("MacValid"), True, "MacValid", reply)
    reply = ctx.call(SVC, "VerifyMac", KeyId=kid, Message=b"other", Mac=mac, MacAlgorithm="HMAC_SHA_256")
    expect_code(ctx, reply, "KMSInvalidMacException")


@scenario(
    id="kms/scenario/crypto/sign-and-verify",
    feature="kms/crypto",
    operations=["Sign", "Verify"],
    provenance=api("Verify"),
)
def sign_and_verify(ctx: CaseContext) -> None:
    """An ECC_NIST_P256 signature verifies for its message (SignatureValid true); for another
    message Verify is a 400 KMSInvalidSignatureException."""
    kid = key_id(ctx, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    params = {"KeyId": kid, "SigningAlgorithm": "ECDSA_SHA_256", "MessageType": "RAW"}
    sig = ctx.expect_ok(ctx.call(SVC, "Sign", Message=b"msg", **params))["Signature"]
    reply = ctx.expect_ok(ctx.call(SVC, "Verify", Message=b"msg", Signature=sig, **params))
    ctx.equal(reply.get("SignatureValid"), True, "SignatureValid", reply)
    expect_code(ctx, ctx.call(SVC, "Verify", Message=b"other", Signature=sig, **params),
                "KMSInvalidSignatureException")


@scenario(
    id="kms/scenario/crypto/encrypt-with-signing-key",
    feature="kms/crypto",
    operations=["Encrypt"],
    provenance=api("Encrypt"),
)
def encrypt_with_signing_key(ctx: CaseContext) -> None:
    """Encrypt with a SIGN_VERIFY key is a 400 InvalidKeyUsageException."""
    kid = key_id(ctx, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    expect_code(ctx, ctx.call(SVC, "Encrypt", KeyId=kid, Plaintext=b"x"), "InvalidKeyUsageException")
