"""More versioning: the versioning status round trip and its refused values, MFADelete absent,
the null version (objects from before versioning, writes on a suspended bucket), version order
and IsLatest, deleting a version or a delete marker, and HEAD/GET on a current delete marker."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_CRUD,
    REF,
    REF_S3,
    S3,
    absent_bucket,
    api_docs,
    body,
    enable_versioning,
    guide,
    header,
    make_bucket,
    put,
)

F = "s3/versioning"
_CRUD = "tests/aws/services/s3/test_s3_api.py::TestS3BucketVersioning::test_bucket_versioning_crud"
_DELETE = API_CRUD + "test_delete_object_versioned"
_SUSPENDED = guide("AddingObjectstoVersionSuspendedBuckets.html")
_NULL_BEFORE = guide("AddingObjectstoVersioningEnabledBuckets.html")
_DELETING = guide("DeletingObjectVersions.html")


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/versioning/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _status(ctx: CaseContext, bucket: str, status: str):
    return ctx.call("s3", "PutBucketVersioning", Bucket=bucket, VersioningConfiguration={"Status": status})


def _versions(ctx: CaseContext, bucket: str, key: str = "k"):
    return ctx.expect_ok(ctx.call("s3", "ListObjectVersions", Bucket=bucket, Prefix=key))


def _ids(reply, member: str = "Versions") -> list[str]:
    return [v.get("VersionId") for v in reply.get(member) or []]


# -- status ---------------------------------------------------------------------------------------
@case("status-roundtrip", ["GetBucketVersioning", "PutBucketVersioning"], recorded(REF, _CRUD, "get-versioning-after-enabled"))
def status_roundtrip(ctx: CaseContext) -> None:
    """A new bucket has no versioning Status; after Enabled it reads Enabled, after Suspended it
    reads Suspended."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketVersioning", Bucket=bucket))
    ctx.equal(reply.get("Status"), None, "Status of a new bucket", reply)
    for status in ("Enabled", "Suspended"):
        ctx.expect_ok(_status(ctx, bucket, status), f"PutBucketVersioning {status}")
        reply = ctx.expect_ok(ctx.call("s3", "GetBucketVersioning", Bucket=bucket))
        ctx.equal(reply.get("Status"), status, "Status", reply)


@case("suspend-never-enabled", ["PutBucketVersioning", "GetBucketVersioning"],
      recorded(REF, _CRUD, "get-versioning-after-suspended"))
def suspend_never_enabled(ctx: CaseContext) -> None:
    """Suspending versioning on a bucket that never had it is accepted and then reads Suspended."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(_status(ctx, bucket, "Suspended"))
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketVersioning", Bucket=bucket))
    ctx.equal(reply.get("Status"), "Suspended", "Status", reply)


@case("mfa-delete-not-set", ["GetBucketVersioning"], recorded(REF, _CRUD, "get-versioning-after-enabled"))
def mfa_delete_not_set(ctx: CaseContext) -> None:
    """Enabling versioning without MFA Delete leaves MFADelete out of GetBucketVersioning."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketVersioning", Bucket=bucket))
    ctx.equal(reply.get("MFADelete"), None, "MFADelete", reply)


