"""S3 CORS, the cases data cannot express: how S3 answers a browser's preflight OPTIONS request
(a raw HTTP request) under a bucket's CORS rules (allowed and refused origins, methods, headers).
The configuration cases (put, get, delete, validation) are data: awscompat/cases/s3/cors.yaml."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import (
    CORS,
    REF_CORS,
    absent_bucket,
    header,
    make_bucket,
    object_url,
    put,
    raw,
)

ORIGIN = "https://localhost:4200"
_VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"
_RULE = {"AllowedOrigins": [ORIGIN], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 3000, "AllowedHeaders": ["*"]}


def _rec(test: str, step: str) -> Provenance:
    return recorded(REF_CORS, CORS + test, step)


def _cors_bucket(ctx: CaseContext, *rules: dict) -> str:
    """A bucket holding one object, `key`, with the given CORS rules (none: no configuration)."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"test-cors")
    if rules:
        ctx.fixture("s3", "PutBucketCors", Bucket=bucket, CORSConfiguration={"CORSRules": list(rules)})
    return bucket


def _preflight(ctx: CaseContext, bucket: str, origin: str | None = ORIGIN, method: str | None = "GET",
               request_headers: str | None = None, key: str = "key") -> Reply:
    headers = {"Origin": origin, "Access-Control-Request-Method": method,
               "Access-Control-Request-Headers": request_headers}
    headers = {k: v for k, v in headers.items() if v is not None}
    return raw(ctx, "OPTIONS", object_url(ctx, bucket, key), headers=headers, operation="OPTIONS (preflight)")


def _expect_headers(ctx: CaseContext, reply: Reply, expected: dict[str, str | None]) -> None:
    for name, value in expected.items():
        ctx.equal(header(reply, name), value, f"{name} header", reply)


# -- preflight ----------------------------------------------------------------------------------
@scenario(
    id="s3/scenario/cors/preflight-allowed-origin",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_origins", "opt-right-origin"),
)
def preflight_allowed_origin(ctx: CaseContext) -> None:
    """A preflight from an allowed origin for an allowed method answers 200 echoing the origin,
    the rule's methods, its MaxAgeSeconds, Allow-Credentials true and the Vary header."""
    bucket = _cors_bucket(ctx, _RULE)
    reply = _preflight(ctx, bucket, method="PUT")
    ctx.equal(reply.status, 200, "preflight status", reply)
    _expect_headers(ctx, reply, {"Access-Control-Allow-Origin": ORIGIN, "Access-Control-Allow-Methods": "GET, PUT",
                                 "Access-Control-Max-Age": "3000", "Access-Control-Allow-Credentials": "true",
                                 "Vary": _VARY})


@scenario(
    id="s3/scenario/cors/preflight-wildcard-origin",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_origins", "opt-random-wildcard-origin"),
)
def preflight_wildcard_origin(ctx: CaseContext) -> None:
    """Under AllowedOrigins ["*"] any origin is allowed: the answer says Allow-Origin * and
    carries no Allow-Credentials."""
    bucket = _cors_bucket(ctx, {**_RULE, "AllowedOrigins": ["*"]})
    reply = _preflight(ctx, bucket, origin="http://random:1234", method="PUT")
    ctx.equal(reply.status, 200, "preflight status", reply)
    _expect_headers(ctx, reply, {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, PUT",
                                 "Access-Control-Allow-Credentials": None})


@scenario(
    id="s3/scenario/cors/preflight-wrong-origin",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_origins", "opt-wrong-origin"),
)
def preflight_wrong_origin(ctx: CaseContext) -> None:
    """An origin that differs from the allowed one only by its scheme is refused: 403
    AccessForbidden, with no Access-Control-Allow-Origin header."""
    bucket = _cors_bucket(ctx, _RULE)
    reply = _preflight(ctx, bucket, origin="http://localhost:4200", method="PUT")
    ctx.expect_error(reply, "AccessForbidden", 403)
    _expect_headers(ctx, reply, {"Access-Control-Allow-Origin": None})


@scenario(
    id="s3/scenario/cors/preflight-method-not-allowed",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_methods", "opt-put"),
)
def preflight_method_not_allowed(ctx: CaseContext) -> None:
    """A preflight for a method the rule does not allow (PUT under GET only) is refused: 403
    AccessForbidden."""
    bucket = _cors_bucket(ctx, {**_RULE, "AllowedMethods": ["GET"]})
    ctx.expect_error(_preflight(ctx, bucket, method="PUT", key="keynew"), "AccessForbidden", 403)


@scenario(
    id="s3/scenario/cors/preflight-method-allowed",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_methods", "opt-get"),
)
def preflight_method_allowed(ctx: CaseContext) -> None:
    """A preflight for the one allowed method answers 200 naming only that method."""
    bucket = _cors_bucket(ctx, {**_RULE, "AllowedMethods": ["GET"]})
    reply = _preflight(ctx, bucket, method="GET")
    ctx.equal(reply.status, 200, "preflight status", reply)
    _expect_headers(ctx, reply, {"Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Origin": ORIGIN})


@scenario(
    id="s3/scenario/cors/preflight-headers-echoed",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_headers", "opt-get-two"),
)
def preflight_headers_echoed(ctx: CaseContext) -> None:
    """Under AllowedHeaders ["*"] the requested headers are echoed in Access-Control-Allow-Headers."""
    bucket = _cors_bucket(ctx, {**_RULE, "AllowedMethods": ["GET"]})
    asked = "x-amz-request-payer, x-amz-expected-bucket-owner"
    reply = _preflight(ctx, bucket, request_headers=asked)
    ctx.equal(reply.status, 200, "preflight status", reply)
    _expect_headers(ctx, reply, {"Access-Control-Allow-Headers": asked})


