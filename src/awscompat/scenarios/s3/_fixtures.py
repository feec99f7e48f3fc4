"""Shared set-up for S3 scenarios: a bucket of the scenario's own, created with the most basic
call (CreateBucket), ledgered before it is created, emptied and deleted at teardown; plus the
small helpers the scenario files share (objects, multipart parts, reading answers)."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

from awscompat.catalog import docs
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply

# Recorded AWS answers (files relative to catalog.case.RECORDED_SOURCE, the aws-recorded reference data).
REF = "s3/test_s3_api.snapshot.json"
REF_S3 = "s3/test_s3.snapshot.json"
# Test-id prefixes inside those files.
API_CRUD = "tests/aws/services/s3/test_s3_api.py::TestS3ObjectCRUD::"
API_BUCKET = "tests/aws/services/s3/test_s3_api.py::TestS3BucketCRUD::"
API_PRECOND = "tests/aws/services/s3/test_s3_api.py::TestS3ObjectWritePrecondition::"
S3 = "tests/aws/services/s3/test_s3.py::TestS3::"

MIN_PART = 5 * 1024 * 1024  # the smallest size a part other than the last may have


def api_docs(operation: str) -> Provenance:
    """The AWS API reference page of an S3 operation."""
    return docs(f"https://docs.aws.amazon.com/AmazonS3/latest/API/API_{operation}.html")


ERROR_DOCS = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html")


def bucket_config(ctx: CaseContext) -> dict:
    if ctx.region == "us-east-1":
        return {}
    return {"CreateBucketConfiguration": {"LocationConstraint": ctx.region}}


def make_bucket(ctx: CaseContext, hint: str = "") -> str:
    """Create a namespaced bucket owned by this scenario; FixtureError if that fails."""
    name = ctx.name(hint, max_len=63)
    params = {"Bucket": name, **bucket_config(ctx)}
    ctx.track("s3", "s3-bucket", name, {"service": "s3", "operation": "CreateBucket", "params": params}, [])
    ctx.fixture("s3", "CreateBucket", **params)
    return name


def absent_bucket(ctx: CaseContext) -> str:
    """A name in this run's namespace that no bucket has: only ever read or deleted, never written."""
    return ctx.name("absent", max_len=63)


def put(ctx: CaseContext, bucket: str, key: str, body: bytes = b"awscompat", **extra) -> dict:
    """A setup PutObject (FixtureError if it fails): for objects a scenario reads, not tests."""
    return ctx.fixture("s3", "PutObject", Bucket=bucket, Key=key, Body=body, **extra).parsed


def put_keys(ctx: CaseContext, bucket: str, keys: list[str]) -> None:
    """Set-up objects for listing; each body is its own key."""
    for key in keys:
        put(ctx, bucket, key, key.encode())


def enable_versioning(ctx: CaseContext, bucket: str) -> None:
    ctx.fixture("s3", "PutBucketVersioning", Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


def body(reply: Reply) -> bytes:
    """The body of a successful GetObject answer (read once; the stream is consumed)."""
    stream = reply.get("Body")
    return stream.read() if stream is not None else b""


def header(reply: Reply, name: str) -> str | None:
    """A response header by case-insensitive name."""
    low = name.lower()
    for key, value in reply.headers.items():
        if key.lower() == low:
            return value
    return None


def md5_etag(data: bytes) -> str:
    """The ETag S3 gives an object stored by a single PutObject: the quoted MD5 of its bytes."""
    return f'"{hashlib.md5(data).hexdigest()}"'


def multipart_etag(parts: list[bytes]) -> str:
    """The ETag S3 gives a completed multipart upload: MD5 of the parts' binary MD5s, then -N."""
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


def keys_of(reply: Reply) -> list[str]:
    return [obj["Key"] for obj in reply.get("Contents") or []]


def prefixes_of(reply: Reply) -> list[str]:
    return [p["Prefix"] for p in reply.get("CommonPrefixes") or []]


def error_fields(reply: Reply) -> dict[str, str]:
    """The child elements of the <Error> document in the raw answer body ({} if there is none)."""
    raw = reply.exchange.response_body
    if not raw:
        return {}
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        return {}
    if root.tag != "Error":
        return {}
    return {child.tag: (child.text or "") for child in root}


# -- multipart ---------------------------------------------------------------------------------
def upload_parts(ctx: CaseContext, bucket: str, key: str, parts: list[bytes], create: dict | None = None,
                 algorithm: str | None = None) -> tuple[str, list[dict]]:
    """Set-up: CreateMultipartUpload (with the `create` parameters) and UploadPart of parts 1..N
    (each with x-amz-checksum-<algorithm> of its bytes if given); returns (UploadId, the
    {"ETag", "PartNumber"[, "Checksum<algorithm>"]} entries CompleteMultipartUpload takes).
    Teardown aborts what is left."""
    upload_id = ctx.fixture("s3", "CreateMultipartUpload", Bucket=bucket, Key=key, **(create or {}))["UploadId"]
    done = []
    for number, data in enumerate(parts, start=1):
        extra = {f"Checksum{algorithm}": checksum(algorithm, data)} if algorithm else {}
        reply = ctx.fixture("s3", "UploadPart", Bucket=bucket, Key=key, UploadId=upload_id,
                            PartNumber=number, Body=data, **extra)
        done.append({"ETag": reply["ETag"], "PartNumber": number, **extra})
    return upload_id, done


def complete(ctx: CaseContext, bucket: str, key: str, upload_id: str, parts: list[dict]) -> Reply:
    """CompleteMultipartUpload as the call under test (the caller checks the answer)."""
    return ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key=key, UploadId=upload_id,
                    MultipartUpload={"Parts": parts})


