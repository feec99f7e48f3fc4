"""Secrets Manager version cases that stay Python: staging labels mapped to versions by
ListSecretVersionIds, and ClientRequestTokens made at run time. The reads of versions and stages
that do not exist are data: cases/secretsmanager/versions.yaml."""

from __future__ import annotations

import uuid

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.secretsmanager._fixtures import (
    SVC,
    api,
    expect_refused,
    get_value,
    make_secret,
    put_value,
    rec,
    stages,
)

_PENDING = "test_update_secret_version_stages_current_pending"
_STAGES = "test_put_secret_value_with_version_stages"
_DEPRECATED = "test_deprecated_secret_version_stage"


@scenario(
    id="secretsmanager/scenario/versions/put-value-moves-current",
    feature="secretsmanager/versions",
    operations=["PutSecretValue", "ListSecretVersionIds"],
    provenance=rec(_DEPRECATED, "list_secret_version_ids_1"),
)
def put_value_moves_current(ctx: CaseContext) -> None:
    """PutSecretValue answers VersionStages [AWSCURRENT] for the new version; the previous
    current version is relabelled AWSPREVIOUS."""
    secret = make_secret(ctx)
    reply = ctx.expect_ok(ctx.call(SVC, "PutSecretValue", SecretId=secret["Name"], SecretString="v2"))
    ctx.equal(reply.get("VersionStages"), ["AWSCURRENT"], "VersionStages", reply)
    ctx.equal(stages(ctx, secret["Name"]),
              {secret["VersionId"]: ["AWSPREVIOUS"], reply.get("VersionId"): ["AWSCURRENT"]}, "versions and stages")


@scenario(
    id="secretsmanager/scenario/versions/read-by-stage-and-id",
    feature="secretsmanager/versions",
    operations=["GetSecretValue"],
    provenance=api("GetSecretValue"),
)
def read_by_stage_and_id(ctx: CaseContext) -> None:
    """GetSecretValue reads the AWSPREVIOUS value by stage, and any version by its VersionId."""
    secret = make_secret(ctx, "old")
    new = put_value(ctx, secret["Name"], "new")
    ctx.equal(get_value(ctx, secret["Name"], VersionStage="AWSPREVIOUS").get("SecretString"), "old", "AWSPREVIOUS")
    ctx.equal(get_value(ctx, secret["Name"], VersionId=new).get("SecretString"), "new", "by VersionId")


@scenario(
    id="secretsmanager/scenario/versions/pending-leaves-current",
    feature="secretsmanager/versions",
    operations=["PutSecretValue", "GetSecretValue"],
    provenance=rec(_STAGES, "get_secret_value_res_3"),
)
def pending_leaves_current(ctx: CaseContext) -> None:
    """A value put with VersionStages [AWSPENDING] does not become current: GetSecretValue still
    returns the first value."""
    secret = make_secret(ctx, "secret_string_v0")
    reply = ctx.expect_ok(ctx.call(SVC, "PutSecretValue", SecretId=secret["Name"], SecretString="v3",
                                   VersionStages=["AWSPENDING"]))
    ctx.equal(reply.get("VersionStages"), ["AWSPENDING"], "VersionStages", reply)
    value = get_value(ctx, secret["Name"])
    ctx.equal((value.get("SecretString"), value.get("VersionId")), ("secret_string_v0", secret["VersionId"]),
              "current (SecretString, VersionId)", value)


@scenario(
    id="secretsmanager/scenario/versions/custom-stages-leave-current",
    feature="secretsmanager/versions",
    operations=["PutSecretValue", "GetSecretValue"],
    provenance=rec(_STAGES, "put_secret_value_res_1"),
)
def custom_stages_leave_current(ctx: CaseContext) -> None:
    """A value put with custom stages carries exactly those stages and leaves AWSCURRENT where it
    was."""
    secret = make_secret(ctx, "secret_string_v0")
    reply = ctx.expect_ok(ctx.call(SVC, "PutSecretValue", SecretId=secret["Name"], SecretString="v1",
                                   VersionStages=["SAMPLESTAGE0", "SAMPLESTAGE1"]))
    ctx.equal(sorted(reply.get("VersionStages") or []), ["SAMPLESTAGE0", "SAMPLESTAGE1"], "VersionStages", reply)
    ctx.equal(get_value(ctx, secret["Name"]).get("SecretString"), "secret_string_v0", "current SecretString")


@scenario(
    id="secretsmanager/scenario/versions/stage-moves-between-versions",
    feature="secretsmanager/versions",
    operations=["PutSecretValue", "ListSecretVersionIds"],
    provenance=rec("test_non_versioning_version_stages_no_replacement", "list_secret_version_ids_res_1"),
)
def stage_moves_between_versions(ctx: CaseContext) -> None:
    """A staging label is on one version at a time: putting [one, two, four] moves 'one' and
    'two' off the version that had [one, two, three], which keeps 'three'."""
    secret = make_secret(ctx)
    v2 = put_value(ctx, secret["Name"], "v2", VersionStages=["one", "two", "three"])
    v3 = put_value(ctx, secret["Name"], "v3", VersionStages=["one", "two", "four"])
    ctx.equal(stages(ctx, secret["Name"]), {secret["VersionId"]: ["AWSCURRENT"], v2: ["three"],
                                            v3: ["four", "one", "two"]}, "versions and stages")


