"""Shared set-up for S3 scenarios: a bucket of the scenario's own, created with the most basic
call (CreateBucket), ledgered before it is created, emptied and deleted at teardown."""

from __future__ import annotations

from awscompat.engine.context import CaseContext

REF = "s3/test_s3_api.snapshot.json"


def bucket_config(ctx: CaseContext) -> dict:
    if ctx.region == "us-east-1":
        return {}
    return {"CreateBucketConfiguration": {"LocationConstraint": ctx.region}}


def make_bucket(ctx: CaseContext, hint: str = "") -> str:
    """Create a namespaced bucket owned by this scenario; FixtureError if that fails."""
    name = ctx.name(hint, max_len=63)
    params = {"Bucket": name, **bucket_config(ctx)}
    ctx.track("s3", "s3-bucket", name, {"service": "s3", "operation": "CreateBucket", "params": params}, [])
    ctx.fixture("s3", "CreateBucket", **params)
    return name


def put(ctx: CaseContext, bucket: str, key: str, body: bytes = b"awscompat", **extra) -> dict:
    """A setup PutObject (FixtureError if it fails): for objects a scenario reads, not tests."""
    return ctx.fixture("s3", "PutObject", Bucket=bucket, Key=key, Body=body, **extra).parsed
