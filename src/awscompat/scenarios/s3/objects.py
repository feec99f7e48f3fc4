"""S3 objects: put, get, head, delete, and what is kept with them (metadata, content headers)."""

from __future__ import annotations

from awscompat.catalog import docs, recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_CRUD,
    REF,
    REF_S3,
    S3,
    api_docs,
    body,
    header,
    make_bucket,
    md5_etag,
    put,
)

_METADATA_DOCS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html"


@scenario(
    id="s3/scenario/objects/put-get-roundtrip",
    feature="s3/objects",
    operations=["PutObject", "GetObject"],
    provenance=recorded(REF_S3, S3 + "test_put_and_get_object_with_hash_prefix", "get-object"),
)
def put_get_roundtrip(ctx: CaseContext) -> None:
    """An object written with PutObject reads back byte for byte, with its length and the ETag
    PutObject returned (the quoted MD5 of the bytes)."""
    bucket = make_bucket(ctx)
    data = b"test 123"
    reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="#key-with-hash-prefix", Body=data))
    ctx.equal(reply.get("ETag"), md5_etag(data), "PutObject ETag", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="#key-with-hash-prefix"))
    ctx.equal(body(reply), data, "GetObject body", reply)
    ctx.equal(reply.get("ContentLength"), len(data), "GetObject ContentLength", reply)
    ctx.equal(reply.get("ETag"), md5_etag(data), "GetObject ETag", reply)


@scenario(
    id="s3/scenario/objects/head-object-fields",
    feature="s3/objects",
    operations=["HeadObject"],
    provenance=recorded(REF_S3, S3 + "test_head_object_fields", "head-object"),
)
def head_object_fields(ctx: CaseContext) -> None:
    """HeadObject answers 200 with ContentLength, the MD5 ETag, AcceptRanges bytes, a
    LastModified, and the default ContentType binary/octet-stream when none was given."""
    bucket = make_bucket(ctx)
    data = b"abcdefgh"
    put(ctx, bucket, "my-key", data)
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="my-key"))
    ctx.equal(reply.get("ContentLength"), len(data), "ContentLength", reply)
    ctx.equal(reply.get("ETag"), md5_etag(data), "ETag", reply)
    ctx.equal(reply.get("AcceptRanges"), "bytes", "AcceptRanges", reply)
    ctx.equal(reply.get("ContentType"), "binary/octet-stream", "default ContentType", reply)
    ctx.check(reply.get("LastModified") is not None, "HeadObject has no LastModified",
              expected="Last-Modified header", observed=None, reply=reply)


@scenario(
    id="s3/scenario/objects/head-missing-key",
    feature="s3/objects",
    operations=["HeadObject"],
    provenance=recorded(REF_S3, S3 + "test_head_object_fields", "head-object-404"),
)
def head_missing_key(ctx: CaseContext) -> None:
    """HeadObject on a key that does not exist answers 404 (a HEAD answer has no body)."""
    bucket = make_bucket(ctx)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="doesnotexist"), None, 404)


@scenario(
    id="s3/scenario/objects/get-missing-key",
    feature="s3/objects",
    operations=["GetObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_uppercase_key_names", "wrong-case-key"),
)
def get_missing_key(ctx: CaseContext) -> None:
    """GetObject on a key that was never written answers 404 NoSuchKey."""
    bucket = make_bucket(ctx)
    ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="never-written"), "NoSuchKey", 404)


@scenario(
    id="s3/scenario/objects/keys-are-case-sensitive",
    feature="s3/objects",
    operations=["GetObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_uppercase_key_names", "wrong-case-key"),
)
def keys_are_case_sensitive(ctx: CaseContext) -> None:
    """Keys are case-sensitive: an object put as CamelCaseKey is not found as camelcasekey."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "camelCaseKey", b"something")
    ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="camelCaseKey"))
    ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="camelcasekey"), "NoSuchKey", 404)


@scenario(
    id="s3/scenario/objects/delete-then-get",
    feature="s3/objects",
    operations=["DeleteObject", "GetObject"],
    provenance=recorded(REF, API_CRUD + "test_delete_object", "delete-object"),
)
def delete_then_get(ctx: CaseContext) -> None:
    """DeleteObject on an existing key answers 204; the key then reads as 404 NoSuchKey."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "test-delete", b"test-delete")
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="test-delete"))
    ctx.equal(reply.status, 204, "DeleteObject status", reply)
    ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="test-delete"), "NoSuchKey", 404,
                     what="GetObject after delete")


