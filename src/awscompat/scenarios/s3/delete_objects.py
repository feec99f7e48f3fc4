"""S3 DeleteObjects: batch deletes, missing keys, quiet mode, per-key errors."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_CRUD,
    REF,
    REF_S3,
    S3,
    absent_bucket,
    keys_of,
    make_bucket,
    put_keys,
)


def _delete(ctx: CaseContext, bucket: str, keys: list[str], **extra):
    """DeleteObjects of these keys: the call under test."""
    return ctx.call("s3", "DeleteObjects", Bucket=bucket,
                    Delete={"Objects": [{"Key": k} for k in keys], **extra})


def _deleted(reply) -> list[str]:
    return sorted(d.get("Key") for d in reply.get("Deleted") or [])


@scenario(
    id="s3/scenario/delete-objects/batch-delete",
    feature="s3/delete-objects",
    operations=["DeleteObjects", "ListObjects"],
    provenance=recorded(REF_S3, S3 + "test_s3_batch_delete_objects", "batch-delete"),
)
def batch_delete(ctx: CaseContext) -> None:
    """DeleteObjects removes every named key, reports each in Deleted, and the bucket lists empty."""
    bucket = make_bucket(ctx)
    keys = [f"key-{n}" for n in range(5)]
    put_keys(ctx, bucket, keys)
    reply = ctx.expect_ok(_delete(ctx, bucket, keys))
    ctx.equal(_deleted(reply), keys, "Deleted keys", reply)
    ctx.equal(reply.get("Errors") or [], [], "Errors", reply)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket))
    ctx.equal(keys_of(reply), [], "keys left", reply)


@scenario(
    id="s3/scenario/delete-objects/missing-keys-reported-deleted",
    feature="s3/delete-objects",
    operations=["DeleteObjects"],
    provenance=recorded(REF, API_CRUD + "test_delete_objects", "delete-objects"),
)
def missing_keys_reported_deleted(ctx: CaseContext) -> None:
    """Keys that do not exist are reported as Deleted, alongside the one that did (no Errors)."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, ["test-delete"])
    keys = ["a-wrong-key", "c-wrong-key", "test-delete"]
    reply = ctx.expect_ok(_delete(ctx, bucket, keys))
    ctx.equal(_deleted(reply), keys, "Deleted keys", reply)
    ctx.equal(reply.get("Errors") or [], [], "Errors", reply)


@scenario(
    id="s3/scenario/delete-objects/quiet-mode",
    feature="s3/delete-objects",
    operations=["DeleteObjects"],
    provenance=recorded(REF_S3, S3 + "test_delete_non_existing_keys_quiet", "deleted-resp"),
)
def quiet_mode(ctx: CaseContext) -> None:
    """In Quiet mode a successful batch answers 200 with neither Deleted nor Errors entries."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, ["test-key"])
    reply = ctx.expect_ok(_delete(ctx, bucket, ["test-key", "dummy1", "dummy2"], Quiet=True))
    ctx.equal(reply.get("Deleted") or [], [], "Deleted (quiet)", reply)
    ctx.equal(reply.get("Errors") or [], [], "Errors", reply)


@scenario(
    id="s3/scenario/delete-objects/wrong-version-id",
    feature="s3/delete-objects",
    operations=["DeleteObjects"],
    provenance=recorded(REF, API_CRUD + "test_delete_objects", "delete-object-wrong-version-id"),
)
def wrong_version_id(ctx: CaseContext) -> None:
    """A key given with a VersionId that does not exist is reported in Errors as NoSuchVersion,
    in a 200 answer."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, ["test-delete"])
    version = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObjects", Bucket=bucket,
                                   Delete={"Objects": [{"Key": "test-delete", "VersionId": version}]}))
    errors = [(e.get("Key"), e.get("Code"), e.get("VersionId")) for e in reply.get("Errors") or []]
    ctx.equal(errors, [("test-delete", "NoSuchVersion", version)], "Errors (key, code, version)", reply)


@scenario(
    id="s3/scenario/delete-objects/missing-bucket",
    feature="s3/delete-objects",
    operations=["DeleteObjects"],
    provenance=recorded(REF_S3, S3 + "test_delete_non_existing_keys_in_non_existing_bucket",
                        "error-non-existent-bucket"),
)
def missing_bucket(ctx: CaseContext) -> None:
    """DeleteObjects on a bucket that does not exist answers 404 NoSuchBucket."""
    ctx.expect_error(_delete(ctx, absent_bucket(ctx), ["dummy1", "dummy2"]), "NoSuchBucket", 404)
