"""S3 integrity: Content-MD5 on PutObject and UploadPart (BadDigest for a digest that does not
match, InvalidDigest for one that is not an MD5), x-amz-checksum-* values (stored, returned with
ChecksumMode=ENABLED and by GetObjectAttributes, BadDigest when wrong, InvalidRequest when not
base64), checksums the server computes from x-amz-sdk-checksum-algorithm, and multipart
checksums (per part, COMPOSITE object checksums, mismatched algorithms)."""

from __future__ import annotations

import base64
import hashlib

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    BIG_PART,
    REF_S3,
    S3,
    checksum,
    make_bucket,
    md5_b64,
    md5_etag,
    put,
)

F = "s3/integrity"
ALGORITHMS = ("CRC32", "CRC32C", "SHA1", "SHA256")
DATA = b"test data.."  # what the recordings stored (11 bytes)
_MD5 = S3 + "test_s3_invalid_content_md5"
_PUT_SUM = "tests/aws/services/s3/test_s3.py::TestS3PutObjectChecksum::test_put_object_checksum[{}]"
_GET_SUM = "tests/aws/services/s3/test_s3.py::TestS3PutObjectChecksum::test_s3_get_object_checksum[{}]"
_MPU = "tests/aws/services/s3/test_s3.py::TestS3MultipartUploadChecksum::"
_PART_SUM = _MPU + "test_multipart_upload_part_checksum_exception[{}]"
_COMPOSITE = _MPU + "test_complete_multipart_parts_checksum_composite[SHA256]"
_MPU_EXC = _MPU + "test_multipart_parts_checksum_exceptions_composite"
# Content-MD5 values the recordings sent that are not an MD5 at all, by recorded step number.
_NOT_MD5 = {0: "__invalid__", 1: "000", 2: "not base64 encoded checksum", 3: "MTIz", 4: "dGVzdC1zdHJpbmc="}


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/integrity/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _member(algorithm: str) -> str:
    return "Checksum" + algorithm


def _wrong(algorithm: str) -> str:
    """A well-formed checksum value that belongs to other bytes."""
    return checksum(algorithm, DATA + b"!")


def _part_upload(ctx: CaseContext, **create) -> tuple[str, str]:
    bucket = make_bucket(ctx)
    upload_id = ctx.fixture("s3", "CreateMultipartUpload", Bucket=bucket, Key="mpu", **create)["UploadId"]
    return bucket, upload_id


def _upload_part(ctx: CaseContext, bucket: str, upload_id: str, data: bytes = DATA, number: int = 1, **extra):
    return ctx.call("s3", "UploadPart", Bucket=bucket, Key="mpu", UploadId=upload_id, PartNumber=number,
                    Body=data, **extra)


# -- Content-MD5 -------------------------------------------------------------------------------
@case("put-content-md5-match", ["PutObject"], recorded(REF_S3, _MD5, "success-put-object-md5"))
def put_content_md5_match(ctx: CaseContext) -> None:
    """PutObject with the right Content-MD5 is stored; its ETag is the MD5 of the body."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=b"test data",
                                   ContentMD5=md5_b64(b"test data")))
    ctx.equal(reply.get("ETag"), md5_etag(b"test data"), "ETag", reply)


@case("put-content-md5-mismatch", ["PutObject"], recorded(REF_S3, _MD5, "md5-error-bad-digest"))
def put_content_md5_mismatch(ctx: CaseContext) -> None:
    """A Content-MD5 that is a valid MD5 of other bytes answers 400 BadDigest; nothing is stored."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=b"test data", ContentMD5=md5_b64(b"other"))
    ctx.expect_error(reply, "BadDigest", 400)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404, what="HeadObject after BadDigest")


@case("upload-part-content-md5-match", ["UploadPart"], recorded(REF_S3, _MD5, "success-upload-part-md5"))
def upload_part_content_md5_match(ctx: CaseContext) -> None:
    """UploadPart with the right Content-MD5 is accepted; the part's ETag is the MD5 of its bytes."""
    bucket, upload_id = _part_upload(ctx)
    reply = ctx.expect_ok(_upload_part(ctx, bucket, upload_id, b"test data", ContentMD5=md5_b64(b"test data")))
    ctx.equal(reply.get("ETag"), md5_etag(b"test data"), "ETag", reply)


@case("upload-part-content-md5-mismatch", ["UploadPart"], recorded(REF_S3, _MD5, "upload-part-md5-bad-digest"))
def upload_part_content_md5_mismatch(ctx: CaseContext) -> None:
    """UploadPart with the MD5 of other bytes answers 400 BadDigest."""
    bucket, upload_id = _part_upload(ctx)
    reply = _upload_part(ctx, bucket, upload_id, b"test data", ContentMD5=md5_b64(b"other"))
    ctx.expect_error(reply, "BadDigest", 400)


