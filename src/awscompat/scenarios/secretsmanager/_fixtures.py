"""Shared set-up for Secrets Manager scenarios: secrets of the scenario's own (ledgered before
they are created, removed at teardown with DeleteSecret ForceDeleteWithoutRecovery), readers for
versions and stages, and the evidence the scenario files cite."""

from __future__ import annotations

import re
from typing import Any

from awscompat.catalog import docs, recorded
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.ledger import Entry
from awscompat.engine.transport import Reply

SVC = "secretsmanager"
REF = "secretsmanager/test_secretsmanager.snapshot.json"
_TEST = "tests/aws/services/secretsmanager/test_secretsmanager.py::TestSecretsManager::"

NOT_FOUND = "Secrets Manager can't find the specified secret."
MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."


def rec(test: str, step: str) -> Provenance:
    """A recorded AWS answer in secretsmanager/test_secretsmanager.snapshot.json."""
    return recorded(REF, _TEST + test, step)


def api(operation: str) -> Provenance:
    """The Secrets Manager API reference page of an operation."""
    return docs(f"https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_{operation}.html")


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
    """Set-up: a secret of this scenario's own holding `value` (None: no value at all). Returns
    the CreateSecret answer (Name, ARN, VersionId)."""
    name = secret_name(ctx)
    params = {"Name": name, **({"SecretString": value} if value is not None else {}), **params}
    track_secret(ctx, name, params)
    return ctx.fixture(SVC, "CreateSecret", **params).parsed


def put_value(ctx: CaseContext, secret: str, value: str, **params: Any) -> str:
    """Set-up PutSecretValue; returns the new VersionId."""
    return ctx.fixture(SVC, "PutSecretValue", SecretId=secret, SecretString=value, **params)["VersionId"]


def get_value(ctx: CaseContext, secret: str, **params: Any) -> Reply:
    return ctx.expect_ok(ctx.call(SVC, "GetSecretValue", SecretId=secret, **params), "GetSecretValue")


def stages(ctx: CaseContext, secret: str, deprecated: bool = False) -> dict[str, list[str]]:
    """VersionId -> sorted VersionStages, from ListSecretVersionIds (a version without stages
    maps to [])."""
    params = {"IncludeDeprecated": True} if deprecated else {}
    reply = ctx.expect_ok(ctx.call(SVC, "ListSecretVersionIds", SecretId=secret, **params), "ListSecretVersionIds")
    return {v["VersionId"]: sorted(v.get("VersionStages") or []) for v in reply.get("Versions") or []}


def schedule_deletion(ctx: CaseContext, secret: str) -> Reply:
    """Set-up: DeleteSecret with the default recovery window (the secret can still be restored)."""
    return ctx.fixture(SVC, "DeleteSecret", SecretId=secret)


def expect_refused(ctx: CaseContext, reply: Reply, code: str, message: str | None = None) -> None:
    """A 400 error with this code (and this message, when the evidence records it)."""
    ctx.expect_error(reply, code, 400)
    if message is not None:
        ctx.equal(reply.error.get("Message"), message, "error Message", reply)
