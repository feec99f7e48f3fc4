"""S3 listing, the cases data cannot express: walks over every page that loop until the listing
ends (following NextContinuationToken or NextMarker). The straight-line listing cases are data:
awscompat/cases/s3/listing.yaml (docs/cases.md)."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, S3, api_docs, keys_of, make_bucket, put_keys

V2 = api_docs("ListObjectsV2")
_PAGED = ["k1", "k2", "k3", "k4", "k5"]


@scenario(id="s3/scenario/listing/v2-continuation-roundtrip", feature="s3/listing", operations=["ListObjectsV2"],
          provenance=V2)
def v2_continuation_roundtrip(ctx: CaseContext) -> None:
    """Following NextContinuationToken walks every key exactly once, in order; each page echoes
    the ContinuationToken it was asked with, and the last page is not truncated."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _PAGED)
    seen: list[str] = []
    token = None
    for _ in range(len(_PAGED) + 1):  # bounded: 2 keys a page
        params = {"Bucket": bucket, "MaxKeys": 2, **({"ContinuationToken": token} if token else {})}
        reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", **params))
        if token:
            ctx.equal(reply.get("ContinuationToken"), token, "ContinuationToken echoed", reply)
        seen += keys_of(reply)
        token = reply.get("NextContinuationToken")
        if not reply.get("IsTruncated"):
            ctx.check(not token, "the last page still gives a NextContinuationToken",
                      expected=None, observed=token, reply=reply)
            break
        ctx.check(token, "a truncated page has no NextContinuationToken", expected="a token",
                  observed=None, reply=reply)
    ctx.equal(seen, _PAGED, "keys over all pages", reply)


@scenario(id="s3/scenario/listing/v1-next-marker-with-delimiter", feature="s3/listing", operations=["ListObjects"],
          provenance=recorded(REF_S3, S3 + "test_s3_put_more_than_1000_items", "list-objects"))
def v1_next_marker_with_delimiter(ctx: CaseContext) -> None:
    """A truncated ListObjects page asked with a Delimiter gives NextMarker (the last key
    returned); following NextMarker walks every key once."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _PAGED)
    seen: list[str] = []
    marker = ""
    for _ in range(len(_PAGED) + 1):  # bounded: 2 keys a page
        params = {"Bucket": bucket, "Delimiter": "/", "MaxKeys": 2, **({"Marker": marker} if marker else {})}
        reply = ctx.expect_ok(ctx.call("s3", "ListObjects", **params))
        page = keys_of(reply)
        seen += page
        if not reply.get("IsTruncated"):
            break
        ctx.equal(reply.get("NextMarker"), page[-1] if page else None, "NextMarker", reply)
        marker = reply.get("NextMarker") or ""
        if not marker:
            break
    ctx.equal(seen, _PAGED, "keys over all pages", reply)
