"""S3 bucket-policy condition keys, the case data cannot express: aws:SecureTransport, whose
expected answer depends on the endpoint's scheme (a Deny of GetObject when the transport is not
secure refuses a request over http:// and lets one over https:// through). The other
condition-key cases are data: awscompat/cases/s3/policy-conditions.yaml."""

from __future__ import annotations

import json

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import guide, is_https, make_bucket, put
from awscompat.scenarios.s3._recipes import bucket_policy


@scenario(id="s3/scenario/policy-conditions/secure-transport", feature="s3/policy-conditions",
          operations=["PutBucketPolicy", "GetObject"], provenance=guide("amazon-s3-policy-keys.html"))
def secure_transport(ctx: CaseContext) -> None:
    """Under a Deny of s3:GetObject when aws:SecureTransport is false, a GetObject over http:// is
    403 AccessDenied and one over https:// is answered."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "k", b"x")
    bucket_policy(ctx, bucket, json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    reply = ctx.call("s3", "GetObject", Bucket=bucket, Key="k")
    if is_https(ctx):
        ctx.expect_ok(reply, "GetObject over https under a SecureTransport deny")
    else:
        ctx.expect_error(reply, "AccessDenied", 403, what="GetObject over http under a SecureTransport deny")
