"""Conditional requests AWS itself refuses with 501 NotImplemented: PutObject and CopyObject with
If-None-Match carrying an ETag (only '*' is accepted), with If-Match '*', or with both headers;
DeleteObject on a general-purpose bucket with x-amz-if-match-last-modified-time or
x-amz-if-match-size (directory buckets only). The 501 is the expected answer here, so the engine
judges it (expect_error with NotImplemented) instead of calling the provider `unsupported`; the
<Error> names the refused header in <Header>, and the object is left as it was: a provider that
accepts the request fails."""

from __future__ import annotations

import datetime

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import API_PRECOND, REF, body, error_fields, make_bucket, put

F = "s3/conditional"
_DELETE_PRECOND = "tests/aws/services/s3/test_s3_api.py::TestS3DeletePrecondition::"
_COPY = API_PRECOND + "test_copy_object_precondition_write_validation"
_KEY = "test-precondition-validation"
_DEST = "dest-object"
_DATA = b"source content"


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/conditional/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _not_implemented(ctx: CaseContext, reply: Reply, header: str) -> None:
    """The answer is 501 NotImplemented whose <Header> names header (comma-separated names are
    compared as a set, case-insensitively, as HTTP header names are)."""
    ctx.expect_error(reply, "NotImplemented", 501)
    named = reply.error.get("Header") or error_fields(reply).get("Header")
    names = lambda text: {part.strip().lower() for part in (text or "").split(",") if part.strip()}  # noqa: E731
    missing = f"the 501 <Error> has no <Header> naming {header}" if named is None else \
        f"the 501 <Error> names {named} in <Header>, not {header}"
    ctx.check(names(named) == names(header), missing, expected=header, observed=named, reply=reply)


def _absent(ctx: CaseContext, bucket: str, key: str, what: str) -> None:
    """key was not created by the refused request: HeadObject answers 404."""
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key=key), None, 404, what=what)


def _unchanged(ctx: CaseContext, bucket: str, key: str, data: bytes, etag: str, what: str) -> None:
    """key still holds data with its ETag: not overwritten nor deleted by the refused request."""
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key=key), what)
    ctx.equal(reply.get("ETag"), etag, f"{what}: ETag", reply)
    ctx.equal(body(reply), data, f"{what}: body", reply)


# -- PutObject --------------------------------------------------------------------------------------
@case("put-if-none-match-etag-not-implemented", ["PutObject"],
      recorded(REF, API_PRECOND + "test_put_object_if_none_match_validation", "put-obj-if-none-match-bad-value"))
def put_if_none_match_etag(ctx: CaseContext) -> None:
    """PutObject with If-None-Match carrying the object's ETag (only '*' is accepted) answers 501
    NotImplemented naming If-None-Match, and the object is not overwritten."""
    bucket = make_bucket(ctx)
    etag = put(ctx, bucket, _KEY, b"test")["ETag"]
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key=_KEY, Body=b"overwritten", IfNoneMatch=etag)
    _not_implemented(ctx, reply, "If-None-Match")
    _unchanged(ctx, bucket, _KEY, b"test", etag, "GetObject after the refused PutObject")


@case("put-if-match-star-not-implemented", ["PutObject"],
      recorded(REF, API_PRECOND + "test_put_object_if_match_validation", "put-obj-if-match-star-value"))
def put_if_match_star(ctx: CaseContext) -> None:
    """PutObject with If-Match '*' answers 501 NotImplemented naming If-Match, and the key is not
    created."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key=_KEY, Body=b"test", IfMatch="*")
    _not_implemented(ctx, reply, "If-Match")
    _absent(ctx, bucket, _KEY, "HeadObject after the refused PutObject")


@case("put-if-match-and-if-none-match-not-implemented", ["PutObject"],
      recorded(REF, API_PRECOND + "test_put_object_if_match_and_if_none_match_validation",
               "put-obj-both-precondition"))
def put_both_preconditions(ctx: CaseContext) -> None:
    """PutObject with both If-None-Match '*' and If-Match answers 501 NotImplemented naming
    If-Match,If-None-Match (multiple conditional headers), and the key is not created."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key=_KEY, Body=b"test", IfNoneMatch="*", IfMatch="abcdef")
    _not_implemented(ctx, reply, "If-Match,If-None-Match")
    _absent(ctx, bucket, _KEY, "HeadObject after the refused PutObject")


