"""Secrets Manager deletion cases that stay Python: recreating a name after a forced deletion
(CreateSecret under test, retried while the deletion completes). The other deletion cases are data:
cases/secretsmanager/deletion.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._wait import poll
from awscompat.scenarios.secretsmanager._fixtures import (
    SVC,
    create_secret,
    make_secret,
    rec,
)


@scenario(
    id="secretsmanager/scenario/deletion/recreate-after-force-delete",
    feature="secretsmanager/deletion",
    operations=["DeleteSecret", "CreateSecret"],
    provenance=rec("test_can_recreate_delete_secret", "create_secret_res_1"),
    timeout=60,
)
def recreate_after_force_delete(ctx: CaseContext) -> None:
    """After a forced deletion the name is free again (the deletion completes asynchronously, so
    creation is retried for a bounded time): the new secret has a new ARN."""
    secret = make_secret(ctx)
    ctx.fixture(SVC, "DeleteSecret", SecretId=secret["Name"], ForceDeleteWithoutRecovery=True)
    replies: list[Reply] = []

    def created() -> Reply | None:
        replies.append(create_secret(ctx, secret["Name"], SecretString="again"))
        return replies[-1] if replies[-1].ok or replies[-1].code != "InvalidRequestException" else None

    reply = ctx.expect_ok(poll(created, timeout=30.0, ctx=ctx) or replies[-1], "CreateSecret after force delete")
    ctx.check(reply.get("ARN") and reply.get("ARN") != secret["ARN"], "the recreated secret kept the old ARN",
              expected="a new ARN", observed=reply.get("ARN"), reply=reply)
