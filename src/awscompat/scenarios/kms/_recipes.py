"""KMS setup recipes and senders for behaviour cases as data (docs/cases.md): each is the one
implementation of a named setup or of how a creating call is sent, built on the fixtures (a key
ledgered before CreateKey and its deletion scheduled at teardown; an alias ledgered before
CreateAlias; a grant revoked at teardown). Outputs: a dict whose `value` is what `${<as>}` means in
a case file."""

from __future__ import annotations

import json

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.transport import Reply
from awscompat.scenarios.kms._fixtures import (
    SVC,
    WINDOW,
    alias_name,
    create_key,
    make_alias,
    make_key,
    track_alias,
)


@recipe("kms", "key")
def key(ctx: CaseContext, hint: str = "key", key_spec: str | None = None, key_usage: str | None = None,
        policy: dict | str | None = None) -> dict:
    """A KMS key of the case's own (default: SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT; `policy` a key policy,
    a map or its JSON text). value = its KeyId; arn = its ARN."""
    extra = {k: v for k, v in (("KeySpec", key_spec), ("KeyUsage", key_usage)) if v}
    if policy:
        extra["Policy"] = policy if isinstance(policy, str) else json.dumps(policy)
    meta = make_key(ctx, hint, **extra)
    return {"value": meta["KeyId"], "arn": meta["Arn"]}


@recipe("kms", "alias")
def alias(ctx: CaseContext, target: str, hint: str = "alias") -> dict:
    """An alias of the case's own (alias/<namespaced name>) for key `target`. value = the alias name."""
    return {"value": make_alias(ctx, target, hint)}


@recipe("kms", "absent-alias")
def absent_alias(ctx: CaseContext, hint: str = "absent", prefix: str = "alias/") -> dict:
    """An alias name in the run's namespace that no alias has (nothing is created; `prefix` instead
    of alias/, even none, for names under test). value = the name."""
    return {"value": prefix + alias_name(ctx, hint).removeprefix("alias/")}


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
def ciphertext(ctx: CaseContext, key: str, plaintext: str = "awscompat", context: dict | None = None,
               damaged: bool = False) -> dict:
    """Set-up Encrypt of `plaintext` under `key` (with EncryptionContext `context`). value = the
    CiphertextBlob (bytes; with `damaged`, its last byte flipped)."""
    extra = {"EncryptionContext": context} if context else {}
    blob = bytearray(ctx.fixture(SVC, "Encrypt", KeyId=key, Plaintext=plaintext.encode(), **extra)["CiphertextBlob"])
    if damaged:
        blob[-1] ^= 0x01
    return {"value": bytes(blob)}


@sender("kms", "CreateKey")
def send_create_key(ctx: CaseContext, params: dict) -> Reply:
    """CreateKey under test: ledgered before it is sent (with a namespaced Description and the run's
    tags), and again with ScheduleKeyDeletion once the server has named the key."""
    return create_key(ctx, "key", **params)


@sender("kms", "CreateAlias")
def send_create_alias(ctx: CaseContext, params: dict) -> Reply:
    """CreateAlias under test: ledgered first; when it is refused nothing was made, so its teardown
    has nothing to delete (DeleteAlias of such a name would itself be refused)."""
    entry = track_alias(ctx, params.get("AliasName", ""), params.get("TargetKeyId", ""))
    reply = ctx.call_with(SVC, "CreateAlias", params)
    if not reply.ok:
        entry.delete.clear()
    return reply


@sender("kms", "CreateGrant")
def send_create_grant(ctx: CaseContext, params: dict) -> Reply:
    """CreateGrant under test; a grant it makes is revoked at teardown (the key's deletion would
    too, after its pending window)."""
    reply = ctx.call_with(SVC, "CreateGrant", params)
    if reply.ok:
        gid, kid = reply["GrantId"], params.get("KeyId")
        ctx.defer(f"revoke grant {gid}", lambda: ctx.transport.call(SVC, "RevokeGrant", {"KeyId": kid, "GrantId": gid}))
    return reply
