"""S3 encryption, the cases data cannot express: SSE-C (customer-provided keys, skipped against an
http:// endpoint, since AWS accepts SSE-C only over HTTPS): reads with the key, without it, with
a wrong key, and the validation of the key, its MD5 and the algorithm. Since April 2026 new buckets block SSE-C writes
unless BlockedEncryptionTypes allows them: every SSE-C scenario unblocks it on its bucket first.
The default bucket encryption and SSE-S3 cases are data: awscompat/cases/s3/encryption.yaml."""

from __future__ import annotations

import base64
import hashlib

from awscompat.catalog import docs, recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF_S3,
    body,
    guide,
    is_https,
    make_bucket,
    put,
)

F = "s3/encryption"
_SSEC = "tests/aws/services/s3/test_s3.py::TestS3SSECEncryption::"
_SSEC_LIFE = _SSEC + "test_put_object_lifecycle_with_sse_c"
_SSEC_GET = _SSEC + "test_object_retrieval_sse_c"
_SSEC_PUT = _SSEC + "test_put_object_validation_sse_c"
_SSEC_MPU = _SSEC + "test_multipart_upload_sse_c_validation"
KEY = b"k" * 32  # an AES-256 customer key
OTHER_KEY = b"o" * 32


def case(name: str, operations: list[str], provenance, severity: str = "required", revision: int = 1):
    if name.startswith("sse-c-") and "block" not in name:
        revision = max(revision, 2)  # revision 2: SSE-C cases allow SSE-C on their bucket first (see _sse_c_bucket)
    return scenario(id=f"s3/scenario/encryption/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity, revision=revision)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def sse_c(key: bytes = KEY, algorithm: str = "AES256", md5: bytes | None = None) -> dict:
    """SSE-C request members, encoded by hand (botocore leaves them alone when the MD5 is given)."""
    return {"SSECustomerAlgorithm": algorithm, "SSECustomerKey": _b64(key),
            "SSECustomerKeyMD5": _b64(hashlib.md5(key if md5 is None else md5).digest())}


def _https(ctx: CaseContext) -> None:
    if not is_https(ctx):
        ctx.skip("SSE-C: AWS accepts customer-provided keys only over HTTPS; the endpoint is http://")


# Since April 2026 a new bucket refuses SSE-C writes (403 AccessDenied) unless its default encryption
# configuration unblocks them: BlockedEncryptionTypes EncryptionType NONE (S3 user guide below). The
# recordings predate the change, when SSE-C was allowed, so every SSE-C case unblocks it first.
SSE_C_BLOCKING = guide("blocking-unblocking-s3-c-encryption-gpb.html")
UNBLOCK_SSE_C = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                            "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]}}]}


def _sse_c_bucket(ctx: CaseContext) -> str:
    """A bucket (over HTTPS) whose default encryption allows SSE-C writes. A provider that does
    not know BlockedEncryptionTypes may refuse the setting; SSE-C is not blocked there, so the
    case goes on and judges the SSE-C behaviour itself."""
    _https(ctx)
    bucket = make_bucket(ctx)
    ctx.call("s3", "PutBucketEncryption", Bucket=bucket, ServerSideEncryptionConfiguration=UNBLOCK_SSE_C)
    return bucket


def _sse_c_object(ctx: CaseContext, data: bytes = b"test_data") -> str:
    """A bucket holding 'k' encrypted with KEY; returns the bucket."""
    bucket = _sse_c_bucket(ctx)
    put(ctx, bucket, "k", data, **sse_c())
    return bucket


def _rules(reply) -> list[dict]:
    return (reply.get("ServerSideEncryptionConfiguration") or {}).get("Rules") or []


# -- SSE-C -------------------------------------------------------------------------------------
@case("sse-c-put", ["PutObject"], recorded(REF_S3, _SSEC_LIFE, "put-obj-sse-c"))
def sse_c_put(ctx: CaseContext) -> None:
    """PutObject with a customer key answers with SSECustomerAlgorithm AES256 and the key's MD5."""
    reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=_sse_c_bucket(ctx), Key="k", Body=b"test_data",
                                   **sse_c()))
    ctx.equal(reply.get("SSECustomerAlgorithm"), "AES256", "SSECustomerAlgorithm", reply)
    ctx.equal(reply.get("SSECustomerKeyMD5"), sse_c()["SSECustomerKeyMD5"], "SSECustomerKeyMD5", reply)


