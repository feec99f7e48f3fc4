"""More of the S3 error envelope: RequestId and HostId agreeing with the response headers,
MethodNotAllowed naming Method and ResourceType, NoSuchVersion naming Key and VersionId,
InvalidBucketName for several invalid names, KeyTooLongError, and a negative max-keys."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_CRUD,
    API_TAGGING,
    ERROR_DOCS,
    REF,
    REF_S3,
    api_docs,
    body,
    bucket_config,
    enable_versioning,
    error_fields,
    guide,
    header,
    make_bucket,
    put,
    tag_set,
)

F = "s3/errors"
_DELETE = API_CRUD + "test_delete_object_versioned"
_NAMING = guide("bucketnamingrules.html")
_KEYS = guide("object-keys.html")


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/errors/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _expect_fields(ctx: CaseContext, reply, expected: dict[str, str]) -> None:
    fields = error_fields(reply)
    for name, value in expected.items():
        ctx.equal(fields.get(name), value, f"<{name}> of the <Error> document", reply)


# -- RequestId and HostId ------------------------------------------------------------------------
def _missing_key(ctx: CaseContext):
    return ctx.expect_error(ctx.call("s3", "GetObject", Bucket=make_bucket(ctx), Key="missing"), "NoSuchKey", 404)


@case("request-id-matches-header", ["GetObject"], ERROR_DOCS, severity="advisory")
def request_id_matches_header(ctx: CaseContext) -> None:
    """The <RequestId> of an error document is the request's id, the same as the
    x-amz-request-id response header."""
    reply = _missing_key(ctx)
    request_id = header(reply, "x-amz-request-id")
    ctx.check(request_id, "the error answer has no x-amz-request-id header", expected="x-amz-request-id",
              observed=None, reply=reply)
    _expect_fields(ctx, reply, {"RequestId": request_id})


@case("host-id-matches-header", ["GetObject"],
      recorded(REF_S3, "tests/aws/services/s3/test_s3.py::TestS3PresignedPost::test_post_request_missing_signature[s3v4]",
               "exception-missing-signature"), severity="advisory")
def host_id_matches_header(ctx: CaseContext) -> None:
    """The <Error> document carries a <HostId>, equal to the x-amz-id-2 response header."""
    reply = _missing_key(ctx)
    host_id = error_fields(reply).get("HostId")
    ctx.check(host_id, "the <Error> document has no <HostId>", expected="HostId", observed=error_fields(reply),
              reply=reply)
    ctx.equal(header(reply, "x-amz-id-2"), host_id, "x-amz-id-2 header", reply)


# -- MethodNotAllowed on delete markers --------------------------------------------------------
# (name, operation, HTTP method, by version id?, recording, step)
_NOT_ALLOWED = [
    ("get-object-tagging-marker-version", "GetObjectTagging", "GET", True, API_TAGGING + "test_object_tagging_versioned",
     "get-object-tags-delete-marker-id"),
    ("delete-object-tagging-marker-version", "DeleteObjectTagging", "DELETE", True,
     API_TAGGING + "test_object_tagging_versioned", "delete-object-tags-delete-marker-id"),
    ("get-object-tagging-current-marker", "GetObjectTagging", "GET", False,
     API_TAGGING + "test_object_tagging_versioned", "get-object-tags-delete-marker-latest"),
    ("put-object-tagging-current-marker", "PutObjectTagging", "PUT", False,
     API_TAGGING + "test_object_tagging_versioned", "put-object-tags-delete-marker-latest"),
    ("delete-object-tagging-current-marker", "DeleteObjectTagging", "DELETE", False,
     API_TAGGING + "test_object_tagging_versioned", "delete-object-tags-delete-marker-latest"),
    ("get-object-marker-version", "GetObject", "GET", True, _DELETE, "get-delete-marker"),
]


def _not_allowed_case(name: str, operation: str, method: str, by_version: bool, test: str, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        enable_versioning(ctx, bucket)
        put(ctx, bucket, "k", b"data")
        marker = ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="k").get("VersionId")
        params = {"Bucket": bucket, "Key": "k", **({"VersionId": marker} if by_version else {})}
        if operation == "PutObjectTagging":
            params["Tagging"] = tag_set({"a": "b"})
        reply = ctx.expect_error(ctx.call("s3", operation, **params), "MethodNotAllowed", 405)
        _expect_fields(ctx, reply, {"Method": method, "ResourceType": "DeleteMarker"})

    target = "naming a delete marker's VersionId" if by_version else "on a key whose current version is a delete marker"
    run.__doc__ = (f"{operation} {target} answers 405 MethodNotAllowed; the <Error> names Method {method} "
                   "and ResourceType DeleteMarker.")
    case(f"method-not-allowed-{name}", [operation], recorded(REF, test, step))(run)


for _row in _NOT_ALLOWED:
    _not_allowed_case(*_row)


@case("no-such-version-envelope", ["GetObject"], recorded(REF, _DELETE, "get-deleted-object-with-version"))
def no_such_version(ctx: CaseContext) -> None:
    """GetObject of a version that was permanently deleted answers 404 NoSuchVersion; the <Error>
    names the Key and the VersionId and says 'The specified version does not exist.'"""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    version = put(ctx, bucket, "k", b"one")["VersionId"]
    put(ctx, bucket, "k", b"two")
    ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="k", VersionId=version)
    reply = ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="k", VersionId=version),
                             "NoSuchVersion", 404)
    _expect_fields(ctx, reply, {"Key": "k", "VersionId": version, "Message": "The specified version does not exist."})


# -- InvalidBucketName ----------------------------------------------------------------------------
# Each invalid name still starts with the run's namespace prefix, so teardown may remove it if a
# server wrongly creates it. (name, how the namespaced name is made invalid)
_BAD_NAMES = [
    ("too-long", lambda n: (n + "-" + "x" * 64)[:64]),
    ("double-dot", lambda n: n + "..x"),
    ("underscore", lambda n: n + "_x"),
    ("trailing-hyphen", lambda n: n + "-x-"),
    ("dot-next-to-hyphen", lambda n: n + ".-x"),
    ("trailing-dot", lambda n: n + "-x."),
]


def _bad_name_case(name: str, make) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make(ctx.name("bad", max_len=50))
        params = {"Bucket": bucket, **bucket_config(ctx)}
        created: list[bool] = []

        def remove() -> str | None:
            if not created:
                return "absent"
            return "deleted" if ctx.call("s3", "DeleteBucket", Bucket=bucket).ok else None

        ctx.track("s3", "s3-bucket", bucket, {"service": "s3", "operation": "CreateBucket", "params": params}, [],
                  remove=remove)
        reply = ctx.call("s3", "CreateBucket", **params)
        if reply.ok:
            created.append(True)
        ctx.expect_error(reply, "InvalidBucketName", 400)

    run.__doc__ = f"CreateBucket with a name that breaks the naming rules ({name.replace('-', ' ')}) answers 400 InvalidBucketName."
    case(f"invalid-bucket-name-{name}", ["CreateBucket"], _NAMING)(run)


for _row in _BAD_NAMES:
    _bad_name_case(*_row)


# -- key length -----------------------------------------------------------------------------------
def _key_case(name: str, key: str, ok: bool) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        reply = ctx.call("s3", "PutObject", Bucket=bucket, Key=key, Body=b"x")
        if ok:
            ctx.expect_ok(reply)
            got = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key=key))
            ctx.equal(body(got), b"x", "body", got)
        else:
            ctx.expect_error(reply, "KeyTooLongError", 400)

    size = len(key.encode())
    run.__doc__ = (f"A key of {len(key)} characters ({size} UTF-8 bytes) "
                   + ("is stored and read back: the limit is 1024 bytes." if ok
                      else "is refused with 400 KeyTooLongError: the limit is 1024 UTF-8 bytes."))
    case(f"key-{name}", ["PutObject"] + (["GetObject"] if ok else []), _KEYS if ok else ERROR_DOCS)(run)


_key_case("1024-bytes-accepted", "k" * 1024, True)
_key_case("1025-bytes-too-long", "k" * 1025, False)
_key_case("multibyte-over-1024-bytes-too-long", "\u00e9" * 513, False)


# -- max-keys -------------------------------------------------------------------------------------
def _max_keys_case(operation: str) -> None:
    def run(ctx: CaseContext) -> None:
        reply = ctx.call("s3", operation, Bucket=make_bucket(ctx), MaxKeys=-1)
        ctx.expect_error(reply, "InvalidArgument", 400)

    run.__doc__ = f"{operation} with a negative max-keys answers 400 InvalidArgument."
    case(f"negative-max-keys-{operation.lower()}", [operation], api_docs(operation), severity="advisory")(run)


_max_keys_case("ListObjects")
_max_keys_case("ListObjectsV2")
