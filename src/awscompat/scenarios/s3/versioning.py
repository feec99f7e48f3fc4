"""S3 versioning: version ids, delete markers, reading and deleting versions."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_BUCKET,
    API_CRUD,
    REF,
    body,
    enable_versioning,
    make_bucket,
    put,
)

_DELETE = API_CRUD + "test_delete_object_versioned"
_KEY = "test-delete"
_DATA = b"test-delete"
_UNKNOWN_VERSION = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD"


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


@scenario(
    id="s3/scenario/versioning/get-noncurrent-version",
    feature="s3/versioning",
    operations=["GetObject"],
    provenance=recorded(REF, _DELETE, "get-object-with-version"),
)
def get_noncurrent_version(ctx: CaseContext) -> None:
    """Behind a delete marker the old version still reads by its VersionId: 200, its bytes and
    its VersionId."""
    bucket, version = _versioned_object(ctx)
    _delete_marker(ctx, bucket)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key=_KEY, VersionId=version))
    ctx.equal(body(reply), _DATA, "body of the old version", reply)
    ctx.equal(reply.get("VersionId"), version, "VersionId", reply)


@scenario(
    id="s3/scenario/versioning/get-delete-marker-not-allowed",
    feature="s3/versioning",
    operations=["GetObject"],
    provenance=recorded(REF, _DELETE, "get-delete-marker"),
)
def get_delete_marker_not_allowed(ctx: CaseContext) -> None:
    """GetObject naming a delete marker's VersionId answers 405 MethodNotAllowed."""
    bucket, _ = _versioned_object(ctx)
    marker = _delete_marker(ctx, bucket)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key=_KEY, VersionId=marker)
    ctx.expect_error(reply, "MethodNotAllowed", 405)


@scenario(
    id="s3/scenario/versioning/delete-version-permanently",
    feature="s3/versioning",
    operations=["DeleteObject", "GetObject"],
    provenance=recorded(REF, _DELETE, "get-deleted-object-with-version"),
)
def delete_version_permanently(ctx: CaseContext) -> None:
    """DeleteObject with a VersionId removes that version for good (204, the VersionId echoed,
    no delete marker); reading it again answers 404 NoSuchVersion."""
    bucket, version = _versioned_object(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key=_KEY, VersionId=version))
    ctx.equal(reply.status, 204, "DeleteObject status", reply)
    ctx.equal(reply.get("VersionId"), version, "VersionId echoed", reply)
    ctx.check(not reply.get("DeleteMarker"), "deleting a version made a delete marker", expected=None,
              observed=reply.get("DeleteMarker"), reply=reply)
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key=_KEY, VersionId=version)
    ctx.expect_error(reply, "NoSuchVersion", 404, what="GetObject of the deleted version")


@scenario(
    id="s3/scenario/versioning/list-versions-and-markers",
    feature="s3/versioning",
    operations=["ListObjectVersions"],
    provenance=recorded(REF, _DELETE, "list-object-versions"),
)
def list_versions_and_markers(ctx: CaseContext) -> None:
    """ListObjectVersions lists the delete marker as the latest entry and the object version as
    not latest, each with its VersionId."""
    bucket, version = _versioned_object(ctx)
    marker = _delete_marker(ctx, bucket)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectVersions", Bucket=bucket, Prefix=_KEY))
    versions = [(v.get("Key"), v.get("VersionId"), v.get("IsLatest")) for v in reply.get("Versions") or []]
    markers = [(m.get("Key"), m.get("VersionId"), m.get("IsLatest")) for m in reply.get("DeleteMarkers") or []]
    ctx.equal(versions, [(_KEY, version, False)], "Versions (key, id, latest)", reply)
    ctx.equal(markers, [(_KEY, marker, True)], "DeleteMarkers (key, id, latest)", reply)


@scenario(
    id="s3/scenario/versioning/delete-marker-keeps-bucket-non-empty",
    feature="s3/versioning",
    operations=["DeleteBucket", "DeleteObject"],
    provenance=recorded(REF, API_BUCKET + "test_delete_versioned_bucket_with_objects",
                        "delete-with-only-delete-marker"),
)
def delete_marker_keeps_bucket_non_empty(ctx: CaseContext) -> None:
    """A versioned bucket is not empty while any version or delete marker is left: DeleteBucket
    answers 409 BucketNotEmpty even when only a delete marker remains."""
    bucket, version = _versioned_object(ctx)
    _delete_marker(ctx, bucket)
    ctx.expect_error(ctx.call("s3", "DeleteBucket", Bucket=bucket), "BucketNotEmpty", 409,
                     what="DeleteBucket with a version and a delete marker")
    ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key=_KEY, VersionId=version)
    ctx.expect_error(ctx.call("s3", "DeleteBucket", Bucket=bucket), "BucketNotEmpty", 409,
                     what="DeleteBucket with only a delete marker")


@scenario(
    id="s3/scenario/versioning/version-id-on-unversioned-bucket",
    feature="s3/versioning",
    operations=["GetObject"],
    provenance=recorded(REF, API_CRUD + "test_get_object_with_version_unversioned_bucket", "get-obj-with-version"),
)
def version_id_on_unversioned_bucket(ctx: CaseContext) -> None:
    """In a bucket that was never versioned, GetObject with a made-up VersionId answers 400
    InvalidArgument, and with VersionId 'null' reads the object."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"test-version")
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="key", VersionId=_UNKNOWN_VERSION)
    ctx.expect_error(reply, "InvalidArgument", 400, what="GetObject with an unknown VersionId")
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key", VersionId="null"),
                          "GetObject with VersionId null")
    ctx.equal(body(reply), b"test-version", "body", reply)
