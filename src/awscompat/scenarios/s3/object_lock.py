"""S3 object lock: the bucket configuration (enabled at creation, default retention, rules for an
existing bucket), object retention (GOVERNANCE: set, read, extend, shorten only with the bypass
header, deletes refused; COMPLIANCE with a retention of seconds), legal holds (ON / OFF, deletes
refused while ON), and the InvalidRequest a bucket without object lock answers. Every locked
version uses GOVERNANCE or a COMPLIANCE period of seconds; teardown lifts holds and deletes with
x-amz-bypass-governance-retention (make_lock_bucket)."""

from __future__ import annotations

import datetime
import time

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF,
    REF_S3,
    absent_bucket,
    decided,
    enable_versioning,
    lock_put,
    make_bucket,
    make_lock_bucket,
    md5_b64,
    put,
    unlock_versions,
)

F = "s3/object-lock"
_API = "tests/aws/services/s3/test_s3_api.py::TestS3ObjectLock::"
_CONFIG = _API + "test_get_put_object_lock_configuration"
_CONFIG_EXC = _API + "test_put_object_lock_configuration_exc"
_EXISTING = _API + "test_put_object_lock_configuration_on_existing_bucket"
_RET = "tests/aws/services/s3/test_s3.py::TestS3ObjectLockRetention::"
_RETENTION = _RET + "test_s3_object_retention"
_RET_EXC = _RET + "test_s3_object_retention_exc"
_MODES = _RET + "test_s3_object_lock_mode_validation"
_HOLD = "tests/aws/services/s3/test_s3.py::TestS3ObjectLockLegalHold::"
_HOLD_EXC = _HOLD + "test_put_object_legal_hold_exc"
DEFAULT_RULE = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}}


def case(name: str, operations: list[str], provenance, severity: str = "required", timeout: float = 30.0):
    return scenario(id=f"s3/scenario/object-lock/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity, timeout=timeout)


def _until(seconds: float) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds)


def _governed(ctx: CaseContext, seconds: float = 3600) -> tuple[str, str]:
    """A lock bucket holding 'k' under GOVERNANCE retention; returns (bucket, VersionId)."""
    bucket = make_lock_bucket(ctx)
    version = lock_put(ctx, bucket, "k", ObjectLockMode="GOVERNANCE",
                  ObjectLockRetainUntilDate=_until(seconds))["VersionId"]
    return bucket, version


def _held(ctx: CaseContext) -> tuple[str, str]:
    """A lock bucket holding 'k' under a legal hold; returns (bucket, VersionId)."""
    bucket = make_lock_bucket(ctx)
    version = lock_put(ctx, bucket, "k")["VersionId"]
    ctx.fixture("s3", "PutObjectLegalHold", Bucket=bucket, Key="k", VersionId=version, LegalHold={"Status": "ON"})
    return bucket, version


# -- bucket configuration ----------------------------------------------------------------------
@case("configuration-enabled-at-creation", ["CreateBucket", "GetObjectLockConfiguration"],
      recorded(REF, _CONFIG, "get-lock-config-start"))
def configuration_enabled_at_creation(ctx: CaseContext) -> None:
    """A bucket created with ObjectLockEnabledForBucket has configuration ObjectLockEnabled: Enabled."""
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectLockConfiguration", Bucket=make_lock_bucket(ctx)))
    ctx.equal(reply.get("ObjectLockConfiguration"), {"ObjectLockEnabled": "Enabled"}, "ObjectLockConfiguration", reply)


@case("configuration-enabled-bucket-versioned", ["CreateBucket", "GetBucketVersioning"],
      recorded(REF, _API + "test_disable_versioning_on_locked_bucket", "enable-versioning-again-on-locked-bucket"))
def configuration_enabled_bucket_versioned(ctx: CaseContext) -> None:
    """A bucket created with object lock has versioning Enabled from the start."""
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketVersioning", Bucket=make_lock_bucket(ctx)))
    ctx.equal(reply.get("Status"), "Enabled", "versioning Status", reply)


@case("configuration-default-retention", ["PutObjectLockConfiguration", "GetObjectLockConfiguration"],
      recorded(REF, _CONFIG, "get-lock-config"))
