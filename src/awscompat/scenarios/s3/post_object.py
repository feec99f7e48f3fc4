"""S3 browser POST uploads: how S3 checks the signed POST policy beyond what s3/presigned covers:
condition syntax ($-prefixed field names, one property per simple condition), case-sensitive
eq and starts-with, inclusive content-length-range bounds, form fields the policy does not
name, and the signature fields every SigV4 POST must carry. A refused POST stores nothing."""

from __future__ import annotations

from awscompat.catalog import docs, recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, body, make_bucket
from awscompat.scenarios.s3.presigned import _EQ, _POST, _SIZE, REDIRECT, _message, post

_POLICY_DOCS = docs("https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html")
_STARTS = _POST + "test_post_object_policy_conditions_validation_starts_with"
_FAILED = "Invalid according to Policy: Policy Condition failed"


def _refused(name: str, provenance: Provenance, code: str, status: int, message: str, doc: str,
             data: bytes = b"abcdef", **post_args) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        reply = ctx.expect_error(post(ctx, bucket, data, **post_args), code, status)
        if message:
            ctx.check(_message(reply).startswith(message), f"Message does not start with {message!r}",
                      expected=message, observed=_message(reply), reply=reply)
        ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404, what="HeadObject after refusal")

    run.__doc__ = doc
    scenario(id=f"s3/scenario/post-object/{name}", feature="s3/post-object", operations=["PostObject"],
             provenance=provenance)(run)


def _accepted(name: str, provenance: Provenance, doc: str, data: bytes = b"abcdef", **post_args) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        reply = ctx.expect_ok(post(ctx, bucket, data, **post_args))
        ctx.equal(reply.status, 204, "status (no success_action_status)", reply)
        ctx.equal(body(ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))), data, "stored body")

    run.__doc__ = doc
    scenario(id=f"s3/scenario/post-object/{name}", feature="s3/post-object", operations=["PostObject", "GetObject"],
             provenance=provenance)(run)


_refused("condition-without-dollar", recorded(REF_S3, _EQ, "invalid-condition-missing-prefix"), "AccessDenied", 403,
         _FAILED, "An eq condition naming a field without its $ prefix never matches: 403 AccessDenied.",
         conditions=[["eq", "success_action_redirect", REDIRECT]], send={"success_action_redirect": REDIRECT})
_refused("eq-is-case-sensitive", recorded(REF_S3, _EQ, "invalid-condition-wrong-value-casing"), "AccessDenied", 403,
         _FAILED, "eq compares case-sensitively: HTTP://... does not equal http://...: 403 AccessDenied.",
         conditions=[["eq", "$success_action_redirect", REDIRECT]],
         send={"success_action_redirect": REDIRECT.replace("http", "HTTP", 1)})
_refused("starts-with-is-case-sensitive", recorded(REF_S3, _STARTS, "invalid-condition-starts-with-casing"),
         "AccessDenied", 403, _FAILED, "starts-with compares case-sensitively: 403 AccessDenied.",
         conditions=[["starts-with", "$success_action_redirect", "http://localhost"]],
         send={"success_action_redirect": "HTTP://localhost/x"})
_refused("simple-condition-two-properties", recorded(REF_S3, _EQ, "invalid-condition-wrong-condition"),
         "InvalidPolicyDocument", 400, "Invalid Policy: Invalid Simple-Condition",
         "A simple condition object with two properties makes the policy invalid: 400 InvalidPolicyDocument.",
         conditions=[{"success_action_redirect": REDIRECT, "x-amz-meta-a": "b"}],
         send={"success_action_redirect": REDIRECT, "x-amz-meta-a": "b"})
_refused("content-length-range-not-numbers", recorded(REF_S3, _SIZE, "invalid-content-length-wrong-type"),
         "AccessDenied", 403, _FAILED, "A content-length-range with a non-numeric bound fails the policy: 403.",
         conditions=[["content-length-range", "test", "10"]])
_refused("missing-algorithm-field", recorded(REF_S3, _POST + "test_post_request_missing_fields[s3v4]",
                                             "exception-missing-fields"),
         "InvalidArgument", 400, "Bucket POST must contain a field named 'X-Amz-Algorithm'",
         "A SigV4 POST without the x-amz-algorithm field is refused with 400 InvalidArgument.", drop="x-amz-algorithm")
_refused("field-not-in-policy", _POLICY_DOCS, "AccessDenied", 403, "Invalid according to Policy",
         "A form field the policy names in no condition (x-amz-meta-extra) is refused with 403 AccessDenied.",
         send={"x-amz-meta-extra": "x"})
_refused("content-type-starts-with-violated", _POLICY_DOCS, "AccessDenied", 403, _FAILED,
         "A Content-Type outside a starts-with condition on $Content-Type is refused with 403 AccessDenied.",
         conditions=[["starts-with", "$Content-Type", "text/"]], send={"Content-Type": "image/png"})
_accepted("content-length-range-upper-bound", recorded(REF_S3, _SIZE, "final-object"),
          "A file exactly at the upper bound of content-length-range is accepted (the bounds are inclusive).",
          data=b"a" * 10, conditions=[["content-length-range", 5, 10]])
_accepted("content-length-range-lower-bound", _POLICY_DOCS,
          "A file exactly at the lower bound of content-length-range is accepted (the bounds are inclusive).",
          data=b"a" * 5, conditions=[["content-length-range", 5, 10]])
_accepted("content-type-starts-with-met", _POLICY_DOCS,
          "A Content-Type within a starts-with condition on $Content-Type is accepted.",
          conditions=[["starts-with", "$Content-Type", "text/"]], fields={"Content-Type": "text/plain"})
_accepted("starts-with-empty-matches-any", _POLICY_DOCS,
          "starts-with with an empty prefix accepts any value of the field.",
          conditions=[["starts-with", "$x-amz-meta-note", ""]], fields={"x-amz-meta-note": "anything"})
