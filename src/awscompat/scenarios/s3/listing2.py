"""More S3 listing: encoding-type=url, keys with spaces, plus signs, percent signs and unicode,
delimiters other than '/', MaxKeys 0, KeyCount with common prefixes, the end of a listing,
nested prefixes, NextMarker on common prefixes, Owner in v1 and v2, and UTF-8 byte order."""

from __future__ import annotations

from urllib.parse import unquote_plus

from awscompat.catalog import recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF_S3,
    S3,
    api_docs,
    guide,
    keys_of,
    make_bucket,
    prefixes_of,
    put_keys,
)

F = "s3/listing"
V1 = api_docs("ListObjects")
V2 = api_docs("ListObjectsV2")
_NAMING = guide("object-keys.html")
_SPECIAL = ["with space", "plus+sign", "per%cent", "a/ünï cödé", "file%2Fname", "test@key/", "a/\U0001f600"]
_PAGED = ["k1", "k2", "k3", "k4", "k5"]
_NESTED = ["a/b/c/1", "a/b/c/2", "a/b/d", "a/e", "f"]
_OPS = {"v1": "ListObjects", "v2": "ListObjectsV2"}


def case(name: str, operations: list[str], provenance, severity: str = "required", revision: int = 1):
    return scenario(id=f"s3/scenario/listing/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity, revision=revision)


def _listing(ctx: CaseContext, keys: list[str], version: str, **params):
    bucket = make_bucket(ctx)
    put_keys(ctx, bucket, keys)
    return bucket, ctx.expect_ok(ctx.call("s3", _OPS[version], Bucket=bucket, **params))


# -- special characters: decoded round trip and encoding-type=url ------------------------------
def _roundtrip_case(version: str) -> None:
    def run(ctx: CaseContext) -> None:
        _, reply = _listing(ctx, _SPECIAL, version)
        ctx.equal(keys_of(reply), sorted(_SPECIAL, key=str.encode), "listed keys (decoded)", reply)

    run.__doc__ = (f"Keys with spaces, '+', '%', '@' and unicode are listed by {_OPS[version]} exactly as "
                   "written (the SDK asks for encoding-type=url and decodes), in UTF-8 byte order.")
    case(f"{version}-special-keys-roundtrip", [_OPS[version], "PutObject"],
         recorded(REF_S3, S3 + "test_copy_object_special_character", "list-object-copy-dest-special-char"))(run)


def _encoded_case(version: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket, reply = _listing(ctx, _SPECIAL, version, EncodingType="url")
        ctx.equal(reply.get("EncodingType"), "url", "EncodingType echoed", reply)
        listed = keys_of(reply)
        ctx.check(all(k.isascii() for k in listed), "encoding-type=url left non-ASCII characters in Key",
                  expected="percent-encoded keys", observed=listed, reply=reply)
        ctx.equal(sorted(unquote_plus(k) for k in listed), sorted(_SPECIAL), "keys once URL-decoded", reply)
        ctx.check("a/%F0%9F%98%80" in listed, "the emoji key is not 'a/%F0%9F%98%80' (UTF-8, '/' kept)",
                  expected="a/%F0%9F%98%80", observed=listed, reply=reply)
        if version == "v1":  # revision 2: the common prefixes are encoded too
            put_keys(ctx, bucket, ["d\u00e9/1"])
            grouped = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket, Prefix="d", Delimiter="/",
                                             EncodingType="url"))
            ctx.equal(prefixes_of(grouped), ["d%C3%A9/"], "CommonPrefixes with EncodingType=url", grouped)

    run.__doc__ = (f"{_OPS[version]} with EncodingType=url answers EncodingType url and percent-encodes each "
                   "Key as UTF-8 (slashes kept), so a unicode key is listed as 'a/%F0%9F%98%80'.")
    # v1, revision 2: CommonPrefixes are URL-encoded too; botocore decodes ('CommonPrefixes', 'Prefix')
    # of a v1 listing it asked to encode (botocore/handlers.py decode_list_object), as AWS encodes them.
    if version == "v1":
        run.__doc__ += " With a Delimiter, a unicode common prefix is listed as 'd%C3%A9/'."
    evidence = recorded(REF_S3, S3 + "test_delete_objects_encoding", "list-objects-before-delete")
    if version == "v1":
        evidence = Provenance(evidence.kind, evidence.ref, evidence.key, evidence.step, note=(
            "revision 2 also checks CommonPrefixes: AWS encodes them under encoding-type=url, which is why "
            "botocore decodes ('CommonPrefixes', 'Prefix') of v1 listings (botocore/handlers.py decode_list_object)"))
    case(f"{version}-encoding-type-url", [_OPS[version]], evidence, revision=2 if version == "v1" else 1)(run)


