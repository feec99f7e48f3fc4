"""S3 buckets: create, head, delete, list."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF, make_bucket, put

_CRUD = "tests/aws/services/s3/test_s3_api.py::TestS3BucketCRUD::"


@scenario(
    id="s3/scenario/buckets/delete-non-empty-bucket",
    feature="s3/buckets",
    operations=["CreateBucket", "PutObject", "DeleteBucket", "DeleteObject"],
    provenance=recorded(REF, _CRUD + "test_delete_bucket_with_objects", "delete-with-obj"),
)
def delete_non_empty_bucket(ctx: CaseContext) -> None:
    """Deleting a bucket that holds an object is refused with 409 BucketNotEmpty; once the
    object is gone the delete answers 204."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key")
    ctx.expect_error(ctx.call("s3", "DeleteBucket", Bucket=bucket), "BucketNotEmpty", 409)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.status, 204, "DeleteObject status", reply)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteBucket", Bucket=bucket))
    ctx.equal(reply.status, 204, "DeleteBucket status", reply)
