"""S3 buckets, the cases data cannot express: the ones that branch on the region, and the one that
guards a bucket the server may wrongly create. The straight-line bucket cases are data:
awscompat/cases/s3/buckets.yaml (docs/cases.md)."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, S3, api_docs, bucket_config, make_bucket


@scenario(
    id="s3/scenario/buckets/create-existing-owned",
    feature="s3/buckets",
    operations=["CreateBucket"],
    provenance=recorded(REF_S3, S3 + "test_create_bucket_with_existing_name", "create-bucket-us-west-1"),
)
def create_existing_owned(ctx: CaseContext) -> None:
    """Outside us-east-1, creating a bucket you already own is refused with 409
    BucketAlreadyOwnedByYou."""
    if ctx.region == "us-east-1":
        ctx.skip("us-east-1 answers 200 for legacy compatibility (see create-existing-owned-us-east-1)")
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "CreateBucket", Bucket=bucket, **bucket_config(ctx))
    ctx.expect_error(reply, "BucketAlreadyOwnedByYou", 409)


@scenario(
    id="s3/scenario/buckets/create-existing-owned-us-east-1",
    feature="s3/buckets",
    operations=["CreateBucket"],
    provenance=api_docs("CreateBucket"),
)
def create_existing_owned_us_east_1(ctx: CaseContext) -> None:
    """In us-east-1, re-creating a bucket you already own answers 200 (legacy compatibility)."""
    if ctx.region != "us-east-1":
        ctx.skip("only us-east-1 keeps the legacy 200 answer (see create-existing-owned)")
    bucket = make_bucket(ctx)
    ctx.expect_ok(ctx.call("s3", "CreateBucket", Bucket=bucket))


@scenario(
    id="s3/scenario/buckets/uppercase-name-refused",
    feature="s3/buckets",
    operations=["CreateBucket"],
    provenance=recorded(REF_S3, S3 + "test_s3_uppercase_bucket_name", "uppercase-bucket"),
)
def uppercase_name_refused(ctx: CaseContext) -> None:
    """A bucket name with upper-case letters is refused with 400 InvalidBucketName."""
    # Still inside the run's namespace (lower-case prefix), made invalid by an upper-case tail.
    name = ctx.name("upper", max_len=56) + "-UPPER"
    params = {"Bucket": name, **bucket_config(ctx)}
    created: list[bool] = []

    def remove() -> str | None:
        if not created:
            return "absent"
        return "deleted" if ctx.call("s3", "DeleteBucket", Bucket=name).ok else None

    # Ledgered in case the server wrongly creates it: teardown then removes it (it stays empty).
    ctx.track("s3", "s3-bucket", name, {"service": "s3", "operation": "CreateBucket", "params": params}, [],
              remove=remove)
    reply = ctx.call("s3", "CreateBucket", **params)
    if reply.ok:
        created.append(True)
    ctx.expect_error(reply, "InvalidBucketName", 400)
