"""The checksum era's wire forms (issue 18, docs/clients.md) that stay Python: a multipart upload of
a 5 MiB part through a client of the SDKs' defaults whose stored bytes are compared whole, and
aws-chunked uploads with signed chunks and a signed trailer, made by hand (no SDK used here sends
them over http: `skip` for clients other than botocore). The other cases
of the checksum era are data: awscompat/cases/s3/integrity.yaml (a step's `client:` settings)."""

from __future__ import annotations

import hashlib
import hmac

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    MIN_PART,
    body,
    checksum,
    credentials,
    make_bucket,
    object_url,
    raw,
    signed_headers,
)

F = "s3/integrity"  # the checksum era's cases sit beside the other integrity cases
TRAILER = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html")
UPLOAD_PART = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html")
DATA = b"checksum era " * 8


def case(case_id: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=case_id, feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def crc32(data: bytes) -> str:
    return checksum("CRC32", data)


def _client(ctx: CaseContext, setting: str):
    """A client with request_checksum_calculation = setting (the SDKs' default is when_supported)."""
    return ctx.client("s3", request_checksum_calculation=setting, response_checksum_validation="when_supported")


def _send(ctx: CaseContext, client, operation: str, **params):
    return ctx.call_with("s3", operation, params, client=client)


def _stored(ctx: CaseContext, bucket: str, key: str, data: bytes, crc: str | None) -> None:
    """The object holds data; with crc, GetObject with checksum mode gives that CRC32 back."""
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key=key, ChecksumMode="ENABLED"),
                          "GetObject of the upload")
    ctx.equal(body(reply), data, "stored bytes", reply)
    if crc is not None:
        ctx.equal(reply.get("ChecksumCRC32"), crc, "ChecksumCRC32 returned with ChecksumMode=ENABLED", reply)


@case("s3/scenario/integrity/default-crc32-upload-part", ["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "GetObject"],
      UPLOAD_PART)
def default_crc32_upload_part(ctx: CaseContext) -> None:
    """A multipart upload created with ChecksumAlgorithm=CRC32 whose parts carry the default CRC32:
    each part's answer echoes its CRC32, CompleteMultipartUpload with those checksums succeeds and
    the object holds the parts' bytes."""
    bucket = make_bucket(ctx)
    client = _client(ctx, "when_supported")
    created = ctx.expect_ok(_send(ctx, client, "CreateMultipartUpload", Bucket=bucket, Key="mpu",
                                  ChecksumAlgorithm="CRC32"), "CreateMultipartUpload")
    upload = created["UploadId"]
    ctx.defer("abort the upload", lambda: ctx.call("s3", "AbortMultipartUpload", Bucket=bucket, Key="mpu",
                                                   UploadId=upload))
    parts, datas = [], [b"a" * MIN_PART, b"tail of the upload"]
    for number, data in enumerate(datas, 1):
        reply = ctx.expect_ok(_send(ctx, client, "UploadPart", Bucket=bucket, Key="mpu", UploadId=upload,
                                    PartNumber=number, Body=data), f"UploadPart {number}")
        ctx.equal(reply.get("ChecksumCRC32"), crc32(data), f"ChecksumCRC32 of part {number}", reply)
        parts.append({"PartNumber": number, "ETag": reply.get("ETag"), "ChecksumCRC32": crc32(data)})
    ctx.expect_ok(_send(ctx, client, "CompleteMultipartUpload", Bucket=bucket, Key="mpu", UploadId=upload,
                        MultipartUpload={"Parts": parts}), "CompleteMultipartUpload")
    _stored(ctx, bucket, "mpu", b"".join(datas), None)


# -- signed payload with a trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER), by hand ---------------
def _signed_trailer_put(ctx: CaseContext, url: str, data: bytes, trailer_value: str):
    """aws-chunked with chunk signatures and a signed trailer, as sigv4-streaming-trailers.html describes:
    each chunk signed with the previous signature (the last one empty), then the trailing header and
    its signature over the last chunk's."""
    trailer = f"x-amz-checksum-crc32:{trailer_value}"

    def frame(signatures: list[str], trailer_signature: str) -> bytes:
        out = f"{len(data):x};chunk-signature={signatures[0]}\r\n".encode() + data + b"\r\n"
        out += f"0;chunk-signature={signatures[1]}\r\n".encode()
        return out + f"{trailer}\r\nx-amz-trailer-signature:{trailer_signature}\r\n\r\n".encode()

    length = len(frame(["0" * 64] * 2, "0" * 64))  # the framing's length does not depend on the signatures
    extra = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
             "x-amz-trailer": "x-amz-checksum-crc32", "Content-Length": str(length)}
    headers = signed_headers(ctx, "PUT", url, extra, payload="STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
    lower = {k.lower(): v for k, v in headers.items()}
    stamp = lower["x-amz-date"]
    scope = f"{stamp[:8]}/{ctx.region}/s3/aws4_request"
    key = ("AWS4" + credentials(ctx).secret_key).encode()
    for part in (stamp[:8], ctx.region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    previous = lower["authorization"].rsplit("Signature=", 1)[1]
    empty = hashlib.sha256(b"").hexdigest()
    signatures = []
    for chunk in (data, b""):
        text = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", stamp, scope, previous, empty,
                          hashlib.sha256(chunk).hexdigest()])
        previous = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
        signatures.append(previous)
    text = "\n".join(["AWS4-HMAC-SHA256-TRAILER", stamp, scope, previous,
                      hashlib.sha256((trailer + "\n").encode()).hexdigest()])
    framed = frame(signatures, hmac.new(key, text.encode(), hashlib.sha256).hexdigest())
    return raw(ctx, "PUT", url, headers=headers, data=framed, operation="PutObject")


@case("s3/scenario/integrity/signed-trailer-put", ["PutObject", "GetObject"], TRAILER)
def signed_trailer_put(ctx: CaseContext) -> None:
    """aws-chunked with signed chunks and a signed x-amz-checksum-crc32 trailer
    (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER) is stored decoded, with that CRC32."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(_signed_trailer_put(ctx, object_url(ctx, bucket, "k"), DATA, crc32(DATA)))
    _stored(ctx, bucket, "k", DATA, crc32(DATA))


@case("s3/scenario/integrity/signed-trailer-wrong-crc32", ["PutObject", "HeadObject"], TRAILER)
def signed_trailer_wrong_crc32(ctx: CaseContext) -> None:
    """A signed aws-chunked upload whose trailing CRC32 belongs to other bytes answers 400
    BadDigest; nothing is stored."""
    bucket = make_bucket(ctx)
    reply = _signed_trailer_put(ctx, object_url(ctx, bucket, "k"), DATA, crc32(DATA + b"!"))
    ctx.expect_error(reply, "BadDigest", 400)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404, what="HeadObject after BadDigest")
