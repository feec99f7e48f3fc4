"""S3 at scale, what data cannot say: concurrent writers to one key (eight PutObjects at once; the
last complete write wins, never a mix) and ListBuckets pagination (a loop over MaxBuckets /
ContinuationToken). The rest of s3/large-objects is data: awscompat/cases/s3/large-objects.yaml."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import api_docs, body, guide, make_bucket, md5_etag

F = "s3/large-objects"


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
