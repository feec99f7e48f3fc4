"""More conditional requests: HeadObject with each precondition, unquoted ETags, the precedence
of If-Match over If-Unmodified-Since and of If-None-Match over If-Modified-Since (as the GetObject
and HeadObject references document RFC 9110's rules), conditional writes after a delete, and
If-Match / If-None-Match on CopyObject, CompleteMultipartUpload and DeleteObject."""

from __future__ import annotations

import datetime

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_PRECOND,
    REF,
    REF_S3,
    S3,
    api_docs,
    create_upload,
    enable_versioning,
    make_bucket,
    put,
    upload_part,
)

F = "s3/conditional"
_DAY = datetime.timedelta(days=1)
_OTHER_ETAG = '"0123456789abcdef0123456789abcdef"'
_HEAD = S3 + "test_s3_get_object_preconditions[head_object]"
_GET = S3 + "test_s3_get_object_preconditions[get_object]"


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/conditional/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _object(ctx: CaseContext) -> tuple[str, dict]:
    """A bucket holding 'key' (b'test'); returns (bucket, its HeadObject answer)."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"test")
    return bucket, ctx.fixture("s3", "HeadObject", Bucket=bucket, Key="key").parsed


_ETAG = lambda h: h["ETag"]  # noqa: E731
_LM = lambda h: h["LastModified"]  # noqa: E731
_PAST = lambda h: h["LastModified"] - _DAY  # noqa: E731
_FUTURE = lambda h: h["LastModified"] + _DAY  # noqa: E731
# (name, operation, {parameter: value from the head}, expected status, provenance)
_READS = [
    ("head-if-none-match-current", "HeadObject", {"IfNoneMatch": _ETAG}, 304,
     recorded(REF_S3, _HEAD, "precondition-if-none-match")),
    ("head-if-none-match-unquoted", "HeadObject", {"IfNoneMatch": lambda h: h["ETag"].strip('"')}, 304,
     recorded(REF_S3, _HEAD, "etag-missing-quotes")),
    ("get-if-none-match-unquoted", "GetObject", {"IfNoneMatch": lambda h: h["ETag"].strip('"')}, 304,
     recorded(REF_S3, _GET, "etag-missing-quotes")),
    ("head-if-modified-since-last-modified", "HeadObject", {"IfModifiedSince": _LM}, 304,
     recorded(REF_S3, _HEAD, "precondition-if-modified-since-is-object")),
    ("head-if-unmodified-since-past", "HeadObject", {"IfUnmodifiedSince": _PAST}, 412,
     recorded(REF_S3, _HEAD, "precondition-if-unmodified-since")),
    ("head-if-unmodified-since-last-modified", "HeadObject", {"IfUnmodifiedSince": _LM}, 200,
     recorded(REF_S3, _HEAD, "precondition-if-unmodified-since-is-object")),
    ("head-future-if-modified-since-ignored", "HeadObject", {"IfModifiedSince": _FUTURE}, 200,
     recorded(REF_S3, _HEAD, "obj-ignore-future-modified-since")),
    ("head-if-match-holds", "HeadObject", {"IfMatch": _ETAG}, 200, api_docs("HeadObject")),
    ("head-if-none-match-other", "HeadObject", {"IfNoneMatch": lambda h: _OTHER_ETAG}, 200, api_docs("HeadObject")),
    # Precedence, as the GetObject and HeadObject references state it:
    ("get-if-match-beats-unmodified-since", "GetObject", {"IfMatch": _ETAG, "IfUnmodifiedSince": _PAST}, 200,
     api_docs("GetObject")),
    ("head-if-match-beats-unmodified-since", "HeadObject", {"IfMatch": _ETAG, "IfUnmodifiedSince": _PAST}, 200,
     api_docs("HeadObject")),
    ("get-if-none-match-beats-modified-since", "GetObject", {"IfNoneMatch": _ETAG, "IfModifiedSince": _PAST}, 304,
     api_docs("GetObject")),
    ("head-if-none-match-beats-modified-since", "HeadObject", {"IfNoneMatch": _ETAG, "IfModifiedSince": _PAST}, 304,
     api_docs("HeadObject")),
]


def _read_case(name: str, operation: str, conditions: dict, status: int, provenance) -> None:
    def run(ctx: CaseContext) -> None:
        bucket, head = _object(ctx)
        reply = ctx.call("s3", operation, Bucket=bucket, Key="key", **{k: v(head) for k, v in conditions.items()})
        if status == 200:
            ctx.expect_ok(reply)
            ctx.equal(reply.get("ETag"), head["ETag"], "ETag", reply)
        else:
            ctx.expect_error(reply, "PreconditionFailed" if status == 412 and operation == "GetObject" else None, status)

    outcome = {200: "answers 200 with the object", 304: "answers 304 Not Modified",
               412: "answers 412 Precondition Failed"}[status]
    run.__doc__ = f"{operation} with {' and '.join(conditions)} ({name.replace('-', ' ')}) {outcome}."
    case(name, [operation], provenance)(run)


for _row in _READS:
    _read_case(*_row)


# -- conditional writes ---------------------------------------------------------------------------
@case("put-if-none-match-after-delete", ["PutObject"], recorded(REF, API_PRECOND + "test_put_object_if_none_match",
                                                                 "put-obj-after-del"))
def put_if_none_match_after_delete(ctx: CaseContext) -> None:
    """Once the key is deleted, PutObject with If-None-Match '*' succeeds again."""
    bucket, _ = _object(ctx)
    ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="key")
    ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"", IfNoneMatch="*"))


@case("put-if-none-match-over-delete-marker", ["PutObject"],
      recorded(REF, API_PRECOND + "test_put_object_if_none_match_versioned_bucket", "put-obj-after-del"))
def put_if_none_match_marker(ctx: CaseContext) -> None:
    """In a versioned bucket, If-None-Match '*' holds when the current version is a delete marker."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    put(ctx, bucket, "key", b"test")
    ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="key")
    ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"", IfNoneMatch="*"))


