"""Secrets Manager deletion windows: DeleteSecret schedules a deletion, the secret is then
refused for most operations, can be restored, blocks its name, and can be force-deleted; the
window's bounds; listing planned deletions."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.dynamodb._wait import poll
from awscompat.scenarios.secretsmanager._fixtures import (
    MARKED_FOR_DELETION,
    SVC,
    api,
    create_secret,
    expect_refused,
    get_value,
    make_secret,
    rec,
    schedule_deletion,
)

_FORCE = "test_force_delete_deleted_secret"
_TAGS = "test_tag_untag_resource_on_deleted_secret"


def _scheduled(ctx: CaseContext) -> dict:
    """A secret of this scenario's own, scheduled for deletion (default window)."""
    secret = make_secret(ctx, "doomed")
    schedule_deletion(ctx, secret["Name"])
    return secret


@scenario(
    id="secretsmanager/scenario/deletion/schedule-answers-deletion-date",
    feature="secretsmanager/deletion",
    operations=["DeleteSecret"],
    provenance=rec(_FORCE, "delete_secret_response"),
)
def schedule_answers_deletion_date(ctx: CaseContext) -> None:
    """DeleteSecret with a recovery window answers the secret's ARN, Name and a DeletionDate."""
    secret = make_secret(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DeleteSecret", SecretId=secret["Name"], RecoveryWindowInDays=7))
    ctx.equal((reply.get("ARN"), reply.get("Name")), (secret["ARN"], secret["Name"]), "(ARN, Name)", reply)
    ctx.check(reply.get("DeletionDate"), "no DeletionDate", expected="DeletionDate", observed=None, reply=reply)


@scenario(
    id="secretsmanager/scenario/deletion/describe-shows-deleted-date",
    feature="secretsmanager/deletion",
    operations=["DescribeSecret"],
    provenance=rec(_FORCE, "describe_secret_response"),
)
def describe_shows_deleted_date(ctx: CaseContext) -> None:
    """A secret scheduled for deletion still describes, with a DeletedDate and its versions."""
    secret = _scheduled(ctx)
    desc = ctx.expect_ok(ctx.call(SVC, "DescribeSecret", SecretId=secret["Name"]))
    ctx.check(desc.get("DeletedDate"), "no DeletedDate", expected="DeletedDate", observed=None, reply=desc)
    ctx.equal(desc.get("VersionIdsToStages"), {secret["VersionId"]: ["AWSCURRENT"]}, "VersionIdsToStages", desc)


@scenario(
    id="secretsmanager/scenario/deletion/get-value-refused",
    feature="secretsmanager/deletion",
    operations=["GetSecretValue"],
    provenance=api("GetSecretValue"),
)
def get_value_refused(ctx: CaseContext) -> None:
    """GetSecretValue of a secret scheduled for deletion: 400 InvalidRequestException."""
    expect_refused(ctx, ctx.call(SVC, "GetSecretValue", SecretId=_scheduled(ctx)["Name"]), "InvalidRequestException")


def _refused_while_deleted(ctx: CaseContext, operation: str, **params) -> Reply:
    reply = ctx.call(SVC, operation, SecretId=_scheduled(ctx)["Name"], **params)
    expect_refused(ctx, reply, "InvalidRequestException", MARKED_FOR_DELETION)
    return reply


@scenario(
    id="secretsmanager/scenario/deletion/tag-refused",
    feature="secretsmanager/deletion",
    operations=["TagResource"],
    provenance=rec(_TAGS, "tag_deleted_secret_error"),
)
def tag_refused(ctx: CaseContext) -> None:
    """TagResource of a secret scheduled for deletion: 400 InvalidRequestException, "You can't
    perform this operation on the secret because it was marked for deletion."."""
    _refused_while_deleted(ctx, "TagResource", Tags=[{"Key": "k", "Value": "v"}])


@scenario(
    id="secretsmanager/scenario/deletion/untag-refused",
    feature="secretsmanager/deletion",
    operations=["UntagResource"],
    provenance=rec(_TAGS, "untag_deleted_secret_error"),
)
def untag_refused(ctx: CaseContext) -> None:
    """UntagResource of a secret scheduled for deletion: the same InvalidRequestException."""
    _refused_while_deleted(ctx, "UntagResource", TagKeys=["k"])


@scenario(
    id="secretsmanager/scenario/deletion/restore",
    feature="secretsmanager/deletion",
    operations=["RestoreSecret", "GetSecretValue"],
    provenance=rec("test_secret_restore", "restore_secret_res"),
)
def restore(ctx: CaseContext) -> None:
    """RestoreSecret answers the ARN and Name, clears the DeletedDate, and the value reads again."""
    secret = _scheduled(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "RestoreSecret", SecretId=secret["Name"]))
    ctx.equal((reply.get("ARN"), reply.get("Name")), (secret["ARN"], secret["Name"]), "(ARN, Name)", reply)
    ctx.equal(get_value(ctx, secret["Name"]).get("SecretString"), "doomed", "SecretString after restore")
    desc = ctx.expect_ok(ctx.call(SVC, "DescribeSecret", SecretId=secret["Name"]))
    ctx.equal(desc.get("DeletedDate"), None, "DeletedDate after restore", desc)