def _not_md5_case(operation: str, step: int) -> None:
    value = _NOT_MD5[step]
    prefix = "md5-error" if operation == "PutObject" else "upload-part-md5-error"

    def run(ctx: CaseContext) -> None:
        if operation == "PutObject":
            reply = ctx.call("s3", "PutObject", Bucket=make_bucket(ctx), Key="k", Body=b"test data", ContentMD5=value)
        else:
            bucket, upload_id = _part_upload(ctx)
            reply = _upload_part(ctx, bucket, upload_id, b"test data", ContentMD5=value)
        ctx.expect_error(reply, "InvalidDigest", 400)

    run.__doc__ = f"{operation} with Content-MD5 {value!r} (not a base64 MD5) answers 400 InvalidDigest."
    name = "put" if operation == "PutObject" else "upload-part"
    case(f"{name}-content-md5-invalid-{step}", [operation], recorded(REF_S3, _MD5, f"{prefix}-{step}"))(run)


for _op in ("PutObject", "UploadPart"):
    for _step in _NOT_MD5:
        _not_md5_case(_op, _step)


# -- x-amz-checksum-* on PutObject -------------------------------------------------------------
def _checksum_cases(algorithm: str) -> None:
    low, member, key = algorithm.lower(), _member(algorithm), _PUT_SUM.format(algorithm)

    def accepted(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        value = checksum(algorithm, DATA)
        reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=DATA, **{member: value}))
        ctx.equal(reply.get(member), value, f"PutObject {member}", reply)
        head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k", ChecksumMode="ENABLED"))
        ctx.equal(head.get(member), value, f"HeadObject (ChecksumMode=ENABLED) {member}", head)

    def wrong_value(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=DATA, **{member: _wrong(algorithm)})
        ctx.expect_error(reply, "BadDigest", 400)

    def not_base64(ctx: CaseContext) -> None:
        reply = ctx.call("s3", "PutObject", Bucket=make_bucket(ctx), Key="k", Body=DATA, **{member: "wrong"})
        ctx.expect_error(reply, "InvalidRequest", 400)

    def sdk_algorithm(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        reply = ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=DATA, ChecksumAlgorithm=algorithm))
        ctx.equal(reply.get(member), checksum(algorithm, DATA), f"PutObject {member}", reply)

    def attributes(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        put(ctx, bucket, "k", DATA, **{member: checksum(algorithm, DATA)})
        reply = ctx.expect_ok(ctx.call("s3", "GetObjectAttributes", Bucket=bucket, Key="k",
                                       ObjectAttributes=["Checksum", "ETag"]))
        got = reply.get("Checksum") or {}
        ctx.equal(got.get(member), checksum(algorithm, DATA), f"Checksum.{member}", reply)
        ctx.equal(got.get("ChecksumType"), "FULL_OBJECT", "Checksum.ChecksumType", reply)

    def part_wrong(ctx: CaseContext) -> None:
        bucket, upload_id = _part_upload(ctx, ChecksumAlgorithm=algorithm)
        ctx.expect_error(_upload_part(ctx, bucket, upload_id, **{member: _wrong(algorithm)}), "BadDigest", 400)

    def part_not_base64(ctx: CaseContext) -> None:
        bucket, upload_id = _part_upload(ctx, ChecksumAlgorithm=algorithm)
        ctx.expect_error(_upload_part(ctx, bucket, upload_id, **{member: "wrong"}), "InvalidRequest", 400)

    accepted.__doc__ = f"PutObject with a correct x-amz-checksum-{low} is stored; HeadObject with ChecksumMode returns it."
    wrong_value.__doc__ = f"PutObject with an x-amz-checksum-{low} of other bytes answers 400 BadDigest."
    not_base64.__doc__ = f"PutObject with an x-amz-checksum-{low} that is not base64 answers 400 InvalidRequest."
    sdk_algorithm.__doc__ = f"PutObject with x-amz-sdk-checksum-algorithm {algorithm} returns the {algorithm} of the body."
    attributes.__doc__ = f"GetObjectAttributes returns the stored {algorithm} checksum, type FULL_OBJECT."
    part_wrong.__doc__ = f"UploadPart with an x-amz-checksum-{low} of other bytes answers 400 BadDigest."
    part_not_base64.__doc__ = f"UploadPart with an x-amz-checksum-{low} that is not base64 answers 400 InvalidRequest."
    case(f"put-checksum-{low}", ["PutObject", "HeadObject"], recorded(REF_S3, key, "head-object-with-checksum"))(accepted)
    case(f"put-checksum-{low}-mismatch", ["PutObject"], recorded(REF_S3, key, "put-wrong-checksum-value"))(wrong_value)
    case(f"put-checksum-{low}-not-base64", ["PutObject"], recorded(REF_S3, key, "put-wrong-checksum-no-b64"))(not_base64)
    if algorithm != "CRC32C":  # botocore computes CRC32C only with awscrt installed
        case(f"put-sdk-checksum-algorithm-{low}", ["PutObject"],
             recorded(REF_S3, key, "put-object-autogenerated"))(sdk_algorithm)
    case(f"attributes-checksum-{low}", ["GetObjectAttributes"],
         recorded(REF_S3, _GET_SUM.format(algorithm), "get-object-attrs"))(attributes)
    case(f"upload-part-checksum-{low}-mismatch", ["UploadPart"],
         recorded(REF_S3, _PART_SUM.format(algorithm), "put-wrong-checksum-value"))(part_wrong)
    case(f"upload-part-checksum-{low}-not-base64", ["UploadPart"],
         recorded(REF_S3, _PART_SUM.format(algorithm), "put-wrong-checksum-no-b64"))(part_not_base64)


for _algorithm in ALGORITHMS:
    _checksum_cases(_algorithm)


# -- multipart checksums -----------------------------------------------------------------------
@case("mpu-checksum-type-defaults-composite", ["CreateMultipartUpload"],
      recorded(REF_S3, _MPU + "test_multipart_checksum_type_default_for_checksum[CRC32]",
               "create-mpu-default-checksum-type"))
def mpu_checksum_type_defaults_composite(ctx: CaseContext) -> None:
    """CreateMultipartUpload with ChecksumAlgorithm CRC32 and no type answers ChecksumType COMPOSITE."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "CreateMultipartUpload", Bucket=bucket, Key="mpu", ChecksumAlgorithm="CRC32"))
    ctx.equal(reply.get("ChecksumAlgorithm"), "CRC32", "ChecksumAlgorithm", reply)
    ctx.equal(reply.get("ChecksumType"), "COMPOSITE", "ChecksumType", reply)


@case("mpu-unsupported-algorithm", ["CreateMultipartUpload"], recorded(REF_S3, _MPU_EXC, "create-mpu-wrong-checksum-algo"))
def mpu_unsupported_algorithm(ctx: CaseContext) -> None:
    """CreateMultipartUpload with a checksum algorithm S3 does not know answers 400 InvalidRequest."""
    reply = ctx.call("s3", "CreateMultipartUpload", Bucket=make_bucket(ctx), Key="mpu", ChecksumAlgorithm="TEST")
    ctx.expect_error(reply, "InvalidRequest", 400)


@case("mpu-type-without-algorithm", ["CreateMultipartUpload"],
      recorded(REF_S3, _MPU_EXC, "create-mpu-no-checksum-algo-with-type"))
def mpu_type_without_algorithm(ctx: CaseContext) -> None:
    """x-amz-checksum-type without x-amz-checksum-algorithm answers 400 InvalidRequest."""
    reply = ctx.call("s3", "CreateMultipartUpload", Bucket=make_bucket(ctx), Key="mpu", ChecksumType="COMPOSITE")
    ctx.expect_error(reply, "InvalidRequest", 400)


@case("mpu-part-checksum-algorithm-mismatch", ["UploadPart"],
      recorded(REF_S3, _MPU_EXC, "upload-part-different-checksum-exc"))
def mpu_part_checksum_algorithm_mismatch(ctx: CaseContext) -> None:
    """A part sent with a CRC32 checksum to an upload created for SHA256 answers 400 InvalidRequest."""
    bucket, upload_id = _part_upload(ctx, ChecksumAlgorithm="SHA256")
    reply = _upload_part(ctx, bucket, upload_id, ChecksumCRC32=checksum("CRC32", DATA))
    ctx.expect_error(reply, "InvalidRequest", 400)


@case("mpu-part-checksum-returned", ["UploadPart", "ListParts"], recorded(REF_S3, _COMPOSITE, "list-parts"))
def mpu_part_checksum_returned(ctx: CaseContext) -> None:
    """A part uploaded with its SHA256 checksum returns it, and ListParts lists it for the part."""
    bucket, upload_id = _part_upload(ctx, ChecksumAlgorithm="SHA256")
    value = checksum("SHA256", DATA)
    reply = ctx.expect_ok(_upload_part(ctx, bucket, upload_id, ChecksumSHA256=value))
    ctx.equal(reply.get("ChecksumSHA256"), value, "UploadPart ChecksumSHA256", reply)
    listed = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="mpu", UploadId=upload_id))
    parts = listed.get("Parts") or [{}]
    ctx.equal(parts[0].get("ChecksumSHA256"), value, "ListParts Parts[0].ChecksumSHA256", listed)


def _checksummed_parts(ctx: CaseContext) -> tuple[str, str, list[bytes], list[dict]]:
    bucket, upload_id = _part_upload(ctx, ChecksumAlgorithm="SHA256")
    parts = [BIG_PART, b"aaaaaaaaaa"]
    done = []
    for number, data in enumerate(parts, start=1):
        value = checksum("SHA256", data)
        reply = ctx.fixture("s3", "UploadPart", Bucket=bucket, Key="mpu", UploadId=upload_id, PartNumber=number,
                            Body=data, ChecksumSHA256=value)
        done.append({"ETag": reply["ETag"], "PartNumber": number, "ChecksumSHA256": value})
    return bucket, upload_id, parts, done


@case("mpu-complete-missing-part-checksums", ["CompleteMultipartUpload"],
      recorded(REF_S3, _COMPOSITE, "complete-multipart-no-checksum"))
def mpu_complete_missing_part_checksums(ctx: CaseContext) -> None:
    """Completing a SHA256 upload without each part's checksum answers 400 InvalidRequest."""
    bucket, upload_id, _, done = _checksummed_parts(ctx)
    bare = [{"ETag": p["ETag"], "PartNumber": p["PartNumber"]} for p in done]
    reply = ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key="mpu", UploadId=upload_id,
                     MultipartUpload={"Parts": bare})
    ctx.expect_error(reply, "InvalidRequest", 400)