def configuration_default_retention(ctx: CaseContext) -> None:
    """A default retention rule (GOVERNANCE, 1 day) is returned as set; setting only Enabled removes it."""
    bucket = make_lock_bucket(ctx)
    ctx.expect_ok(ctx.call("s3", "PutObjectLockConfiguration", Bucket=bucket, ObjectLockConfiguration=DEFAULT_RULE))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectLockConfiguration", Bucket=bucket))
    ctx.equal(reply.get("ObjectLockConfiguration"), DEFAULT_RULE, "ObjectLockConfiguration", reply)
    ctx.expect_ok(ctx.call("s3", "PutObjectLockConfiguration", Bucket=bucket,
                           ObjectLockConfiguration={"ObjectLockEnabled": "Enabled"}), "reset to Enabled only")
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectLockConfiguration", Bucket=bucket))
    ctx.equal(reply.get("ObjectLockConfiguration"), {"ObjectLockEnabled": "Enabled"}, "configuration after reset", reply)


@case("default-retention-applied", ["PutObject", "HeadObject"],
      recorded(REF_S3, _RET + "test_bucket_config_default_retention", "head-object-default"))
def default_retention_applied(ctx: CaseContext) -> None:
    """An object written to a bucket with a default GOVERNANCE rule carries that mode and a date."""
    bucket = make_lock_bucket(ctx)
    ctx.fixture("s3", "PutObjectLockConfiguration", Bucket=bucket, ObjectLockConfiguration=DEFAULT_RULE)
    lock_put(ctx, bucket, "k")
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(reply.get("ObjectLockMode"), "GOVERNANCE", "ObjectLockMode", reply)
    ctx.check(reply.get("ObjectLockRetainUntilDate"), "no ObjectLockRetainUntilDate", reply=reply)


@case("configuration-not-found", ["GetObjectLockConfiguration"], recorded(REF, _API + "test_get_object_lock_configuration_exc",
                                                                         "get-lock-config-no-enabled"))
def configuration_not_found(ctx: CaseContext) -> None:
    """A bucket without object lock answers 404 ObjectLockConfigurationNotFoundError."""
    reply = ctx.call("s3", "GetObjectLockConfiguration", Bucket=make_bucket(ctx))
    ctx.expect_error(reply, "ObjectLockConfigurationNotFoundError", 404)


@case("configuration-no-bucket", ["GetObjectLockConfiguration"], recorded(REF, _API + "test_get_object_lock_configuration_exc",
                                                                         "get-lock-config-bucket-not-exists"))
def configuration_no_bucket(ctx: CaseContext) -> None:
    """GetObjectLockConfiguration on a bucket that does not exist answers 404 NoSuchBucket."""
    ctx.expect_error(ctx.call("s3", "GetObjectLockConfiguration", Bucket=absent_bucket(ctx)), "NoSuchBucket", 404)


@case("configuration-needs-versioning", ["PutObjectLockConfiguration"],
      recorded(REF, _EXISTING, "put-object-lock-existing-bucket-no-versioning"))
def configuration_needs_versioning(ctx: CaseContext) -> None:
    """Enabling object lock on an existing unversioned bucket answers 409 InvalidBucketState."""
    reply = ctx.call("s3", "PutObjectLockConfiguration", Bucket=make_bucket(ctx),
                     ObjectLockConfiguration={"ObjectLockEnabled": "Enabled"})
    ctx.expect_error(reply, "InvalidBucketState", 409)


@case("configuration-existing-versioned-bucket", ["PutObjectLockConfiguration", "GetObjectLockConfiguration"],
      recorded(REF, _EXISTING, "get-object-lock-existing-bucket-enabled"))
def configuration_existing_versioned_bucket(ctx: CaseContext) -> None:
    """Once versioning is Enabled, an existing bucket accepts object lock and reports it Enabled."""
    bucket = make_bucket(ctx)
    ctx.defer("unlock and empty", lambda: unlock_versions(ctx, bucket))
    enable_versioning(ctx, bucket)
    ctx.expect_ok(ctx.call("s3", "PutObjectLockConfiguration", Bucket=bucket,
                           ObjectLockConfiguration={"ObjectLockEnabled": "Enabled"}))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectLockConfiguration", Bucket=bucket))
    ctx.equal(reply.get("ObjectLockConfiguration"), {"ObjectLockEnabled": "Enabled"}, "ObjectLockConfiguration", reply)


def _malformed_case(name: str, config: dict, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        reply = ctx.call("s3", "PutObjectLockConfiguration", Bucket=make_lock_bucket(ctx), ObjectLockConfiguration=config)
        ctx.expect_error(reply, "MalformedXML", 400)

    run.__doc__ = f"PutObjectLockConfiguration {name.replace('-', ' ')} answers 400 MalformedXML."
    case(f"configuration-{name}", ["PutObjectLockConfiguration"], recorded(REF, _CONFIG_EXC, step))(run)


_malformed_case("without-enabled", {"Rule": DEFAULT_RULE["Rule"]}, "put-lock-config-no-enabled")
_malformed_case("days-and-years", {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {
    "Mode": "GOVERNANCE", "Days": 1, "Years": 1}}}, "put-lock-config-both-days-years")
