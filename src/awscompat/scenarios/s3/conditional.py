"""S3 conditional requests, the cases data cannot express: the ones that shift the object's
LastModified by a day (If-Unmodified-Since in the past, If-Modified-Since in the future, every
condition holding). The other conditional cases are data: awscompat/cases/s3/conditional.yaml."""

from __future__ import annotations

import datetime

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, S3, body, make_bucket, put

_PRECOND_GET = S3 + "test_s3_get_object_preconditions[get_object]"
_DAY = datetime.timedelta(days=1)


def _object(ctx: CaseContext) -> tuple[str, str, datetime.datetime]:
    """A bucket holding 'key' (b'data'); returns (bucket, ETag, LastModified) as HeadObject says."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"data")
    head = ctx.fixture("s3", "HeadObject", Bucket=bucket, Key="key")
    return bucket, head["ETag"], head["LastModified"]


@scenario(
    id="s3/scenario/conditional/get-if-unmodified-since-past",
    feature="s3/conditional",
    operations=["GetObject"],
    provenance=recorded(REF_S3, _PRECOND_GET, "precondition-if-unmodified-since"),
)
def get_if_unmodified_since_past(ctx: CaseContext) -> None:
    """If-Unmodified-Since a day before the object was written answers 412 PreconditionFailed."""
    bucket, _, modified = _object(ctx)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="key", IfUnmodifiedSince=modified - _DAY)
    ctx.expect_error(reply, "PreconditionFailed", 412)


@scenario(
    id="s3/scenario/conditional/get-future-if-modified-since-ignored",
    feature="s3/conditional",
    operations=["GetObject"],
    provenance=recorded(REF_S3, _PRECOND_GET, "obj-ignore-future-modified-since"),
)
def get_future_if_modified_since_ignored(ctx: CaseContext) -> None:
    """An If-Modified-Since date in the future is ignored: 200 with the object."""
    bucket, _, modified = _object(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key", IfModifiedSince=modified + _DAY))
    ctx.equal(body(reply), b"data", "body", reply)


@scenario(
    id="s3/scenario/conditional/get-all-conditions-hold",
    feature="s3/conditional",
    operations=["GetObject"],
    provenance=recorded(REF_S3, _PRECOND_GET, "obj-success"),
)
def get_all_conditions_hold(ctx: CaseContext) -> None:
    """When every condition holds (If-Match with the ETag unquoted, If-None-Match another ETag,
    If-Modified-Since earlier, If-Unmodified-Since later) GetObject answers 200."""
    bucket, etag, modified = _object(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key", IfMatch=etag.strip('"'),
                                   IfNoneMatch="etag123", IfModifiedSince=modified - _DAY,
                                   IfUnmodifiedSince=modified + _DAY))
    ctx.equal(body(reply), b"data", "body", reply)
