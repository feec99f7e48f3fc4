"""More CopyObject: x-amz-copy-source-if-* conditions dated a day before the source's LastModified
and the documented precedence, copying a given version (and refusing a delete marker), source keys with
special characters, and an in-place copy that changes only the website redirect location. The
other conditions and the tagging directive are data: awscompat/cases/s3/copy.yaml."""

from __future__ import annotations

import datetime

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    REF_S3,
    S3,
    api_docs,
    body,
    enable_versioning,
    make_bucket,
    put,
)

F = "s3/copy"
_COPY_DOCS = api_docs("CopyObject")
_DAY = datetime.timedelta(days=1)
_OTHER_ETAG = '"0123456789abcdef0123456789abcdef"'
_SRC_MISSING = S3 + "test_s3_copy_object_src_not_exists"


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/copy/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _source(ctx: CaseContext, key: str = "src", **extra) -> tuple[str, dict]:
    """A bucket holding one source object; returns (bucket, its HeadObject answer)."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, key, b"test", **extra)
    return bucket, ctx.fixture("s3", "HeadObject", Bucket=bucket, Key=key).parsed


def _copy(ctx: CaseContext, bucket: str, source: dict, dest: str = "dst", **extra):
    return ctx.call("s3", "CopyObject", Bucket=bucket, Key=dest, CopySource={"Bucket": bucket, **source}, **extra)


# -- x-amz-copy-source-if-* ----------------------------------------------------------------------
_ETAG = lambda h: h["ETag"]  # noqa: E731
_LM = lambda h: h["LastModified"]  # noqa: E731
_PAST = lambda h: h["LastModified"] - _DAY  # noqa: E731
_CONDITIONS = [
    # (name, {parameter: value from the source head}, copied?)
    ("if-modified-since-holds", {"CopySourceIfModifiedSince": _PAST}, True),
    ("if-unmodified-since-fails", {"CopySourceIfUnmodifiedSince": _PAST}, False),
    # The precedence the CopyObject reference documents:
    ("if-match-true-beats-unmodified-since-false",
     {"CopySourceIfMatch": _ETAG, "CopySourceIfUnmodifiedSince": _PAST}, True),
    ("if-none-match-false-beats-modified-since-true",
     {"CopySourceIfNoneMatch": _ETAG, "CopySourceIfModifiedSince": _PAST}, False),
]


def _condition_case(name: str, conditions: dict, copied: bool) -> None:
    def run(ctx: CaseContext) -> None:
        bucket, head = _source(ctx)
        reply = _copy(ctx, bucket, {"Key": "src"}, **{k: v(head) for k, v in conditions.items()})
        if copied:
            ctx.expect_ok(reply)
            ctx.equal((reply.get("CopyObjectResult") or {}).get("ETag"), head["ETag"], "copied ETag", reply)
        else:
            ctx.expect_error(reply, "PreconditionFailed", 412)
            missing = ctx.call("s3", "HeadObject", Bucket=bucket, Key="dst")
            ctx.equal(missing.status, 404, "HeadObject of the destination (nothing copied)", missing)

    params = " and ".join(conditions)
    run.__doc__ = (f"CopyObject with {params} ({name.replace('-', ' ')}) "
                   + ("copies the object." if copied else "answers 412 PreconditionFailed and copies nothing."))
    case(f"source-{name}", ["CopyObject"], _COPY_DOCS)(run)


for _row in _CONDITIONS:
    _condition_case(*_row)


# -- versions -------------------------------------------------------------------------------------
def _two_versions(ctx: CaseContext) -> tuple[str, str, str]:
    """A versioned bucket where 'src' has versions b'one' then b'two'; returns (bucket, v1, v2)."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    first = put(ctx, bucket, "src", b"one").get("VersionId")
    second = put(ctx, bucket, "src", b"two").get("VersionId")
    return bucket, first, second


@case("copy-specific-version", ["CopyObject", "GetObject"],
      recorded(REF_S3, _SRC_MISSING, "copy-object-src-target-object-version"))