@scenario(
    id="s3/scenario/cors/preflight-header-allowed",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_headers", "opt-get-allowed"),
)
def preflight_header_allowed(ctx: CaseContext) -> None:
    """A requested header named in AllowedHeaders is allowed and echoed."""
    rule = {**_RULE, "AllowedMethods": ["GET"], "AllowedHeaders": ["x-amz-expected-bucket-owner"]}
    bucket = _cors_bucket(ctx, rule)
    reply = _preflight(ctx, bucket, request_headers="x-amz-expected-bucket-owner")
    ctx.equal(reply.status, 200, "preflight status", reply)
    _expect_headers(ctx, reply, {"Access-Control-Allow-Headers": "x-amz-expected-bucket-owner"})


@scenario(
    id="s3/scenario/cors/preflight-header-not-allowed",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_headers", "opt-get-non-allowed"),
)
def preflight_header_not_allowed(ctx: CaseContext) -> None:
    """A requested header not named in AllowedHeaders makes the preflight fail: 403 AccessForbidden."""
    rule = {**_RULE, "AllowedMethods": ["GET"], "AllowedHeaders": ["x-amz-expected-bucket-owner"]}
    bucket = _cors_bucket(ctx, rule)
    ctx.expect_error(_preflight(ctx, bucket, request_headers="x-amz-request-payer"), "AccessForbidden", 403)


@scenario(
    id="s3/scenario/cors/preflight-defaults",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_put_cors_default_values", "opt-get"),
)
def preflight_defaults(ctx: CaseContext) -> None:
    """A rule without MaxAgeSeconds or ExposeHeaders adds no Max-Age nor Expose-Headers to the answer."""
    bucket = _cors_bucket(ctx, {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]})
    reply = _preflight(ctx, bucket, origin="localhost:4566")
    ctx.equal(reply.status, 200, "preflight status", reply)
    _expect_headers(ctx, reply, {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET",
                                 "Access-Control-Max-Age": None, "Access-Control-Expose-Headers": None})


@scenario(
    id="s3/scenario/cors/preflight-no-allowed-headers",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_put_cors_default_values", "opt-get-headers"),
)
def preflight_no_allowed_headers(ctx: CaseContext) -> None:
    """A rule without AllowedHeaders allows no request header: asking for one is 403 AccessForbidden."""
    bucket = _cors_bucket(ctx, {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]})
    reply = _preflight(ctx, bucket, origin="localhost:4566", request_headers="x-amz-request-payer")
    ctx.expect_error(reply, "AccessForbidden", 403)


@scenario(
    id="s3/scenario/cors/preflight-expose-headers",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_expose_headers", "opt-get"),
)
def preflight_expose_headers(ctx: CaseContext) -> None:
    """A rule's ExposeHeaders are listed, comma-separated, in Access-Control-Expose-Headers."""
    rule = {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"],
            "ExposeHeaders": ["x-amz-id-2", "x-amz-request-id", "x-amz-request-payer"]}
    bucket = _cors_bucket(ctx, rule)
    reply = _preflight(ctx, bucket, origin="localhost:4566")
    ctx.equal(reply.status, 200, "preflight status", reply)
    _expect_headers(ctx, reply, {"Access-Control-Expose-Headers": "x-amz-id-2, x-amz-request-id, x-amz-request-payer"})


@scenario(
    id="s3/scenario/cors/preflight-without-origin",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_origins", "opt-no-origin"),
)
def preflight_without_origin(ctx: CaseContext) -> None:
    """An OPTIONS request without an Origin header is not a preflight: 400 BadRequest."""
    bucket = _cors_bucket(ctx, _RULE)
    ctx.expect_error(_preflight(ctx, bucket, origin=None, method=None), "BadRequest", 400)


@scenario(
    id="s3/scenario/cors/preflight-referer-is-not-origin",
    feature="s3/cors",
    operations=["PutBucketCors"],
    provenance=_rec("test_cors_match_origins", "opt-referer"),
)
def preflight_referer_is_not_origin(ctx: CaseContext) -> None:
    """A Referer header does not stand in for Origin: the OPTIONS request is 400 BadRequest."""
    bucket = _cors_bucket(ctx, _RULE)
    reply = raw(ctx, "OPTIONS", object_url(ctx, bucket, "key"), operation="OPTIONS (preflight)",
                headers={"Referer": ORIGIN, "Access-Control-Request-Method": "PUT"})
    ctx.expect_error(reply, "BadRequest", 400)


@scenario(
    id="s3/scenario/cors/preflight-no-configuration",
    feature="s3/cors",
    operations=["PutObject"],
    provenance=_rec("test_cors_http_options_no_config", "options-with-origin-and-method"),
)
def preflight_no_configuration(ctx: CaseContext) -> None:
    """A preflight to a bucket without a CORS configuration is 403 AccessForbidden."""
    bucket = _cors_bucket(ctx)
    ctx.expect_error(_preflight(ctx, bucket, origin="whatever", method="PUT"), "AccessForbidden", 403)


@scenario(
    id="s3/scenario/cors/preflight-missing-bucket",
    feature="s3/cors",
    operations=[],
    provenance=_rec("test_cors_http_options_non_existent_bucket", "options-with-origin"),
)
def preflight_missing_bucket(ctx: CaseContext) -> None:
    """A preflight to a bucket that does not exist is 403 AccessForbidden."""
    reply = _preflight(ctx, absent_bucket(ctx), origin="whatever", method=None, key="some-key")
    ctx.expect_error(reply, "AccessForbidden", 403)