for _v in _OPS:
    _roundtrip_case(_v)
    _encoded_case(_v)


@case("v2-encoding-type-url-prefix", ["ListObjectsV2"], V2, severity="advisory")
def v2_encoded_prefix(ctx: CaseContext) -> None:
    """With EncodingType=url the echoed Prefix is URL-encoded too, and only the keys under the
    unicode prefix are listed."""
    _, reply = _listing(ctx, ["é/1", "é/2", "e/3"], "v2", Prefix="é/", EncodingType="url")
    ctx.equal(reply.get("Prefix"), "%C3%A9/", "Prefix echoed (encoded)", reply)
    ctx.equal([unquote_plus(k) for k in keys_of(reply)], ["é/1", "é/2"], "keys under é/", reply)


@case("v2-prefix-with-special-characters", ["ListObjectsV2"], V2)
def v2_special_prefix(ctx: CaseContext) -> None:
    """A Prefix holding a space, '+' and '%' matches the keys that start with it, byte for byte."""
    _, reply = _listing(ctx, ["a b+c%d/1", "a b+c%d/2", "a b c%d/3", "a+b+c%d/4"], "v2", Prefix="a b+c%d/")
    ctx.equal(keys_of(reply), ["a b+c%d/1", "a b+c%d/2"], "keys under the prefix", reply)
    ctx.equal(reply.get("Prefix"), "a b+c%d/", "Prefix echoed", reply)


# -- delimiters, prefixes, counts ---------------------------------------------------------------
def _delimiter_case(version: str, delimiter: str, name: str) -> None:
    keys = [f"a{delimiter}1", f"a{delimiter}2", f"b{delimiter}x{delimiter}1", "c"]

    def run(ctx: CaseContext) -> None:
        _, reply = _listing(ctx, keys, version, Delimiter=delimiter)
        ctx.equal(keys_of(reply), ["c"], "Contents keys", reply)
        ctx.equal(prefixes_of(reply), [f"a{delimiter}", f"b{delimiter}"], "CommonPrefixes", reply)
        ctx.equal(reply.get("Delimiter"), delimiter, "Delimiter echoed", reply)

    run.__doc__ = (f"Any character can be the delimiter: with {delimiter!r} keys roll up into CommonPrefixes "
                   f"ending at its first occurrence ({_OPS[version]}).")
    case(f"{version}-delimiter-{name}", [_OPS[version]], V1 if version == "v1" else V2)(run)


_delimiter_case("v2", "-", "dash")
_delimiter_case("v2", "|", "pipe")
_delimiter_case("v1", "_", "underscore")


def _nested_case(prefix: str, contents: list[str], prefixes: list[str], name: str) -> None:
    def run(ctx: CaseContext) -> None:
        _, reply = _listing(ctx, _NESTED, "v2", Prefix=prefix, Delimiter="/")
        ctx.equal(keys_of(reply), contents, "Contents keys", reply)
        ctx.equal(prefixes_of(reply), prefixes, "CommonPrefixes", reply)

    run.__doc__ = (f"Prefix {prefix!r} with Delimiter '/' lists that level only: keys {contents} and "
                   f"sub-levels {prefixes}, each prefix given whole.")
    case(f"v2-nested-level-{name}", ["ListObjectsV2"], V2)(run)


_nested_case("a/", ["a/e"], ["a/b/"], "one")
_nested_case("a/b/", ["a/b/d"], ["a/b/c/"], "two")
_nested_case("a/b/c/", ["a/b/c/1", "a/b/c/2"], [], "leaf")
_nested_case("a", [], ["a/"], "prefix-without-delimiter")


