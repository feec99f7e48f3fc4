"""S3 presigned URLs and browser POST uploads: presigned GET / PUT fetched over plain HTTP (no
SDK), an expired URL (403 "Request has expired"), a tampered or missing signature, headers that
were signed (Content-Type, x-amz-meta-*) sent differently or not at all; POST uploads with a
signed policy: success (204, or 201 with a PostResponse document), metadata fields, and each way
the policy can refuse the form (eq / starts-with / content-length-range / expiry / signature)."""

from __future__ import annotations

import time
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from botocore import xform_name

from awscompat.catalog import recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import REF_S3, api_docs, body, make_bucket, put, raw

F = "s3/presigned"
_URL = "tests/aws/services/s3/test_s3.py::TestS3PresignedUrl::"
_POST = "tests/aws/services/s3/test_s3.py::TestS3PresignedPost::"
_AUTH = _URL + "test_presigned_url_signature_authentication[s3v4-True]"
_META = _URL + "test_put_url_metadata_with_sig_s3v4[True]"
_EQ = _POST + "test_post_object_policy_conditions_validation_eq"
_SIZE = _POST + "test_post_object_policy_validation_size"
POST_DOCS = api_docs("RESTObjectPOST")
REDIRECT = "http://localhost.test/random"


def case(name: str, operations: list[str], provenance, severity: str = "required", timeout: float = 30.0):
    return scenario(id=f"s3/scenario/presigned/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity, timeout=timeout)


def presign(ctx: CaseContext, operation: str, expires: int = 300, **params) -> str:
    """A SigV4 presigned URL from the suite's S3 client (no request is sent)."""
    from awscompat.engine.transport import _done

    seen = len(ctx.exchanges)
    url = ctx.client("s3").generate_presigned_url(operation, Params=params, ExpiresIn=expires)
    _done()  # presigning runs the client's parameter events without a call: drop that record
    del ctx.exchanges[seen:]
    return url


def with_query(url: str, drop: str = "", tamper: str = "") -> str:
    """url with query parameter drop removed, or the last character of parameter tamper changed."""
    parts = urlsplit(url)
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == drop:
            continue
        if key == tamper:
            value = value[:-1] + ("0" if value[-1] != "0" else "1")
        query.append((key, value))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _object(ctx: CaseContext) -> str:
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"test-value")
    return bucket


def _message(reply: Reply) -> str:
    return reply.error.get("Message", "")


# -- presigned URLs ----------------------------------------------------------------------------
@case("get-url", ["GetObject"], api_docs("GetObject"))
def get_url(ctx: CaseContext) -> None:
    """A presigned GetObject URL, fetched without any credentials, returns the object."""
    bucket = _object(ctx)
    reply = ctx.expect_ok(raw(ctx, "GET", presign(ctx, "get_object", Bucket=bucket, Key="k"), operation="GetObject"))
    ctx.equal(reply.exchange.response_body, b"test-value", "body", reply)


@case("put-url", ["PutObject"], recorded(REF_S3, _URL + "test_put_object", "get_object"))
def put_url(ctx: CaseContext) -> None:
    """A presigned PutObject URL stores the bytes sent to it."""
    bucket = make_bucket(ctx)
    url = presign(ctx, "put_object", Bucket=bucket, Key="k")
    ctx.expect_ok(raw(ctx, "PUT", url, data=b"something", operation="PutObject"))
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(body(reply), b"something", "body", reply)


@case("get-url-absent-key", ["GetObject"], api_docs("GetObject"))
def get_url_absent_key(ctx: CaseContext) -> None:
    """A presigned GetObject URL for a key that does not exist answers 404 NoSuchKey."""
    url = presign(ctx, "get_object", Bucket=make_bucket(ctx), Key="absent")
    ctx.expect_error(raw(ctx, "GET", url, operation="GetObject"), "NoSuchKey", 404)


@case("get-url-expired", ["GetObject"], recorded(REF_S3, _URL + "test_s3_presigned_url_expired[s3v4]", "expired-exception"),
      timeout=40.0)
def get_url_expired(ctx: CaseContext) -> None:
    """A presigned URL used after its X-Amz-Expires (1 s) answers 403 AccessDenied "Request has expired"."""
    bucket = _object(ctx)
    url = presign(ctx, "get_object", expires=1, Bucket=bucket, Key="k")
    time.sleep(2.0)  # the only wait: long enough for the 1-second URL to expire
    reply = ctx.expect_error(raw(ctx, "GET", url, operation="GetObject"), "AccessDenied", 403)
    ctx.equal(_message(reply), "Request has expired", "Message", reply)


