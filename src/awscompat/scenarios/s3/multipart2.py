"""More multipart uploads: ListMultipartUploads with Prefix, Delimiter, MaxUploads and KeyMarker;
ListParts with MaxParts and PartNumberMarker; UploadPartCopy whole, by range, with bad ranges and
with x-amz-copy-source-if-* conditions; part ETags; re-uploaded parts; completing a subset."""

from __future__ import annotations

import datetime

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    BIG_PART,
    REF,
    REF_S3,
    S3,
    api_docs,
    body,
    complete,
    create_upload,
    make_bucket,
    md5_etag,
    put,
    upload_part,
    upload_parts,
)

F = "s3/multipart"
_MPU = "tests/aws/services/s3/test_s3_api.py::TestS3Multipart::"
_RANGE = _MPU + "test_upload_part_copy_range"
_SRC = b"0123456789"  # the recording's source object: its MD5 is 781e5e245d69b566979b86e28d23f2c7
_DAY = datetime.timedelta(days=1)
_LIST_UPLOADS = api_docs("ListMultipartUploads")
_LIST_PARTS = api_docs("ListParts")


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/multipart/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _uploads(ctx: CaseContext, keys: list[str]) -> str:
    bucket = make_bucket(ctx)
    for key in keys:
        create_upload(ctx, bucket, key)
    return bucket


def _upload_keys(reply) -> list[str]:
    return [u.get("Key") for u in reply.get("Uploads") or []]


# -- ListMultipartUploads ----------------------------------------------------------------------
@case("list-uploads-prefix", ["ListMultipartUploads"], _LIST_UPLOADS)
def list_uploads_prefix(ctx: CaseContext) -> None:
    """ListMultipartUploads with a Prefix lists only the uploads of keys under it, and echoes it."""
    bucket = _uploads(ctx, ["a/1", "a/2", "b/1"])
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket, Prefix="a/"))
    ctx.equal(_upload_keys(reply), ["a/1", "a/2"], "upload keys", reply)
    ctx.equal(reply.get("Prefix"), "a/", "Prefix echoed", reply)


@case("list-uploads-delimiter", ["ListMultipartUploads"], _LIST_UPLOADS)
def list_uploads_delimiter(ctx: CaseContext) -> None:
    """With Delimiter '/', uploads of keys below a slash roll up into CommonPrefixes."""
    bucket = _uploads(ctx, ["a/1", "a/2", "c"])
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket, Delimiter="/"))
    ctx.equal(_upload_keys(reply), ["c"], "upload keys", reply)
    ctx.equal([p.get("Prefix") for p in reply.get("CommonPrefixes") or []], ["a/"], "CommonPrefixes", reply)


@case("list-uploads-max-uploads", ["ListMultipartUploads"], _LIST_UPLOADS)
def list_uploads_max(ctx: CaseContext) -> None:
    """MaxUploads caps the page: IsTruncated is true, MaxUploads is echoed and NextKeyMarker is
    the last key listed."""
    bucket = _uploads(ctx, ["k1", "k2", "k3"])
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket, MaxUploads=2))
    ctx.equal(_upload_keys(reply), ["k1", "k2"], "upload keys", reply)
    ctx.equal(reply.get("IsTruncated"), True, "IsTruncated", reply)
    ctx.equal(reply.get("MaxUploads"), 2, "MaxUploads echoed", reply)
    ctx.equal(reply.get("NextKeyMarker"), "k2", "NextKeyMarker", reply)


@case("list-uploads-key-marker", ["ListMultipartUploads"], _LIST_UPLOADS)
def list_uploads_key_marker(ctx: CaseContext) -> None:
    """KeyMarker lists only uploads of keys after it, and is echoed."""
    bucket = _uploads(ctx, ["k1", "k2", "k3"])
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket, KeyMarker="k1"))
    ctx.equal(_upload_keys(reply), ["k2", "k3"], "upload keys", reply)
    ctx.equal(reply.get("KeyMarker"), "k1", "KeyMarker echoed", reply)


@case("list-uploads-none", ["ListMultipartUploads"],
      recorded(REF_S3, S3 + "test_multipart_and_list_parts", "list-all-uploads-completed"))
def list_uploads_none(ctx: CaseContext) -> None:
    """A bucket without uploads lists none: no Uploads, IsTruncated false, MaxUploads 1000."""
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=make_bucket(ctx)))
    ctx.equal(_upload_keys(reply), [], "Uploads", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)
    ctx.equal(reply.get("MaxUploads"), 1000, "MaxUploads", reply)