@case("v2-key-count-includes-common-prefixes", ["ListObjectsV2"], V2, severity="advisory")
def v2_key_count_prefixes(ctx: CaseContext) -> None:
    """KeyCount counts the common prefixes returned as well as the keys: one key and two
    prefixes give KeyCount 3."""
    _, reply = _listing(ctx, ["a/1", "a/2", "b/3", "c"], "v2", Delimiter="/")
    ctx.equal(len(keys_of(reply)) + len(prefixes_of(reply)), 3, "keys plus prefixes", reply)
    ctx.equal(reply.get("KeyCount"), 3, "KeyCount", reply)


@case("v2-max-keys-zero", ["ListObjectsV2"], V2, severity="advisory")
def v2_max_keys_zero(ctx: CaseContext) -> None:
    """MaxKeys 0 is accepted: no keys are returned, KeyCount is 0 and MaxKeys 0 is echoed."""
    _, reply = _listing(ctx, ["k1", "k2"], "v2", MaxKeys=0)
    ctx.equal(keys_of(reply), [], "Contents", reply)
    ctx.equal(reply.get("KeyCount"), 0, "KeyCount", reply)
    ctx.equal(reply.get("MaxKeys"), 0, "MaxKeys echoed", reply)


@case("v2-exact-page-not-truncated", ["ListObjectsV2"], V2, severity="advisory")
def v2_exact_page(ctx: CaseContext) -> None:
    """When MaxKeys equals the number of keys left, the page holds them all, IsTruncated is false
    and no NextContinuationToken is given."""
    _, reply = _listing(ctx, _PAGED, "v2", MaxKeys=len(_PAGED))
    ctx.equal(keys_of(reply), _PAGED, "keys", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)
    ctx.equal(reply.get("NextContinuationToken"), None, "NextContinuationToken", reply)


@case("v2-start-after-last-key", ["ListObjectsV2"], V2)
def v2_start_after_last(ctx: CaseContext) -> None:
    """A StartAfter at or beyond the last key lists nothing: KeyCount 0, not truncated, and the
    StartAfter is still echoed."""
    _, reply = _listing(ctx, _PAGED, "v2", StartAfter="k5")
    ctx.equal(keys_of(reply), [], "Contents", reply)
    ctx.equal(reply.get("KeyCount"), 0, "KeyCount", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)
    ctx.equal(reply.get("StartAfter"), "k5", "StartAfter echoed", reply)


@case("v2-start-after-between-keys", ["ListObjectsV2"], V2)
def v2_start_after_between(ctx: CaseContext) -> None:
    """StartAfter need not be an existing key: 'k2a' lists k3 onwards."""
    _, reply = _listing(ctx, _PAGED, "v2", StartAfter="k2a")
    ctx.equal(keys_of(reply), ["k3", "k4", "k5"], "keys after k2a", reply)


@case("v1-marker-after-last-key", ["ListObjects"], V1)
def v1_marker_after_last(ctx: CaseContext) -> None:
    """A v1 Marker beyond the last key lists nothing and is not truncated."""
    _, reply = _listing(ctx, _PAGED, "v1", Marker="zzz")
    ctx.equal(keys_of(reply), [], "Contents", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)
    ctx.equal(reply.get("Marker"), "zzz", "Marker echoed", reply)


@case("v1-next-marker-is-common-prefix", ["ListObjects"], V1, severity="advisory")
def v1_next_marker_prefix(ctx: CaseContext) -> None:
    """When a truncated v1 page (asked with a Delimiter) ends on a common prefix, NextMarker is
    that prefix, and using it as Marker continues after the whole rolled-up group."""
    bucket, reply = _listing(ctx, ["a/1", "a/2", "b/1", "c"], "v1", Delimiter="/", MaxKeys=1)
    ctx.equal(prefixes_of(reply), ["a/"], "CommonPrefixes on page 1", reply)
    ctx.equal(reply.get("IsTruncated"), True, "IsTruncated on page 1", reply)
    ctx.equal(reply.get("NextMarker"), "a/", "NextMarker", reply)
    nxt = ctx.expect_ok(ctx.call("s3", "ListObjects", Bucket=bucket, Delimiter="/", MaxKeys=1, Marker="a/"))
    ctx.equal(prefixes_of(nxt), ["b/"], "CommonPrefixes on page 2", nxt)