def _tampered_case(method: str, step: str) -> None:
    operation = "GetObject" if method == "GET" else "PutObject"

    def run(ctx: CaseContext) -> None:
        bucket = _object(ctx)
        url = with_query(presign(ctx, xform_name(operation), Bucket=bucket, Key="k"), tamper="X-Amz-Signature")
        data = b"other" if method == "PUT" else None
        ctx.expect_error(raw(ctx, method, url, data=data, operation=operation), "SignatureDoesNotMatch", 403)
        ctx.equal(body(ctx.fixture("s3", "GetObject", Bucket=bucket, Key="k")), b"test-value", "object after the attempt")

    run.__doc__ = f"A presigned {method} URL with a changed X-Amz-Signature answers 403 SignatureDoesNotMatch."
    case(f"{method.lower()}-url-tampered-signature", [operation],
         recorded(REF_S3, _AUTH, step))(run)


_tampered_case("GET", "invalid-get-1")
_tampered_case("PUT", "invalid-put-1")


@case("url-missing-signature", ["PutObject"],
      recorded(REF_S3, _URL + "test_s3_put_presigned_url_missing_sig_param[s3v4]", "missing-param-exception"))
def url_missing_signature(ctx: CaseContext) -> None:
    """A presigned URL without X-Amz-Signature answers 400 AuthorizationQueryParametersError."""
    url = with_query(presign(ctx, "put_object", Bucket=make_bucket(ctx), Key="k"), drop="X-Amz-Signature")
    ctx.expect_error(raw(ctx, "PUT", url, data=b"x", operation="PutObject"), "AuthorizationQueryParametersError", 400)


@case("put-url-other-content-type", ["PutObject"],
      recorded(REF_S3, _URL + "test_s3_put_presigned_url_with_different_headers[s3v4]", "content-type-exception"))
def put_url_other_content_type(ctx: CaseContext) -> None:
    """A URL signed for Content-Type text/plain, sent with another Content-Type, answers 403
    SignatureDoesNotMatch."""
    url = presign(ctx, "put_object", Bucket=make_bucket(ctx), Key="k", ContentType="text/plain")
    reply = raw(ctx, "PUT", url, data=b"x", headers={"Content-Type": "application/json"}, operation="PutObject")
    ctx.expect_error(reply, "SignatureDoesNotMatch", 403)


def _meta_case(name: str, headers: dict, code: str | None, step: str, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        url = presign(ctx, "put_object", Bucket=bucket, Key="k", Metadata={"foo": "bar"})
        reply = raw(ctx, "PUT", url, data=b"test-value", headers=headers, operation="PutObject")
        if code is None:
            ctx.expect_ok(reply)
            head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
            ctx.equal(head.get("Metadata"), {"foo": "bar"}, "Metadata", head)
        else:
            ctx.expect_error(reply, code, 403)

    run.__doc__ = doc
    case(f"put-url-{name}", ["PutObject"], recorded(REF_S3, _META, step))(run)


_meta_case("signed-metadata", {"x-amz-meta-foo": "bar"}, None, "head_object",
           "A URL signed with x-amz-meta-foo, sent with that header, stores the metadata.")
_meta_case("signed-metadata-missing", {}, "SignatureDoesNotMatch", "no-meta-headers",
           "A URL signed with x-amz-meta-foo, sent without that header, answers 403 SignatureDoesNotMatch.")
_meta_case("unsigned-metadata", {"x-amz-meta-foo": "bar", "x-amz-meta-wrong": "wrong"}, "AccessDenied",
           "wrong-meta-headers",
           "An x-amz-meta-* header the URL did not sign answers 403 AccessDenied (headers not signed).")


# -- browser POST uploads ----------------------------------------------------------------------
def form_body(fields: dict, data: bytes, filename: str = "upload.txt") -> tuple[bytes, str]:
    """A multipart/form-data body: the fields, then the file (S3 ignores fields after it)."""
    boundary = uuid.uuid4().hex
    chunks = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
              for k, v in fields.items()]
    chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def post(ctx: CaseContext, bucket: str, data: bytes = b"abcdef", *, fields: dict | None = None,
         conditions: list | None = None, send: dict | None = None, drop: str = "", expires: int = 300) -> Reply:
    """A POST upload of data to bucket/k with a policy from generate_presigned_post (fields and
    conditions signed into it); send overrides or adds form fields, drop removes one."""
    signed = ctx.client("s3").generate_presigned_post(bucket, "k", Fields=fields, Conditions=conditions,
                                                     ExpiresIn=expires)
    form = {k: v for k, v in {**signed["fields"], **(send or {})}.items() if k != drop}
    payload, ctype = form_body(form, data)
    return raw(ctx, "POST", signed["url"], data=payload, headers={"Content-Type": ctype}, operation="PostObject")


