"""S3 object lock, the cases data cannot express: retention relative to now (GOVERNANCE for an
hour: set, read, extend, shorten only with the bypass header, deletes refused; COMPLIANCE for a few
seconds, waited out at teardown), and the answers judged as documents even on a 2xx (decided: the
InvalidRequest a bucket without object lock answers, a legal hold read back). Every locked version
uses GOVERNANCE or a COMPLIANCE period of seconds; teardown lifts holds and deletes with
x-amz-bypass-governance-retention (make_lock_bucket). The configuration, lock-header and other
legal-hold cases are data: awscompat/cases/s3/object-lock.yaml."""

from __future__ import annotations

import datetime
import time

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF,
    REF_S3,
    decided,
    lock_put,
    make_bucket,
    make_lock_bucket,
    put,
)

F = "s3/object-lock"
_API = "tests/aws/services/s3/test_s3_api.py::TestS3ObjectLock::"
_RET = "tests/aws/services/s3/test_s3.py::TestS3ObjectLockRetention::"
_RETENTION = _RET + "test_s3_object_retention"
_RET_EXC = _RET + "test_s3_object_retention_exc"
_HOLD = "tests/aws/services/s3/test_s3.py::TestS3ObjectLockLegalHold::"
_HOLD_EXC = _HOLD + "test_put_object_legal_hold_exc"


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


