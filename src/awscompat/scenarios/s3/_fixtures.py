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

# Recorded AWS answers (files relative to ../shared/reference/aws-recorded).
REF = "s3/test_s3_api.snapshot.json"
REF_S3 = "s3/test_s3.snapshot.json"
# Test-id prefixes inside those files.
API_CRUD = "tests/aws/services/s3/test_s3_api.py::TestS3ObjectCRUD::"
API_BUCKET = "tests/aws/services/s3/test_s3_api.py::TestS3BucketCRUD::"
API_PRECOND = "tests/aws/services/s3/test_s3_api.py::TestS3ObjectWritePrecondition::"
S3 = "tests/aws/services/s3/test_s3.py::TestS3::"

MIN_PART = 5 * 1024 * 1024  # the smallest size a part other than the last may have
BIG_PART = b"a" * (MIN_PART + 1)  # what the recordings used for parts that must be big enough


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
def create_upload(ctx: CaseContext, bucket: str, key: str) -> str:
    """A setup CreateMultipartUpload; returns the UploadId. Teardown aborts what is left."""
    return ctx.fixture("s3", "CreateMultipartUpload", Bucket=bucket, Key=key)["UploadId"]


def upload_part(ctx: CaseContext, bucket: str, key: str, upload_id: str, number: int, data: bytes) -> dict:
    """A setup UploadPart; returns the {"ETag", "PartNumber"} entry for CompleteMultipartUpload."""
    reply = ctx.fixture("s3", "UploadPart", Bucket=bucket, Key=key, UploadId=upload_id,
                        PartNumber=number, Body=data)
    return {"ETag": reply["ETag"], "PartNumber": number}


def upload_parts(ctx: CaseContext, bucket: str, key: str, parts: list[bytes]) -> tuple[str, list[dict]]:
    """Create an upload and upload parts 1..N; returns (UploadId, completed-part entries)."""
    upload_id = create_upload(ctx, bucket, key)
    done = [upload_part(ctx, bucket, key, upload_id, n, data) for n, data in enumerate(parts, start=1)]
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