@case("list-uploads-two-for-one-key", ["ListMultipartUploads"], _LIST_UPLOADS)
def list_uploads_same_key(ctx: CaseContext) -> None:
    """Two uploads started for one key are both listed, each with its own UploadId."""
    bucket = make_bucket(ctx)
    ids = {create_upload(ctx, bucket, "k"), create_upload(ctx, bucket, "k")}
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket))
    ctx.equal({u.get("UploadId") for u in reply.get("Uploads") or []}, ids, "UploadIds listed", reply)


# -- ListParts -------------------------------------------------------------------------------
def _three_parts(ctx: CaseContext) -> tuple[str, str]:
    bucket = make_bucket(ctx)
    upload_id, _ = upload_parts(ctx, bucket, "k", [b"p1", b"p2", b"p3"])
    return bucket, upload_id


def _part_numbers(reply) -> list[int]:
    return [p.get("PartNumber") for p in reply.get("Parts") or []]


@case("list-parts-max-parts", ["ListParts"], _LIST_PARTS)
def list_parts_max(ctx: CaseContext) -> None:
    """MaxParts caps a ListParts page: IsTruncated true, MaxParts echoed, NextPartNumberMarker
    is the last part listed."""
    bucket, upload_id = _three_parts(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="k", UploadId=upload_id, MaxParts=2))
    ctx.equal(_part_numbers(reply), [1, 2], "part numbers", reply)
    ctx.equal(reply.get("IsTruncated"), True, "IsTruncated", reply)
    ctx.equal(reply.get("MaxParts"), 2, "MaxParts echoed", reply)
    ctx.equal(reply.get("NextPartNumberMarker"), 2, "NextPartNumberMarker", reply)


@case("list-parts-part-number-marker", ["ListParts"], _LIST_PARTS)
def list_parts_marker(ctx: CaseContext) -> None:
    """PartNumberMarker lists only the parts after it; the last page is not truncated."""
    bucket, upload_id = _three_parts(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="k", UploadId=upload_id,
                                   PartNumberMarker=1))
    ctx.equal(_part_numbers(reply), [2, 3], "part numbers", reply)
    ctx.equal(reply.get("PartNumberMarker"), 1, "PartNumberMarker echoed", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)


@case("list-parts-defaults", ["ListParts"],
      recorded(REF_S3, S3 + "test_list_parts_empty_part_number_marker", "list-parts-empty-marker"))
def list_parts_defaults(ctx: CaseContext) -> None:
    """Without markers ListParts answers MaxParts 1000, PartNumberMarker 0 and
    NextPartNumberMarker = the last part; the part's Size is its length."""
    bucket = make_bucket(ctx)
    upload_id, _ = upload_parts(ctx, bucket, "k", [b"test"])
    reply = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="k", UploadId=upload_id))
    ctx.equal(reply.get("MaxParts"), 1000, "MaxParts", reply)
    ctx.equal(reply.get("PartNumberMarker"), 0, "PartNumberMarker", reply)
    ctx.equal(reply.get("NextPartNumberMarker"), 1, "NextPartNumberMarker", reply)
    ctx.equal([p.get("Size") for p in reply.get("Parts") or []], [4], "part sizes", reply)


# -- part ETags and replacement -------------------------------------------------------------
@case("part-etag-is-md5", ["UploadPart"],
      recorded(REF_S3, S3 + "test_list_parts_empty_part_number_marker", "list-parts-empty-marker"))
def part_etag_md5(ctx: CaseContext) -> None:
    """The ETag of an uploaded part is the quoted MD5 of its bytes ('test' gives 8d777f38...)."""
    bucket = make_bucket(ctx)
    upload_id = create_upload(ctx, bucket, "k")
    reply = ctx.expect_ok(ctx.call("s3", "UploadPart", Bucket=bucket, Key="k", UploadId=upload_id,
                                   PartNumber=1, Body=b"test"))
    ctx.equal(reply.get("ETag"), md5_etag(b"test"), "part ETag", reply)


