"""S3 bucket-policy condition keys, enforced on the bucket owner's own signed requests through an
explicit Deny (an explicit deny applies to every principal, the owner included:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
aws:SecureTransport, s3:x-amz-server-side-encryption (also on CreateMultipartUpload and on the
destination of CopyObject, both authorised as s3:PutObject), aws:SourceIp and s3:prefix. The
policy is deleted first at teardown, so the bucket can be emptied."""

from __future__ import annotations

import json

from awscompat.catalog import docs, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import api_docs, guide, is_https, make_bucket, put

_KEYS = guide("amazon-s3-policy-keys.html")
_EXAMPLES = guide("example-bucket-policies.html")
_SECURE = docs("https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule")
_TEST_NET = "192.0.2.0/24"  # RFC 5737 documentation range: never the address a request comes from


def _deny(ctx: CaseContext, bucket: str, action: str, condition: dict, resource: str = "/*") -> None:
    """Set-up: a policy with one Deny of action under condition; deleted first at teardown."""
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": action,
        "Resource": f"arn:aws:s3:::{bucket}{resource}", "Condition": condition}]}
    ctx.defer(f"delete the policy of {bucket}", lambda: ctx.transport.call("s3", "DeleteBucketPolicy", {"Bucket": bucket}))
    ctx.fixture("s3", "PutBucketPolicy", Bucket=bucket, Policy=json.dumps(policy))


def _denied(ctx: CaseContext, reply: Reply, what: str) -> None:
    ctx.expect_error(reply, "AccessDenied", 403, what=what)


_SSE_DENY = {"StringNotEquals": {"s3:x-amz-server-side-encryption": "AES256"}}


def _sse_case(name: str, operation: str, with_header: bool, doc: str, provenance) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        put(ctx, bucket, "src", b"source")
        _deny(ctx, bucket, "s3:PutObject", _SSE_DENY)
        extra = {"ServerSideEncryption": "AES256"} if with_header else {}
        if operation == "PutObject":
            reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="k", Body=b"x", **extra)
        elif operation == "CreateMultipartUpload":
            reply = ctx.call("s3", "CreateMultipartUpload", Bucket=bucket, Key="k", **extra)
            if reply.ok:
                upload = reply.get("UploadId")
                ctx.defer("abort upload", lambda: ctx.transport.call(
                    "s3", "AbortMultipartUpload", {"Bucket": bucket, "Key": "k", "UploadId": upload}))
        else:
            reply = ctx.call("s3", "CopyObject", Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "src"},
                             **extra)
        if with_header:
            ctx.expect_ok(reply, f"{operation} with x-amz-server-side-encryption AES256")
        else:
            _denied(ctx, reply, f"{operation} without x-amz-server-side-encryption")

    run.__doc__ = doc
    scenario(id=f"s3/scenario/policy-conditions/{name}", feature="s3/policy-conditions",
             operations=["PutBucketPolicy", operation], provenance=provenance)(run)


_sse_case("sse-required-put-without", "PutObject", False,
          "Under a Deny of s3:PutObject unless s3:x-amz-server-side-encryption is AES256, a PutObject "
          "without the header is 403 AccessDenied.", _EXAMPLES)
_sse_case("sse-required-put-with", "PutObject", True,
          "Under the same Deny, a PutObject with x-amz-server-side-encryption AES256 is accepted.", _EXAMPLES)
_sse_case("sse-required-multipart-without", "CreateMultipartUpload", False,
          "The Deny applies to CreateMultipartUpload (authorised as s3:PutObject): without the header, 403.",
          api_docs("CreateMultipartUpload"))
_sse_case("sse-required-multipart-with", "CreateMultipartUpload", True,
          "CreateMultipartUpload with x-amz-server-side-encryption AES256 is accepted under the Deny.",
          api_docs("CreateMultipartUpload"))