@scenario(
    id="s3/scenario/objects/delete-missing-key",
    feature="s3/objects",
    operations=["DeleteObject"],
    provenance=recorded(REF, API_CRUD + "test_delete_object", "delete-nonexistent-object"),
)
def delete_missing_key(ctx: CaseContext) -> None:
    """DeleteObject on a key that does not exist succeeds with 204 (deletes are idempotent)."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="never-written"))
    ctx.equal(reply.status, 204, "DeleteObject status", reply)


@scenario(
    id="s3/scenario/objects/overwrite-replaces",
    feature="s3/objects",
    operations=["PutObject", "GetObject"],
    provenance=api_docs("PutObject"),
)
def overwrite_replaces(ctx: CaseContext) -> None:
    """A second PutObject on the same key replaces the object: body and ETag are the new ones."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"first version")
    ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"second"))
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key"))
    ctx.equal(body(reply), b"second", "body after overwrite", reply)
    ctx.equal(reply.get("ETag"), md5_etag(b"second"), "ETag after overwrite", reply)


@scenario(
    id="s3/scenario/objects/empty-object",
    feature="s3/objects",
    operations=["PutObject", "GetObject"],
    provenance=recorded(REF_S3, S3 + "test_user_metadata_rfc2047_encoded", "get-object"),
)
def empty_object(ctx: CaseContext) -> None:
    """A zero-byte object is stored and read back with ContentLength 0 and the MD5 of nothing as
    its ETag."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="empty", Body=b""))
    ctx.equal(reply.get("ETag"), '"d41d8cd98f00b204e9800998ecf8427e"', "PutObject ETag", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="empty"))
    ctx.equal(reply.get("ContentLength"), 0, "ContentLength", reply)
    ctx.equal(body(reply), b"", "body", reply)


@scenario(
    id="s3/scenario/objects/content-type-roundtrip",
    feature="s3/objects",
    operations=["PutObject", "HeadObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_metadata_replace", "head_object"),
)
def content_type_roundtrip(ctx: CaseContext) -> None:
    """The Content-Type and Content-Language given at PutObject come back on HeadObject."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "source-object", b'{"key": "value"}', ContentType="application/json",
        ContentLanguage="en-US")
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="source-object"))
    ctx.equal(reply.get("ContentType"), "application/json", "ContentType", reply)
    ctx.equal(reply.get("ContentLanguage"), "en-US", "ContentLanguage", reply)


@scenario(
    id="s3/scenario/objects/content-headers-roundtrip",
    feature="s3/objects",
    operations=["PutObject", "GetObject"],
    provenance=recorded(REF_S3, S3 + "test_put_and_get_object_with_content_language_disposition",
                        "get-object-headers"),
)
def content_headers_roundtrip(ctx: CaseContext) -> None:
    """Cache-Control, Content-Disposition and Content-Language given at PutObject are returned
    as headers by GetObject."""
    bucket = make_bucket(ctx)
    sent = {"cache-control": "no-cache", "content-disposition": 'attachment; filename="foo.jpg"',
            "content-language": "de"}
    put(ctx, bucket, "key", b"abc123", CacheControl=sent["cache-control"],
        ContentDisposition=sent["content-disposition"], ContentLanguage=sent["content-language"])
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key"))
    body(reply)
    for name, value in sent.items():
        ctx.equal(header(reply, name), value, f"{name} header", reply)


@scenario(
    id="s3/scenario/objects/user-metadata-roundtrip",
    feature="s3/objects",
    operations=["PutObject", "HeadObject", "GetObject"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_metadata_replace", "head_object"),
)
def user_metadata_roundtrip(ctx: CaseContext) -> None:
    """User metadata sent as x-amz-meta-* headers is returned as the same headers by HeadObject
    and GetObject."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"data", Metadata={"key": "value", "other": "two words"})
    expected = {"key": "value", "other": "two words"}
    for operation in ("HeadObject", "GetObject"):
        reply = ctx.expect_ok(ctx.call("s3", operation, Bucket=bucket, Key="key"))
        if operation == "GetObject":
            body(reply)
        ctx.equal(reply.get("Metadata"), expected, f"{operation} Metadata", reply)
        ctx.equal(header(reply, "x-amz-meta-key"), "value", f"{operation} x-amz-meta-key header", reply)


@scenario(
    id="s3/scenario/objects/user-metadata-underscores",
    feature="s3/objects",
    operations=["PutObject", "HeadObject"],
    provenance=recorded(REF_S3, S3 + "test_metadata_header_character_decoding", "head-object"),
)
def user_metadata_underscores(ctx: CaseContext) -> None:
    """Underscores in user-metadata names are kept as they were sent."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"foo", Metadata={"test_meta_1": "foo", "__meta_2": "bar"})
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("Metadata"), {"test_meta_1": "foo", "__meta_2": "bar"}, "Metadata", reply)


@scenario(
    id="s3/scenario/objects/user-metadata-names-lowercased",
    feature="s3/objects",
    operations=["PutObject", "HeadObject"],
    provenance=docs(_METADATA_DOCS),
    severity="advisory",
)
def user_metadata_names_lowercased(ctx: CaseContext) -> None:
    """S3 stores user-metadata names in lower case: x-amz-meta-MixedCase comes back as
    x-amz-meta-mixedcase."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"data", Metadata={"MixedCase": "Value"})
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("Metadata"), {"mixedcase": "Value"}, "Metadata (names lower-cased, value kept)", reply)