_malformed_case("bad-mode", {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {
    "Mode": "BAD", "Days": 1}}}, "put-lock-config-bad-mode")
_malformed_case("no-period", {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {
    "Mode": "GOVERNANCE"}}}, "put-lock-config-no-days")


@case("versioning-cannot-be-suspended", ["PutBucketVersioning"],
      recorded(REF, _API + "test_disable_versioning_on_locked_bucket", "disable-versioning-on-locked-bucket"))
def versioning_cannot_be_suspended(ctx: CaseContext) -> None:
    """Suspending versioning on a bucket with object lock answers 409 InvalidBucketState."""
    reply = ctx.call("s3", "PutBucketVersioning", Bucket=make_lock_bucket(ctx),
                     VersioningConfiguration={"Status": "Suspended"})
    ctx.expect_error(reply, "InvalidBucketState", 409)


# -- retention ---------------------------------------------------------------------------------
@case("retention-governance", ["PutObjectRetention", "GetObjectRetention", "HeadObject"],
      recorded(REF_S3, _RETENTION, "get-object-retention-on-key-1"))
def retention_governance(ctx: CaseContext) -> None:
    """GOVERNANCE retention set on a version is returned by GetObjectRetention and HeadObject."""
    bucket = make_lock_bucket(ctx)
    version = lock_put(ctx, bucket, "k")["VersionId"]
    ctx.expect_ok(ctx.call("s3", "PutObjectRetention", Bucket=bucket, Key="k", VersionId=version,
                           Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _until(3600)}))
    reply = ctx.expect_ok(decided(ctx, ctx.call("s3", "GetObjectRetention", Bucket=bucket, Key="k", VersionId=version)))
    ctx.equal((reply.get("Retention") or {}).get("Mode"), "GOVERNANCE", "Retention.Mode", reply)
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k", VersionId=version))
    ctx.equal(head.get("ObjectLockMode"), "GOVERNANCE", "HeadObject ObjectLockMode", head)


@case("retention-delete-refused", ["DeleteObject"], recorded(REF_S3, _RETENTION, "delete-obj-locked"))
def retention_delete_refused(ctx: CaseContext) -> None:
    """Deleting a version under GOVERNANCE retention, without the bypass header, answers 403 AccessDenied."""
    bucket, version = _governed(ctx)
    ctx.expect_error(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=version), "AccessDenied", 403)


@case("retention-delete-bypass", ["DeleteObject"], recorded(REF_S3, _RETENTION, "delete-obj-locked-bypass"))
def retention_delete_bypass(ctx: CaseContext) -> None:
    """With x-amz-bypass-governance-retention the GOVERNANCE-locked version is deleted (204)."""
    bucket, version = _governed(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=version,
                                   BypassGovernanceRetention=True))
    ctx.equal(reply.get("VersionId"), version, "VersionId", reply)


@case("retention-shorten-refused", ["PutObjectRetention"],
      recorded(REF_S3, _RET + "test_object_lock_extend_duration", "put-object-retention-reduce"))
def retention_shorten_refused(ctx: CaseContext) -> None:
    """Shortening GOVERNANCE retention without the bypass header answers 403 AccessDenied; extending it is 200."""
    bucket, version = _governed(ctx)
    ref = {"Bucket": bucket, "Key": "k", "VersionId": version}
    ctx.expect_ok(ctx.call("s3", "PutObjectRetention", **ref, Retention={"Mode": "GOVERNANCE",
                                                                          "RetainUntilDate": _until(7200)}), "extend")
    reply = ctx.call("s3", "PutObjectRetention", **ref, Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _until(60)})
    ctx.expect_error(reply, "AccessDenied", 403, what="shorten without bypass")


@case("retention-shorten-bypass", ["PutObjectRetention"], recorded(REF_S3, _RETENTION, "update-retention-object"))
def retention_shorten_bypass(ctx: CaseContext) -> None:
    """With x-amz-bypass-governance-retention GOVERNANCE retention can be shortened (200)."""
    bucket, version = _governed(ctx)
    ctx.expect_ok(ctx.call("s3", "PutObjectRetention", Bucket=bucket, Key="k", VersionId=version,
                           BypassGovernanceRetention=True,
                           Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _until(60)}))


