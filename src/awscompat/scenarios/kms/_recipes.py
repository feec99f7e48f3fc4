"""KMS setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the fixtures of the Python scenarios (a key ledgered before CreateKey and its
deletion scheduled at teardown; an alias ledgered before CreateAlias). Outputs: a dict whose
`value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.kms._fixtures import SVC, WINDOW, alias_name, encrypt, make_alias, make_key


@recipe("kms", "key")
def key(ctx: CaseContext, hint: str = "key", key_spec: str | None = None, key_usage: str | None = None) -> dict:
    """A KMS key of the case's own (default: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT). value = its KeyId;
    arn = its ARN."""
    extra = {k: v for k, v in (("KeySpec", key_spec), ("KeyUsage", key_usage)) if v}
    meta = make_key(ctx, hint, **extra)
    return {"value": meta["KeyId"], "arn": meta["Arn"]}


@recipe("kms", "alias")
def alias(ctx: CaseContext, target: str, hint: str = "alias") -> dict:
    """An alias of the case's own (alias/<namespaced name>) for key `target`. value = the alias name."""
    return {"value": make_alias(ctx, target, hint)}


@recipe("kms", "absent-alias")
def absent_alias(ctx: CaseContext) -> dict:
    """An alias name in the run's namespace that no alias has (nothing is created). value = the name."""
    return {"value": alias_name(ctx, "absent")}


@recipe("kms", "disabled")
def disabled(ctx: CaseContext, key: str) -> dict:
    """Key `key` disabled (DisableKey as set-up). value = the KeyId."""
    ctx.fixture(SVC, "DisableKey", KeyId=key)
    return {"value": key}


@recipe("kms", "pending-deletion")
def pending_deletion(ctx: CaseContext, key: str) -> dict:
    """Key `key` scheduled for deletion with the shortest window (set-up). value = the KeyId."""
    ctx.fixture(SVC, "ScheduleKeyDeletion", KeyId=key, PendingWindowInDays=WINDOW)
    return {"value": key}


@recipe("kms", "ciphertext")
def ciphertext(ctx: CaseContext, key: str, plaintext: str = "awscompat") -> dict:
    """Set-up Encrypt of `plaintext` under `key`. value = the CiphertextBlob (bytes)."""
    return {"value": encrypt(ctx, key, plaintext.encode())}