@case("v2-paginate-with-delimiter", ["ListObjectsV2"], V2)
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


# -- owners, defaults, order -------------------------------------------------------------------
@case("v2-no-owner-by-default", ["ListObjectsV2"],
      Provenance("recorded-aws", REF_S3, S3 + "test_list_objects_v2_with_prefix", "list-objects-v2-1",
                 note="revision 2 also sends FetchOwner=false: ListObjectsV2 lists no owner field by default and "
                      "returns it only when FetchOwner is true (API_ListObjectsV2, FetchOwner)"), revision=2)
def v2_no_owner(ctx: CaseContext) -> None:
    """ListObjectsV2 lists no Owner unless FetchOwner is set (not by default, not with
    FetchOwner=false), and echoes MaxKeys 1000 by default."""
    bucket, reply = _listing(ctx, ["k1"], "v2")
    entry = (reply.get("Contents") or [{}])[0]
    ctx.equal(entry.get("Owner"), None, "Owner of a listed key", reply)
    ctx.equal(reply.get("MaxKeys"), 1000, "MaxKeys", reply)
    # revision 2: FetchOwner=false sent explicitly (fetch-owner=false on the wire) lists no Owner either
    explicit = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket, FetchOwner=False))
    entry = (explicit.get("Contents") or [{}])[0]
    ctx.equal(entry.get("Owner"), None, "Owner of a listed key with FetchOwner=false", explicit)


@case("v2-fetch-owner", ["ListObjectsV2"], V2)
def v2_fetch_owner(ctx: CaseContext) -> None:
    """With FetchOwner=true each listed key names its Owner with an ID."""
    _, reply = _listing(ctx, ["k1"], "v2", FetchOwner=True)
    owner = ((reply.get("Contents") or [{}])[0]).get("Owner") or {}
    ctx.check(owner.get("ID"), "FetchOwner=true listed no Owner ID", expected="Owner.ID", observed=owner, reply=reply)


@case("v1-lists-owner", ["ListObjects"],
      recorded(REF_S3, S3 + "test_s3_put_more_than_1000_items", "list-objects-next_marker"))
def v1_lists_owner(ctx: CaseContext) -> None:
    """ListObjects (v1) names the Owner of every key without being asked, and MaxKeys is 1000."""
    _, reply = _listing(ctx, ["k1"], "v1")
    owner = ((reply.get("Contents") or [{}])[0]).get("Owner") or {}
    ctx.check(owner.get("ID"), "v1 listed no Owner ID", expected="Owner.ID", observed=owner, reply=reply)
    ctx.equal(reply.get("MaxKeys"), 1000, "MaxKeys", reply)


@case("v2-utf8-byte-order-beyond-bmp", ["ListObjectsV2"], _NAMING)
def v2_utf8_astral(ctx: CaseContext) -> None:
    """Order is by UTF-8 bytes, not UTF-16 units: U+FB01 (EF AC 81) comes before U+1F600
    (F0 9F 98 80) although UTF-16 would put the emoji first."""
    keys = ["\U0001f600", "\ufb01", "z", "\u00e9"]
    _, reply = _listing(ctx, keys, "v2")
    ctx.equal(keys_of(reply), ["z", "\u00e9", "\ufb01", "\U0001f600"], "listing order", reply)


@case("v1-utf8-byte-order", ["ListObjects"], _NAMING)
def v1_utf8_order(ctx: CaseContext) -> None:
    """ListObjects (v1) orders keys by UTF-8 bytes too: upper case, then lower case, then
    accented letters, then CJK."""
    keys = ["\u4e2d", "b", "A", "\u00e4", "a"]
    _, reply = _listing(ctx, keys, "v1")
    ctx.equal(keys_of(reply), ["A", "a", "b", "\u00e4", "\u4e2d"], "listing order", reply)
