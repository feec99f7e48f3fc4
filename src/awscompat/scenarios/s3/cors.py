"""S3 CORS helpers that scenarios/s3/cors_requests.py (signed requests with an Origin header) still
imports. The CORS cases themselves are data: awscompat/cases/s3/cors.yaml (configuration and the
preflight OPTIONS requests). Delete this module with cors_requests.py's last use of it."""

from __future__ import annotations

from awscompat.catalog import recorded
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import CORS, REF_CORS, header, make_bucket, put

ORIGIN = "https://localhost:4200"
_VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"


def _rec(test: str, step: str) -> Provenance:
    return recorded(REF_CORS, CORS + test, step)


def _cors_bucket(ctx: CaseContext, *rules: dict) -> str:
    """A bucket holding one object, `key`, with the given CORS rules (none: no configuration)."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"test-cors")
    if rules:
        ctx.fixture("s3", "PutBucketCors", Bucket=bucket, CORSConfiguration={"CORSRules": list(rules)})
    return bucket


def _expect_headers(ctx: CaseContext, reply: Reply, expected: dict[str, str | None]) -> None:
    for name, value in expected.items():
        ctx.equal(header(reply, name), value, f"{name} header", reply)