@case("put-if-match-over-delete-marker", ["PutObject"],
      recorded(REF, API_PRECOND + "test_put_object_if_match_versioned_bucket", "put-obj-after-del-exc"))
def put_if_match_marker(ctx: CaseContext) -> None:
    """In a versioned bucket, PutObject with If-Match on a key under a delete marker answers 404
    NoSuchKey, even with the ETag of the version below the marker."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    etag = put(ctx, bucket, "key", b"test")["ETag"]
    ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="key")
    ctx.expect_error(ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"x", IfMatch=etag), "NoSuchKey", 404)


def _copy(ctx: CaseContext, bucket: str, dest: str, **extra):
    return ctx.call("s3", "CopyObject", Bucket=bucket, Key=dest, CopySource={"Bucket": bucket, "Key": "key"}, **extra)


@case("copy-if-none-match-new-destination", ["CopyObject"],
      recorded(REF, API_PRECOND + "test_copy_object_if_none_match", "copy-obj"))
def copy_if_none_match_new(ctx: CaseContext) -> None:
    """CopyObject with If-None-Match '*' to a destination key that does not exist copies."""
    bucket, _ = _object(ctx)
    ctx.expect_ok(_copy(ctx, bucket, "dst", IfNoneMatch="*"))


@case("copy-if-none-match-existing-destination", ["CopyObject"],
      recorded(REF, API_PRECOND + "test_copy_object_if_none_match", "copy-obj-if-none-match-fail"))
def copy_if_none_match_existing(ctx: CaseContext) -> None:
    """CopyObject with If-None-Match '*' onto an existing destination answers 412 PreconditionFailed."""
    bucket, _ = _object(ctx)
    put(ctx, bucket, "dst", b"there")
    ctx.expect_error(_copy(ctx, bucket, "dst", IfNoneMatch="*"), "PreconditionFailed", 412)


@case("copy-if-match-destination", ["CopyObject"], recorded(REF, API_PRECOND + "test_copy_object_if_match", "copy-obj-if-match"))
def copy_if_match_destination(ctx: CaseContext) -> None:
    """CopyObject with If-Match carrying the destination's current ETag overwrites it."""
    bucket, _ = _object(ctx)
    etag = put(ctx, bucket, "dst", b"there")["ETag"]
    ctx.expect_ok(_copy(ctx, bucket, "dst", IfMatch=etag))