def multipart_object(ctx: CaseContext, bucket: str, key: str, parts: list[bytes]) -> str:
    """Set-up: an object made by a completed multipart upload; returns the UploadId."""
    upload_id, done = upload_parts(ctx, bucket, key, parts)
    ctx.fixture("s3", "CompleteMultipartUpload", Bucket=bucket, Key=key, UploadId=upload_id,
                MultipartUpload={"Parts": done})
    return upload_id


# -- checksums and raw HTTP (integrity, encryption, presigned, addressing, sigv4) --------------
def _crc_table(polynomial: int) -> list[int]:
    """The byte table of a reflected CRC with the given (reflected) polynomial."""
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ polynomial if c & 1 else c >> 1
        table.append(c)
    return table


# (reflected polynomial, bytes): CRC-32C (Castagnoli) and CRC-64/NVME (check value of b"123456789":
# 0xAE8B14860A799888), as S3's x-amz-checksum-crc32c and -crc64nvme use them.
_CRCS = {"CRC32C": (_crc_table(0x82F63B78), 4), "CRC64NVME": (_crc_table(0x9A6C9329AC4BC9B5), 8)}


def _crc(algorithm: str, data: bytes) -> bytes:
    table, size = _CRCS[algorithm]
    mask = (1 << (8 * size)) - 1
    crc = mask
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return (crc ^ mask).to_bytes(size, "big")


def checksum(algorithm: str, data: bytes) -> str:
    """The base64 value S3 expects in x-amz-checksum-<algorithm> for data (CRC32, CRC32C,
    CRC64NVME, SHA1, SHA256)."""
    import base64
    import zlib

    if algorithm == "CRC32":
        raw = zlib.crc32(data).to_bytes(4, "big")
    elif algorithm in _CRCS:
        raw = _crc(algorithm, data)
    else:
        raw = hashlib.new(algorithm.lower(), data).digest()
    return base64.b64encode(raw).decode()


def md5_b64(data: bytes) -> str:
    """The Content-MD5 header value of data: base64 of the binary MD5."""
    import base64

    return base64.b64encode(hashlib.md5(data).digest()).decode()


def endpoint(ctx: CaseContext) -> str:
    """The S3 endpoint the suite's clients talk to (no trailing slash)."""
    return ctx.client("s3").meta.endpoint_url.rstrip("/")


def is_https(ctx: CaseContext) -> bool:
    return endpoint(ctx).startswith("https://")


def object_url(ctx: CaseContext, bucket: str, key: str = "") -> str:
    """The path-style URL of a bucket or an object."""
    from urllib.parse import quote

    return f"{endpoint(ctx)}/{bucket}/{quote(key, safe='/~')}" if key else f"{endpoint(ctx)}/{bucket}"


def credentials(ctx: CaseContext):
    """The frozen credentials the suite's S3 client signs with (None when unsigned)."""
    creds = ctx.client("s3")._request_signer._credentials
    return creds.get_frozen_credentials() if creds is not None else None


def signed_headers(ctx: CaseContext, method: str, url: str, headers: dict | None = None, data: bytes = b"",
                   payload: str | None = None, when=None) -> dict:
    """SigV4 headers for a raw request: x-amz-content-sha256 is payload (a literal such as
    UNSIGNED-PAYLOAD) or else the SHA-256 of data; a Host header in headers is signed as given
    (virtual-host requests); when (a UTC datetime) signs at another time than now."""
    import datetime

    from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
    from botocore.awsrequest import AWSRequest

    request = AWSRequest(method=method, url=url, data=data, headers=dict(headers or {}))
    request.headers["X-Amz-Content-SHA256"] = payload or hashlib.sha256(data).hexdigest()
    signer = SigV4Auth(credentials(ctx), "s3", ctx.region)
    request.context["timestamp"] = (when or datetime.datetime.now(datetime.UTC)).strftime(SIGV4_TIMESTAMP)
    signer._modify_request_before_signing(request)  # keeps the preset timestamp and payload header
    canonical = signer.canonical_request(request)
    signer._inject_signature_to_request(request, signer.signature(signer.string_to_sign(request, canonical), request))
    return dict(request.headers.items())


