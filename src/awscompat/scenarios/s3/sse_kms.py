"""S3 SSE-KMS on objects, on a KMS-enabled target: objects written with
x-amz-server-side-encryption aws:kms and a key of the scenario's own (made with the KMS
scenarios' fixture, scheduled for deletion at teardown), reads that name the key back, a bucket
default of aws:kms, copies into KMS encryption, and the KMS errors S3 relays for a key that does
not exist or is disabled (recorded: KMS.NotFoundException, KMS.DisabledException, HTTP 400)."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.outcomes import FixtureError, Unsupported
from awscompat.scenarios.kms._fixtures import make_key
from awscompat.scenarios.s3._fixtures import REF, REF_S3, S3, body, make_bucket, put

_VALIDATE = S3 + "test_s3_sse_validate_kms_key"
_STATE = S3 + "test_s3_sse_validate_kms_key_state"
_DEFAULT = S3 + "test_s3_sse_default_kms_key"
_BUCKET_KMS = "tests/aws/services/s3/test_s3_api.py::TestS3BucketEncryption::test_s3_bucket_encryption_sse_kms"
_MISSING_KEY = "fake-key-id"


def _kms_bucket(ctx: CaseContext) -> tuple[str, str]:
    """A bucket and a KMS key (its ARN) of this scenario's own; skip on a target without KMS
    (an S3-only server: no KMS endpoint, or one that refuses CreateKey)."""
    try:
        arn = make_key(ctx, "s3")["Arn"]
    except (FixtureError, Unsupported) as err:
        ctx.skip(f"SSE-KMS needs a KMS-enabled target: {err.message}")
    return make_bucket(ctx), arn


def _kms(arn: str) -> dict:
    return {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": arn}


def _names_key(ctx: CaseContext, reply, arn: str, what: str) -> None:
    ctx.equal(reply.get("ServerSideEncryption"), "aws:kms", f"{what} ServerSideEncryption", reply)
    kid = reply.get("SSEKMSKeyId") or ""
    ctx.check(kid == arn or kid.endswith(arn.rsplit("/", 1)[-1]), f"{what} SSEKMSKeyId does not name the key",
              expected=arn, observed=kid, reply=reply)


@scenario(id="s3/scenario/sse-kms/put-names-key", feature="s3/sse-kms", operations=["PutObject"],
          provenance=recorded(REF_S3, _STATE, "success-put-object-sse"))
def put_names_key(ctx: CaseContext) -> None:
    """PutObject with aws:kms and a key answers ServerSideEncryption aws:kms and that key's ARN."""
    bucket, arn = _kms_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=b"test-sse", **_kms(arn)))
    _names_key(ctx, reply, arn, "PutObject")


@scenario(id="s3/scenario/sse-kms/get-names-key", feature="s3/sse-kms", operations=["PutObject", "GetObject"],
          provenance=recorded(REF_S3, _STATE, "success-get-object-sse"))
def get_names_key(ctx: CaseContext) -> None:
    """GetObject of a KMS-encrypted object returns its bytes, aws:kms and the key's ARN."""
    bucket, arn = _kms_bucket(ctx)
    put(ctx, bucket, "k", b"test-sse", **_kms(arn))
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(body(reply), b"test-sse", "body", reply)
    _names_key(ctx, reply, arn, "GetObject")


@scenario(id="s3/scenario/sse-kms/head-names-key", feature="s3/sse-kms", operations=["PutObject", "HeadObject"],
          provenance=recorded(REF, _BUCKET_KMS, "head-object-encrypted"))
def head_names_key(ctx: CaseContext) -> None:
    """HeadObject of a KMS-encrypted object answers aws:kms and the key's ARN."""
    bucket, arn = _kms_bucket(ctx)
    put(ctx, bucket, "k", b"test-sse", **_kms(arn))
    _names_key(ctx, ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k")), arn, "HeadObject")


@scenario(id="s3/scenario/sse-kms/bucket-default-applies", feature="s3/sse-kms",
          operations=["PutBucketEncryption", "PutObject"], provenance=recorded(REF, _BUCKET_KMS, "put-object-encrypted"))
def bucket_default_applies(ctx: CaseContext) -> None:
    """Under a bucket default of aws:kms with a key, a PutObject without encryption headers is
    encrypted with that key."""
    bucket, arn = _kms_bucket(ctx)
    ctx.fixture("s3", "PutBucketEncryption", Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": arn}}]})
    _names_key(ctx, ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=b"x")), arn, "PutObject")


@scenario(id="s3/scenario/sse-kms/copy-into-kms", feature="s3/sse-kms", operations=["CopyObject"],
          provenance=recorded(REF_S3, S3 + "test_copy_object_kms", "copy-object"))
def copy_into_kms(ctx: CaseContext) -> None:
    """CopyObject of an SSE-S3 object with aws:kms and a key answers aws:kms and the key; the copy
    reads back the same bytes."""
    bucket, arn = _kms_bucket(ctx)
    put(ctx, bucket, "src", b"hello world")
    reply = ctx.expect_ok(ctx.call("s3", "CopyObject", Bucket=bucket, Key="dst",
                                   CopySource={"Bucket": bucket, "Key": "src"}, **_kms(arn)))
    _names_key(ctx, reply, arn, "CopyObject")
    ctx.equal(body(ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="dst"))), b"hello world", "copy body")


def _missing_key_case(name: str, operation: str, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        kms = _kms(_MISSING_KEY)
        if operation == "PutObject":
            reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=b"x", **kms)
        elif operation == "CreateMultipartUpload":
            reply = ctx.call("s3", "CreateMultipartUpload", Bucket=bucket, Key="k", **kms)
        else:
            put(ctx, bucket, "src", b"x")
            reply = ctx.call("s3", "CopyObject", Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "src"},
                             **kms)
        ctx.expect_error(reply, "KMS.NotFoundException", 400)

    run.__doc__ = f"{operation} naming a KMS key that does not exist is refused with 400 KMS.NotFoundException."
    scenario(id=f"s3/scenario/sse-kms/{name}", feature="s3/sse-kms", operations=[operation],
             provenance=recorded(REF_S3, _VALIDATE, step))(run)


_missing_key_case("put-missing-key", "PutObject", "put-obj-wrong-kms-key")
_missing_key_case("multipart-missing-key", "CreateMultipartUpload", "create-multipart-wrong-kms-key")
_missing_key_case("copy-missing-key", "CopyObject", "copy-obj-wrong-kms-key")


def _disabled_case(name: str, operation: str, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket, arn = _kms_bucket(ctx)
        put(ctx, bucket, "k", b"test-sse", **_kms(arn))
        ctx.fixture("kms", "DisableKey", KeyId=arn.rsplit("/", 1)[-1])
        if operation == "GetObject":
            reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="k")
        else:
            reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="k2", Body=b"x", **_kms(arn))
        ctx.expect_error(reply, "KMS.DisabledException", 400)

    run.__doc__ = f"{operation} with a disabled KMS key is refused with 400 KMS.DisabledException."
    scenario(id=f"s3/scenario/sse-kms/{name}", feature="s3/sse-kms", operations=["DisableKey", operation],
             provenance=recorded(REF_S3, _STATE, step))(run)


_disabled_case("get-disabled-key", "GetObject", "get-obj-disabled-key")
_disabled_case("put-disabled-key", "PutObject", "put-obj-disabled-key")