# -- DeleteObject (general-purpose bucket) ------------------------------------------------------------
# Severity advisory: x-amz-if-match-last-modified-time and x-amz-if-match-size came in late 2024 and
# the API reference documents them for directory buckets only. AWS answers 501 on a general-purpose
# bucket today (recorded 2026-02), but it has already extended If-Match on DeleteObject to
# general-purpose buckets and may do the same for these, so a provider that honours them is not
# clearly wrong.
_EARLIER = datetime.timedelta(days=1)


def _delete_case(name: str, step: str, test: str, conditions, header: str, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        etag = put(ctx, bucket, "test-precondition", b"test")["ETag"]
        earlier = datetime.datetime.now(datetime.UTC) - _EARLIER
        reply = ctx.call("s3", "DeleteObject", Bucket=bucket, Key="test-precondition", **conditions(earlier))
        _not_implemented(ctx, reply, header)
        _unchanged(ctx, bucket, "test-precondition", b"test", etag, "GetObject after the refused DeleteObject")

    run.__doc__ = doc
    case(name, ["DeleteObject"], recorded(REF, _DELETE_PRECOND + test, step), severity="advisory")(run)


_delete_case(
    "delete-if-match-last-modified-not-implemented", "delete-obj-if-match-last-modified",
    "test_delete_object_if_match_modified_non_express", lambda earlier: {"IfMatchLastModifiedTime": earlier},
    "x-amz-if-match-last-modified-time",
    "DeleteObject on a general-purpose bucket with x-amz-if-match-last-modified-time (a directory-bucket\n"
    "    header) answers 501 NotImplemented naming it, and the object is kept. Advisory: a header of late\n"
    "    2024, documented for directory buckets only, that AWS may yet extend to general-purpose buckets.")
_delete_case(
    "delete-if-match-size-not-implemented", "delete-obj-if-match-size",
    "test_delete_object_if_match_size_non_express", lambda earlier: {"IfMatchSize": 10},
    "x-amz-if-match-size",
    "DeleteObject on a general-purpose bucket with x-amz-if-match-size (a directory-bucket header)\n"
    "    answers 501 NotImplemented naming it, and the object is kept. Advisory: a header of late 2024,\n"
    "    documented for directory buckets only, that AWS may yet extend to general-purpose buckets.")
_delete_case(
    "delete-if-match-all-not-implemented", "delete-obj-if-match-all",
    "test_delete_object_if_match_all_non_express",
    lambda earlier: {"IfMatchSize": 10, "IfMatch": "badvalue", "IfMatchLastModifiedTime": earlier},
    "x-amz-if-match-last-modified-time",
    "DeleteObject on a general-purpose bucket with If-Match, x-amz-if-match-size and\n"
    "    x-amz-if-match-last-modified-time answers 501 NotImplemented naming\n"
    "    x-amz-if-match-last-modified-time (not the 412 the wrong If-Match alone would get), and the\n"
    "    object is kept. Advisory: directory-bucket headers of late 2024 that AWS may yet extend.")


# -- CopyObject (conditions on the destination) -----------------------------------------------------
def _copy_case(name: str, step: str, conditions, header: str, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        etag = put(ctx, bucket, "source-object", _DATA)["ETag"]
        reply = ctx.call("s3", "CopyObject", Bucket=bucket, Key=_DEST,
                         CopySource={"Bucket": bucket, "Key": "source-object"}, **conditions(etag))
        _not_implemented(ctx, reply, header)
        _absent(ctx, bucket, _DEST, "HeadObject of the destination after the refused CopyObject")

    run.__doc__ = doc
    case(name, ["CopyObject"], recorded(REF, _COPY, step))(run)


_copy_case(
    "copy-if-none-match-etag-not-implemented", "copy-obj-none-match-etag", lambda etag: {"IfNoneMatch": etag},
    "If-None-Match",
    "CopyObject with If-None-Match carrying an ETag (only '*' is accepted) answers 501 NotImplemented\n"
    "    naming If-None-Match, and the destination is not created.")
_copy_case(
    "copy-if-match-star-not-implemented", "copy-obj-if-match-star", lambda etag: {"IfMatch": "*"},
    "If-Match",
    "CopyObject with If-Match '*' answers 501 NotImplemented naming If-Match, and the destination is\n"
    "    not created.")
_copy_case(
    "copy-if-match-and-if-none-match-not-implemented", "copy-obj-both",
    lambda etag: {"IfMatch": "*", "IfNoneMatch": etag}, "If-Match,If-None-Match",
    "CopyObject with both If-Match and If-None-Match answers 501 NotImplemented naming\n"
    "    If-Match,If-None-Match (multiple conditional headers), and the destination is not created.")
