"""S3 listing cases that stay Python (the rest of the feature is data: awscompat/cases/s3/listing.yaml):
encoding-type=url, judged on the keys once URL-decoded (a server may encode more characters than
AWS does), and paging one entry at a time until the listing ends (a loop)."""

from __future__ import annotations

from urllib.parse import unquote_plus

from awscompat.catalog import recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, S3, api_docs, keys_of, make_bucket, prefixes_of, put_keys

F = "s3/listing"
_SPECIAL = ["with space", "plus+sign", "per%cent", "a/ünï cödé", "file%2Fname", "test@key/", "a/\U0001f600"]
_ENCODED = recorded(REF_S3, S3 + "test_delete_objects_encoding", "list-objects-before-delete")


def _listing(ctx: CaseContext, keys: list[str], operation: str, **params):
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, keys)
    return bucket, ctx.expect_ok(ctx.call("s3", operation, Bucket=bucket, **params))


def _encoded(ctx: CaseContext, operation: str):
    bucket, reply = _listing(ctx, _SPECIAL, operation, EncodingType="url")
    ctx.equal(reply.get("EncodingType"), "url", "EncodingType echoed", reply)
    listed = keys_of(reply)
    ctx.check(all(k.isascii() for k in listed), "encoding-type=url left non-ASCII characters in Key",
              expected="percent-encoded keys", observed=listed, reply=reply)
    ctx.equal(sorted(unquote_plus(k) for k in listed), sorted(_SPECIAL), "keys once URL-decoded", reply)
    ctx.check("a/%F0%9F%98%80" in listed, "the emoji key is not 'a/%F0%9F%98%80' (UTF-8, '/' kept)",
              expected="a/%F0%9F%98%80", observed=listed, reply=reply)
    return bucket


@scenario(id="s3/scenario/listing/v2-encoding-type-url", feature=F, operations=["ListObjectsV2"], provenance=_ENCODED)
def v2_encoded(ctx: CaseContext) -> None:
    """ListObjectsV2 with EncodingType=url answers EncodingType url and percent-encodes each Key as
    UTF-8 (slashes kept), so a unicode key is listed as 'a/%F0%9F%98%80'."""
    _encoded(ctx, "ListObjectsV2")


@scenario(id="s3/scenario/listing/v1-encoding-type-url", feature=F, operations=["ListObjects"], revision=2,
          provenance=Provenance(_ENCODED.kind, _ENCODED.ref, _ENCODED.key, _ENCODED.step, note=(
              "revision 2 also checks CommonPrefixes: AWS encodes them under encoding-type=url, which is why "
              "botocore decodes ('CommonPrefixes', 'Prefix') of v1 listings (botocore/handlers.py decode_list_object)")))
def v1_encoded(ctx: CaseContext) -> None:
    """ListObjects with EncodingType=url answers EncodingType url and percent-encodes each Key as
    UTF-8 (slashes kept), so a unicode key is listed as 'a/%F0%9F%98%80'. With a Delimiter, a
    unicode common prefix is listed as 'd%C3%A9/'."""
    bucket = _encoded(ctx, "ListObjects")
    put_keys(ctx, bucket, ["d\u00e9/1"])  # revision 2: the common prefixes are encoded too
    grouped = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket, Prefix="d", Delimiter="/", EncodingType="url"))
    ctx.equal(prefixes_of(grouped), ["d%C3%A9/"], "CommonPrefixes with EncodingType=url", grouped)


@scenario(id="s3/scenario/listing/v2-encoding-type-url-prefix", feature=F, operations=["ListObjectsV2"],
          provenance=api_docs("ListObjectsV2"), severity="advisory")
def v2_encoded_prefix(ctx: CaseContext) -> None:
    """With EncodingType=url the echoed Prefix is URL-encoded too, and only the keys under the
    unicode prefix are listed."""
    _, reply = _listing(ctx, ["é/1", "é/2", "e/3"], "ListObjectsV2", Prefix="é/", EncodingType="url")
    ctx.equal(reply.get("Prefix"), "%C3%A9/", "Prefix echoed (encoded)", reply)
    ctx.equal([unquote_plus(k) for k in keys_of(reply)], ["é/1", "é/2"], "keys under é/", reply)


@scenario(id="s3/scenario/listing/v2-paginate-with-delimiter", feature=F, operations=["ListObjectsV2"],
          provenance=api_docs("ListObjectsV2"))
def v2_paginate_delimiter(ctx: CaseContext) -> None:
    """Paging one entry at a time with a Delimiter yields every common prefix and key once:
    'a/', 'b/', then 'c'."""
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, ["a/1", "a/2", "b/1", "c"])
    seen: list[str] = []
    params: dict = {"Bucket": bucket, "Delimiter": "/", "MaxKeys": 1}
    for _ in range(6):  # bounded: three entries
        reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", **params))
        seen += prefixes_of(reply) + keys_of(reply)
        if not reply.get("IsTruncated") or not reply.get("NextContinuationToken"):
            break
        params["ContinuationToken"] = reply.get("NextContinuationToken")
    ctx.equal(seen, ["a/", "b/", "c"], "entries over all pages", reply)