@case("post-upload", ["PostObject", "GetObject"], recorded(REF_S3, _EQ, "final-object"))
def post_upload(ctx: CaseContext) -> None:
    """A POST upload with a valid policy answers 204 and stores the file's bytes."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(post(ctx, bucket))
    ctx.equal(reply.status, 204, "status (no success_action_status)", reply)
    ctx.equal(body(ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))), b"abcdef", "body")


@case("post-success-action-status-201", ["PostObject"], POST_DOCS)
def post_success_action_status_201(ctx: CaseContext) -> None:
    """success_action_status 201 answers 201 with a PostResponse document naming the Bucket and Key."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(post(ctx, bucket, fields={"success_action_status": "201"},
                               conditions=[{"success_action_status": "201"}]))
    ctx.equal(reply.status, 201, "status", reply)
    text = (reply.exchange.response_body or b"").decode("utf-8", "replace")
    for element in ("<PostResponse", f"<Bucket>{bucket}</Bucket>", "<Key>k</Key>", "<ETag>"):
        ctx.check(element in text, f"PostResponse lacks {element}", expected=element, observed=text[:300], reply=reply)


@case("post-metadata", ["PostObject", "HeadObject"], recorded(REF_S3, _POST + "test_post_object_with_metadata", "head-object"))
def post_metadata(ctx: CaseContext) -> None:
    """Form fields x-amz-meta-* and Content-Type become the object's metadata and Content-Type."""
    bucket = make_bucket(ctx)
    fields = {"x-amz-meta-test-1": "test-meta-1", "Content-Type": "text/plain"}
    ctx.expect_ok(post(ctx, bucket, fields=fields, conditions=[{k: v} for k, v in fields.items()]))
    head = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"))
    ctx.equal(head.get("Metadata"), {"test-1": "test-meta-1"}, "Metadata", head)
    ctx.equal(head.get("ContentType"), "text/plain", "ContentType", head)


def _refused_case(name: str, code: str, provenance, message: str = "", data: bytes = b"abcdef", **post_args) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        reply = ctx.expect_error(post(ctx, bucket, data, **post_args), code)
        if message:
            ctx.check(_message(reply).startswith(message), f"Message does not start with {message!r}",
                      expected=message, observed=_message(reply), reply=reply)
        ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404, what="HeadObject after refusal")

    run.__doc__ = f"A POST upload whose {name.replace('-', ' ')} is refused with {code}; nothing is stored."
    case(f"post-{name}", ["PostObject"], provenance)(run)


_EQ_COND = [["eq", "$success_action_redirect", REDIRECT]]
_refused_case("eq-condition-violated", "AccessDenied", recorded(REF_S3, _EQ, "invalid-condition-eq"),
              "Invalid according to Policy: Policy Condition failed", conditions=_EQ_COND,
              send={"success_action_redirect": "http://localhost.test/wrong"})
_refused_case("starts-with-violated", "AccessDenied",
              recorded(REF_S3, _POST + "test_post_object_policy_conditions_validation_starts_with",
                       "invalid-condition-starts-with"),
              "Invalid according to Policy: Policy Condition failed",
              conditions=[["starts-with", "$success_action_redirect", "http://localhost"]],
              send={"success_action_redirect": "http://other.test/"})
_refused_case("file-too-large", "EntityTooLarge", recorded(REF_S3, _SIZE, "invalid-content-length-too-big"),
              conditions=[["content-length-range", 5, 10]], data=b"a" * 12)
_refused_case("file-too-small", "EntityTooSmall", recorded(REF_S3, _SIZE, "invalid-content-length-too-small"),
              conditions=[["content-length-range", 5, 10]], data=b"a")
_refused_case("policy-expired", "AccessDenied", recorded(REF_S3, _POST + "test_post_request_expires", "exception"),
              "Invalid according to Policy: Policy expired.", expires=-60)
_refused_case("signature-missing", "InvalidArgument",
              recorded(REF_S3, _POST + "test_post_request_missing_signature[s3v4]", "exception-missing-signature"),
              drop="x-amz-signature")


@case("post-not-multipart", ["PostObject"],
      recorded(REF_S3, _POST + "test_post_object_with_wrong_content_type", "invalid-content-type-error"))
def post_not_multipart(ctx: CaseContext) -> None:
    """A POST upload that is not multipart/form-data answers PreconditionFailed."""
    bucket = make_bucket(ctx)
    signed = ctx.client("s3").generate_presigned_post(bucket, "k")
    reply = raw(ctx, "POST", signed["url"], data=urlencode({**signed["fields"], "file": "abcdef"}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}, operation="PostObject")
    ctx.expect_error(reply, "PreconditionFailed")
