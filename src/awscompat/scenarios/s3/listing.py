"""S3 listing: ListObjects (v1) and ListObjectsV2 -- prefix, delimiter, order, pagination."""

from __future__ import annotations

from awscompat.catalog import docs, recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF_S3,
    S3,
    absent_bucket,
    api_docs,
    keys_of,
    make_bucket,
    prefixes_of,
    put_keys,
)

V1 = api_docs("ListObjects")
V2 = api_docs("ListObjectsV2")
_PREFIX_KEYS = ["test/foo/bar/123", "test/foo/bar/456", "test/bar/foo/123", "other/123"]
_TREE = ["a/1", "a/2", "a/b/3", "b/4", "c"]
_PAGED = ["k1", "k2", "k3", "k4", "k5"]


@scenario(
    id="s3/scenario/listing/v2-prefix",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=recorded(REF_S3, S3 + "test_list_objects_v2_with_prefix", "list-objects-v2-2"),
)
def v2_prefix(ctx: CaseContext) -> None:
    """ListObjectsV2 with a Prefix lists only the keys that start with it (a prefix need not end
    at a slash), echoes the Prefix and counts the keys in KeyCount."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _PREFIX_KEYS)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, Prefix="test/foo"))
    ctx.equal(keys_of(reply), ["test/foo/bar/123", "test/foo/bar/456"], "keys under test/foo", reply)
    ctx.equal(reply.get("KeyCount"), 2, "KeyCount", reply)
    ctx.equal(reply.get("Prefix"), "test/foo", "Prefix echoed", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)


@scenario(
    id="s3/scenario/listing/v2-empty-bucket",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=recorded(REF_S3, S3 + "test_delete_objects_encoding", "list-objects"),
)
def v2_empty_bucket(ctx: CaseContext) -> None:
    """Listing an empty bucket answers KeyCount 0, IsTruncated false and no Contents."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket))
    ctx.equal(reply.get("KeyCount"), 0, "KeyCount", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)
    ctx.equal(keys_of(reply), [], "Contents", reply)
    ctx.equal(reply.get("Name"), bucket, "Name", reply)


@scenario(
    id="s3/scenario/listing/v2-delimiter-common-prefixes",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=V2,
)
def v2_delimiter(ctx: CaseContext) -> None:
    """With Delimiter '/', keys below a slash roll up into CommonPrefixes and only top-level keys
    are listed in Contents."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _TREE)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, Delimiter="/"))
    ctx.equal(keys_of(reply), ["c"], "Contents keys", reply)
    ctx.equal(prefixes_of(reply), ["a/", "b/"], "CommonPrefixes", reply)
    ctx.equal(reply.get("Delimiter"), "/", "Delimiter echoed", reply)


@scenario(
    id="s3/scenario/listing/v2-prefix-and-delimiter",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=V2,
)
def v2_prefix_and_delimiter(ctx: CaseContext) -> None:
    """Prefix and Delimiter together list one 'directory': its keys in Contents and its
    sub-directories, prefix included, in CommonPrefixes."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _TREE)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, Prefix="a/", Delimiter="/"))
    ctx.equal(keys_of(reply), ["a/1", "a/2"], "Contents keys", reply)
    ctx.equal(prefixes_of(reply), ["a/b/"], "CommonPrefixes", reply)


@scenario(
    id="s3/scenario/listing/v2-common-prefix-counts-once",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=V2,
)
def v2_common_prefix_counts_once(ctx: CaseContext) -> None:
    """A common prefix counts as one return against MaxKeys, however many keys roll up into it."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _TREE)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, Delimiter="/", MaxKeys=2))
    ctx.equal(prefixes_of(reply), ["a/", "b/"], "CommonPrefixes on the first page", reply)
    ctx.equal(keys_of(reply), [], "Contents on the first page", reply)
    ctx.equal(reply.get("IsTruncated"), True, "IsTruncated (key c is left)", reply)


@scenario(
    id="s3/scenario/listing/v2-max-keys-truncates",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=V2,
)
def v2_max_keys_truncates(ctx: CaseContext) -> None:
    """MaxKeys caps a page: IsTruncated is true, KeyCount equals MaxKeys, MaxKeys is echoed and
    a NextContinuationToken is given."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _PAGED)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, MaxKeys=2))
    ctx.equal(keys_of(reply), ["k1", "k2"], "first page", reply)
    ctx.equal(reply.get("IsTruncated"), True, "IsTruncated", reply)
    ctx.equal(reply.get("KeyCount"), 2, "KeyCount", reply)
    ctx.equal(reply.get("MaxKeys"), 2, "MaxKeys echoed", reply)
    ctx.check(reply.get("NextContinuationToken"), "a truncated page has no NextContinuationToken",
              expected="NextContinuationToken", observed=None, reply=reply)


@scenario(
    id="s3/scenario/listing/v2-continuation-roundtrip",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=V2,
)
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


