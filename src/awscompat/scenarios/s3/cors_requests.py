"""S3 CORS on actual requests (not preflight): the Access-Control-* headers S3 adds to a GET or
PUT that carries an Origin header, according to the bucket's CORS rules, and leaves out when no
rule matches the origin and the method (the request itself still succeeds: CORS never refuses an
actual request, the browser does). The recordings were made with anonymous requests to a
public-read object; these requests are signed (the CORS evaluation does not depend on the
requester: https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html)."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import body, guide, object_url, raw, signed_headers
from awscompat.scenarios.s3.cors import _VARY, ORIGIN, _cors_bucket, _expect_headers, _rec

_GET_ONLY = {"AllowedOrigins": [ORIGIN], "AllowedMethods": ["GET"], "MaxAgeSeconds": 3000, "AllowedHeaders": ["*"]}
_GET_PUT = {**_GET_ONLY, "AllowedMethods": ["GET", "PUT"]}
_ANY_ORIGIN = {**_GET_PUT, "AllowedOrigins": ["*"]}
_HEADERS_LISTED = {**_GET_ONLY, "AllowedHeaders": ["x-amz-expected-bucket-owner"]}
_CORS_DOCS = guide("cors.html")
_NONE = {"Access-Control-Allow-Origin": None, "Access-Control-Allow-Methods": None,
         "Access-Control-Allow-Credentials": None, "Access-Control-Max-Age": None}


def _actual(ctx: CaseContext, method: str, bucket: str, key: str, headers: dict[str, str]) -> Reply:
    """A signed GET or PUT of bucket/key with the browser's headers (Origin and the like)."""
    url = object_url(ctx, bucket, key)
    data = b"cors-put" if method == "PUT" else b""
    signed = signed_headers(ctx, method, url, headers, data)
    return raw(ctx, method, url, headers=signed, data=data if method == "PUT" else None,
               operation="GetObject" if method == "GET" else "PutObject")


def _case(name: str, provenance: Provenance, rule: dict | None, method: str, headers: dict[str, str],
          expected: dict[str, str | None], doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = _cors_bucket(ctx, *([rule] if rule else []))
        key = "key" if method == "GET" else "new-key"
        reply = ctx.expect_ok(_actual(ctx, method, bucket, key, headers), f"{method} with Origin")
        if method == "GET":
            ctx.equal(body(reply) if reply.get("Body") is not None else reply.exchange.response_body,
                      b"test-cors", "GET body", reply)
        _expect_headers(ctx, reply, expected)

    run.__doc__ = doc
    scenario(id=f"s3/scenario/cors-requests/{name}", feature="s3/cors-requests",
             operations=["PutBucketCors", "GetObject" if method == "GET" else "PutObject"],
             provenance=provenance)(run)


_MATCHED = {"Access-Control-Allow-Origin": ORIGIN, "Access-Control-Allow-Credentials": "true",
            "Access-Control-Max-Age": "3000", "Vary": _VARY}

_case("get-allowed-origin", _rec("test_cors_match_origins", "get-right-origin"), _GET_PUT, "GET",
      {"Origin": ORIGIN}, {**_MATCHED, "Access-Control-Allow-Methods": "GET, PUT"},
      "A GET from an allowed origin carries Allow-Origin (echoed), the rule's methods, Max-Age, "
      "Allow-Credentials true and Vary.")
_case("get-no-origin", _rec("test_cors_match_origins", "get-no-origin"), _GET_PUT, "GET", {}, _NONE,
      "A GET without Origin carries no Access-Control-* header.")
_case("get-referer-is-not-origin", _rec("test_cors_match_origins", "get-referer"), _GET_PUT, "GET",
      {"Referer": ORIGIN}, _NONE, "A GET with a Referer naming the allowed origin but no Origin carries no CORS header.")
_case("get-wrong-origin", _rec("test_cors_match_origins", "get-wrong-origin"), _GET_PUT, "GET",
      {"Origin": "http://localhost:4200"}, _NONE,
      "A GET from an origin no rule allows (other scheme) succeeds without CORS headers.")
_case("get-wildcard-origin", _rec("test_cors_match_origins", "get-random-wildcard-origin"), _ANY_ORIGIN, "GET",
      {"Origin": "http://random:1234"},
      {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, PUT",
       "Access-Control-Max-Age": "3000", "Access-Control-Allow-Credentials": None, "Vary": _VARY},
      "Under AllowedOrigins * a GET from any origin gets Allow-Origin * and no Allow-Credentials.")
_case("get-method-allowed", _rec("test_cors_match_methods", "get-op"), _GET_ONLY, "GET", {"Origin": ORIGIN},
      {**_MATCHED, "Access-Control-Allow-Methods": "GET"},
      "A GET under a GET-only rule carries the CORS headers with Allow-Methods GET.")
_case("get-with-request-method-header", _rec("test_cors_match_methods", "get-wrong-op"), _GET_ONLY, "GET",
      {"Origin": ORIGIN, "Access-Control-Request-Method": "PUT"}, _NONE,
      "A GET carrying Access-Control-Request-Method PUT under a GET-only rule is judged as that method: no CORS headers.")
_case("put-method-not-allowed", _rec("test_cors_match_methods", "put-op"), _GET_ONLY, "PUT", {"Origin": ORIGIN},
      _NONE, "A PUT from an allowed origin under a GET-only rule succeeds without CORS headers.")
_case("put-method-allowed", _CORS_DOCS, _GET_PUT, "PUT", {"Origin": ORIGIN},
      {**_MATCHED, "Access-Control-Allow-Methods": "GET, PUT"},
      "A PUT from an allowed origin under a GET, PUT rule carries the CORS headers.")
_case("get-with-request-headers-not-allowed", _rec("test_cors_match_headers", "get-non-allowed-with-acl"),
      _HEADERS_LISTED, "GET", {"Origin": ORIGIN, "Access-Control-Request-Headers": "x-amz-request-payer"}, _NONE,
      "A GET carrying Access-Control-Request-Headers that the rule does not allow gets no CORS headers.")
_case("get-unlisted-header-sent", _rec("test_cors_match_headers", "get-non-allowed"), _HEADERS_LISTED, "GET",
      {"Origin": ORIGIN, "x-amz-request-payer": "requester"}, {**_MATCHED, "Access-Control-Allow-Methods": "GET"},
      "A GET that sends a header the rule does not list (no Access-Control-Request-Headers) still gets the CORS headers.")
_case("get-no-configuration", _CORS_DOCS, None, "GET", {"Origin": ORIGIN}, _NONE,
      "A GET with Origin to a bucket without a CORS configuration succeeds without CORS headers.")
_case("get-all-headers-rule", _rec("test_cors_match_headers", "get-op"), _GET_ONLY, "GET",
      {"Origin": ORIGIN, "x-amz-request-payer": "requester"}, {**_MATCHED, "Access-Control-Allow-Methods": "GET"},
      "Under AllowedHeaders * a GET sending x-amz-request-payer gets the CORS headers.")
