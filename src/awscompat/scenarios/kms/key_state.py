"""KMS key states: a disabled key refuses cryptographic operations with DisabledException and
works again once enabled; a key pending deletion refuses them with KMSInvalidStateException, as
do state changes that do not apply (the 'Key states of KMS keys' table)."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.kms._fixtures import (
    KEY_STATES,
    SVC,
    WINDOW,
    api,
    describe,
    encrypt,
    expect_code,
    key_id,
)


def _disabled(ctx: CaseContext) -> str:
    kid = key_id(ctx)
    ctx.fixture(SVC, "DisableKey", KeyId=kid)
    return kid


def _pending(ctx: CaseContext) -> str:
    kid = key_id(ctx)
    ctx.fixture(SVC, "ScheduleKeyDeletion", KeyId=kid, PendingWindowInDays=WINDOW)
    return kid


@scenario(
    id="kms/scenario/key-state/disabled-described",
    feature="kms/key-state",
    operations=["DisableKey", "DescribeKey"],
    provenance=api("DisableKey"),
)
def disabled_described(ctx: CaseContext) -> None:
    """After DisableKey the key describes as KeyState Disabled, Enabled false."""
    kid = key_id(ctx)
    ctx.expect_ok(ctx.call(SVC, "DisableKey", KeyId=kid))
    meta = describe(ctx, kid)
    ctx.equal((meta.get("KeyState"), meta.get("Enabled")), ("Disabled", False), "(KeyState, Enabled)")


@scenario(
    id="kms/scenario/key-state/encrypt-with-disabled-key",
    feature="kms/key-state",
    operations=["Encrypt"],
    provenance=KEY_STATES,
)
def encrypt_with_disabled_key(ctx: CaseContext) -> None:
    """Encrypt with a disabled key is refused with DisabledException."""
    reply = ctx.call(SVC, "Encrypt", KeyId=_disabled(ctx), Plaintext=b"x")
    expect_code(ctx, reply, "DisabledException", status=None)


@scenario(
    id="kms/scenario/key-state/decrypt-with-disabled-key",
    feature="kms/key-state",
    operations=["Decrypt"],
    provenance=KEY_STATES,
)
def decrypt_with_disabled_key(ctx: CaseContext) -> None:
    """A ciphertext of a key that is then disabled does not decrypt: DisabledException."""
    kid = key_id(ctx)
    blob = encrypt(ctx, kid)
    ctx.fixture(SVC, "DisableKey", KeyId=kid)
    expect_code(ctx, ctx.call(SVC, "Decrypt", CiphertextBlob=blob), "DisabledException", status=None)


@scenario(
    id="kms/scenario/key-state/data-key-with-disabled-key",
    feature="kms/key-state",
    operations=["GenerateDataKey"],
    provenance=KEY_STATES,
)
def data_key_with_disabled_key(ctx: CaseContext) -> None:
    """GenerateDataKey with a disabled key is refused with DisabledException."""
    reply = ctx.call(SVC, "GenerateDataKey", KeyId=_disabled(ctx), KeySpec="AES_256")
    expect_code(ctx, reply, "DisabledException", status=None)


@scenario(
    id="kms/scenario/key-state/enable-again",
    feature="kms/key-state",
    operations=["EnableKey", "Encrypt"],
    provenance=api("EnableKey"),
)
def enable_again(ctx: CaseContext) -> None:
    """EnableKey returns a disabled key to Enabled, and it encrypts again."""
    kid = _disabled(ctx)
    ctx.expect_ok(ctx.call(SVC, "EnableKey", KeyId=kid))
    ctx.equal(describe(ctx, kid).get("KeyState"), "Enabled", "KeyState")
    ctx.expect_ok(ctx.call(SVC, "Encrypt", KeyId=kid, Plaintext=b"x"), "Encrypt after EnableKey")


@scenario(
    id="kms/scenario/key-state/encrypt-pending-deletion",
    feature="kms/key-state",
    operations=["Encrypt"],
    provenance=KEY_STATES,
)
def encrypt_pending_deletion(ctx: CaseContext) -> None:
    """Encrypt with a key pending deletion is refused with KMSInvalidStateException."""
    reply = ctx.call(SVC, "Encrypt", KeyId=_pending(ctx), Plaintext=b"x")
    expect_code(ctx, reply, "KMSInvalidStateException", status=None)


@scenario(
    id="kms/scenario/key-state/enable-pending-deletion",
    feature="kms/key-state",
    operations=["EnableKey"],
    provenance=KEY_STATES,
)
def enable_pending_deletion(ctx: CaseContext) -> None:
    """EnableKey of a key pending deletion is refused with KMSInvalidStateException (cancel the
    deletion first)."""
    expect_code(ctx, ctx.call(SVC, "EnableKey", KeyId=_pending(ctx)), "KMSInvalidStateException", status=None)


@scenario(
    id="kms/scenario/key-state/schedule-deletion-twice",
    feature="kms/key-state",
    operations=["ScheduleKeyDeletion"],
    provenance=KEY_STATES,
)
def schedule_deletion_twice(ctx: CaseContext) -> None:
    """ScheduleKeyDeletion of a key already pending deletion is refused with
    KMSInvalidStateException."""
    reply = ctx.call(SVC, "ScheduleKeyDeletion", KeyId=_pending(ctx), PendingWindowInDays=WINDOW)
    expect_code(ctx, reply, "KMSInvalidStateException", status=None)


@scenario(
    id="kms/scenario/key-state/cancel-when-not-pending",
    feature="kms/key-state",
    operations=["CancelKeyDeletion"],
    provenance=KEY_STATES,
)
def cancel_when_not_pending(ctx: CaseContext) -> None:
    """CancelKeyDeletion of an enabled key (not pending deletion) is refused with
    KMSInvalidStateException."""
    expect_code(ctx, ctx.call(SVC, "CancelKeyDeletion", KeyId=key_id(ctx)), "KMSInvalidStateException",
                status=None)