@case("mpu-composite-checksum", ["CompleteMultipartUpload", "HeadObject"],
      recorded(REF_S3, _COMPOSITE, "complete-multipart-checksum"))
def mpu_composite_checksum(ctx: CaseContext) -> None:
    """A completed SHA256 upload has a COMPOSITE checksum: the SHA256 of the parts' binary checksums,
    base64, then -N; HeadObject with ChecksumMode returns the same."""
    bucket, upload_id, parts, done = _checksummed_parts(ctx)
    digest = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).digest()
    expected = f"{base64.b64encode(digest).decode()}-{len(parts)}"
    reply = ctx.expect_ok(ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key="mpu", UploadId=upload_id,
                                   MultipartUpload={"Parts": done}))
    ctx.equal(reply.get("ChecksumSHA256"), expected, "CompleteMultipartUpload ChecksumSHA256", reply)
    ctx.equal(reply.get("ChecksumType"), "COMPOSITE", "ChecksumType", reply)
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="mpu", ChecksumMode="ENABLED"))
    ctx.equal(head.get("ChecksumSHA256"), expected, "HeadObject ChecksumSHA256", head)


@case("mpu-complete-wrong-part-checksum", ["CompleteMultipartUpload"],
      recorded(REF_S3, _MPU_EXC, "complete-part-with-checksum"), severity="advisory")