@case("sse-c-get-with-key", ["GetObject"], recorded(REF_S3, _SSEC_LIFE, "get-obj-sse-c"))
def sse_c_get_with_key(ctx: CaseContext) -> None:
    """GetObject with the customer key returns the plaintext and the key's algorithm and MD5."""
    bucket = _sse_c_object(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", **sse_c()))
    ctx.equal(body(reply), b"test_data", "body", reply)
    ctx.equal(reply.get("SSECustomerKeyMD5"), sse_c()["SSECustomerKeyMD5"], "SSECustomerKeyMD5", reply)


@case("sse-c-head-with-key", ["HeadObject"], recorded(REF_S3, _SSEC_LIFE, "head-obj-sse-c"))
def sse_c_head_with_key(ctx: CaseContext) -> None:
    """HeadObject with the customer key answers 200 with ContentLength and SSECustomerAlgorithm."""
    bucket = _sse_c_object(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k", **sse_c()))
    ctx.equal(reply.get("ContentLength"), 9, "ContentLength", reply)
    ctx.equal(reply.get("SSECustomerAlgorithm"), "AES256", "SSECustomerAlgorithm", reply)


def _sse_c_read_case(name: str, operation: str, params: dict, code: str | None, status: int, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = _sse_c_object(ctx)
        ctx.expect_error(ctx.call("s3", operation, Bucket=bucket, Key="k", **params), code, status)

    run.__doc__ = f"{operation} of an SSE-C object {name.replace('-', ' ')} answers {status} {code or ''}".rstrip() + "."
    case(f"sse-c-{operation.removesuffix('Object').lower()}-{name}", [operation], recorded(REF_S3, _SSEC_GET, step))(run)


_sse_c_read_case("without-key", "GetObject", {}, "InvalidRequest", 400, "get-obj-no-sse-c")
_sse_c_read_case("with-wrong-key", "GetObject", sse_c(OTHER_KEY), "AccessDenied", 403, "get-obj-sse-c-wrong-key")
_sse_c_read_case("with-wrong-algorithm", "GetObject", sse_c(algorithm="KMS"), "InvalidEncryptionAlgorithmError", 400,
                 "get-obj-sse-c-wrong-algo")
_sse_c_read_case("with-short-key", "GetObject", sse_c(b"short"), "InvalidArgument", 400, "get-obj-sse-c-wrong-key-size")
_sse_c_read_case("with-wrong-key-md5", "GetObject", sse_c(md5=b"other"), "InvalidArgument", 400,
                 "get-obj-sse-c-bad-md5")
_sse_c_read_case("with-wrong-algorithm", "HeadObject", sse_c(algorithm="KMS"), None, 400, "head-obj-sse-c-wrong-algo")


def _sse_c_put_case(name: str, params: dict, code: str, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        reply = ctx.call("s3", "PutObject", Bucket=_sse_c_bucket(ctx), Key="k", Body=b"test_data", **params)
        ctx.expect_error(reply, code, 400)

    run.__doc__ = f"PutObject with SSE-C {name.replace('-', ' ')} answers 400 {code}."
    case(f"sse-c-put-{name}", ["PutObject"], recorded(REF_S3, _SSEC_PUT, step))(run)


_sse_c_put_case("and-sse-s3", {**sse_c(), "ServerSideEncryption": "AES256"}, "InvalidArgument",
                "put-obj-sse-c-both-encryption")
_sse_c_put_case("wrong-algorithm", sse_c(algorithm="KMS"), "InvalidEncryptionAlgorithmError", "put-obj-sse-c-wrong-algo")
_sse_c_put_case("no-algorithm", {k: v for k, v in sse_c().items() if k != "SSECustomerAlgorithm"}, "InvalidArgument",
                "put-obj-sse-c-no-algo")
_sse_c_put_case("no-key", {k: v for k, v in sse_c().items() if k != "SSECustomerKey"}, "InvalidArgument",
                "put-obj-sse-c-no-key")
_sse_c_put_case("short-key", sse_c(b"short"), "InvalidArgument", "put-obj-sse-c-wrong-key-size")
_sse_c_put_case("wrong-key-md5", sse_c(md5=b"other"), "InvalidArgument", "put-obj-sse-c-bad-md5")


@case("sse-c-upload-part-without-key", ["CreateMultipartUpload", "UploadPart"],
      recorded(REF_S3, _SSEC_MPU, "mpu-sse-c-upload-part-no-sse-c"))
def sse_c_upload_part_without_key(ctx: CaseContext) -> None:
    """A part of an upload created with SSE-C, sent without the key, answers 400 InvalidRequest."""
    bucket = _sse_c_bucket(ctx)
    upload_id = ctx.fixture("s3", "CreateMultipartUpload", Bucket=bucket, Key="k", **sse_c())["UploadId"]
    reply = ctx.call("s3", "UploadPart", Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"x")
    ctx.expect_error(reply, "InvalidRequest", 400)


@case("sse-c-copy-without-source-key", ["CopyObject"],
      recorded(REF_S3, _SSEC + "test_copy_object_with_sse_c", "copy-obj-no-src-sse-c"))
def sse_c_copy_without_source_key(ctx: CaseContext) -> None:
    """CopyObject from an SSE-C source without the source key answers 400 InvalidRequest."""
    bucket = _sse_c_object(ctx)
    reply = ctx.call("s3", "CopyObject", Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "k"})
    ctx.expect_error(reply, "InvalidRequest", 400)


@case("sse-c-version-wrong-key", ["GetObject"],
      recorded(REF_S3, _SSEC + "test_sse_c_with_versioning", "get-obj-sse-c-last-version-wrong-key"))
def sse_c_version_wrong_key(ctx: CaseContext) -> None:
    """Each version keeps its own key: the latest version read with the older version's key is 403."""
    bucket = _sse_c_bucket(ctx)
    ctx.fixture("s3", "PutBucketVersioning", Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    put(ctx, bucket, "k", b"version1", **sse_c())
    put(ctx, bucket, "k", b"version2", **sse_c(OTHER_KEY))
    ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", **sse_c()), "AccessDenied", 403)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", **sse_c(OTHER_KEY)))
    ctx.equal(body(reply), b"version2", "body read with the latest version's key", reply)



@case("sse-c-blocked-on-new-bucket", ["PutObject"], docs(SSE_C_BLOCKING.ref, "advisory: AWS changed the default "
      "in April 2026; buckets created before keep SSE-C allowed"), severity="advisory")
def sse_c_blocked_on_new_bucket(ctx: CaseContext) -> None:
    """A new bucket refuses an SSE-C PutObject with 403 AccessDenied (SSE-C is blocked by default)."""
    _https(ctx)
    reply = ctx.call("s3", "PutObject", Bucket=make_bucket(ctx), Key="k", Body=b"test_data", **sse_c())
    ctx.expect_error(reply, "AccessDenied", 403)


@case("sse-c-block-setting-roundtrip", ["PutBucketEncryption", "GetBucketEncryption"], SSE_C_BLOCKING,
      severity="advisory")
def sse_c_block_setting_roundtrip(ctx: CaseContext) -> None:
    """BlockedEncryptionTypes set with PutBucketEncryption (SSE-C blocked) is returned by
    GetBucketEncryption in the rule."""
    bucket = make_bucket(ctx)
    config = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                         "BlockedEncryptionTypes": {"EncryptionType": ["SSE-C"]}}]}
    ctx.expect_ok(ctx.call("s3", "PutBucketEncryption", Bucket=bucket, ServerSideEncryptionConfiguration=config))
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketEncryption", Bucket=bucket))
    rules = _rules(reply)
    ctx.equal((rules[0] if rules else {}).get("BlockedEncryptionTypes"), {"EncryptionType": ["SSE-C"]},
              "BlockedEncryptionTypes", reply)
