"""S3 multipart uploads, the case data cannot express: complete-single-part checks UploadPart's
own answer (the part's MD5 ETag) inside its set-up. The other multipart cases are data:
awscompat/cases/s3/multipart.yaml (docs/cases.md)."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF_S3,
    S3,
    body,
    complete,
    make_bucket,
    md5_etag,
    multipart_etag,
    upload_parts,
)

_LIST = S3 + "test_multipart_and_list_parts"


@scenario(
    id="s3/scenario/multipart/complete-single-part",
    feature="s3/multipart",
    operations=["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "GetObject"],
    provenance=recorded(REF_S3, _LIST, "complete-multipart"),
)
def complete_single_part(ctx: CaseContext) -> None:
    """A one-part upload completes (the last part may be small) with the multipart ETag: the MD5
    of the part MD5s with a -1 suffix; the object reads back as the part."""
    bucket = make_bucket(ctx)
    data = b"upload-part-1" * 5
    upload_id, parts = upload_parts(ctx, bucket, "test-list-parts", [data])
    ctx.equal(parts[0]["ETag"], md5_etag(data), "UploadPart ETag (MD5 of the part)")
    reply = ctx.expect_ok(complete(ctx, bucket, "test-list-parts", upload_id, parts))
    ctx.equal(reply.get("ETag"), multipart_etag([data]), "CompleteMultipartUpload ETag", reply)
    ctx.equal(reply.get("Key"), "test-list-parts", "Key", reply)
    ctx.equal(reply.get("Bucket"), bucket, "Bucket", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="test-list-parts"))
    ctx.equal(body(reply), data, "object body", reply)
    ctx.equal(reply.get("ETag"), multipart_etag([data]), "GetObject ETag", reply)
