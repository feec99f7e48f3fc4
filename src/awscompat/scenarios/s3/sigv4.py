"""SigV4 variants S3 accepts, sent by hand (botocore does not produce aws-chunked signed
streaming): x-amz-content-sha256 as the payload's SHA-256, as UNSIGNED-PAYLOAD, or not matching
the payload (XAmzContentSHA256Mismatch); a tampered signature; a request signed too long ago;
aws-chunked uploads signed chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, built as
sigv4-streaming.html describes) and unsigned with a trailing checksum
(STREAMING-UNSIGNED-PAYLOAD-TRAILER)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

from awscompat.catalog import docs, scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import (
    ERROR_DOCS,
    body,
    checksum,
    credentials,
    make_bucket,
    object_url,
    put,
    raw,
    signed_headers,
)

F = "s3/sigv4"
HEADER_AUTH = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html")
STREAMING = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html")
TRAILER = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
CHUNK = 64 * 1024  # the smallest size of a chunk other than the last
DATA = b"streaming data " * 10


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/sigv4/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def send(ctx: CaseContext, method: str, url: str, data: bytes = b"", operation: str = "raw", **sign) -> Reply:
    headers = signed_headers(ctx, method, url, data=data, **sign)
    return raw(ctx, method, url, headers=headers, data=data if method == "PUT" else None, operation=operation)


def _stored(ctx: CaseContext, bucket: str, expected: bytes) -> None:
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"), "GetObject of the upload")
    ctx.equal(body(reply), expected, "stored bytes", reply)


# -- x-amz-content-sha256 ----------------------------------------------------------------------
@case("signed-payload-put", ["PutObject"], HEADER_AUTH)
def signed_payload_put(ctx: CaseContext) -> None:
    """A PUT whose x-amz-content-sha256 is the payload's SHA-256 is accepted and stored."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(send(ctx, "PUT", object_url(ctx, bucket, "k"), b"signed", operation="PutObject"))
    _stored(ctx, bucket, b"signed")


@case("unsigned-payload-put", ["PutObject"], HEADER_AUTH)
def unsigned_payload_put(ctx: CaseContext) -> None:
    """A PUT with x-amz-content-sha256: UNSIGNED-PAYLOAD is accepted and stores the bytes sent."""
    bucket = make_bucket(ctx)
    reply = send(ctx, "PUT", object_url(ctx, bucket, "k"), b"unsigned", payload="UNSIGNED-PAYLOAD", operation="PutObject")
    ctx.expect_ok(reply)
    _stored(ctx, bucket, b"unsigned")


@case("unsigned-payload-get", ["GetObject"], HEADER_AUTH)
def unsigned_payload_get(ctx: CaseContext) -> None:
    """A GET with x-amz-content-sha256: UNSIGNED-PAYLOAD returns the object."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"value")
    reply = ctx.expect_ok(send(ctx, "GET", object_url(ctx, bucket, "k"), payload="UNSIGNED-PAYLOAD", operation="GetObject"))
    ctx.equal(reply.exchange.response_body, b"value", "body", reply)


@case("content-sha256-mismatch", ["PutObject"], ERROR_DOCS)
def content_sha256_mismatch(ctx: CaseContext) -> None:
    """A PUT whose x-amz-content-sha256 is the hash of other bytes answers 400 XAmzContentSHA256Mismatch."""
    bucket = make_bucket(ctx)
    reply = send(ctx, "PUT", object_url(ctx, bucket, "k"), b"sent", payload=hashlib.sha256(b"other").hexdigest(),
                 operation="PutObject")
    ctx.expect_error(reply, "XAmzContentSHA256Mismatch", 400)


@case("tampered-signature", ["GetObject"], ERROR_DOCS)
def tampered_signature(ctx: CaseContext) -> None:
    """A request whose Authorization signature was changed answers 403 SignatureDoesNotMatch."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"value")
    url = object_url(ctx, bucket, "k")
    headers = signed_headers(ctx, "GET", url)
    auth = headers["Authorization"]
    headers["Authorization"] = auth[:-1] + ("0" if auth[-1] != "0" else "1")
    ctx.expect_error(raw(ctx, "GET", url, headers=headers, operation="GetObject"), "SignatureDoesNotMatch", 403)