@case("retention-past-date", ["PutObjectRetention"], recorded(REF_S3, _RET_EXC, "update-retention-past-date"))
def retention_past_date(ctx: CaseContext) -> None:
    """A RetainUntilDate in the past answers 400 InvalidArgument."""
    bucket = make_lock_bucket(ctx)
    lock_put(ctx, bucket, "k")
    reply = ctx.call("s3", "PutObjectRetention", Bucket=bucket, Key="k",
                     Retention={"Mode": "GOVERNANCE", "RetainUntilDate": datetime.datetime(2020, 1, 1)})
    ctx.expect_error(reply, "InvalidArgument", 400)


def _not_configured(name: str, operation: str, params: dict, code: str, status: int, provenance, *, lock: bool) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_lock_bucket(ctx) if lock else make_bucket(ctx)
        (lock_put if lock else put)(ctx, bucket, "k")
        ctx.expect_error(decided(ctx, ctx.call("s3", operation, Bucket=bucket, Key="k", **params)), code, status)

    where = "an object never locked" if lock else "a bucket without object lock"
    run.__doc__ = f"{operation} on {where} answers {status} {code}."
    case(name, [operation], provenance)(run)


_RETAIN = {"Retention": {"Mode": "GOVERNANCE", "RetainUntilDate": datetime.datetime(2100, 1, 1)}}
_not_configured("retention-never-set", "GetObjectRetention", {}, "NoSuchObjectLockConfiguration", 404,
                recorded(REF_S3, _RET_EXC, "get-object-retention-never-set"), lock=True)
_not_configured("legal-hold-never-set", "GetObjectLegalHold", {}, "NoSuchObjectLockConfiguration", 404,
                recorded(REF_S3, _HOLD + "test_put_get_object_legal_hold", "get-legal-hold-unset"), lock=True)
_not_configured("retention-unlocked-bucket", "PutObjectRetention", _RETAIN, "InvalidRequest", 400,
                recorded(REF_S3, _RET_EXC, "put-object-retention-regular-bucket"), lock=False)
_not_configured("get-retention-unlocked-bucket", "GetObjectRetention", {}, "InvalidRequest", 400,
                recorded(REF_S3, _RET_EXC, "get-object-retention-regular-bucket"), lock=False)
_not_configured("legal-hold-unlocked-bucket", "PutObjectLegalHold", {"LegalHold": {"Status": "ON"}}, "InvalidRequest",
                400, recorded(REF_S3, _HOLD_EXC, "put-object-retention-regular-bucket"), lock=False)
_not_configured("bypass-unlocked-bucket", "DeleteObject", {"BypassGovernanceRetention": True}, "InvalidArgument", 400,
                recorded(REF, _API + "test_delete_object_with_no_locking", "delete-object-bypass-no-lock"), lock=False)


def _put_lock_header_case(name: str, params: dict, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        reply = ctx.call("s3", "PutObject", Bucket=make_lock_bucket(ctx), Key="k", Body=b"test",
                         ContentMD5=md5_b64(b"test"), **params)
        ctx.expect_error(reply, "InvalidArgument", 400)

    run.__doc__ = f"PutObject with {name.replace('-', ' ')} answers 400 InvalidArgument."
    case(f"put-{name}", ["PutObject"], recorded(REF_S3, _MODES, step))(run)


_put_lock_header_case("mode-without-date", {"ObjectLockMode": "GOVERNANCE"}, "put-obj-locked-error-no-retain-date")
_put_lock_header_case("date-without-mode", {"ObjectLockRetainUntilDate": datetime.datetime(2100, 1, 1)},
                      "put-obj-locked-error-no-mode")
_put_lock_header_case("unknown-mode", {"ObjectLockMode": "BAD-VALUE",
                                       "ObjectLockRetainUntilDate": datetime.datetime(2100, 1, 1)},
                      "put-obj-locked-bad-value")


@case("retention-on-delete-marker", ["PutObjectRetention"],
      recorded(REF_S3, _RET + "test_object_lock_delete_markers", "put-object-retention-delete-marker"))
def retention_on_delete_marker(ctx: CaseContext) -> None:
    """PutObjectRetention on a delete marker answers 405 MethodNotAllowed."""
    bucket, _ = _governed(ctx)
    marker = ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="k")["VersionId"]
    reply = ctx.call("s3", "PutObjectRetention", Bucket=bucket, Key="k", VersionId=marker,
                     Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _until(3600)})
    ctx.expect_error(reply, "MethodNotAllowed", 405)


@case("compliance-delete-refused", ["PutObjectRetention", "DeleteObject"],
      recorded(REF_S3, _RET + "test_s3_object_retention_compliance_mode", "delete-locked-1"), timeout=60.0)
