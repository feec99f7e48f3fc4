"""More object metadata, the cases data cannot express: the Expires header (stored and returned,
never acted on), dated a day from now. The other metadata cases are data, in
awscompat/cases/s3/objects.yaml."""

from __future__ import annotations

import datetime

from awscompat.catalog import docs, recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, S3, body, make_bucket, put

F = "s3/objects"
_EXPIRES = S3 + "test_s3_object_expires"
_METADATA_DOCS = docs("https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html")


def case(name: str, operations: list[str], provenance, severity: str = "required"):
    return scenario(id=f"s3/scenario/objects/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def _expires_case(name: str, delta: datetime.timedelta, step: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        when = (datetime.datetime.now(datetime.UTC) + delta).replace(microsecond=0)
        put(ctx, bucket, "k", b"foo", Expires=when)
        for operation in ("HeadObject", "GetObject"):
            reply = ctx.expect_ok(ctx.call("s3", operation, Bucket=bucket, Key="k"))
            ctx.equal(reply.get("Expires"), when, f"{operation} Expires", reply)
        ctx.equal(body(reply), b"foo", "body (Expires does not remove the object)", reply)

    run.__doc__ = f"An Expires date {name} is stored and returned by HeadObject and GetObject; the object stays readable."
    case(f"expires-{name}", ["PutObject", "HeadObject", "GetObject"], recorded(REF_S3, _EXPIRES, step))(run)


_expires_case("in-the-future", datetime.timedelta(days=1), "get-object-expires-future")
_expires_case("in-the-past", -datetime.timedelta(days=1), "get-object-expires-past")