def _bad_status_case(name: str, config: dict, code: str, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        reply = ctx.call("s3", "PutBucketVersioning", Bucket=make_bucket(ctx), VersioningConfiguration=config)
        ctx.expect_error(reply, code, 400)

    run.__doc__ = f"PutBucketVersioning with {config} answers 400 {code}."
    case(f"status-{name}-refused", ["PutBucketVersioning"], recorded(REF, _CRUD, step))(run)


_bad_status_case("lowercase", {"Status": "enabled"}, "MalformedXML", "put-versioning-enabled-lowercase")
_bad_status_case("disabled", {"Status": "Disabled"}, "MalformedXML", "put-versioning-disabled")
_bad_status_case("empty", {}, "IllegalVersioningConfigurationException", "put-versioning-empty")


@case("status-missing-bucket", ["PutBucketVersioning", "GetBucketVersioning"],
      recorded(REF, _CRUD, "get-versioning-no-bucket"))
def status_missing_bucket(ctx: CaseContext) -> None:
    """Getting or setting versioning on a missing bucket answers 404 NoSuchBucket."""
    name = absent_bucket(ctx)
    ctx.expect_error(ctx.call("s3", "GetBucketVersioning", Bucket=name), "NoSuchBucket", 404)
    ctx.expect_error(_status(ctx, name, "Enabled"), "NoSuchBucket", 404)


# -- the null version -----------------------------------------------------------------------------
@case("object-before-versioning-is-null", ["ListObjectVersions"], _NULL_BEFORE)
def object_before_versioning(ctx: CaseContext) -> None:
    """An object written before versioning was enabled is listed afterwards with VersionId 'null',
    still the latest."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"old")
    enable_versioning(ctx, bucket)
    reply = _versions(ctx, bucket)
    ctx.equal([(v.get("VersionId"), v.get("IsLatest")) for v in reply.get("Versions") or []],
              [("null", True)], "versions", reply)


@case("suspended-put-is-null-version", ["PutObject", "ListObjectVersions"], _SUSPENDED)
def suspended_put_null(ctx: CaseContext) -> None:
    """A PutObject on a suspended bucket stores a version with VersionId 'null' next to the
    versions written while versioning was enabled, which are kept."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    kept = put(ctx, bucket, "k", b"enabled").get("VersionId")
    ctx.fixture("s3", "PutBucketVersioning", Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    put(ctx, bucket, "k", b"suspended")
    reply = _versions(ctx, bucket)
    ctx.equal(_ids(reply), ["null", kept], "VersionIds, newest first", reply)


@case("suspended-put-replaces-null-version", ["PutObject", "ListObjectVersions", "GetObject"], _SUSPENDED)
def suspended_put_replaces_null(ctx: CaseContext) -> None:
    """A second PutObject on a suspended bucket replaces the null version instead of adding one:
    one 'null' version, holding the latest bytes."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutBucketVersioning", Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    put(ctx, bucket, "k", b"first")
    put(ctx, bucket, "k", b"second")
    reply = _versions(ctx, bucket)
    ctx.equal(_ids(reply), ["null"], "VersionIds", reply)
    got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", VersionId="null"))
    ctx.equal(body(got), b"second", "body of the null version", got)


@case("get-null-version-by-id", ["GetObject"], recorded(REF, API_CRUD + "test_get_object_with_version_unversioned_bucket",
                                                         "get-obj-with-null-version"))
def get_null_version(ctx: CaseContext) -> None:
    """GetObject with VersionId 'null' reads an object of a never-versioned bucket."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"plain")
    got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", VersionId="null"))
    ctx.equal(body(got), b"plain", "body", got)


# -- order and IsLatest -----------------------------------------------------------------------------
def _three_versions(ctx: CaseContext) -> tuple[str, list[str]]:
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    return bucket, [put(ctx, bucket, "k", data).get("VersionId") for data in (b"v1", b"v2", b"v3")]


@case("versions-newest-first", ["ListObjectVersions"],
      recorded(REF_S3, S3 + "test_s3_put_object_versioned", "list-object-versioned"))
def versions_newest_first(ctx: CaseContext) -> None:
    """ListObjectVersions lists the versions of a key newest first; only the first IsLatest."""
    bucket, ids = _three_versions(ctx)
    reply = _versions(ctx, bucket)
    ctx.equal(_ids(reply), ids[::-1], "VersionIds, newest first", reply)
    ctx.equal([v.get("IsLatest") for v in reply.get("Versions") or []], [True, False, False], "IsLatest", reply)


@case("delete-latest-version-promotes-previous", ["DeleteObject", "GetObject"], _DELETING)
def delete_latest_promotes(ctx: CaseContext) -> None:
    """Deleting the current version by its VersionId makes the previous version current: GetObject
    without a version reads it, and it is now IsLatest."""
    bucket, ids = _three_versions(ctx)
    ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=ids[2]))
    got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(body(got), b"v2", "current body", got)
    ctx.equal(got.get("VersionId"), ids[1], "current VersionId", got)
    reply = _versions(ctx, bucket)
    ctx.equal([(v.get("VersionId"), v.get("IsLatest")) for v in reply.get("Versions") or []],
              [(ids[1], True), (ids[0], False)], "versions", reply)