def copy_specific_version(ctx: CaseContext) -> None:
    """CopySource with a VersionId copies that (noncurrent) version; the answer names it in
    CopySourceVersionId and gives the new object its own VersionId."""
    bucket, first, _ = _two_versions(ctx)
    reply = ctx.expect_ok(_copy(ctx, bucket, {"Key": "src", "VersionId": first}))
    ctx.equal(reply.get("CopySourceVersionId"), first, "CopySourceVersionId", reply)
    ctx.check(reply.get("VersionId") not in (None, first), "the copy has no VersionId of its own",
              expected="a new VersionId", observed=reply.get("VersionId"), reply=reply)
    got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="dst"))
    ctx.equal(body(got), b"one", "body of the copy", got)


@case("copy-current-delete-marker", ["CopyObject"],
      recorded(REF_S3, _SRC_MISSING, "copy-object-src-delete-marker-current-version"))
def copy_current_delete_marker(ctx: CaseContext) -> None:
    """Copying a key whose current version is a delete marker answers 404 NoSuchKey."""
    bucket, _, _ = _two_versions(ctx)
    ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="src")
    ctx.expect_error(_copy(ctx, bucket, {"Key": "src"}), "NoSuchKey", 404)


@case("copy-delete-marker-by-version", ["CopyObject"],
      recorded(REF_S3, _SRC_MISSING, "copy-object-src-target-delete-marker"))
def copy_delete_marker_version(ctx: CaseContext) -> None:
    """Naming a delete marker's VersionId as the copy source answers 400 InvalidRequest."""
    bucket, _, _ = _two_versions(ctx)
    marker = ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="src").get("VersionId")
    ctx.expect_error(_copy(ctx, bucket, {"Key": "src", "VersionId": marker}), "InvalidRequest", 400)


# -- special characters in the source key --------------------------------------------------------
_SPECIAL = {"percent-2f": "file%2Fname", "at-sign": "test@key/", "space": "test key/",
            "double-slash": "test key//", "emoji": "a/\U0001f600/", "plus": "test+key"}
_SPECIAL_STEPS = {"emoji": "a/%F0%9F%98%80/"}


def _special_case(name: str, key: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket, head = _source(ctx, key)
        reply = ctx.expect_ok(_copy(ctx, bucket, {"Key": key}, dest=key + "-copy"))
        ctx.equal((reply.get("CopyObjectResult") or {}).get("ETag"), head["ETag"], "copied ETag", reply)
        got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key=key + "-copy"))
        ctx.equal(body(got), b"test", "body of the copy", got)

    run.__doc__ = f"A source key {key!r} is found when URL-encoded in x-amz-copy-source; the copy holds its bytes."
    step = "copy-object-special-char-" + _SPECIAL_STEPS.get(name, key)
    case(f"source-key-{name}", ["CopyObject", "GetObject"],
         recorded(REF_S3, S3 + "test_copy_object_special_character", step))(run)


for _name, _key in _SPECIAL.items():
    _special_case(_name, _key)


# -- in place ---------------------------------------------------------------------------------
@case("in-place-website-redirect", ["CopyObject", "HeadObject"],
      recorded(REF_S3, S3 + "test_s3_copy_object_in_place_website_redirect_location", "head-object-after-copy"))
def in_place_website_redirect(ctx: CaseContext) -> None:
    """Copying an object onto itself is allowed when it sets a WebsiteRedirectLocation; the
    content (ETag) is unchanged and the location is stored."""
    bucket, head = _source(ctx)
    reply = ctx.expect_ok(_copy(ctx, bucket, {"Key": "src"}, dest="src", WebsiteRedirectLocation="/test/direct"))
    ctx.equal((reply.get("CopyObjectResult") or {}).get("ETag"), head["ETag"], "ETag", reply)
    after = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="src"))
    ctx.equal(after.get("WebsiteRedirectLocation"), "/test/direct", "WebsiteRedirectLocation", after)

