"""S3 CopyObject: what a copy carries over, the metadata directive, copying onto itself."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF_S3,
    S3,
    absent_bucket,
    body,
    make_bucket,
    md5_etag,
    multipart_object,
    put,
)

_SOURCE = b'{"key": "value"}'
_IN_PLACE = S3 + "test_s3_copy_object_in_place_metadata_directive"


def _source(ctx: CaseContext, **extra) -> str:
    """A bucket holding 'source-object' (JSON, user metadata key=value); returns the bucket."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "source-object", _SOURCE, ContentType="application/json", Metadata={"key": "value"},
        **extra)
    return bucket


def _copy(ctx: CaseContext, bucket: str, key: str = "source-object-copy", **params):
    """CopyObject of this bucket's source-object to key: the call under test."""
    return ctx.call("s3", "CopyObject", Bucket=bucket, Key=key, CopySource=f"{bucket}/source-object", **params)


def _head(ctx: CaseContext, bucket: str, key: str):
    return ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key=key), f"HeadObject {key}")


@scenario(
    id="s3/scenario/copy/copy-keeps-content-and-metadata",
    feature="s3/copy",
    operations=["CopyObject", "GetObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_content_type_and_metadata", "head_object_copy"),
)
def copy_keeps_content_and_metadata(ctx: CaseContext) -> None:
    """A plain copy answers a CopyObjectResult with the source's ETag and a LastModified; the copy
    has the source's bytes, Content-Type and user metadata."""
    bucket = _source(ctx)
    reply = ctx.expect_ok(_copy(ctx, bucket))
    result = reply.get("CopyObjectResult") or {}
    ctx.equal(result.get("ETag"), md5_etag(_SOURCE), "CopyObjectResult.ETag", reply)
    ctx.check(result.get("LastModified") is not None, "CopyObjectResult has no LastModified",
              expected="LastModified", observed=result, reply=reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="source-object-copy"))
    ctx.equal(body(reply), _SOURCE, "copy body", reply)
    ctx.equal(reply.get("ContentType"), "application/json", "copy ContentType", reply)
    ctx.equal(reply.get("Metadata"), {"key": "value"}, "copy Metadata", reply)


@scenario(
    id="s3/scenario/copy/default-directive-ignores-new-metadata",
    feature="s3/copy",
    operations=["CopyObject", "HeadObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_content_type_and_metadata", "head_object_second_copy"),
)
def default_directive_ignores_new_metadata(ctx: CaseContext) -> None:
    """Without MetadataDirective (COPY is the default), metadata and Content-Type sent with the
    copy are ignored: the copy keeps the source's."""
    bucket = _source(ctx)
    ctx.expect_ok(_copy(ctx, bucket, Metadata={"another-key": "value"}, ContentType="application/javascript"))
    reply = _head(ctx, bucket, "source-object-copy")
    ctx.equal(reply.get("Metadata"), {"key": "value"}, "copy Metadata", reply)
    ctx.equal(reply.get("ContentType"), "application/json", "copy ContentType", reply)


@scenario(
    id="s3/scenario/copy/directive-copy-ignores-new-metadata",
    feature="s3/copy",
    operations=["CopyObject", "HeadObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_metadata_directive_copy", "head-object-copy"),
)
def directive_copy_ignores_new_metadata(ctx: CaseContext) -> None:
    """With MetadataDirective COPY, metadata, Content-Type and Content-Language sent with the copy
    are ignored: the copy keeps the source's."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "source-object", b"test", Metadata={"key": "value"}, ContentLanguage="en-US")
    ctx.expect_ok(_copy(ctx, bucket, Metadata={"another-key": "value"}, ContentLanguage="en-GB",
                        ContentType="image/jpg", MetadataDirective="COPY"))
    reply = _head(ctx, bucket, "source-object-copy")
    ctx.equal(reply.get("Metadata"), {"key": "value"}, "copy Metadata", reply)
    ctx.equal(reply.get("ContentLanguage"), "en-US", "copy ContentLanguage", reply)
    ctx.equal(reply.get("ContentType"), "binary/octet-stream", "copy ContentType", reply)


@scenario(
    id="s3/scenario/copy/directive-replace",
    feature="s3/copy",
    operations=["CopyObject", "HeadObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_metadata_replace", "head_object_copy"),
)
def directive_replace(ctx: CaseContext) -> None:
    """With MetadataDirective REPLACE the copy takes the metadata and Content-Type sent with the
    request, and drops the source's (Content-Language included); the bytes and ETag are the
    source's."""
    bucket = _source(ctx, ContentLanguage="en-US")
    ctx.expect_ok(_copy(ctx, bucket, Metadata={"another-key": "value"}, ContentType="image/jpg",
                        MetadataDirective="REPLACE"))
    reply = _head(ctx, bucket, "source-object-copy")
    ctx.equal(reply.get("Metadata"), {"another-key": "value"}, "copy Metadata", reply)
    ctx.equal(reply.get("ContentType"), "image/jpg", "copy ContentType", reply)
    ctx.equal(reply.get("ContentLanguage"), None, "copy ContentLanguage", reply)
    ctx.equal(reply.get("ETag"), md5_etag(_SOURCE), "copy ETag", reply)