@case("reupload-part-replaces", ["UploadPart", "ListParts", "CompleteMultipartUpload"], api_docs("UploadPart"))
def reupload_part(ctx: CaseContext) -> None:
    """Uploading a part number again replaces the earlier part: ListParts shows it once with the
    new ETag, and the completed object holds the new bytes."""
    bucket = make_bucket(ctx)
    upload_id = create_upload(ctx, bucket, "k")
    upload_part(ctx, bucket, "k", upload_id, 1, b"first")
    second = upload_part(ctx, bucket, "k", upload_id, 1, b"second")
    listed = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="k", UploadId=upload_id))
    ctx.equal([(p.get("PartNumber"), p.get("ETag")) for p in listed.get("Parts") or []],
              [(1, md5_etag(b"second"))], "parts listed", listed)
    ctx.expect_ok(complete(ctx, bucket, "k", upload_id, [second]))
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(body(reply), b"second", "object body", reply)


@case("replaced-part-old-etag-refused", ["UploadPart", "CompleteMultipartUpload"], api_docs("UploadPart"))
def replaced_part_old_etag(ctx: CaseContext) -> None:
    """Completing with the ETag of a part that was since replaced answers 400 InvalidPart."""
    bucket = make_bucket(ctx)
    upload_id = create_upload(ctx, bucket, "k")
    first = upload_part(ctx, bucket, "k", upload_id, 1, b"first")
    upload_part(ctx, bucket, "k", upload_id, 1, b"second")
    ctx.expect_error(complete(ctx, bucket, "k", upload_id, [first]), "InvalidPart", 400)


@case("complete-subset-of-parts", ["CompleteMultipartUpload", "GetObject"], api_docs("CompleteMultipartUpload"))
def complete_subset(ctx: CaseContext) -> None:
    """Completing with parts 1 and 3 of three uploaded parts builds the object from those two
    only; part 2 is discarded."""
    bucket = make_bucket(ctx)
    upload_id, done = upload_parts(ctx, bucket, "k", [BIG_PART, b"middle", b"last"])
    ctx.expect_ok(complete(ctx, bucket, "k", upload_id, [done[0], done[2]]))
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(reply.get("ContentLength"), len(BIG_PART) + len(b"last"), "ContentLength", reply)
    tail = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", Range="bytes=-4"))
    ctx.equal(body(tail), b"last", "last bytes", tail)


# -- UploadPartCopy ----------------------------------------------------------------------------
def _copy_target(ctx: CaseContext) -> tuple[str, str, dict]:
    """A bucket with the source object 'src' and an upload for 'dst'; returns (bucket, UploadId, source head)."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "src", _SRC)
    head = ctx.fixture("s3", "HeadObject", Bucket=bucket, Key="src").parsed
    return bucket, create_upload(ctx, bucket, "dst"), head


def _copy_part(ctx: CaseContext, bucket: str, upload_id: str, number: int = 1, **extra):
    return ctx.call("s3", "UploadPartCopy", Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=number,
                    CopySource={"Bucket": bucket, "Key": "src"}, **extra)


@case("upload-part-copy-whole", ["UploadPartCopy", "ListParts"],
      recorded(REF, _MPU + "test_upload_part_copy_no_copy_source_range", "upload-part-copy"))
def upload_part_copy_whole(ctx: CaseContext) -> None:
    """UploadPartCopy without a range copies the whole source: the part ETag is the source's MD5
    and ListParts gives the part the source's size."""
    bucket, upload_id, _ = _copy_target(ctx)
    reply = ctx.expect_ok(_copy_part(ctx, bucket, upload_id))
    ctx.equal((reply.get("CopyPartResult") or {}).get("ETag"), md5_etag(_SRC), "CopyPartResult.ETag", reply)
    parts = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="dst", UploadId=upload_id))
    ctx.equal([p.get("Size") for p in parts.get("Parts") or []], [len(_SRC)], "part sizes", parts)


@case("upload-part-copy-ranges", ["UploadPartCopy", "ListParts"], recorded(REF, _RANGE, "list-parts"))
def upload_part_copy_ranges(ctx: CaseContext) -> None:
    """CopySourceRange copies exactly the inclusive byte range: bytes=0-8, 1-1 and 0-0 give parts
    of 9, 1 and 1 bytes whose ETags are the MD5s of those bytes."""
    bucket, upload_id, _ = _copy_target(ctx)
    ranges = [(0, 8), (1, 1), (0, 0)]
    for number, (first, last) in enumerate(ranges, start=1):
        reply = ctx.expect_ok(_copy_part(ctx, bucket, upload_id, number, CopySourceRange=f"bytes={first}-{last}"))
        ctx.equal((reply.get("CopyPartResult") or {}).get("ETag"), md5_etag(_SRC[first:last + 1]),
                  f"ETag of part {number}", reply)
    parts = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="dst", UploadId=upload_id))
    ctx.equal([p.get("Size") for p in parts.get("Parts") or []], [9, 1, 1], "part sizes", parts)


