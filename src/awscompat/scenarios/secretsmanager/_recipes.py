"""Secrets Manager setup recipes for behaviour cases as data (docs/cases.md): each is the one
implementation of a named setup, built on the fixtures (a secret ledgered before CreateSecret,
deleted without recovery at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a
case file. CreateSecret as a step is sent by this service's sender: ledgered first, its teardown
dropped when the create is refused (it made nothing)."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.transport import Reply
from awscompat.scenarios.secretsmanager._fixtures import (
    create_secret,
    make_secret,
    put_value,
    schedule_deletion,
    secret_name,
)


@recipe("secretsmanager", "secret")
def secret(ctx: CaseContext, value: str | None = "v1", description: str | None = None,
           scheduled: bool = False, binary: bytes | None = None) -> dict:
    """A secret of the case's own holding the SecretString `value` (null: no value, no version) or
    the SecretBinary `binary`; with `scheduled`, DeleteSecret with the default recovery window as
    set-up (it can still be restored). value = its name; arn, version (the VersionId CreateSecret
    answered, if any)."""
    extra = {k: v for k, v in (("Description", description), ("SecretBinary", binary)) if v is not None}
    made = make_secret(ctx, value, **extra)
    if scheduled:
        schedule_deletion(ctx, made["Name"])
    return {"value": made["Name"], "arn": made.get("ARN"), "version": made.get("VersionId")}


@recipe("secretsmanager", "absent-secret")
def absent_secret(ctx: CaseContext) -> dict:
    """A secret name in the run's namespace that no secret has (nothing is created). value = the name."""
    return {"value": secret_name(ctx, "absent")}


@recipe("secretsmanager", "secret-name")
def fresh_name(ctx: CaseContext, hint: str = "secret", max_len: int = 200) -> dict:
    """A name in the run's namespace for a secret the steps create (CreateSecret is the call under
    test; its sender ledgers it) or for anything else of the case's own (a Lambda function name
    that nothing has). value = the name."""
    return {"value": secret_name(ctx, hint)[:max_len]}


@recipe("secretsmanager", "secret-value")
def secret_value(ctx: CaseContext, secret: str, value: str, stages: list | None = None) -> dict:
    """Set-up PutSecretValue of `value` on `secret` (it becomes AWSCURRENT, or carries `stages`).
    value = the new VersionId."""
    return {"value": put_value(ctx, secret, value, **({"VersionStages": stages} if stages else {}))}


@sender("secretsmanager", "CreateSecret")
def send_create(ctx: CaseContext, params: dict) -> Reply:
    """CreateSecret under test: ledgered before it is sent (fixtures.create_secret)."""
    params = dict(params)
    return create_secret(ctx, params.pop("Name"), **params)