def compliance_delete_refused(ctx: CaseContext) -> None:
    """A version under COMPLIANCE retention (a few seconds here) cannot be deleted, even with the
    bypass header (403 AccessDenied); teardown waits for the retention to run out."""
    bucket = make_lock_bucket(ctx)
    version = lock_put(ctx, bucket, "k")["VersionId"]
    until = _until(3)
    ctx.defer("wait for COMPLIANCE retention to end", lambda: time.sleep(
        max(0.0, min(10.0, (until - datetime.datetime.now(datetime.UTC)).total_seconds() + 1))))
    ctx.fixture("s3", "PutObjectRetention", Bucket=bucket, Key="k", VersionId=version,
                Retention={"Mode": "COMPLIANCE", "RetainUntilDate": until})
    reply = ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=version, BypassGovernanceRetention=True)
    ctx.expect_error(reply, "AccessDenied", 403)


# -- legal hold --------------------------------------------------------------------------------
@case("legal-hold-on", ["PutObjectLegalHold", "GetObjectLegalHold", "HeadObject"],
      recorded(REF_S3, _HOLD + "test_put_get_object_legal_hold", "get-legal-hold-set"))
def legal_hold_on(ctx: CaseContext) -> None:
    """A legal hold set ON is returned by GetObjectLegalHold and HeadObject."""
    bucket, version = _held(ctx)
    reply = ctx.expect_ok(decided(ctx, ctx.call("s3", "GetObjectLegalHold", Bucket=bucket, Key="k", VersionId=version)))
    ctx.equal(reply.get("LegalHold"), {"Status": "ON"}, "LegalHold", reply)
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k", VersionId=version))
    ctx.equal(head.get("ObjectLockLegalHoldStatus"), "ON", "ObjectLockLegalHoldStatus", head)


@case("legal-hold-delete-refused", ["DeleteObject", "DeleteObjects"],
      recorded(REF_S3, _HOLD + "test_delete_locked_object", "delete-objects-locked"))
def legal_hold_delete_refused(ctx: CaseContext) -> None:
    """A version under a legal hold is not deleted: DeleteObject answers 403 AccessDenied, and
    DeleteObjects reports AccessDenied for it."""
    bucket, version = _held(ctx)
    reply = ctx.call("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=version, BypassGovernanceRetention=True)
    ctx.expect_error(reply, "AccessDenied", 403)
    batch = ctx.expect_ok(ctx.call("s3", "DeleteObjects", Bucket=bucket,
                                   Delete={"Objects": [{"Key": "k", "VersionId": version}]}))
    codes = [(e.get("Key"), e.get("Code")) for e in batch.get("Errors") or []]
    ctx.equal(codes, [("k", "AccessDenied")], "DeleteObjects Errors (key, code)", batch)


@case("legal-hold-off-allows-delete", ["PutObjectLegalHold", "DeleteObject", "HeadObject"],
      recorded(REF_S3, _HOLD + "test_s3_legal_hold_lock_versioned", "delete-object-ver1"))
def legal_hold_off_allows_delete(ctx: CaseContext) -> None:
    """Once the legal hold is OFF, HeadObject shows OFF and the version can be deleted (204)."""
    bucket, version = _held(ctx)
    ref = {"Bucket": bucket, "Key": "k", "VersionId": version}
    ctx.expect_ok(ctx.call("s3", "PutObjectLegalHold", **ref, LegalHold={"Status": "OFF"}))
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", **ref))
    ctx.equal(head.get("ObjectLockLegalHoldStatus"), "OFF", "ObjectLockLegalHoldStatus", head)
    ctx.expect_ok(ctx.call("s3", "DeleteObject", **ref))


@case("legal-hold-on-put", ["PutObject", "HeadObject"],
      recorded(REF_S3, _HOLD + "test_put_object_with_legal_hold", "head-object-with-legal-hold"))
def legal_hold_on_put(ctx: CaseContext) -> None:
    """PutObject with x-amz-object-lock-legal-hold ON stores the version under a legal hold."""
    bucket = make_lock_bucket(ctx)
    lock_put(ctx, bucket, "k", ObjectLockLegalHoldStatus="ON")
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(head.get("ObjectLockLegalHoldStatus"), "ON", "ObjectLockLegalHoldStatus", head)


@case("legal-hold-no-key", ["PutObjectLegalHold"], recorded(REF_S3, _HOLD_EXC, "put-object-legal-hold-no-key"))
def legal_hold_no_key(ctx: CaseContext) -> None:
    """PutObjectLegalHold on a key that does not exist answers 404 NoSuchKey."""
    reply = ctx.call("s3", "PutObjectLegalHold", Bucket=make_lock_bucket(ctx), Key="non-existing-key",
                     LegalHold={"Status": "ON"})
    ctx.expect_error(reply, "NoSuchKey", 404)