_BAD_RANGES = [
    ("no-unit", "0-8", "upload-part-copy-wrong-format", "InvalidArgument"),
    ("reversed", "bytes=1-0", "upload-part-copy-range-exc-1-0", "InvalidArgument"),
    ("multiple", "bytes=0-1,3-4,7-9", "upload-part-copy-range-exc-0-1,3-4,7-9", "InvalidArgument"),
    ("suffix", "bytes=-2", "upload-part-copy-range-exc--2", "InvalidArgument"),
    ("open-ended", "bytes=1-", "upload-part-copy-range-exc-1-", "InvalidArgument"),
    ("end-beyond-size", "bytes=0-100", "upload-part-copy-range-exc-0-100", "InvalidArgument"),
    ("start-beyond-size", "bytes=100-200", "upload-part-copy-range-exc-100-200", "InvalidRequest"),
]


def _bad_range_case(name: str, value: str, step: str, code: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket, upload_id, _ = _copy_target(ctx)
        ctx.expect_error(_copy_part(ctx, bucket, upload_id, CopySourceRange=value), code, 400)

    run.__doc__ = f"UploadPartCopy with x-amz-copy-source-range {value!r} (source of 10 bytes) answers 400 {code}."
    case(f"upload-part-copy-range-{name}", ["UploadPartCopy"], recorded(REF, _RANGE, step))(run)


for _row in _BAD_RANGES:
    _bad_range_case(*_row)


# (name, condition parameter, value from the source head, expected status or None for 200, test, step)
_CONDITIONS = [
    ("if-match-holds", "CopySourceIfMatch", lambda h: h["ETag"], None,
     "test_upload_part_copy_with_copy_source_if_match_success", "upload-part-copy-if-match"),
    ("if-match-fails", "CopySourceIfMatch", lambda h: '"0123456789abcdef0123456789abcdef"', 412,
     "test_upload_part_copy_with_copy_source_if_match_failed", "upload-part-copy-source-if-match"),
    ("if-none-match-fails", "CopySourceIfNoneMatch", lambda h: h["ETag"], 412,
     "test_upload_part_copy_with_copy_source_if_none_match_failed", "upload-part-copy-source-if-none-match"),
    ("if-none-match-holds", "CopySourceIfNoneMatch", lambda h: '"0123456789abcdef0123456789abcdef"', None,
     "test_upload_part_copy_with_copy_source_if_match_none_success", "upload-part-copy-if-none-match"),
    ("if-unmodified-since-fails", "CopySourceIfUnmodifiedSince", lambda h: h["LastModified"] - _DAY, 412,
     "test_upload_part_copy_with_copy_source_if_unmodified_since_match_failed",
     "upload-part-copy-source-unmodified-since-match"),
    ("if-modified-since-fails", "CopySourceIfModifiedSince", lambda h: h["LastModified"], 412,
     "test_upload_part_copy_with_if_modified_since_failed", "upload-part-copy-source-modified-since-match"),
    ("if-modified-since-holds", "CopySourceIfModifiedSince", lambda h: h["LastModified"] - _DAY, None,
     "test_upload_part_copy_with_copy_source_if_modified_since_success", "upload-part-copy-if-modified-since"),
]


def _condition_case(name: str, param: str, value, status: int | None, test: str, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket, upload_id, head = _copy_target(ctx)
        reply = _copy_part(ctx, bucket, upload_id, **{param: value(head)})
        if status is None:
            ctx.expect_ok(reply)
            ctx.equal((reply.get("CopyPartResult") or {}).get("ETag"), head["ETag"], "CopyPartResult.ETag", reply)
        else:
            ctx.expect_error(reply, "PreconditionFailed", status)

    run.__doc__ = (f"UploadPartCopy with {param} ({name.replace('-', ' ')}) "
                   + ("copies the part." if status is None else "answers 412 PreconditionFailed."))
    case(f"upload-part-copy-{name}", ["UploadPartCopy"], recorded(REF, _MPU + test, step))(run)


for _row in _CONDITIONS:
    _condition_case(*_row)