@scenario(
    id="secretsmanager/scenario/versions/unlabelled-version-is-deprecated",
    feature="secretsmanager/versions",
    operations=["ListSecretVersionIds"],
    provenance=rec(_DEPRECATED, "list_secret_version_ids_3"),
)
def unlabelled_version_is_deprecated(ctx: CaseContext) -> None:
    """After two more values the first version has no stage left: ListSecretVersionIds omits it
    unless IncludeDeprecated, which lists it without VersionStages."""
    secret = make_secret(ctx)
    v2 = put_value(ctx, secret["Name"], "v2")
    v3 = put_value(ctx, secret["Name"], "v3")
    ctx.equal(stages(ctx, secret["Name"]), {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}, "versions listed")
    ctx.equal(stages(ctx, secret["Name"], deprecated=True),
              {secret["VersionId"]: [], v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}, "versions with IncludeDeprecated")


@scenario(
    id="secretsmanager/scenario/versions/promote-pending-to-current",
    feature="secretsmanager/versions",
    operations=["UpdateSecretVersionStage"],
    provenance=rec(_PENDING, "list_secret_version_ids_res_1"),
)
def promote_pending_to_current(ctx: CaseContext) -> None:
    """UpdateSecretVersionStage moving AWSCURRENT to the pending version relabels the old current
    version AWSPREVIOUS; the promoted one carries AWSCURRENT and AWSPENDING."""
    secret = make_secret(ctx)
    v2 = put_value(ctx, secret["Name"], "v2", VersionStages=["AWSPENDING"])
    ctx.expect_ok(ctx.call(SVC, "UpdateSecretVersionStage", SecretId=secret["Name"], VersionStage="AWSCURRENT",
                           MoveToVersionId=v2, RemoveFromVersionId=secret["VersionId"]))
    ctx.equal(stages(ctx, secret["Name"]), {secret["VersionId"]: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "AWSPENDING"]},
              "versions and stages")


@scenario(
    id="secretsmanager/scenario/versions/new-current-drops-pending",
    feature="secretsmanager/versions",
    operations=["PutSecretValue"],
    provenance=rec(_PENDING, "list_secret_version_ids_res_2"),
)
def new_current_drops_pending(ctx: CaseContext) -> None:
    """When a version labelled [AWSCURRENT, AWSPENDING] is superseded by a new value, it keeps
    only AWSPREVIOUS; the first version (no label left) is no longer listed."""
    secret = make_secret(ctx)
    v2 = put_value(ctx, secret["Name"], "v2", VersionStages=["AWSPENDING"])
    ctx.fixture(SVC, "UpdateSecretVersionStage", SecretId=secret["Name"], VersionStage="AWSCURRENT",
                MoveToVersionId=v2, RemoveFromVersionId=secret["VersionId"])
    v3 = put_value(ctx, secret["Name"], "v3")
    ctx.equal(stages(ctx, secret["Name"]), {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}, "versions and stages")


@scenario(
    id="secretsmanager/scenario/versions/same-token-same-value-is-idempotent",
    feature="secretsmanager/versions",
    operations=["PutSecretValue"],
    provenance=api("PutSecretValue"),
)
def same_token_same_value_is_idempotent(ctx: CaseContext) -> None:
    """PutSecretValue repeated with the same ClientRequestToken and value is ignored: the same
    VersionId, and no extra version."""
    secret = make_secret(ctx)
    token = str(uuid.uuid4())
    first = put_value(ctx, secret["Name"], "v2", ClientRequestToken=token)
    again = ctx.expect_ok(ctx.call(SVC, "PutSecretValue", SecretId=secret["Name"], SecretString="v2",
                                   ClientRequestToken=token))
    ctx.equal(again.get("VersionId"), first, "VersionId of the repeated call", again)
    ctx.equal(len(stages(ctx, secret["Name"], deprecated=True)), 2, "number of versions")


@scenario(
    id="secretsmanager/scenario/versions/same-token-other-value-refused",
    feature="secretsmanager/versions",
    operations=["PutSecretValue"],
    provenance=api("PutSecretValue"),
)
def same_token_other_value_refused(ctx: CaseContext) -> None:
    """A version cannot be changed: the same ClientRequestToken with another value is a 400
    ResourceExistsException."""
    secret = make_secret(ctx)
    token = str(uuid.uuid4())
    put_value(ctx, secret["Name"], "v2", ClientRequestToken=token)
    reply = ctx.call(SVC, "PutSecretValue", SecretId=secret["Name"], SecretString="other", ClientRequestToken=token)
    expect_refused(ctx, reply, "ResourceExistsException")
