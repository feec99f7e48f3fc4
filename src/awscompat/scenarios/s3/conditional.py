"""S3 conditional requests: If-Match / If-None-Match / If-(Un)Modified-Since on reads and writes."""

from __future__ import annotations

import datetime

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import API_PRECOND, REF, REF_S3, S3, api_docs, body, make_bucket, put

_PRECOND_GET = S3 + "test_s3_get_object_preconditions[get_object]"
_PRECOND_HEAD = S3 + "test_s3_get_object_preconditions[head_object]"
_DAY = datetime.timedelta(days=1)


def _object(ctx: CaseContext) -> tuple[str, str, datetime.datetime]:
    """A bucket holding 'key' (b'data'); returns (bucket, ETag, LastModified) as HeadObject says."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"data")
    head = ctx.fixture("s3", "HeadObject", Bucket=bucket, Key="key")
    return bucket, head["ETag"], head["LastModified"]


@scenario(
    id="s3/scenario/conditional/get-if-match-mismatch",
    feature="s3/conditional",
    operations=["GetObject"],
    provenance=recorded(REF_S3, S3 + "test_precondition_failed_error", "get-object-if-match"),
)
def get_if_match_mismatch(ctx: CaseContext) -> None:
    """GetObject with an If-Match ETag the object does not have answers 412 PreconditionFailed."""
    bucket, _, _ = _object(ctx)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="key", IfMatch='"not good etag"')
    ctx.expect_error(reply, "PreconditionFailed", 412)


@scenario(
    id="s3/scenario/conditional/head-if-match-mismatch",
    feature="s3/conditional",
    operations=["HeadObject"],
    provenance=recorded(REF_S3, _PRECOND_HEAD, "precondition-if-match"),
)
def head_if_match_mismatch(ctx: CaseContext) -> None:
    """HeadObject with a failing If-Match answers 412 (no body on a HEAD answer)."""
    bucket, _, _ = _object(ctx)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key", IfMatch="etag123"), None, 412)


@scenario(
    id="s3/scenario/conditional/get-if-none-match-current",
    feature="s3/conditional",
    operations=["GetObject"],
    provenance=api_docs("GetObject"),
)
def get_if_none_match_current(ctx: CaseContext) -> None:
    """GetObject with If-None-Match equal to the current ETag answers 304 Not Modified."""
    bucket, etag, _ = _object(ctx)
    ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="key", IfNoneMatch=etag), None, 304)


@scenario(
    id="s3/scenario/conditional/get-if-modified-since-last-modified",
    feature="s3/conditional",
    operations=["GetObject"],
    provenance=recorded(REF_S3, _PRECOND_GET, "precondition-if-modified-since-is-object"),
)
def get_if_modified_since_last_modified(ctx: CaseContext) -> None:
    """If-Modified-Since equal to the object's Last-Modified answers 304; If-Unmodified-Since
    equal to it answers 200."""
    bucket, _, modified = _object(ctx)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="key", IfModifiedSince=modified)
    ctx.expect_error(reply, None, 304, what="GetObject If-Modified-Since Last-Modified")
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key", IfUnmodifiedSince=modified),
                          "GetObject If-Unmodified-Since Last-Modified")
    ctx.equal(body(reply), b"data", "body", reply)


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


@scenario(
    id="s3/scenario/conditional/put-if-none-match-existing",
    feature="s3/conditional",
    operations=["PutObject", "DeleteObject"],
    provenance=recorded(REF, API_PRECOND + "test_put_object_if_none_match", "put-obj-if-none-match"),
)
def put_if_none_match_existing(ctx: CaseContext) -> None:
    """PutObject with If-None-Match * onto an existing key answers 412 PreconditionFailed; once the
    key is deleted the same write succeeds."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "test-precondition", b"")
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="test-precondition", Body=b"", IfNoneMatch="*")
    ctx.expect_error(reply, "PreconditionFailed", 412, what="PutObject If-None-Match * on an existing key")
    ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="test-precondition")
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="test-precondition", Body=b"", IfNoneMatch="*")
    ctx.expect_ok(reply, "PutObject If-None-Match * after the delete")


@scenario(
    id="s3/scenario/conditional/put-if-match",
    feature="s3/conditional",
    operations=["PutObject"],
    provenance=recorded(REF, API_PRECOND + "test_put_object_if_match", "put-obj-if-match-wrong-etag"),
)
def put_if_match(ctx: CaseContext) -> None:
    """PutObject with If-Match: a wrong ETag answers 412 PreconditionFailed, the current ETag lets
    the overwrite through."""
    bucket = make_bucket(ctx)
    etag = put(ctx, bucket, "test-precondition", b"test")["ETag"]
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="test-precondition", Body=b"", IfMatch='"abcdef"')
    ctx.expect_error(reply, "PreconditionFailed", 412, what="PutObject with a wrong If-Match")
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="test-precondition", Body=b"", IfMatch=etag)
    ctx.expect_ok(reply, "PutObject with the current ETag as If-Match")


@scenario(
    id="s3/scenario/conditional/put-if-match-missing-key",
    feature="s3/conditional",
    operations=["PutObject"],
    provenance=recorded(REF, API_PRECOND + "test_put_object_if_match", "put-obj-if-match-key-not-exists"),
)
def put_if_match_missing_key(ctx: CaseContext) -> None:
    """PutObject with If-Match onto a key that does not exist answers 404 NoSuchKey."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="test-precondition", Body=b"",
                     IfMatch='"d41d8cd98f00b204e9800998ecf8427e"')
    ctx.expect_error(reply, "NoSuchKey", 404)