@case("request-time-skewed", ["GetObject"], ERROR_DOCS)
def request_time_skewed(ctx: CaseContext) -> None:
    """A request signed an hour ago (X-Amz-Date 60 minutes old) answers 403 RequestTimeTooSkewed."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"value")
    when = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    reply = send(ctx, "GET", object_url(ctx, bucket, "k"), when=when, operation="GetObject")
    ctx.expect_error(reply, "RequestTimeTooSkewed", 403)


# -- aws-chunked -------------------------------------------------------------------------------
def _signing_key(secret: str, date: str, region: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)] + [b""]


def chunked_put(ctx: CaseContext, url: str, data: bytes, *, size: int = CHUNK, tamper: bool = False) -> Reply:
    """PUT data as aws-chunked with STREAMING-AWS4-HMAC-SHA256-PAYLOAD: a seed signature over the
    headers, then each chunk signed with the previous chunk's signature (the last chunk empty)."""
    chunks = _chunks(data, size)
    # Each chunk is hex(size);chunk-signature=<64 hex>\r\n<data>\r\n: the length is known before signing.
    length = sum(len(f"{len(c):x}") + len(";chunk-signature=") + 64 + 4 + len(c) for c in chunks)
    extra = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
             "Content-Length": str(length)}
    headers = signed_headers(ctx, "PUT", url, extra, payload="STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    stamp = headers["X-Amz-Date"]
    scope = f"{stamp[:8]}/{ctx.region}/s3/aws4_request"
    key = _signing_key(credentials(ctx).secret_key, stamp[:8], ctx.region)
    previous = re.search(r"Signature=([0-9a-f]+)", headers["Authorization"]).group(1)
    encoded = []
    for chunk in chunks:
        to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", stamp, scope, previous, EMPTY_SHA256,
                             hashlib.sha256(chunk).hexdigest()])
        previous = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        signature = previous if not (tamper and chunk) else "0" * 64
        encoded.append(f"{len(chunk):x};chunk-signature={signature}\r\n".encode() + chunk + b"\r\n")
    return raw(ctx, "PUT", url, headers=headers, data=b"".join(encoded), operation="PutObject")


@case("streaming-single-chunk", ["PutObject"], STREAMING)
def streaming_single_chunk(ctx: CaseContext) -> None:
    """A signed aws-chunked upload of one chunk stores the decoded bytes (no chunk framing)."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(chunked_put(ctx, object_url(ctx, bucket, "k"), DATA))
    _stored(ctx, bucket, DATA)


@case("streaming-multiple-chunks", ["PutObject"], STREAMING)
def streaming_multiple_chunks(ctx: CaseContext) -> None:
    """A signed aws-chunked upload of a 64 KiB chunk and a short one stores the decoded bytes."""
    bucket = make_bucket(ctx)
    data = bytes(range(256)) * (CHUNK // 256) + b"tail"
    ctx.expect_ok(chunked_put(ctx, object_url(ctx, bucket, "k"), data))
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(reply.get("ContentLength"), len(data), "ContentLength (the decoded length)", reply)
    _stored(ctx, bucket, data)


@case("streaming-bad-chunk-signature", ["PutObject"], STREAMING)
def streaming_bad_chunk_signature(ctx: CaseContext) -> None:
    """An aws-chunked upload with a wrong chunk signature answers 403 SignatureDoesNotMatch; nothing is stored."""
    bucket = make_bucket(ctx)
    ctx.expect_error(chunked_put(ctx, object_url(ctx, bucket, "k"), DATA, tamper=True), "SignatureDoesNotMatch", 403)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404, what="HeadObject after refusal")


@case("streaming-content-encoding-dropped", ["PutObject", "HeadObject"], STREAMING, severity="advisory")
def streaming_content_encoding_dropped(ctx: CaseContext) -> None:
    """aws-chunked is a transfer framing: the stored object has no Content-Encoding aws-chunked."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(chunked_put(ctx, object_url(ctx, bucket, "k"), DATA))
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.check("aws-chunked" not in (reply.get("ContentEncoding") or ""), "ContentEncoding still says aws-chunked",
              expected="no aws-chunked", observed=reply.get("ContentEncoding"), reply=reply)


def trailer_put(ctx: CaseContext, url: str, data: bytes, value: str) -> Reply:
    """PUT data as aws-chunked with STREAMING-UNSIGNED-PAYLOAD-TRAILER and a CRC32 trailer of value."""
    framed = f"{len(data):x}\r\n".encode() + data + f"\r\n0\r\nx-amz-checksum-crc32:{value}\r\n\r\n".encode()
    extra = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
             "x-amz-trailer": "x-amz-checksum-crc32", "Content-Length": str(len(framed))}
    headers = signed_headers(ctx, "PUT", url, extra, payload="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    return raw(ctx, "PUT", url, headers=headers, data=framed, operation="PutObject")


@case("unsigned-trailer-checksum", ["PutObject", "HeadObject"], TRAILER)
def unsigned_trailer_checksum(ctx: CaseContext) -> None:
    """An unsigned aws-chunked upload with an x-amz-checksum-crc32 trailer stores the decoded bytes
    and the checksum, returned by HeadObject with ChecksumMode=ENABLED."""
    bucket = make_bucket(ctx)
    value = checksum("CRC32", DATA)
    ctx.expect_ok(trailer_put(ctx, object_url(ctx, bucket, "k"), DATA, value))
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k", ChecksumMode="ENABLED"))
    ctx.equal(head.get("ChecksumCRC32"), value, "ChecksumCRC32", head)
    _stored(ctx, bucket, DATA)


@case("unsigned-trailer-bad-checksum", ["PutObject"], TRAILER, severity="advisory")
def unsigned_trailer_bad_checksum(ctx: CaseContext) -> None:
    """A trailer checksum that does not match the bytes answers 400 BadDigest; nothing is stored."""
    bucket = make_bucket(ctx)
    reply = trailer_put(ctx, object_url(ctx, bucket, "k"), DATA, checksum("CRC32", b"other"))
    ctx.expect_error(reply, "BadDigest", 400)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404, what="HeadObject after refusal")
