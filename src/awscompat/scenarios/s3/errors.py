"""The S3 error envelope: an XML <Error> document with Code, Message and RequestId, the right
status, the x-amz-request-id header, and the recorded codes for missing keys and buckets."""

from __future__ import annotations

from awscompat.catalog import docs, recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import (
    API_BUCKET,
    ERROR_DOCS,
    REF,
    REF_S3,
    S3,
    absent_bucket,
    error_fields,
    header,
    make_bucket,
    put,
)


def _envelope(ctx: CaseContext, reply: Reply, code: str, status: int) -> dict[str, str]:
    """The answer is this error, in an XML <Error> document naming Code, Message and RequestId."""
    ctx.expect_error(reply, code, status)
    fields = error_fields(reply)
    ctx.check(fields, "the error answer has no XML <Error> document", expected="<Error>...</Error>",
              observed=(reply.exchange.response_body or b"")[:200], reply=reply)
    for name in ("Code", "Message", "RequestId"):
        ctx.check(fields.get(name), f"the <Error> document has no {name}", expected=name,
                  observed=sorted(fields), reply=reply)
    ctx.equal(fields["Code"], code, "<Code>", reply)
    return fields


@scenario(
    id="s3/scenario/errors/no-such-key-envelope",
    feature="s3/errors",
    operations=["GetObject"],
    provenance=ERROR_DOCS,
)
def no_such_key_envelope(ctx: CaseContext) -> None:
    """GetObject of a missing key answers 404 with an XML <Error> document (Content-Type
    application/xml) whose Code is NoSuchKey and which has a Message and a RequestId."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="missing")
    _envelope(ctx, reply, "NoSuchKey", 404)
    ctx.equal((header(reply, "content-type") or "").split(";")[0], "application/xml", "Content-Type", reply)


@scenario(
    id="s3/scenario/errors/no-such-bucket-envelope",
    feature="s3/errors",
    operations=["GetObject"],
    provenance=recorded(REF_S3, S3 + "test_get_object_no_such_bucket", "expected_error"),
)
def no_such_bucket_envelope(ctx: CaseContext) -> None:
    """GetObject in a missing bucket answers 404 NoSuchBucket; the <Error> document has a
    Message, a RequestId and names the bucket in BucketName."""
    name = absent_bucket(ctx)
    reply = ctx.call("s3", "GetObject", Bucket=name, Key="key")
    fields = _envelope(ctx, reply, "NoSuchBucket", 404)
    ctx.equal(fields.get("BucketName"), name, "<BucketName>", reply)


@scenario(
    id="s3/scenario/errors/no-such-key-names-key",
    feature="s3/errors",
    operations=["GetObject"],
    provenance=recorded(REF_S3, S3 + "test_range_key_not_exists", "exc"),
    severity="advisory",
)
def no_such_key_names_key(ctx: CaseContext) -> None:
    """The NoSuchKey <Error> document names the key in Key and says 'The specified key does not
    exist.'"""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="my-key")
    fields = _envelope(ctx, reply, "NoSuchKey", 404)
    ctx.equal(fields.get("Key"), "my-key", "<Key>", reply)
    ctx.equal(fields.get("Message"), "The specified key does not exist.", "<Message>", reply)


@scenario(
    id="s3/scenario/errors/request-id-header",
    feature="s3/errors",
    operations=["GetObject"],
    provenance=docs("https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonResponseHeaders.html"),
)
def request_id_header(ctx: CaseContext) -> None:
    """Error answers, like every S3 answer, carry the x-amz-request-id header."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="missing")
    ctx.expect_error(reply, "NoSuchKey", 404)
    ctx.check(header(reply, "x-amz-request-id"), "the error answer has no x-amz-request-id header",
              expected="x-amz-request-id", observed=sorted(reply.headers), reply=reply)


@scenario(
    id="s3/scenario/errors/bucket-not-empty-envelope",
    feature="s3/errors",
    operations=["DeleteBucket"],
    provenance=recorded(REF, API_BUCKET + "test_delete_bucket_with_objects", "delete-with-obj"),
)
def bucket_not_empty_envelope(ctx: CaseContext) -> None:
    """The 409 BucketNotEmpty answer is a full <Error> document naming the bucket."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key")
    reply = ctx.call("s3", "DeleteBucket", Bucket=bucket)
    fields = _envelope(ctx, reply, "BucketNotEmpty", 409)
    ctx.equal(fields.get("BucketName"), bucket, "<BucketName>", reply)
