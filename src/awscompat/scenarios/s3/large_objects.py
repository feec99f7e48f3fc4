"""S3 at scale: a 100 MiB multipart object (slow: 100 MiB sent; timeout 600 s), concurrent
writers to one key (the last complete write wins, never a mix), DeleteObjects at and over its
1,000-key limit, ListBuckets pagination (MaxBuckets / ContinuationToken) and the bounds of a
presigned URL's X-Amz-Expires (1 to 604,800 seconds)."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    MIN_PART,
    api_docs,
    body,
    guide,
    make_bucket,
    md5_etag,
    multipart_etag,
    raw,
    upload_parts,
)
from awscompat.scenarios.s3.presigned import presign

F = "s3/large-objects"
_SIGV4_QUERY = "https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html"


@scenario(id="s3/scenario/large-objects/multipart-100mib", feature=F, timeout=600.0,
          operations=["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "HeadObject"],
          provenance=guide("mpuoverview.html"))
def multipart_100mib(ctx: CaseContext) -> None:
    """A 100 MiB object uploaded as 20 parts of 5 MiB completes; HeadObject reports 104,857,600
    bytes and the multipart ETag (MD5 of the parts' MD5s, -20)."""
    bucket = make_bucket(ctx)
    parts = [bytes([65 + n]) * MIN_PART for n in range(20)]
    upload_id, done = upload_parts(ctx, bucket, "big", parts)
    ctx.expect_ok(ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key="big", UploadId=upload_id,
                           MultipartUpload={"Parts": done}))
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="big"))
    ctx.equal(head.get("ContentLength"), 100 * 1024 * 1024, "ContentLength", head)
    ctx.equal(head.get("ETag"), multipart_etag(parts), "ETag", head)


@scenario(id="s3/scenario/large-objects/concurrent-writers-one-key", feature=F, timeout=120.0,
          operations=["PutObject", "GetObject"], provenance=guide("Welcome.html#ConsistencyModel"))
def concurrent_writers(ctx: CaseContext) -> None:
    """Eight concurrent PutObjects to one key all succeed; the object then is exactly one of the
    bodies written (S3 keeps the latest complete write, never a mix), with that body's ETag."""
    bucket = make_bucket(ctx)
    bodies = [hashlib.sha256(bytes([n])).hexdigest().encode() * 4096 for n in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda b: ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=b), bodies))
    for reply in replies:
        ctx.expect_ok(reply, "a concurrent PutObject")
    got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    data = body(got)
    ctx.check(data in bodies, "the object is not any one of the bodies written", expected="one of the 8 bodies",
              observed=f"{len(data)} bytes, md5 {hashlib.md5(data).hexdigest()}", reply=got)
    ctx.equal(got.get("ETag"), md5_etag(data), "ETag of the winning body", got)


@scenario(id="s3/scenario/large-objects/delete-objects-1000-keys", feature=F, operations=["DeleteObjects"],
          provenance=api_docs("DeleteObjects"))
def delete_objects_1000(ctx: CaseContext) -> None:
    """DeleteObjects with exactly 1,000 keys (its limit), none of which exists, answers 200 and
    reports each key as Deleted (deleting an absent key succeeds)."""
    bucket = make_bucket(ctx)
    keys = [f"k{n:04d}" for n in range(1000)]
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObjects", Bucket=bucket,
                                   Delete={"Objects": [{"Key": k} for k in keys], "Quiet": False}))
    ctx.equal(sorted(d["Key"] for d in reply.get("Deleted") or []), keys, "Deleted keys", reply)
    ctx.equal(reply.get("Errors"), None, "Errors", reply)


@scenario(id="s3/scenario/large-objects/delete-objects-1001-keys", feature=F, operations=["DeleteObjects"],
          provenance=api_docs("DeleteObjects"))
def delete_objects_1001(ctx: CaseContext) -> None:
    """DeleteObjects with 1,001 keys (over the 1,000 limit) is refused with 400 MalformedXML."""
    bucket = make_bucket(ctx)
    ctx.expect_error(ctx.call("s3", "DeleteObjects", Bucket=bucket,
                              Delete={"Objects": [{"Key": f"k{n:04d}"} for n in range(1001)]}), "MalformedXML", 400)


@scenario(id="s3/scenario/large-objects/list-buckets-paginated", feature=F, operations=["ListBuckets"],
          provenance=api_docs("ListBuckets"))
def list_buckets_paginated(ctx: CaseContext) -> None:
    """ListBuckets with MaxBuckets 1 answers one bucket and a ContinuationToken; following the
    tokens reaches both of the scenario's buckets, each once."""
    mine = {make_bucket(ctx, "pa"), make_bucket(ctx, "pb")}
    seen: list[str] = []
    token = None
    for _ in range(10000):
        params = {"MaxBuckets": 1, **({"ContinuationToken": token} if token else {})}
        reply = ctx.expect_ok(ctx.call("s3", "ListBuckets", **params))
        names = [b["Name"] for b in reply.get("Buckets") or []]
        ctx.check(len(names) <= 1, "MaxBuckets 1 answered more than one bucket", expected=1, observed=names,
                  reply=reply)
        seen += names
        token = reply.get("ContinuationToken")
        if not token:
            break
    ctx.equal(sorted(n for n in seen if n in mine), sorted(mine), "the scenario's buckets across the pages")


def _expiry_case(name: str, expires: int, code: str | None, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        ctx.fixture("s3", "PutObject", Bucket=bucket, Key="k", Body=b"x")
        reply = raw(ctx, "GET", presign(ctx, "get_object", expires, Bucket=bucket, Key="k"), operation="GetObject")
        if code is None:
            ctx.expect_ok(reply, f"GET with X-Amz-Expires={expires}")
        else:
            ctx.expect_error(reply, code, 400, what=f"GET with X-Amz-Expires={expires}")

    run.__doc__ = doc
    from awscompat.catalog import docs

    scenario(id=f"s3/scenario/large-objects/{name}", feature=F, operations=["GetObject"],
             provenance=docs(_SIGV4_QUERY))(run)


_expiry_case("presigned-expiry-max", 604800, None, "A presigned GET with X-Amz-Expires 604800 (7 days, the maximum) is answered.")
_expiry_case("presigned-expiry-over-max", 604801, "AuthorizationQueryParametersError",
             "A presigned GET with X-Amz-Expires 604801 (over 7 days) is refused with 400 AuthorizationQueryParametersError.")
