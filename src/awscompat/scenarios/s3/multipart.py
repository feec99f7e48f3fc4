"""S3 multipart uploads: create, upload part, complete, abort, list parts and uploads."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    BIG_PART,
    REF_S3,
    S3,
    api_docs,
    body,
    complete,
    create_upload,
    make_bucket,
    md5_etag,
    multipart_etag,
    multipart_object,
    upload_part,
    upload_parts,
)

_LIST = S3 + "test_multipart_and_list_parts"
_SMALL = b"data"  # 4 bytes: what the recordings used for parts that are too small


@scenario(
    id="s3/scenario/multipart/complete-single-part",
    feature="s3/multipart",
    operations=["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "GetObject"],
    provenance=recorded(REF_S3, _LIST, "complete-multipart"),
)
def complete_single_part(ctx: CaseContext) -> None:
    """A one-part upload completes (the last part may be small) with the multipart ETag: the MD5
    of the part MD5s with a -1 suffix; the object reads back as the part."""
    bucket = make_bucket(ctx)
    data = b"upload-part-1" * 5
    upload_id, parts = upload_parts(ctx, bucket, "test-list-parts", [data])
    ctx.equal(parts[0]["ETag"], md5_etag(data), "UploadPart ETag (MD5 of the part)")
    reply = ctx.expect_ok(complete(ctx, bucket, "test-list-parts", upload_id, parts))
    ctx.equal(reply.get("ETag"), multipart_etag([data]), "CompleteMultipartUpload ETag", reply)
    ctx.equal(reply.get("Key"), "test-list-parts", "Key", reply)
    ctx.equal(reply.get("Bucket"), bucket, "Bucket", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="test-list-parts"))
    ctx.equal(body(reply), data, "object body", reply)
    ctx.equal(reply.get("ETag"), multipart_etag([data]), "GetObject ETag", reply)


@scenario(
    id="s3/scenario/multipart/complete-two-parts",
    feature="s3/multipart",
    operations=["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "GetObject"],
    provenance=recorded(REF_S3, S3 + "test_complete_multipart_parts_order", "complete-multipart-ordered"),
)
def complete_two_parts(ctx: CaseContext) -> None:
    """A big first part and a small last part complete into one object of their joint length,
    whose ETag is the MD5 of the part MD5s with a -2 suffix."""
    bucket = make_bucket(ctx)
    data = [BIG_PART, b"tail"]
    upload_id, parts = upload_parts(ctx, bucket, "key", data)
    reply = ctx.expect_ok(complete(ctx, bucket, "key", upload_id, parts))
    ctx.equal(reply.get("ETag"), multipart_etag(data), "CompleteMultipartUpload ETag", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key", Range="bytes=-8"))
    ctx.equal(body(reply), b"aaaatail", "the last bytes span the part boundary", reply)
    ctx.equal(reply.get("ContentRange"), f"bytes {len(BIG_PART) - 4}-{len(BIG_PART) + 3}/{len(BIG_PART) + 4}",
              "ContentRange", reply)


@scenario(
    id="s3/scenario/multipart/abort-then-no-such-upload",
    feature="s3/multipart",
    operations=["AbortMultipartUpload", "UploadPart", "ListParts"],
    provenance=api_docs("AbortMultipartUpload"),
)
def abort_then_no_such_upload(ctx: CaseContext) -> None:
    """Aborting an upload answers 204; the upload is then gone: UploadPart and ListParts answer
    404 NoSuchUpload."""
    bucket = make_bucket(ctx)
    upload_id, _ = upload_parts(ctx, bucket, "key", [_SMALL])
    reply = ctx.expect_ok(ctx.call("s3", "AbortMultipartUpload", Bucket=bucket, Key="key", UploadId=upload_id))
    ctx.equal(reply.status, 204, "AbortMultipartUpload status", reply)
    reply = ctx.call("s3", "UploadPart", Bucket=bucket, Key="key", UploadId=upload_id, PartNumber=2, Body=_SMALL)
    ctx.expect_error(reply, "NoSuchUpload", 404, what="UploadPart after abort")
    reply = ctx.call("s3", "ListParts", Bucket=bucket, Key="key", UploadId=upload_id)
    ctx.expect_error(reply, "NoSuchUpload", 404, what="ListParts after abort")


@scenario(
    id="s3/scenario/multipart/unknown-upload-id",
    feature="s3/multipart",
    operations=["UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload"],
    provenance=recorded(REF_S3, S3 + "test_multipart_no_such_upload", "upload-exc"),
)
def unknown_upload_id(ctx: CaseContext) -> None:
    """UploadPart, CompleteMultipartUpload and AbortMultipartUpload with an upload id that was
    never issued answer 404 NoSuchUpload."""
    bucket = make_bucket(ctx)
    common = {"Bucket": bucket, "Key": "fake-key", "UploadId": "fakeid"}
    reply = ctx.call("s3", "UploadPart", PartNumber=1, Body=_SMALL, **common)
    ctx.expect_error(reply, "NoSuchUpload", 404, what="UploadPart")
    reply = ctx.call("s3", "CompleteMultipartUpload", **common)
    ctx.expect_error(reply, "NoSuchUpload", 404, what="CompleteMultipartUpload")
    ctx.expect_error(ctx.call("s3", "AbortMultipartUpload", **common), "NoSuchUpload", 404,
                     what="AbortMultipartUpload")


@scenario(
    id="s3/scenario/multipart/upload-id-bound-to-key",
    feature="s3/multipart",
    operations=["UploadPart", "ListParts"],
    provenance=recorded(REF_S3, S3 + "test_multipart_key_validation", "upload-part-wrong-key-name"),
)
def upload_id_bound_to_key(ctx: CaseContext) -> None:
    """An upload id belongs to its key: used with another key it answers 404 NoSuchUpload."""
    bucket = make_bucket(ctx)
    upload_id = create_upload(ctx, bucket, "key")
    reply = ctx.call("s3", "UploadPart", Bucket=bucket, Key="other-key", UploadId=upload_id, PartNumber=1,
                     Body=_SMALL)
    ctx.expect_error(reply, "NoSuchUpload", 404, what="UploadPart with another key")
    reply = ctx.call("s3", "ListParts", Bucket=bucket, Key="other-key", UploadId=upload_id)
    ctx.expect_error(reply, "NoSuchUpload", 404, what="ListParts with another key")


@scenario(
    id="s3/scenario/multipart/list-parts",
    feature="s3/multipart",
    operations=["ListParts"],
    provenance=recorded(REF_S3, _LIST, "list-part-after-upload"),
)
def list_parts(ctx: CaseContext) -> None:
    """ListParts names each uploaded part with its PartNumber, Size and ETag, in part order, and
    is not truncated."""
    bucket = make_bucket(ctx)
    data = [_SMALL, b"second part"]
    upload_id, parts = upload_parts(ctx, bucket, "key", data)
    reply = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="key", UploadId=upload_id))
    listed = [(p.get("PartNumber"), p.get("Size"), p.get("ETag")) for p in reply.get("Parts") or []]
    ctx.equal(listed, [(1, len(data[0]), parts[0]["ETag"]), (2, len(data[1]), parts[1]["ETag"])],
              "Parts (number, size, ETag)", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)
    ctx.equal(reply.get("UploadId"), upload_id, "UploadId", reply)
    ctx.equal(reply.get("Key"), "key", "Key", reply)


@scenario(
    id="s3/scenario/multipart/list-parts-before-any-part",
    feature="s3/multipart",
    operations=["ListParts"],
    provenance=recorded(REF_S3, _LIST, "list-part-after-created"),
)
def list_parts_before_any_part(ctx: CaseContext) -> None:
    """ListParts on a fresh upload answers 200 with no parts, not truncated."""
    bucket = make_bucket(ctx)
    upload_id = create_upload(ctx, bucket, "key")
    reply = ctx.expect_ok(ctx.call("s3", "ListParts", Bucket=bucket, Key="key", UploadId=upload_id))
    ctx.equal(reply.get("Parts") or [], [], "Parts", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)


@scenario(
    id="s3/scenario/multipart/completed-upload-is-gone",
    feature="s3/multipart",
    operations=["CompleteMultipartUpload", "ListParts", "ListMultipartUploads"],
    provenance=recorded(REF_S3, _LIST, "list-part-after-complete-exc"),
)
def completed_upload_is_gone(ctx: CaseContext) -> None:
    """Once completed, an upload is no longer listed, and ListParts on it answers 404
    NoSuchUpload."""
    bucket = make_bucket(ctx)
    upload_id = multipart_object(ctx, bucket, "key", [_SMALL])
    reply = ctx.call("s3", "ListParts", Bucket=bucket, Key="key", UploadId=upload_id)
    ctx.expect_error(reply, "NoSuchUpload", 404, what="ListParts after complete")
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket))
    ctx.equal(reply.get("Uploads") or [], [], "Uploads after complete", reply)


@scenario(
    id="s3/scenario/multipart/list-uploads",
    feature="s3/multipart",
    operations=["ListMultipartUploads"],
    provenance=recorded(REF_S3, _LIST, "list-all-uploads"),
)
def list_uploads(ctx: CaseContext) -> None:
    """ListMultipartUploads names an in-progress upload by Key and UploadId."""
    bucket = make_bucket(ctx)
    upload_id = create_upload(ctx, bucket, "test-list-parts")
    reply = ctx.expect_ok(ctx.call("s3", "ListMultipartUploads", Bucket=bucket))
    listed = [(u.get("Key"), u.get("UploadId")) for u in reply.get("Uploads") or []]
    ctx.equal(listed, [("test-list-parts", upload_id)], "Uploads", reply)
    ctx.equal(reply.get("IsTruncated"), False, "IsTruncated", reply)


@scenario(
    id="s3/scenario/multipart/entity-too-small",
    feature="s3/multipart",
    operations=["CompleteMultipartUpload"],
    provenance=recorded(REF_S3, S3 + "test_multipart_complete_multipart_too_small", "complete-exc-too-small"),
)
def entity_too_small(ctx: CaseContext) -> None:
    """Completing with a part under 5 MiB that is not the last part is refused with 400
    EntityTooSmall."""
    bucket = make_bucket(ctx)
    upload_id, parts = upload_parts(ctx, bucket, "key", [_SMALL, _SMALL])
    ctx.expect_error(complete(ctx, bucket, "key", upload_id, parts), "EntityTooSmall", 400)


@scenario(
    id="s3/scenario/multipart/complete-without-parts",
    feature="s3/multipart",
    operations=["CompleteMultipartUpload"],
    provenance=recorded(REF_S3, S3 + "test_multipart_complete_multipart_too_small", "complete-exc-no-parts"),
)
def complete_without_parts(ctx: CaseContext) -> None:
    """CompleteMultipartUpload without a parts list is refused with 400 InvalidRequest."""
    bucket = make_bucket(ctx)
    upload_id, _ = upload_parts(ctx, bucket, "key", [_SMALL])
    reply = ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key="key", UploadId=upload_id)
    ctx.expect_error(reply, "InvalidRequest", 400)


@scenario(
    id="s3/scenario/multipart/invalid-part-number",
    feature="s3/multipart",
    operations=["CompleteMultipartUpload"],
    provenance=recorded(REF_S3, S3 + "test_multipart_complete_multipart_wrong_part",
                        "complete-exc-wrong-part-number"),
)
def invalid_part_number(ctx: CaseContext) -> None:
    """Completing with a part number that was never uploaded is refused with 400 InvalidPart."""
    bucket = make_bucket(ctx)
    upload_id, parts = upload_parts(ctx, bucket, "key", [_SMALL])
    wrong = [{"ETag": parts[0]["ETag"], "PartNumber": 2}]
    ctx.expect_error(complete(ctx, bucket, "key", upload_id, wrong), "InvalidPart", 400)


@scenario(
    id="s3/scenario/multipart/invalid-part-etag",
    feature="s3/multipart",
    operations=["CompleteMultipartUpload"],
    provenance=recorded(REF_S3, S3 + "test_multipart_complete_multipart_wrong_part", "complete-exc-wrong-etag"),
)
def invalid_part_etag(ctx: CaseContext) -> None:
    """Completing with an ETag that does not match the uploaded part is refused with 400
    InvalidPart."""
    bucket = make_bucket(ctx)
    upload_id, _ = upload_parts(ctx, bucket, "key", [_SMALL])
    wrong = [{"ETag": "d41d8cd98f00b204e9800998ecf8427e", "PartNumber": 1}]
    ctx.expect_error(complete(ctx, bucket, "key", upload_id, wrong), "InvalidPart", 400)


@scenario(
    id="s3/scenario/multipart/invalid-part-order",
    feature="s3/multipart",
    operations=["CompleteMultipartUpload"],
    provenance=recorded(REF_S3, S3 + "test_complete_multipart_parts_order", "complete-multipart-unordered"),
)
def invalid_part_order(ctx: CaseContext) -> None:
    """Completing with the parts list out of ascending order is refused with 400
    InvalidPartOrder (all parts big enough, so order is the only fault)."""
    bucket = make_bucket(ctx)
    upload_id, parts = upload_parts(ctx, bucket, "key", [BIG_PART, BIG_PART])
    ctx.expect_error(complete(ctx, bucket, "key", upload_id, list(reversed(parts))), "InvalidPartOrder", 400)


@scenario(
    id="s3/scenario/multipart/part-number-out-of-range",
    feature="s3/multipart",
    operations=["UploadPart"],
    provenance=recorded(REF_S3, S3 + "test_complete_multipart_parts_order", "upload-part-negative-part-number"),
)
def part_number_out_of_range(ctx: CaseContext) -> None:
    """UploadPart with a part number outside 1..10000 is refused with 400 InvalidArgument."""
    bucket = make_bucket(ctx)
    upload_id = create_upload(ctx, bucket, "key")
    reply = ctx.call("s3", "UploadPart", Bucket=bucket, Key="key", UploadId=upload_id, PartNumber=-1, Body=_SMALL)
    ctx.expect_error(reply, "InvalidArgument", 400)


@scenario(
    id="s3/scenario/multipart/complete-overwrites-object",
    feature="s3/multipart",
    operations=["PutObject", "CompleteMultipartUpload", "GetObject"],
    provenance=recorded(REF_S3, S3 + "test_multipart_overwrite_key", "multipart-upload"),
)
def complete_overwrites_object(ctx: CaseContext) -> None:
    """Completing an upload onto a key that holds an object replaces that object."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="test.file", Body=b"old object body"))
    upload_id = create_upload(ctx, bucket, "test.file")
    parts = [upload_part(ctx, bucket, "test.file", upload_id, 1, b"new")]
    ctx.expect_ok(complete(ctx, bucket, "test.file", upload_id, parts))
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="test.file"))
    ctx.equal(body(reply), b"new", "body after the upload completed", reply)
    ctx.equal(reply.get("ETag"), multipart_etag([b"new"]), "ETag after the upload completed", reply)
