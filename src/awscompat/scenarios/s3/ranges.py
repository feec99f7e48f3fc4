"""S3 ranged GET: 206 with Content-Range, suffix and open ranges, clamping, 416, ignored ranges.

Every scenario reads a ten-byte object b"0123456789", as the recording did."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import API_CRUD, REF, REF_S3, S3, body, make_bucket, md5_etag, put

_DATA = b"0123456789"
_RANGE = API_CRUD + "test_get_object_range"


def _get(ctx: CaseContext, range_header: str, key: str = "key"):
    """A bucket with the ten-byte object, then GetObject of it with the given Range header."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", _DATA)
    return ctx.call("s3", "GetObject", Bucket=bucket, Key=key, Range=range_header)


def _expect_partial(ctx: CaseContext, reply, content_range: str, data: bytes) -> None:
    """206 Partial Content with this Content-Range, this body and its length."""
    ctx.expect_ok(reply)
    ctx.equal(reply.status, 206, "status", reply)
    ctx.equal(reply.get("ContentRange"), content_range, "ContentRange", reply)
    ctx.equal(reply.get("ContentLength"), len(data), "ContentLength", reply)
    ctx.equal(body(reply), data, "body", reply)


def _expect_whole(ctx: CaseContext, reply) -> None:
    """The Range header was ignored: 200 with the whole object and no Content-Range."""
    ctx.expect_ok(reply)
    ctx.equal(reply.status, 200, "status (range ignored)", reply)
    ctx.equal(reply.get("ContentRange"), None, "ContentRange", reply)
    ctx.equal(body(reply), _DATA, "body (whole object)", reply)


def _declare(name: str, step: str, doc: str, range_header: str, *, content_range: str | None = None,
             data: bytes = b"", ref: str = REF, key: str = _RANGE, severity: str = "required") -> None:
    """Declare one ranged-GET scenario: partial (content_range given) or whole-object answer."""

    def run(ctx: CaseContext) -> None:
        reply = _get(ctx, range_header)
        if content_range is None:
            _expect_whole(ctx, reply)
        else:
            _expect_partial(ctx, reply, content_range, data)

    run.__doc__ = doc
    scenario(id=f"s3/scenario/ranges/{name}", feature="s3/ranges", operations=["GetObject"],
             provenance=recorded(ref, key, step), severity=severity)(run)


_declare("first-bytes", "get-0-8", "Range bytes=0-8 answers 206 with the first nine bytes and "
         "Content-Range bytes 0-8/10.", "bytes=0-8", content_range="bytes 0-8/10", data=b"012345678")
_declare("single-byte", "get-0-0", "Range bytes=0-0 answers 206 with exactly one byte.",
         "bytes=0-0", content_range="bytes 0-0/10", data=b"0")
_declare("open-ended", "get-1-", "Range bytes=1- answers 206 with everything from byte 1 to the end.",
         "bytes=1-", content_range="bytes 1-9/10", data=b"123456789")
_declare("suffix", "get--2", "Range bytes=-2 (a suffix range) answers 206 with the last two bytes.",
         "bytes=-2", content_range="bytes 8-9/10", data=b"89")
_declare("suffix-longer-than-object", "get--15", "A suffix range longer than the object (bytes=-15) "
         "answers 206 with the whole object and Content-Range bytes 0-9/10.",
         "bytes=-15", content_range="bytes 0-9/10", data=_DATA)
_declare("end-past-object-clamped", "get-0-100", "A range whose end is past the object (bytes=0-100) "
         "is clamped: 206 with Content-Range bytes 0-9/10.",
         "bytes=0-100", content_range="bytes 0-9/10", data=_DATA)
_declare("reversed-range-ignored", "get-1-0", "A range whose last byte is before its first "
         "(bytes=1-0) is ignored: 200 with the whole object.", "bytes=1-0", severity="advisory")
_declare("multiple-ranges-ignored", "get-multiple-ranges", "A multi-range request "
         "(bytes=0-1,3-4,7-9) is not served as multipart/byteranges: 200 with the whole object.",
         "bytes=0-1,3-4,7-9", severity="advisory")


@scenario(
    id="s3/scenario/ranges/start-past-object-416",
    feature="s3/ranges",
    operations=["GetObject"],
    provenance=recorded(REF, _RANGE, "get-100-200"),
)
def start_past_object_416(ctx: CaseContext) -> None:
    """A range that starts past the end of the object (bytes=100-200) answers 416 InvalidRange."""
    ctx.expect_error(_get(ctx, "bytes=100-200"), "InvalidRange", 416)


@scenario(
    id="s3/scenario/ranges/suffix-zero-416",
    feature="s3/ranges",
    operations=["GetObject"],
    provenance=recorded(REF, _RANGE, "get--0"),
)
def suffix_zero_416(ctx: CaseContext) -> None:
    """A suffix range of zero bytes (bytes=-0) is unsatisfiable: 416 InvalidRange."""
    ctx.expect_error(_get(ctx, "bytes=-0"), "InvalidRange", 416)


@scenario(
    id="s3/scenario/ranges/missing-key-404",
    feature="s3/ranges",
    operations=["GetObject"],
    provenance=recorded(REF_S3, S3 + "test_range_key_not_exists", "exc"),
)
def missing_key_404(ctx: CaseContext) -> None:
    """A ranged GET of a key that does not exist answers 404 NoSuchKey, not 416."""
    ctx.expect_error(_get(ctx, "bytes=1024-4096", key="my-key"), "NoSuchKey", 404)


@scenario(
    id="s3/scenario/ranges/etag-of-whole-object",
    feature="s3/ranges",
    operations=["GetObject"],
    provenance=recorded(REF_S3, S3 + "test_etag_on_get_object_call", "get_object_range"),
)
def etag_of_whole_object(ctx: CaseContext) -> None:
    """A ranged GET carries the whole object's ETag and AcceptRanges bytes."""
    reply = ctx.expect_ok(_get(ctx, "bytes=0-4"))
    body(reply)
    ctx.equal(reply.get("ETag"), md5_etag(_DATA), "ETag", reply)
    ctx.equal(reply.get("AcceptRanges"), "bytes", "AcceptRanges", reply)
