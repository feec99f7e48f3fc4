"""Shared set-up for KMS cases (the recipes and senders of kms/_recipes.py, and S3's SSE-KMS
scenarios): keys and aliases of the case's own.

A KMS key cannot be deleted at once and its id is chosen by the server, so a key is ledgered
twice: before CreateKey under a namespaced name (its Description) with no delete call, and again
as soon as the KeyId is known, with the teardown call ScheduleKeyDeletion(PendingWindowInDays=7).
Teardown treats a key already pending deletion as done."""

from __future__ import annotations

from typing import Any

from awscompat.engine.context import CaseContext
from awscompat.engine.ledger import Entry
from awscompat.engine.outcomes import FixtureError
from awscompat.engine.transport import Reply

SVC = "kms"
WINDOW = 7  # the shortest pending window KMS allows


def _schedule(ctx: CaseContext, key_id: str) -> str | None:
    """Teardown of one key: ScheduleKeyDeletion with the shortest window; a key already pending
    deletion or already gone counts as done."""
    reply = ctx.transport.call(SVC, "ScheduleKeyDeletion", {"KeyId": key_id, "PendingWindowInDays": WINDOW})
    if reply.ok:
        return "pending-deletion"
    if reply.code == "NotFoundException":
        return "absent"
    if reply.code == "KMSInvalidStateException":
        state = ctx.transport.call(SVC, "DescribeKey", {"KeyId": key_id})
        if state.ok and state["KeyMetadata"].get("KeyState") == "PendingDeletion":
            return "pending-deletion"
    return None


def create_key(ctx: CaseContext, hint: str = "key", **params: Any) -> Reply:
    """CreateKey as a call under test (its answer is the caller's to check): ledgered before it
    is sent, and again with its teardown once the server has named the key."""
    name = ctx.name(hint, max_len=200)
    params = {"Description": name, "Tags": ctx.ns.tag_list("TagKey", "TagValue"), **params}
    create = {"service": SVC, "operation": "CreateKey", "params": params}
    created: list[str] = []
    intent = ctx.track(SVC, "kms-key", name, create, [],
                       remove=lambda: "superseded" if created else "not-created")
    reply = ctx.call(SVC, "CreateKey", **params)
    if reply.ok:
        created.append(reply["KeyMetadata"]["KeyId"])
        kid = reply["KeyMetadata"]["KeyId"]
        ctx.ledger.annotate(intent, reply.parsed)
        ctx.track(SVC, "kms-key", name, {**create, "response": {"KeyId": kid}},
                  [{"service": SVC, "operation": "ScheduleKeyDeletion",
                    "params": {"KeyId": kid, "PendingWindowInDays": WINDOW}}],
                  remove=lambda: _schedule(ctx, kid))
    return reply


def make_key(ctx: CaseContext, hint: str = "key", **params: Any) -> dict:
    """Create a KMS key of this scenario's own (FixtureError if that fails); returns its
    KeyMetadata. Teardown schedules its deletion."""
    reply = create_key(ctx, hint, **params)
    if not reply.ok:
        raise FixtureError(f"setup CreateKey failed: {reply.describe()}", exchange=reply.exchange)
    return reply["KeyMetadata"]



def track_alias(ctx: CaseContext, alias: str, target: str) -> Entry:
    """Ledger an alias before CreateAlias is sent; DeleteAlias at teardown."""
    return ctx.track(SVC, "kms-alias", alias,
              {"service": SVC, "operation": "CreateAlias", "params": {"AliasName": alias, "TargetKeyId": target}},
              [{"service": SVC, "operation": "DeleteAlias", "params": {"AliasName": alias}}])


def alias_name(ctx: CaseContext, hint: str = "alias") -> str:
    return "alias/" + ctx.name(hint, max_len=200)


def make_alias(ctx: CaseContext, target: str, hint: str = "alias") -> str:
    """Create a namespaced alias for target (FixtureError if that fails)."""
    alias = alias_name(ctx, hint)
    track_alias(ctx, alias, target)
    ctx.fixture(SVC, "CreateAlias", AliasName=alias, TargetKeyId=target)
    return alias