def raw(ctx: CaseContext, method: str, url: str, *, headers: dict | None = None, data: bytes | None = None,
        operation: str = "raw") -> Reply:
    """An HTTP request outside botocore (presigned URLs, POST forms, hand-signed requests), made
    by engine/rawhttp.py under the fault discipline of botocore calls (retries for transient
    faults; a fault or a damaged answer ends the case as `error`, never as a `fail`): the
    exchange is recorded as evidence, redirects are not followed, and the first <Error> element
    of the answer is parsed into the Reply. A body goes as application/octet-stream unless a
    Content-Type is given. What a 2xx body must be follows operation in the S3 model (GetObject:
    an object payload checked against its ETag; ListObjects: an XML document)."""
    headers = dict(headers or {})
    if data is not None and not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = "application/octet-stream"
    return ctx.raw(method, url, headers=headers, data=data, service="s3", operation=operation)


# -- object lock -------------------------------------------------------------------------------
def make_lock_bucket(ctx: CaseContext, hint: str = "lock") -> str:
    """A bucket created with ObjectLockEnabledForBucket (so versioned). Teardown first lifts every
    legal hold and deletes every version with x-amz-bypass-governance-retention, so that only
    GOVERNANCE retention (or COMPLIANCE retention that has run out) may be used on it."""
    name = ctx.name(hint, max_len=63)
    params = {"Bucket": name, "ObjectLockEnabledForBucket": True, **bucket_config(ctx)}
    ctx.track("s3", "s3-bucket", name, {"service": "s3", "operation": "CreateBucket", "params": params}, [])
    ctx.defer(f"unlock and empty {name}", lambda: unlock_versions(ctx, name))
    ctx.fixture("s3", "CreateBucket", **params)
    return name


def unlock_versions(ctx: CaseContext, bucket: str) -> bool:
    """Lift legal holds and delete every version of bucket, bypassing GOVERNANCE retention."""
    call = ctx.transport.call
    listed = call("s3", "ListObjectVersions", {"Bucket": bucket})
    items = (listed.get("Versions") or []) + (listed.get("DeleteMarkers") or []) if listed.ok else []
    for item in items:
        ref = {"Bucket": bucket, "Key": item["Key"], "VersionId": item["VersionId"]}
        call("s3", "PutObjectLegalHold", {**ref, "LegalHold": {"Status": "OFF"}})
        call("s3", "DeleteObject", {**ref, "BypassGovernanceRetention": True})
    return True


def lock_put(ctx: CaseContext, bucket: str, key: str, data: bytes = b"test", **extra) -> dict:
    """A setup PutObject to an object-lock bucket: with Content-MD5, which AWS requires of any
    upload that may carry retention (a bucket default or x-amz-object-lock-* headers)."""
    return put(ctx, bucket, key, data, ContentMD5=md5_b64(data), **extra)


def decided(ctx: CaseContext, reply: Reply) -> Reply:
    """A 2xx answer whose body is not the operation's XML document (the object's bytes to
    GetObjectRetention, say) is a wrong answer, so a fail, not a harness error."""
    if reply.parse_error and 200 <= reply.status < 300:
        ctx.fail(f"{reply.exchange.operation}: HTTP {reply.status} answer is not the operation's XML document",
                 expected="the operation's XML document",
                 observed=f"HTTP {reply.status} {header(reply, 'content-type') or ''}".strip(), reply=reply)
    return reply


# -- bucket sub-resources (tagging, CORS, lifecycle, policy, ACL, storage class) -----------------
REF_CORS = "s3/test_s3_cors.snapshot.json"
CORS = "tests/aws/services/s3/test_s3_cors.py::TestS3Cors::"
API_TAGGING = "tests/aws/services/s3/test_s3_api.py::TestS3BucketObjectTagging::"
API_POLICY = "tests/aws/services/s3/test_s3_api.py::TestS3BucketPolicy::"
API_PAB = "tests/aws/services/s3/test_s3_api.py::TestS3PublicAccessBlock::"
API_OWNERSHIP = "tests/aws/services/s3/test_s3_api.py::TestS3BucketOwnershipControls::"


def guide(page: str) -> Provenance:
    """A page of the S3 user guide."""
    return docs("https://docs.aws.amazon.com/AmazonS3/latest/userguide/" + page)


def tag_set(pairs: dict[str, str]) -> dict:
    """A Tagging document from {key: value}."""
    return {"TagSet": [{"Key": k, "Value": v} for k, v in pairs.items()]}


def allow_public(ctx: CaseContext, bucket: str, *, acls: bool = False) -> None:
    """Set-up: lift the public access block that new AWS buckets carry since April 2023, and with
    acls=True let ACLs take effect again (ObjectWriter ownership instead of BucketOwnerEnforced)."""
    ctx.fixture("s3", "DeletePublicAccessBlock", Bucket=bucket)
    if acls:
        ctx.fixture("s3", "PutBucketOwnershipControls", Bucket=bucket,
                    OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})


def unsigned(ctx: CaseContext, operation: str, **params) -> Reply:
    """An anonymous (unsigned) S3 call, as a browser or curl without credentials makes it."""
    import botocore

    client = ctx.client("s3", signature_version=botocore.UNSIGNED)
    return ctx.call_with("s3", operation, params, client=client)
