"""IAM error cases that stay Python: a malformed inline policy (the inline policy a server may
wrongly accept is ledgered first, so the user can still be deleted). The other error cases are
data: cases/iam/errors.yaml."""

from __future__ import annotations

from awscompat.catalog import scenario
from awscompat.engine.context import CaseContext
from awscompat.scenarios.iam._fixtures import api, make_user, put_inline


@scenario(id="iam/scenario/errors/inline-policy-malformed", feature="iam/errors", operations=["PutUserPolicy"],
          provenance=api("PutUserPolicy"))
def inline_policy_malformed(ctx: CaseContext) -> None:
    """An inline policy document that is not JSON is refused with 400 MalformedPolicyDocument."""
    user = make_user(ctx)
    reply = put_inline(ctx, "user", user, "bad", '{"Version": "2012-10-17", "Statement": [', fixture=False)
    ctx.expect_error(reply, "MalformedPolicyDocument", 400)
