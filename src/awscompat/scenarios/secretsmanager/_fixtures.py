"""Shared set-up for Secrets Manager cases: secrets of the case's own, ledgered before they are
created and removed at teardown with DeleteSecret ForceDeleteWithoutRecovery (the recipes and the
CreateSecret sender of _recipes.py are built on these)."""

from __future__ import annotations

import re
from typing import Any

from awscompat.engine.context import CaseContext
from awscompat.engine.ledger import Entry
from awscompat.engine.transport import Reply

SVC = "secretsmanager"


def secret_name(ctx: CaseContext, hint: str = "secret") -> str:
    """A namespaced secret name. A name ending in a hyphen and six characters looks like an ARN
    suffix to Secrets Manager (the recorded 'Invalid/...-a1b2c3' case), so one more character is
    added when a name would end that way."""
    name = ctx.name(hint, max_len=200)
    return name + "x" if re.search(r"-[^-]{6}$", name) else name


def track_secret(ctx: CaseContext, name: str, params: dict) -> Entry:
    """Ledger a secret before CreateSecret is sent; teardown deletes it without recovery."""
    return ctx.track(SVC, "secret", name, {"service": SVC, "operation": "CreateSecret", "params": params},
              [{"service": SVC, "operation": "DeleteSecret",
                "params": {"SecretId": name, "ForceDeleteWithoutRecovery": True}}])


def create_secret(ctx: CaseContext, name: str | None = None, **params: Any) -> Reply:
    """CreateSecret as the call under test (ledgered first); the caller checks the answer. A
    refused create made nothing, so its entry has nothing to delete (a DeleteSecret of a refused
    name would itself be refused, or would hit a secret some other entry owns)."""
    name = name or secret_name(ctx)
    params = {"Name": name, **params}
    entry = track_secret(ctx, name, params)
    reply = ctx.call(SVC, "CreateSecret", **params)
    if 400 <= reply.status < 500:
        entry.delete.clear()
    return reply


def make_secret(ctx: CaseContext, value: str | None = "v1", **params: Any) -> dict:
    """Set-up: a secret of this case's own holding `value` (None: no value at all). Returns the
    CreateSecret answer (Name, ARN, VersionId)."""
    name = secret_name(ctx)
    params = {"Name": name, **({"SecretString": value} if value is not None else {}), **params}
    track_secret(ctx, name, params)
    return ctx.fixture(SVC, "CreateSecret", **params).parsed


def put_value(ctx: CaseContext, secret: str, value: str, **params: Any) -> str:
    """Set-up PutSecretValue; returns the new VersionId."""
    return ctx.fixture(SVC, "PutSecretValue", SecretId=secret, SecretString=value, **params)["VersionId"]


def schedule_deletion(ctx: CaseContext, secret: str) -> Reply:
    """Set-up: DeleteSecret with the default recovery window (the secret can still be restored)."""
    return ctx.fixture(SVC, "DeleteSecret", SecretId=secret)
