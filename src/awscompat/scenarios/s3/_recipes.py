"""S3 setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the same fixtures as the Python scenarios (ledgered before the create, undone
at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe
from awscompat.scenarios.s3._fixtures import absent_bucket, enable_versioning, make_bucket, put


@recipe("s3", "bucket")
def bucket(ctx: CaseContext, hint: str = "") -> dict:
    """A bucket of the case's own (CreateBucket with the region's location constraint)."""
    return {"value": make_bucket(ctx, hint)}


@recipe("s3", "versioned-bucket")
def versioned_bucket(ctx: CaseContext, hint: str = "") -> dict:
    """A bucket of the case's own with versioning enabled."""
    name = make_bucket(ctx, hint)
    enable_versioning(ctx, name)
    return {"value": name}


@recipe("s3", "object")
def object_(ctx: CaseContext, bucket: str, key: str, body: str = "awscompat") -> dict:
    """An object put with a plain PutObject (setup; outputs: value = the key, etag, version)."""
    parsed = put(ctx, bucket, key, body.encode())
    return {"value": key, "etag": parsed.get("ETag"), "version": parsed.get("VersionId")}


@recipe("s3", "absent-bucket")
def absent(ctx: CaseContext) -> dict:
    """A bucket name in the run's namespace that no bucket has (only read or deleted, never written)."""
    return {"value": absent_bucket(ctx)}