@scenario(
    id="secretsmanager/scenario/deletion/name-blocked-while-scheduled",
    feature="secretsmanager/deletion",
    operations=["CreateSecret"],
    provenance=rec("test_exp_raised_on_creation_of_secret_scheduled_for_deletion", "invalid_req_ex"),
)
def name_blocked_while_scheduled(ctx: CaseContext) -> None:
    """CreateSecret with the name of a secret scheduled for deletion: 400 InvalidRequestException,
    "You can't create this secret because a secret with this name is already scheduled for
    deletion."."""
    reply = ctx.call(SVC, "CreateSecret", Name=_scheduled(ctx)["Name"], SecretString="again")
    expect_refused(ctx, reply, "InvalidRequestException", "You can't create this secret because a secret with "
                                                          "this name is already scheduled for deletion.")


@scenario(
    id="secretsmanager/scenario/deletion/force-delete-scheduled",
    feature="secretsmanager/deletion",
    operations=["DeleteSecret"],
    provenance=rec(_FORCE, "force_delete_secret_response"),
)
def force_delete_scheduled(ctx: CaseContext) -> None:
    """A secret already scheduled for deletion can be force-deleted: 200 with ARN, Name and a
    DeletionDate."""
    secret = _scheduled(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "DeleteSecret", SecretId=secret["Name"], ForceDeleteWithoutRecovery=True))
    ctx.equal((reply.get("ARN"), reply.get("Name")), (secret["ARN"], secret["Name"]), "(ARN, Name)", reply)
    ctx.check(reply.get("DeletionDate"), "no DeletionDate", expected="DeletionDate", observed=None, reply=reply)


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


@scenario(
    id="secretsmanager/scenario/deletion/window-below-seven-days",
    feature="secretsmanager/deletion",
    operations=["DeleteSecret"],
    provenance=api("DeleteSecret"),
)
def window_below_seven_days(ctx: CaseContext) -> None:
    """RecoveryWindowInDays is 7 to 30: 6 is a 400 InvalidParameterException and the secret stays."""
    secret = make_secret(ctx, "kept")
    reply = ctx.call(SVC, "DeleteSecret", SecretId=secret["Name"], RecoveryWindowInDays=6)
    expect_refused(ctx, reply, "InvalidParameterException")
    ctx.equal(get_value(ctx, secret["Name"]).get("SecretString"), "kept", "SecretString after the refusal")


@scenario(
    id="secretsmanager/scenario/deletion/window-with-force-refused",
    feature="secretsmanager/deletion",
    operations=["DeleteSecret"],
    provenance=api("DeleteSecret"),
)
def window_with_force_refused(ctx: CaseContext) -> None:
    """RecoveryWindowInDays and ForceDeleteWithoutRecovery together are a 400
    InvalidParameterException."""
    reply = ctx.call(SVC, "DeleteSecret", SecretId=make_secret(ctx)["Name"], RecoveryWindowInDays=7,
                     ForceDeleteWithoutRecovery=True)
    expect_refused(ctx, reply, "InvalidParameterException")


@scenario(
    id="secretsmanager/scenario/deletion/list-planned-deletions",
    feature="secretsmanager/deletion",
    operations=["ListSecrets"],
    provenance=api("ListSecrets"),
)
def list_planned_deletions(ctx: CaseContext) -> None:
    """ListSecrets leaves out secrets scheduled for deletion unless IncludePlannedDeletion."""
    name = _scheduled(ctx)["Name"]
    filters = [{"Key": "name", "Values": [name]}]

    def names(**extra) -> list[str]:
        reply = ctx.expect_ok(ctx.call(SVC, "ListSecrets", Filters=filters, **extra), "ListSecrets")
        return [s.get("Name") for s in reply.get("SecretList") or []]

    ctx.equal(names(), [], "secrets listed by default")
    ctx.equal(names(IncludePlannedDeletion=True), [name], "secrets listed with IncludePlannedDeletion")
