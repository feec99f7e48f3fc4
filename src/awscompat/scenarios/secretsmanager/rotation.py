"""Secrets Manager rotation configuration: what RotateSecret refuses (no rotation function, a
function Secrets Manager cannot invoke, a secret marked for deletion) and that a refused
rotation leaves the secret unconfigured. No Lambda function is created: the scenarios stay
within Secrets Manager."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.secretsmanager._fixtures import (
    SVC,
    api,
    expect_refused,
    make_secret,
    rec,
    schedule_deletion,
)

_NO_ARN = "test_first_rotate_secret_with_missing_lambda_arn"
_BAD_ARN = "test_rotate_secret_invalid_lambda_arn"
_RULES = {"AutomaticallyAfterDays": 1}


def _function_arn(ctx: CaseContext, secret_arn: str) -> str:
    """The ARN of a Lambda function that does not exist, in the secret's account and region."""
    parts = secret_arn.split(":")
    return f"arn:{parts[1]}:lambda:{parts[3]}:{parts[4]}:function:{ctx.name('no-function', max_len=64)}"


def _rotate_without_function(ctx: CaseContext) -> tuple[dict, Reply]:
    secret = make_secret(ctx, "init")
    return secret, ctx.call(SVC, "RotateSecret", SecretId=secret["Name"])


def _not_configured(ctx: CaseContext, secret: dict) -> None:
    """DescribeSecret shows no rotation configured and the versions untouched."""
    desc = ctx.expect_ok(ctx.call(SVC, "DescribeSecret", SecretId=secret["Name"]))
    ctx.equal({k: desc.get(k) for k in ("RotationEnabled", "RotationLambdaARN", "RotationRules", "VersionIdsToStages")},
              {"RotationEnabled": None, "RotationLambdaARN": None, "RotationRules": None,
               "VersionIdsToStages": {secret["VersionId"]: ["AWSCURRENT"]}}, "rotation fields and versions", desc)


@scenario(
    id="secretsmanager/scenario/rotation/no-function-refused",
    feature="secretsmanager/rotation",
    operations=["RotateSecret"],
    provenance=rec(_NO_ARN, "rotate_secret_no_arn_exc"),
)
def no_function_refused(ctx: CaseContext) -> None:
    """RotateSecret of a secret with no rotation function and none given: 400
    InvalidRequestException, 'No Lambda rotation function ARN is associated with this secret.'"""
    _, reply = _rotate_without_function(ctx)
    expect_refused(ctx, reply, "InvalidRequestException", "No Lambda rotation function ARN is associated with "
                                                          "this secret.")


@scenario(
    id="secretsmanager/scenario/rotation/refused-rotation-leaves-secret",
    feature="secretsmanager/rotation",
    operations=["RotateSecret", "DescribeSecret"],
    provenance=rec(_NO_ARN, "describe_secret"),
)
def refused_rotation_leaves_secret(ctx: CaseContext) -> None:
    """After the refused RotateSecret, DescribeSecret shows no rotation configuration and the one
    AWSCURRENT version."""
    secret, reply = _rotate_without_function(ctx)
    ctx.expect_error(reply, status=400)
    _not_configured(ctx, secret)


@scenario(
    id="secretsmanager/scenario/rotation/function-not-invokable",
    feature="secretsmanager/rotation",
    operations=["RotateSecret"],
    provenance=rec(_BAD_ARN, "rotate_secret_invalid_arn_exc"),
)
def function_not_invokable(ctx: CaseContext) -> None:
    """RotateSecret naming a Lambda function Secrets Manager cannot invoke: 400
    AccessDeniedException 'Secrets Manager cannot invoke the specified Lambda function. Ensure
    that the function policy grants access to the principal secretsmanager.amazonaws.com.'"""
    secret = make_secret(ctx, "init")
    reply = ctx.call(SVC, "RotateSecret", SecretId=secret["Name"], RotationLambdaARN=_function_arn(ctx, secret["ARN"]),
                     RotationRules=_RULES)
    expect_refused(ctx, reply, "AccessDeniedException", "Secrets Manager cannot invoke the specified Lambda "
                   "function. Ensure that the function policy grants access to the principal "
                   "secretsmanager.amazonaws.com.")


@scenario(
    id="secretsmanager/scenario/rotation/not-invokable-leaves-secret",
    feature="secretsmanager/rotation",
    operations=["RotateSecret", "DescribeSecret"],
    provenance=rec(_BAD_ARN, "describe_secret"),
)
def not_invokable_leaves_secret(ctx: CaseContext) -> None:
    """A RotateSecret refused for its function leaves no rotation configured."""
    secret = make_secret(ctx, "init")
    reply = ctx.call(SVC, "RotateSecret", SecretId=secret["Name"], RotationLambdaARN=_function_arn(ctx, secret["ARN"]),
                     RotationRules=_RULES)
    ctx.expect_error(reply, status=400)
    _not_configured(ctx, secret)


@scenario(
    id="secretsmanager/scenario/rotation/secret-marked-for-deletion",
    feature="secretsmanager/rotation",
    operations=["RotateSecret"],
    provenance=api("RotateSecret"),
)
def secret_marked_for_deletion(ctx: CaseContext) -> None:
    """RotateSecret of a secret scheduled for deletion: 400 InvalidRequestException."""
    secret = make_secret(ctx, "init")
    schedule_deletion(ctx, secret["Name"])
    reply = ctx.call(SVC, "RotateSecret", SecretId=secret["Name"], RotationLambdaARN=_function_arn(ctx, secret["ARN"]),
                     RotationRules=_RULES)
    expect_refused(ctx, reply, "InvalidRequestException")


@scenario(
    id="secretsmanager/scenario/rotation/new-secret-not-rotating",
    feature="secretsmanager/rotation",
    operations=["DescribeSecret"],
    provenance=api("DescribeSecret"),
)
def new_secret_not_rotating(ctx: CaseContext) -> None:
    """A new secret has no rotation: DescribeSecret shows no RotationEnabled true, no function and
    no rules."""
    _not_configured(ctx, make_secret(ctx, "init"))

