"""S3 versioning, the case data cannot express: delete-creates-delete-marker compares two version
ids for difference. The other versioning cases are data: awscompat/cases/s3/versioning.yaml."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import API_CRUD, REF, enable_versioning, make_bucket, put

_DELETE = API_CRUD + "test_delete_object_versioned"
_KEY = "test-delete"
_DATA = b"test-delete"


def _versioned_object(ctx: CaseContext) -> tuple[str, str]:
    """A versioning-enabled bucket holding one version of 'test-delete'; returns (bucket, VersionId)."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    version = put(ctx, bucket, _KEY, _DATA).get("VersionId")
    ctx.check(version, "PutObject in a versioning-enabled bucket returned no VersionId",
              expected="VersionId", observed=None)
    return bucket, version


def _delete_marker(ctx: CaseContext, bucket: str) -> str:
    """DeleteObject without a version (the call under test): 204 with DeleteMarker true and the
    marker's own VersionId, which is returned."""
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key=_KEY))
    ctx.equal(reply.status, 204, "DeleteObject status", reply)
    ctx.equal(reply.get("DeleteMarker"), True, "DeleteMarker", reply)
    ctx.check(reply.get("VersionId"), "DeleteObject returned no VersionId for the delete marker",
              expected="VersionId", observed=None, reply=reply)
    return reply["VersionId"]


@scenario(
    id="s3/scenario/versioning/delete-creates-delete-marker",
    feature="s3/versioning",
    operations=["PutBucketVersioning", "DeleteObject", "GetObject"],
    provenance=recorded(REF, _DELETE, "delete-object"),
)
def delete_creates_delete_marker(ctx: CaseContext) -> None:
    """In a versioned bucket, DeleteObject without a version adds a delete marker (204,
    DeleteMarker true, a new VersionId); the key then reads as 404 NoSuchKey."""
    bucket, version = _versioned_object(ctx)
    marker = _delete_marker(ctx, bucket)
    ctx.check(marker != version, "the delete marker has the object's VersionId", expected="a new VersionId",
              observed=marker)
    ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key=_KEY), "NoSuchKey", 404,
                     what="GetObject after the delete")
