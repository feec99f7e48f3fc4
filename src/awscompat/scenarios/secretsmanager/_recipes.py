"""Secrets Manager setup recipes for behaviour cases as data (docs/cases.md): each is the one
implementation of a named setup, built on the fixtures of the Python scenarios (a secret ledgered
before CreateSecret, deleted without recovery at teardown). Outputs: a dict whose `value` is what
`${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.secretsmanager._fixtures import (
    make_secret,
    put_value,
    schedule_deletion,
    secret_name,
)


@recipe("secretsmanager", "secret")
def secret(ctx: CaseContext, value: str | None = "v1", description: str | None = None,
           scheduled: bool = False) -> dict:
    """A secret of the case's own holding the SecretString `value` (null: no value, no version);
    with `scheduled`, DeleteSecret with the default recovery window as set-up (it can still be
    restored). value = its name; arn, version (the VersionId CreateSecret answered, if any)."""
    made = make_secret(ctx, value, **({"Description": description} if description else {}))
    if scheduled:
        schedule_deletion(ctx, made["Name"])
    return {"value": made["Name"], "arn": made.get("ARN"), "version": made.get("VersionId")}


@recipe("secretsmanager", "absent-secret")
def absent_secret(ctx: CaseContext) -> dict:
    """A secret name in the run's namespace that no secret has (nothing is created). value = the name."""
    return {"value": secret_name(ctx, "absent")}


@recipe("secretsmanager", "secret-value")
def secret_value(ctx: CaseContext, secret: str, value: str) -> dict:
    """Set-up PutSecretValue of `value` on `secret` (it becomes AWSCURRENT). value = the new VersionId."""
    return {"value": put_value(ctx, secret, value)}