@case("copy-if-match-wrong-etag", ["CopyObject"],
      recorded(REF, API_PRECOND + "test_copy_object_if_match", "copy-obj-if-match-fail-wrong-etag"))
def copy_if_match_wrong(ctx: CaseContext) -> None:
    """CopyObject with If-Match not matching the destination's ETag answers 412 PreconditionFailed."""
    bucket, _ = _object(ctx)
    put(ctx, bucket, "dst", b"there")
    ctx.expect_error(_copy(ctx, bucket, "dst", IfMatch=_OTHER_ETAG), "PreconditionFailed", 412)


@case("copy-if-match-missing-destination", ["CopyObject"],
      recorded(REF, API_PRECOND + "test_copy_object_if_match", "copy-obj-if-match-fail-no-object"))
def copy_if_match_missing(ctx: CaseContext) -> None:
    """CopyObject with If-Match to a destination that does not exist answers 404 NoSuchKey."""
    bucket, head = _object(ctx)
    ctx.expect_error(_copy(ctx, bucket, "non-existent-key", IfMatch=head["ETag"]), "NoSuchKey", 404)


@case("copy-if-none-match-in-place", ["CopyObject"],
      recorded(REF, API_PRECOND + "test_copy_object_if_none_match_in_place", "copy-obj-if-none-match-fail"))
def copy_if_none_match_in_place(ctx: CaseContext) -> None:
    """An in-place CopyObject (metadata REPLACE) with If-None-Match '*' answers 412: the key exists."""
    bucket, _ = _object(ctx)
    reply = _copy(ctx, bucket, "key", IfNoneMatch="*", MetadataDirective="REPLACE", Metadata={"k": "v"})
    ctx.expect_error(reply, "PreconditionFailed", 412)


@case("copy-if-match-in-place", ["CopyObject"],
      recorded(REF, API_PRECOND + "test_copy_object_if_match_in_place", "copy-obj-if-match-in-place"))
def copy_if_match_in_place(ctx: CaseContext) -> None:
    """An in-place CopyObject (metadata REPLACE) with If-Match carrying its own ETag succeeds."""
    bucket, head = _object(ctx)
    ctx.expect_ok(_copy(ctx, bucket, "key", IfMatch=head["ETag"], MetadataDirective="REPLACE", Metadata={"k": "v"}))


@case("complete-if-none-match-existing", ["CompleteMultipartUpload"],
      recorded(REF, API_PRECOND + "test_multipart_if_none_match_with_delete", "complete-multipart-if-none-match"))
def complete_if_none_match_existing(ctx: CaseContext) -> None:
    """CompleteMultipartUpload with If-None-Match '*' for a key that exists answers 412."""
    bucket, _ = _object(ctx)
    upload_id = create_upload(ctx, bucket, "key")
    part = upload_part(ctx, bucket, "key", upload_id, 1, b"part")
    reply = ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key="key", UploadId=upload_id,
                     MultipartUpload={"Parts": [part]}, IfNoneMatch="*")
    ctx.expect_error(reply, "PreconditionFailed", 412)


@case("delete-if-match-wrong-etag", ["DeleteObject"],
      recorded(REF, "tests/aws/services/s3/test_s3_api.py::TestS3DeletePrecondition::test_delete_object_if_match_non_express",
               "delete-obj-if-match"))
def delete_if_match_wrong(ctx: CaseContext) -> None:
    """DeleteObject with an If-Match that does not match answers 412 and keeps the object."""
    bucket, _ = _object(ctx)
    ctx.expect_error(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="key", IfMatch=_OTHER_ETAG),
                     "PreconditionFailed", 412)
    ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"), "HeadObject after the refused delete")
