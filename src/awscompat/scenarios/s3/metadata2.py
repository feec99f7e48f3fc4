"""More object metadata: the Expires header (stored and returned, never acted on), RFC 2047
encoded-words in user metadata, keys of one character and a slash, the 2 KB limit on user
metadata, metadata replaced by an overwrite, x-amz-website-redirect-location, and the response-*
overrides of GetObject."""

from __future__ import annotations

import datetime

from awscompat.catalog import docs, recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, S3, api_docs, body, keys_of, make_bucket, put

F = "s3/objects"
_EXPIRES = S3 + "test_s3_object_expires"
_METADATA_DOCS = docs("https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html")


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/objects/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _expires_case(name: str, delta: datetime.timedelta, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        when = (datetime.datetime.now(datetime.UTC) + delta).replace(microsecond=0)
        put(ctx, bucket, "k", b"foo", Expires=when)
        for operation in ("HeadObject", "GetObject"):
            reply = ctx.expect_ok(ctx.call("s3", operation, Bucket=bucket, Key="k"))
            ctx.equal(reply.get("Expires"), when, f"{operation} Expires", reply)
        ctx.equal(body(reply), b"foo", "body (Expires does not remove the object)", reply)

    run.__doc__ = f"An Expires date {name} is stored and returned by HeadObject and GetObject; the object stays readable."
    case(f"expires-{name}", ["PutObject", "HeadObject", "GetObject"], recorded(REF_S3, _EXPIRES, step))(run)


_expires_case("in-the-future", datetime.timedelta(days=1), "get-object-expires-future")
_expires_case("in-the-past", -datetime.timedelta(days=1), "get-object-expires-past")


@case("metadata-rfc2047-ascii-decoded", ["PutObject", "GetObject"],
      recorded(REF_S3, S3 + "test_user_metadata_rfc2047_encoded", "get-object"), severity="advisory")
def metadata_rfc2047_ascii_decoded(ctx: CaseContext) -> None:
    """User metadata written as RFC 2047 encoded-words whose text is ASCII is returned decoded."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"", Metadata={"asciib64-encoded": "=?UTF-8?B?YWJj?=",
                                         "fake-encoded": "=?UTF-8?Q?actually-ascii?="})
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(reply.get("Metadata"), {"asciib64-encoded": "abc", "fake-encoded": "actually-ascii"}, "Metadata", reply)


@case("single-character-keys-with-slash", ["PutObject", "GetObject", "ListObjectsV2"],
      recorded(REF_S3, S3 + "test_put_get_object_single_character_trailing_slash", "list-objects-single-char"))
def single_character_keys_with_slash(ctx: CaseContext) -> None:
    """Keys 'a/', 't/' and 'u/' are ordinary keys: each reads back and all are listed in order."""
    bucket = make_bucket(ctx)
    keys = ["a/", "t/", "u/"]
    for key in keys:
        put(ctx, bucket, key, b"test")
        reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key=key))
        ctx.equal(body(reply), b"test", f"body of {key!r}", reply)
    listed = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket))
    ctx.equal(keys_of(listed), keys, "listed keys", listed)


@case("metadata-too-large", ["PutObject"], _METADATA_DOCS)
def metadata_too_large(ctx: CaseContext) -> None:
    """User metadata over 2 KB (here 3 KB in one value) answers 400 MetadataTooLarge."""
    reply = ctx.call("s3", "PutObject", Bucket=make_bucket(ctx), Key="k", Body=b"x", Metadata={"big": "v" * 3072})
    ctx.expect_error(reply, "MetadataTooLarge", 400)


@case("metadata-within-limit", ["PutObject", "HeadObject"], _METADATA_DOCS)
def metadata_within_limit(ctx: CaseContext) -> None:
    """User metadata just under 2 KB (name and value) is accepted and returned whole."""
    bucket = make_bucket(ctx)
    value = "v" * 1900
    put(ctx, bucket, "k", b"x", Metadata={"big": value})
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(reply.get("Metadata"), {"big": value}, "Metadata", reply)


@case("overwrite-replaces-metadata", ["PutObject", "HeadObject"], api_docs("PutObject"))
def overwrite_replaces_metadata(ctx: CaseContext) -> None:
    """A second PutObject replaces the object whole: metadata and Content-Type of the first are gone."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"one", Metadata={"first": "1"}, ContentType="text/plain")
    put(ctx, bucket, "k", b"two")
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(reply.get("Metadata"), {}, "Metadata after the overwrite", reply)
    ctx.equal(reply.get("ContentType"), "binary/octet-stream", "ContentType after the overwrite", reply)


@case("website-redirect-location", ["PutObject", "HeadObject"], api_docs("PutObject"))
def website_redirect_location(ctx: CaseContext) -> None:
    """x-amz-website-redirect-location is stored with the object and returned by HeadObject."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"x", WebsiteRedirectLocation="/other-page.html")
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(reply.get("WebsiteRedirectLocation"), "/other-page.html", "WebsiteRedirectLocation", reply)


@case("get-response-overrides", ["GetObject"], api_docs("GetObject"))
def get_response_overrides(ctx: CaseContext) -> None:
    """response-content-type, response-content-disposition and response-cache-control set those
    headers of the GetObject answer; the stored object is unchanged."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"x", ContentType="binary/octet-stream")
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", ResponseContentType="text/plain",
                                   ResponseContentDisposition="attachment; filename=x.txt",
                                   ResponseCacheControl="no-cache"))
    ctx.equal(reply.get("ContentType"), "text/plain", "ContentType", reply)
    ctx.equal(reply.get("ContentDisposition"), "attachment; filename=x.txt", "ContentDisposition", reply)
    ctx.equal(reply.get("CacheControl"), "no-cache", "CacheControl", reply)
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(head.get("ContentType"), "binary/octet-stream", "stored ContentType", head)