@scenario(
    id="s3/scenario/copy/onto-itself-refused",
    feature="s3/copy",
    operations=["CopyObject"],
    provenance=recorded(REF_S3, _IN_PLACE, "no-metadata-directive-fail"),
)
def onto_itself_refused(ctx: CaseContext) -> None:
    """Copying an object onto itself without changing anything (no REPLACE directive, even with
    the same metadata given again) is refused with 400 InvalidRequest."""
    bucket = _source(ctx)
    ctx.expect_error(_copy(ctx, bucket, key="source-object"), "InvalidRequest", 400, what="plain copy onto itself")
    reply = _copy(ctx, bucket, key="source-object", Metadata={"key": "value"})
    ctx.expect_error(reply, "InvalidRequest", 400, what="copy onto itself with the same metadata")


@scenario(
    id="s3/scenario/copy/onto-itself-with-replace",
    feature="s3/copy",
    operations=["CopyObject", "HeadObject"],
    provenance=recorded(REF_S3, _IN_PLACE, "head-replace-directive"),
)
def onto_itself_with_replace(ctx: CaseContext) -> None:
    """Copying an object onto itself with MetadataDirective REPLACE is allowed and replaces its
    metadata; Content-Type not given again falls back to binary/octet-stream."""
    bucket = _source(ctx)
    reply = _copy(ctx, bucket, key="source-object", Metadata={"key2": "value2"}, MetadataDirective="REPLACE")
    ctx.expect_ok(reply)
    reply = _head(ctx, bucket, "source-object")
    ctx.equal(reply.get("Metadata"), {"key2": "value2"}, "Metadata after in-place REPLACE", reply)
    ctx.equal(reply.get("ContentType"), "binary/octet-stream", "ContentType after in-place REPLACE", reply)
    ctx.equal(reply.get("ETag"), md5_etag(_SOURCE), "ETag after in-place REPLACE", reply)


@scenario(
    id="s3/scenario/copy/replace-with-no-metadata",
    feature="s3/copy",
    operations=["CopyObject", "HeadObject"],
    provenance=recorded(REF_S3, _IN_PLACE, "head-replace-directive-empty"),
)
def replace_with_no_metadata(ctx: CaseContext) -> None:
    """MetadataDirective REPLACE with no metadata given leaves the copy with none."""
    bucket = _source(ctx)
    ctx.expect_ok(_copy(ctx, bucket, key="source-object", MetadataDirective="REPLACE"))
    reply = _head(ctx, bucket, "source-object")
    ctx.equal(reply.get("Metadata"), {}, "Metadata after REPLACE with none", reply)


@scenario(
    id="s3/scenario/copy/source-key-missing",
    feature="s3/copy",
    operations=["CopyObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_object_src_not_exists", "copy-object-src-object-not-exists"),
)
def source_key_missing(ctx: CaseContext) -> None:
    """Copying from a key that does not exist answers 404 NoSuchKey."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "CopyObject", Bucket=bucket, Key="copy", CopySource=f"{bucket}/random-src-key")
    ctx.expect_error(reply, "NoSuchKey", 404)


@scenario(
    id="s3/scenario/copy/source-bucket-missing",
    feature="s3/copy",
    operations=["CopyObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_object_src_not_exists", "copy-object-src-bucket-not-exists"),
)
def source_bucket_missing(ctx: CaseContext) -> None:
    """Copying from a bucket that does not exist answers 404 NoSuchBucket."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "CopyObject", Bucket=bucket, Key="copy", CopySource=f"{absent_bucket(ctx)}/key")
    ctx.expect_error(reply, "NoSuchBucket", 404)


@scenario(
    id="s3/scenario/copy/copy-of-multipart-object-etag",
    feature="s3/copy",
    operations=["CompleteMultipartUpload", "CopyObject"],
    provenance=recorded(REF_S3, S3 + "test_multipart_copy_object_etag", "copy-object"),
    severity="advisory",
)
def copy_of_multipart_object_etag(ctx: CaseContext) -> None:
    """A copy of an object made by multipart upload is stored in one piece: its ETag is the plain
    MD5 of the bytes, without the -N suffix."""
    bucket = make_bucket(ctx)
    data = b"0123456789abcdef"
    multipart_object(ctx, bucket, "source-object", [data])
    reply = ctx.expect_ok(_copy(ctx, bucket))
    ctx.equal((reply.get("CopyObjectResult") or {}).get("ETag"), md5_etag(data), "CopyObjectResult.ETag", reply)