@scenario(
    id="s3/scenario/listing/v2-start-after",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=V2,
)
def v2_start_after(ctx: CaseContext) -> None:
    """StartAfter lists only the keys after the given one, and is echoed in the answer."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _PAGED)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, StartAfter="k2"))
    ctx.equal(keys_of(reply), ["k3", "k4", "k5"], "keys after k2", reply)
    ctx.equal(reply.get("StartAfter"), "k2", "StartAfter echoed", reply)


@scenario(
    id="s3/scenario/listing/v2-lexicographic-order",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=docs("https://docs.aws.amazon.com/AmazonS3/latest/userguide/ListingKeysUsingAPIs.html"),
)
def v2_lexicographic_order(ctx: CaseContext) -> None:
    """Keys are listed in lexicographic (UTF-8 binary) order, whatever order they were written
    in: 'B' before 'a', 'k-10' before 'k-2', '~' before 'é'."""
    bucket = make_bucket(ctx)
    written = ["k-2", "a", "é", "k-10", "B", "~", "a/b", "k-1", "0"]
    put_keys(ctx, bucket, written)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket))
    ctx.equal(keys_of(reply), sorted(written, key=lambda k: k.encode()), "listing order", reply)


@scenario(
    id="s3/scenario/listing/v2-prefix-no-match",
    feature="s3/listing",
    operations=["ListObjectsV2"],
    provenance=V2,
)
def v2_prefix_no_match(ctx: CaseContext) -> None:
    """A Prefix that no key has lists nothing: KeyCount 0, no Contents, not truncated."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, ["a/1"])
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, Prefix="zzz"))
    ctx.equal(keys_of(reply), [], "Contents", reply)
    ctx.equal(reply.get("KeyCount"), 0, "KeyCount", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)


@scenario(
    id="s3/scenario/listing/v1-prefix",
    feature="s3/listing",
    operations=["ListObjects"],
    provenance=recorded(REF_S3, S3 + "test_delete_bucket_with_content", "list-objects"),
)
def v1_prefix(ctx: CaseContext) -> None:
    """ListObjects (v1) with a Prefix lists the matching keys in order, with Size and ETag, and
    an empty Marker when none was given."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, ["test-key-1", "test-key-0", "other"])
    reply = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket, Prefix="test-key-"))
    ctx.equal(keys_of(reply), ["test-key-0", "test-key-1"], "keys", reply)
    first = (reply.get("Contents") or [{}])[0]
    ctx.equal(first.get("Size"), len("test-key-0"), "Size of test-key-0", reply)
    ctx.check(first.get("ETag"), "listed object has no ETag", expected="ETag", observed=first, reply=reply)
    ctx.equal(reply.get("Marker", ""), "", "Marker", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)


@scenario(
    id="s3/scenario/listing/v1-marker",
    feature="s3/listing",
    operations=["ListObjects"],
    provenance=V1,
)
def v1_marker(ctx: CaseContext) -> None:
    """ListObjects with a Marker lists only keys after it and echoes the Marker."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _PAGED)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket, Marker="k3"))
    ctx.equal(keys_of(reply), ["k4", "k5"], "keys after k3", reply)
    ctx.equal(reply.get("Marker"), "k3", "Marker echoed", reply)


@scenario(
    id="s3/scenario/listing/v1-next-marker-with-delimiter",
    feature="s3/listing",
    operations=["ListObjects"],
    provenance=recorded(REF_S3, S3 + "test_s3_put_more_than_1000_items", "list-objects"),
)
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


@scenario(
    id="s3/scenario/listing/v1-no-next-marker-without-delimiter",
    feature="s3/listing",
    operations=["ListObjects"],
    provenance=V1,
    severity="advisory",
)
def v1_no_next_marker_without_delimiter(ctx: CaseContext) -> None:
    """Without a Delimiter a truncated ListObjects page carries no NextMarker: the client uses
    the last key as the next Marker."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _PAGED)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket, MaxKeys=2))
    ctx.equal(keys_of(reply), ["k1", "k2"], "first page", reply)
    ctx.equal(reply.get("IsTruncated"), True, "IsTruncated", reply)
    ctx.equal(reply.get("NextMarker"), None, "NextMarker (only returned with a delimiter)", reply)


@scenario(
    id="s3/scenario/listing/v1-delimiter-common-prefixes",
    feature="s3/listing",
    operations=["ListObjects"],
    provenance=V1,
)
def v1_delimiter(ctx: CaseContext) -> None:
    """ListObjects (v1) rolls keys up into CommonPrefixes at the delimiter, as v2 does."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, _TREE)
    reply = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket, Delimiter="/"))
    ctx.equal(keys_of(reply), ["c"], "Contents keys", reply)
    ctx.equal(prefixes_of(reply), ["a/", "b/"], "CommonPrefixes", reply)


@scenario(
    id="s3/scenario/listing/missing-bucket",
    feature="s3/listing",
    operations=["ListObjects", "ListObjectsV2"],
    provenance=recorded(REF_S3, S3 + "test_bucket_does_not_exist", "list_object"),
)
def missing_bucket(ctx: CaseContext) -> None:
    """Listing a bucket that does not exist answers 404 NoSuchBucket (v1 and v2)."""
    name = absent_bucket(ctx)
    for operation in ("ListObjects", "ListObjectsV2"):
        ctx.expect_error(ctx.call("s3", operation, Bucket=name), "NoSuchBucket", 404, what=operation)
