"""S3 with a second principal (the target's second credential set, AWS_SECOND_* variables; the
scenarios skip with that reason when it is absent): the second principal cannot read a private
object; a bucket policy naming its account opens exactly the actions it names; deleting the
policy closes them again. Expectations from the S3 user guide's cross-account walkthrough
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-walkthroughs-managing-access-example2.html)
and the bucket-owner rules (access-control-overview.html). On a server that maps every key to
one account (moto), the second key is a second principal of the same account without a policy
of its own: the same expectations hold for an IAM principal without S3 permissions."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import body, guide, make_bucket, put

_WALKTHROUGH = guide("example-walkthroughs-managing-access-example2.html")
_OVERVIEW = guide("access-control-overview.html")


def _second(ctx: CaseContext, operation: str, **params) -> Reply:
    """A call signed by the second principal (skip when the target has none)."""
    if ctx.transport.target.second_credentials is None:
        ctx.skip("no second credential set: set AWS_SECOND_ACCESS_KEY_ID and AWS_SECOND_SECRET_ACCESS_KEY")
    return ctx.call_with("s3", operation, params, client=ctx.client("s3", second=True))


def _second_arn(ctx: CaseContext) -> str:
    if ctx.transport.target.second_credentials is None:
        ctx.skip("no second credential set: set AWS_SECOND_ACCESS_KEY_ID and AWS_SECOND_SECRET_ACCESS_KEY")
    reply = ctx.call_with("sts", "GetCallerIdentity", {}, client=ctx.client("sts", second=True))
    if not reply.ok:
        declared = ctx.transport.target.second_credentials.principal_arn  # AWS_SECOND_PRINCIPAL_ARN
        if declared:
            return declared
        ctx.skip(f"the second principal's identity is unknown (GetCallerIdentity: {reply.describe()}; "
                 "AWS_SECOND_PRINCIPAL_ARN can name it)")
    return reply["Arn"]


def _grant(ctx: CaseContext, bucket: str, principal: str, actions: list[str]) -> None:
    statements = [{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": a,
                   "Resource": f"arn:aws:s3:::{bucket}" + ("" if a == "s3:ListBucket" else "/*")} for a in actions]
    ctx.fixture("s3", "PutBucketPolicy", Bucket=bucket,
                Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))


def _bucket(ctx: CaseContext) -> str:
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"owned")
    return bucket


@scenario(id="s3/scenario/cross-account/private-object-denied", feature="s3/cross-account",
          operations=["GetObject"], provenance=_OVERVIEW)
def private_object_denied(ctx: CaseContext) -> None:
    """Without a grant, the second principal's GetObject of the owner's object is 403 AccessDenied."""
    bucket = _bucket(ctx)
    _second_arn(ctx)
    ctx.expect_error(_second(ctx, "GetObject", Bucket=bucket, Key="k"), "AccessDenied", 403)


@scenario(id="s3/scenario/cross-account/private-put-denied", feature="s3/cross-account",
          operations=["PutObject"], provenance=_OVERVIEW)
def private_put_denied(ctx: CaseContext) -> None:
    """Without a grant, the second principal's PutObject into the owner's bucket is 403 and stores nothing."""
    bucket = _bucket(ctx)
    _second_arn(ctx)
    ctx.expect_error(_second(ctx, "PutObject", Bucket=bucket, Key="intruder", Body=b"x"), "AccessDenied", 403)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="intruder"), None, 404, what="HeadObject")


@scenario(id="s3/scenario/cross-account/policy-grants-get", feature="s3/cross-account",
          operations=["PutBucketPolicy", "GetObject"], provenance=_WALKTHROUGH)
def policy_grants_get(ctx: CaseContext) -> None:
    """A bucket policy allowing the second principal s3:GetObject lets it read the object."""
    bucket = _bucket(ctx)
    _grant(ctx, bucket, _second_arn(ctx), ["s3:GetObject"])
    reply = ctx.expect_ok(_second(ctx, "GetObject", Bucket=bucket, Key="k"), "GetObject by the grantee")
    ctx.equal(body(reply), b"owned", "body", reply)


@scenario(id="s3/scenario/cross-account/grant-is-per-action", feature="s3/cross-account",
          operations=["PutBucketPolicy", "PutObject"], provenance=_WALKTHROUGH)
def grant_is_per_action(ctx: CaseContext) -> None:
    """A policy granting the second principal s3:GetObject only does not let it PutObject: 403."""
    bucket = _bucket(ctx)
    _grant(ctx, bucket, _second_arn(ctx), ["s3:GetObject"])
    ctx.expect_error(_second(ctx, "PutObject", Bucket=bucket, Key="k2", Body=b"x"), "AccessDenied", 403)


@scenario(id="s3/scenario/cross-account/policy-grants-list", feature="s3/cross-account",
          operations=["PutBucketPolicy", "ListObjectsV2"], provenance=_WALKTHROUGH)
def policy_grants_list(ctx: CaseContext) -> None:
    """A policy granting the second principal s3:ListBucket on the bucket lets it list the keys."""
    bucket = _bucket(ctx)
    _grant(ctx, bucket, _second_arn(ctx), ["s3:ListBucket"])
    reply = ctx.expect_ok(_second(ctx, "ListObjectsV2", Bucket=bucket), "ListObjectsV2 by the grantee")
    ctx.equal([o["Key"] for o in reply.get("Contents") or []], ["k"], "listed keys", reply)


@scenario(id="s3/scenario/cross-account/list-not-granted", feature="s3/cross-account",
          operations=["PutBucketPolicy", "ListObjectsV2"], provenance=_WALKTHROUGH)
def list_not_granted(ctx: CaseContext) -> None:
    """A policy granting s3:GetObject only does not let the second principal list the bucket: 403."""
    bucket = _bucket(ctx)
    _grant(ctx, bucket, _second_arn(ctx), ["s3:GetObject"])
    ctx.expect_error(_second(ctx, "ListObjectsV2", Bucket=bucket), "AccessDenied", 403)


@scenario(id="s3/scenario/cross-account/policy-deleted-revokes", feature="s3/cross-account",
          operations=["DeleteBucketPolicy", "GetObject"], provenance=_WALKTHROUGH)
def policy_deleted_revokes(ctx: CaseContext) -> None:
    """After DeleteBucketPolicy the second principal's GetObject is 403 AccessDenied again."""
    bucket = _bucket(ctx)
    _grant(ctx, bucket, _second_arn(ctx), ["s3:GetObject"])
    ctx.expect_ok(_second(ctx, "GetObject", Bucket=bucket, Key="k"), "GetObject while granted")
    ctx.fixture("s3", "DeleteBucketPolicy", Bucket=bucket)
    ctx.expect_error(_second(ctx, "GetObject", Bucket=bucket, Key="k"), "AccessDenied", 403,
                     what="GetObject after the policy is deleted")


@scenario(id="s3/scenario/cross-account/grantee-cannot-read-policy", feature="s3/cross-account",
          operations=["GetBucketPolicy"], provenance=_OVERVIEW)
def grantee_cannot_read_policy(ctx: CaseContext) -> None:
    """A grantee of s3:GetObject cannot read the bucket's policy: GetBucketPolicy is 403 AccessDenied."""
    bucket = _bucket(ctx)
    _grant(ctx, bucket, _second_arn(ctx), ["s3:GetObject"])
    ctx.expect_error(_second(ctx, "GetBucketPolicy", Bucket=bucket), "AccessDenied", 403)