_sse_case("sse-required-copy-without", "CopyObject", False,
          "The Deny applies to the destination of CopyObject (s3:PutObject): without the header, 403.",
          api_docs("CopyObject"))
_sse_case("sse-required-copy-with", "CopyObject", True,
          "CopyObject with x-amz-server-side-encryption AES256 is accepted under the Deny.", api_docs("CopyObject"))


@scenario(id="s3/scenario/policy-conditions/secure-transport", feature="s3/policy-conditions",
          operations=["PutBucketPolicy", "GetObject"], provenance=_KEYS)
def secure_transport(ctx: CaseContext) -> None:
    """Under a Deny of s3:GetObject when aws:SecureTransport is false, a GetObject over http:// is
    403 AccessDenied and one over https:// is answered."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"x")
    _deny(ctx, bucket, "s3:GetObject", {"Bool": {"aws:SecureTransport": "false"}})
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="k")
    if is_https(ctx):
        ctx.expect_ok(reply, "GetObject over https under a SecureTransport deny")
    else:
        _denied(ctx, reply, "GetObject over http under a SecureTransport deny")


def _ip_case(name: str, operator: str, allowed: bool, doc: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        put(ctx, bucket, "k", b"x")
        _deny(ctx, bucket, "s3:GetObject", {operator: {"aws:SourceIp": _TEST_NET}})
        reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="k")
        if allowed:
            ctx.expect_ok(reply, f"GetObject under a Deny with {operator} {_TEST_NET}")
        else:
            _denied(ctx, reply, f"GetObject under a Deny with {operator} {_TEST_NET}")

    run.__doc__ = doc
    scenario(id=f"s3/scenario/policy-conditions/{name}", feature="s3/policy-conditions",
             operations=["PutBucketPolicy", "GetObject"], provenance=_EXAMPLES)(run)


_ip_case("source-ip-outside-range-denied", "NotIpAddress", False,
         "A Deny of GetObject from outside 192.0.2.0/24 (a range no request comes from) refuses the caller: 403.")
_ip_case("source-ip-range-not-matched", "IpAddress", True,
         "A Deny of GetObject from inside 192.0.2.0/24 does not match the caller: the GET is answered.")


def _prefix_case(name: str, prefix: str, allowed: bool, doc: str, severity: str = "required") -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        put(ctx, bucket, "public/a", b"x")
        _deny(ctx, bucket, "s3:ListBucket", {"StringNotLike": {"s3:prefix": "public/*"}}, resource="")
        reply = ctx.call("s3", "ListObjectsV2", Bucket=bucket, Prefix=prefix)
        if allowed:
            ctx.expect_ok(reply, f"ListObjectsV2 Prefix={prefix!r}")
            ctx.equal([o["Key"] for o in reply.get("Contents") or []], ["public/a"], "listed keys", reply)
        else:
            _denied(ctx, reply, f"ListObjectsV2 Prefix={prefix!r}")

    run.__doc__ = doc
    scenario(id=f"s3/scenario/policy-conditions/{name}", feature="s3/policy-conditions",
             operations=["PutBucketPolicy", "ListObjectsV2"], severity=severity,
             provenance=_KEYS if severity == "required" else Provenance(
                 _KEYS.kind, _KEYS.ref, note="advisory: whether S3 puts an empty s3:prefix in the request context "
                 "when no prefix is sent, or none (a negated operator then matches), is not documented"))(run)


_prefix_case("prefix-allowed", "public/", True,
             "Under a Deny of s3:ListBucket unless s3:prefix is like public/*, listing public/ is answered.")
_prefix_case("prefix-denied", "private/", False,
             "Under the same Deny, listing private/ is 403 AccessDenied.")
_prefix_case("prefix-absent-denied", "", False,
             "Under the same Deny, a listing without a prefix is 403 AccessDenied. Advisory: whether S3 puts an "
             "empty s3:prefix in the request context or none (a negated operator then matches) is not documented.",
             severity="advisory")