@case("delete-middle-version-keeps-current", ["DeleteObject", "GetObject"], _DELETING)
def delete_middle_version(ctx: CaseContext) -> None:
    """Deleting a noncurrent version removes only it; the current version stays current."""
    bucket, ids = _three_versions(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=ids[1]))
    ctx.equal(reply.get("VersionId"), ids[1], "VersionId echoed", reply)
    got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(body(got), b"v3", "current body", got)
    ctx.equal(_ids(_versions(ctx, bucket)), [ids[2], ids[0]], "VersionIds left", got)


# -- delete markers ---------------------------------------------------------------------------------
def _marked(ctx: CaseContext) -> tuple[str, str, str]:
    """A versioned bucket where 'k' has one version under a delete marker; returns (bucket, version, marker)."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    version = put(ctx, bucket, "k", b"data").get("VersionId")
    marker = ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="k").get("VersionId")
    return bucket, version, marker


@case("remove-delete-marker-restores", ["DeleteObject", "GetObject"], recorded(REF, _DELETE, "delete-delete-marker"))
def remove_marker_restores(ctx: CaseContext) -> None:
    """Deleting the delete marker by its VersionId answers DeleteMarker true and that VersionId,
    and the object is readable again."""
    bucket, version, marker = _marked(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=marker))
    ctx.equal(reply.get("DeleteMarker"), True, "DeleteMarker", reply)
    ctx.equal(reply.get("VersionId"), marker, "VersionId", reply)
    got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(got.get("VersionId"), version, "VersionId read", got)


@case("head-current-delete-marker", ["HeadObject"], api_docs("HeadObject"))
def head_current_marker(ctx: CaseContext) -> None:
    """HeadObject of a key whose current version is a delete marker answers 404 with
    x-amz-delete-marker: true."""
    bucket, _, _ = _marked(ctx)
    reply = ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404)
    ctx.equal(header(reply, "x-amz-delete-marker"), "true", "x-amz-delete-marker header", reply)


@case("get-current-delete-marker", ["GetObject"], api_docs("GetObject"))
def get_current_marker(ctx: CaseContext) -> None:
    """GetObject of a key under a delete marker answers 404 NoSuchKey (as recorded in
    test_delete_object_versioned, step get-deleted-object) with x-amz-delete-marker: true."""
    bucket, _, _ = _marked(ctx)
    reply = ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"), "NoSuchKey", 404)
    ctx.equal(header(reply, "x-amz-delete-marker"), "true", "x-amz-delete-marker header", reply)


@case("head-delete-marker-version", ["HeadObject"],
      recorded(REF_S3, "tests/aws/services/s3/test_s3.py::TestS3ObjectLockRetention::test_object_lock_delete_markers",
               "head-object-locked-delete-marker"))
def head_marker_version(ctx: CaseContext) -> None:
    """HeadObject naming a delete marker's VersionId answers 405 Method Not Allowed."""
    bucket, _, marker = _marked(ctx)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k", VersionId=marker), None, 405)


@case("second-delete-adds-marker", ["DeleteObject", "ListObjectVersions"], recorded(REF, _DELETE, "list-object-versions"))
def second_delete(ctx: CaseContext) -> None:
    """Deleting a key that is already under a delete marker adds another marker; the newer is IsLatest."""
    bucket, _, marker = _marked(ctx)
    second = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k")).get("VersionId")
    reply = _versions(ctx, bucket)
    ctx.equal([(m.get("VersionId"), m.get("IsLatest")) for m in reply.get("DeleteMarkers") or []],
              [(second, True), (marker, False)], "DeleteMarkers", reply)


@case("delete-missing-key-adds-marker", ["DeleteObject"], recorded(REF, _DELETE, "delete-wrong-key"))
def delete_missing_key(ctx: CaseContext) -> None:
    """DeleteObject of a key that never existed, in a versioned bucket, answers 204 and creates a delete marker."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="never-written"))
    ctx.equal(reply.get("DeleteMarker"), True, "DeleteMarker", reply)
    ctx.check(reply.get("VersionId"), "no VersionId for the new delete marker", expected="VersionId",
              observed=None, reply=reply)


@case("delete-malformed-version-id", ["DeleteObject"], recorded(REF, _DELETE, "delete-with-bad-version"),
      severity="advisory")
def delete_bad_version(ctx: CaseContext) -> None:
    """DeleteObject with a VersionId that is not a version id at all answers 400 InvalidArgument."""
    bucket, _, _ = _marked(ctx)
    ctx.expect_error(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId="not-a-version"),
                     "InvalidArgument", 400)