def mpu_complete_wrong_part_checksum(ctx: CaseContext) -> None:
    """Completing with a part checksum that is not the part's answers 400 BadDigest."""
    bucket, upload_id = _part_upload(ctx, ChecksumAlgorithm="SHA256")
    etag = ctx.fixture("s3", "UploadPart", Bucket=bucket, Key="mpu", UploadId=upload_id, PartNumber=1, Body=DATA,
                       ChecksumSHA256=checksum("SHA256", DATA))["ETag"]
    parts = [{"ETag": etag, "PartNumber": 1, "ChecksumSHA256": _wrong("SHA256")}]
    reply = ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key="mpu", UploadId=upload_id,
                     MultipartUpload={"Parts": parts})
    ctx.expect_error(reply, "BadDigest", 400)


@case("mpu-list-uploads-checksum-algorithm", ["ListMultipartUploads"], recorded(REF_S3, _MPU_EXC, "list-multiparts"))
def mpu_list_uploads_checksum_algorithm(ctx: CaseContext) -> None:
    """ListMultipartUploads shows an upload's ChecksumAlgorithm."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "CreateMultipartUpload", Bucket=bucket, Key="mpu", ChecksumAlgorithm="CRC32")
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket, Prefix="mpu"))
    uploads = reply.get("Uploads") or [{}]
    ctx.equal(uploads[0].get("ChecksumAlgorithm"), "CRC32", "Uploads[0].ChecksumAlgorithm", reply)
