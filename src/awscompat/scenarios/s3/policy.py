"""S3 bucket policies: put/get/delete, validation (MalformedPolicy), the expected-bucket-owner
check, and enforcement on anonymous requests (a public-read policy opens GetObject and nothing
else; without it an unsigned GET is 403 AccessDenied)."""

from __future__ import annotations

import json

from awscompat.catalog import recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_POLICY,
    ERROR_DOCS,
    REF,
    REF_S3,
    S3,
    allow_public,
    body,
    guide,
    make_bucket,
    put,
    unsigned,
)

_EXAMPLES = guide("example-bucket-policies.html")
_PRIVATE = guide("access-control-overview.html")
_EVALUATION = guide("access-policy-language-overview.html")


def _rec(test: str, step: str) -> Provenance:
    return recorded(REF, API_POLICY + test, step)


def _statement(bucket: str, action: str = "s3:GetObject", effect: str = "Allow", principal="*",
               resource: str | None = None) -> dict:
    return {"Effect": effect, "Principal": {"AWS": principal} if principal == "*" else principal,
            "Action": action, "Resource": resource or f"arn:aws:s3:::{bucket}/*"}


def _policy(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _public_bucket(ctx: CaseContext, with_policy: bool = True) -> str:
    """A bucket holding `key`, open to anonymous GetObject by policy (with_policy) or not."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key", b"public-data")
    if with_policy:
        allow_public(ctx, bucket)
        ctx.fixture("s3", "PutBucketPolicy", Bucket=bucket, Policy=_policy(_statement(bucket)))
    return bucket


def _account(ctx: CaseContext) -> str:
    return ctx.fixture("sts", "GetCallerIdentity")["Account"]


@scenario(
    id="s3/scenario/policy/get-unset",
    feature="s3/policy",
    operations=["GetBucketPolicy"],
    provenance=_rec("test_bucket_policy_crud", "get-bucket-default-policy"),
)
def get_unset(ctx: CaseContext) -> None:
    """GetBucketPolicy on a bucket without a policy answers 404 NoSuchBucketPolicy."""
    bucket = make_bucket(ctx)
    ctx.expect_error(ctx.call("s3", "GetBucketPolicy", Bucket=bucket), "NoSuchBucketPolicy", 404)


@scenario(
    id="s3/scenario/policy/roundtrip",
    feature="s3/policy",
    operations=["PutBucketPolicy", "GetBucketPolicy"],
    provenance=_rec("test_bucket_policy_crud", "get-bucket-policy"),
)
def roundtrip(ctx: CaseContext) -> None:
    """PutBucketPolicy answers 204; GetBucketPolicy returns the same policy document."""
    bucket = make_bucket(ctx)
    allow_public(ctx, bucket)
    policy = _policy(_statement(bucket))
    reply = ctx.expect_ok(ctx.call("s3", "PutBucketPolicy", Bucket=bucket, Policy=policy))
    ctx.equal(reply.status, 204, "PutBucketPolicy status", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketPolicy", Bucket=bucket))
    try:
        stored = json.loads(reply.get("Policy") or "")
    except ValueError:
        ctx.fail("GetBucketPolicy's Policy is not JSON", expected=policy, observed=reply.get("Policy"), reply=reply)
    ctx.equal(stored, json.loads(policy), "Policy document", reply)


@scenario(
    id="s3/scenario/policy/delete-then-get",
    feature="s3/policy",
    operations=["DeleteBucketPolicy", "GetBucketPolicy"],
    provenance=_rec("test_bucket_policy_crud", "get-bucket-policy-after-delete"),
)
def delete_then_get(ctx: CaseContext) -> None:
    """DeleteBucketPolicy answers 204; the policy then reads as 404 NoSuchBucketPolicy."""
    bucket = _public_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteBucketPolicy", Bucket=bucket))
    ctx.equal(reply.status, 204, "DeleteBucketPolicy status", reply)
    ctx.expect_error(ctx.call("s3", "GetBucketPolicy", Bucket=bucket), "NoSuchBucketPolicy", 404,
                     what="GetBucketPolicy after delete")


@scenario(
    id="s3/scenario/policy/delete-unset",
    feature="s3/policy",
    operations=["DeleteBucketPolicy"],
    provenance=_rec("test_bucket_policy_crud", "delete-bucket-policy-after-delete"),
)
def delete_unset(ctx: CaseContext) -> None:
    """DeleteBucketPolicy on a bucket without a policy answers 204 (idempotent)."""
    bucket = make_bucket(ctx)
    reply = ctx.expect_ok(ctx.call("s3", "DeleteBucketPolicy", Bucket=bucket))
    ctx.equal(reply.status, 204, "DeleteBucketPolicy status", reply)


@scenario(
    id="s3/scenario/policy/expected-owner-match",
    feature="s3/policy",
    operations=["GetBucketPolicy"],
    provenance=recorded(REF_S3, S3 + "test_get_bucket_policy", "get-bucket-policy-with-expected-bucket-owner"),
)
def expected_owner_match(ctx: CaseContext) -> None:
    """GetBucketPolicy with ExpectedBucketOwner set to the caller's own account answers 200."""
    bucket = _public_bucket(ctx)
    ctx.expect_ok(ctx.call("s3", "GetBucketPolicy", Bucket=bucket, ExpectedBucketOwner=_account(ctx)))


@scenario(
    id="s3/scenario/policy/expected-owner-mismatch",
    feature="s3/policy",
    operations=["GetBucketPolicy"],
    provenance=recorded(REF_S3, S3 + "test_get_bucket_policy", "get-bucket-policy-with-expected-bucket-owner-error"),
)
def expected_owner_mismatch(ctx: CaseContext) -> None:
    """GetBucketPolicy with ExpectedBucketOwner naming another account is 403 AccessDenied."""
    bucket = _public_bucket(ctx)
    other = "111111111111" if _account(ctx) != "111111111111" else "222222222222"
    ctx.expect_error(ctx.call("s3", "GetBucketPolicy", Bucket=bucket, ExpectedBucketOwner=other), "AccessDenied", 403)


@scenario(
    id="s3/scenario/policy/expected-owner-invalid",
    feature="s3/policy",
    operations=["PutBucketPolicy"],
    provenance=recorded(REF_S3, S3 + "test_put_bucket_policy_invalid_account_id[abcd]",
                        "put-bucket-policy-invalid-bucket-owner"),
)
def expected_owner_invalid(ctx: CaseContext) -> None:
    """An ExpectedBucketOwner that is not an account ID is 400 InvalidBucketOwnerAWSAccountID."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutBucketPolicy", Bucket=bucket, Policy=_policy(_statement(bucket)),
                     ExpectedBucketOwner="abcd")
    ctx.expect_error(reply, "InvalidBucketOwnerAWSAccountID", 400)


# -- enforcement on anonymous requests ----------------------------------------------------------
@scenario(
    id="s3/scenario/policy/anonymous-get-denied-by-default",
    feature="s3/policy",
    operations=["GetObject"],
    provenance=_PRIVATE,
)
def anonymous_get_denied_by_default(ctx: CaseContext) -> None:
    """Without a policy granting it, an unsigned GetObject is refused with 403 AccessDenied."""
    bucket = _public_bucket(ctx, with_policy=False)
    ctx.expect_error(unsigned(ctx, "GetObject", Bucket=bucket, Key="key"), "AccessDenied", 403)


@scenario(
    id="s3/scenario/policy/anonymous-get-allowed-by-policy",
    feature="s3/policy",
    operations=["PutBucketPolicy", "GetObject"],
    provenance=_EXAMPLES,
)
def anonymous_get_allowed_by_policy(ctx: CaseContext) -> None:
    """With a policy allowing s3:GetObject to everyone, an unsigned GetObject reads the object."""
    bucket = _public_bucket(ctx)
    reply = ctx.expect_ok(unsigned(ctx, "GetObject", Bucket=bucket, Key="key"))
    ctx.equal(body(reply), b"public-data", "body", reply)


@scenario(
    id="s3/scenario/policy/anonymous-put-still-denied",
    feature="s3/policy",
    operations=["PutBucketPolicy", "PutObject"],
    provenance=_EXAMPLES,
    severity="advisory",
)
def anonymous_put_still_denied(ctx: CaseContext) -> None:
    """A policy allowing only s3:GetObject does not open writes: an unsigned PutObject is 403 AccessDenied."""
    bucket = _public_bucket(ctx)
    reply = unsigned(ctx, "PutObject", Bucket=bucket, Key="intruder", Body=b"x")
    ctx.expect_error(reply, "AccessDenied", 403)


@scenario(
    id="s3/scenario/policy/anonymous-list-still-denied",
    feature="s3/policy",
    operations=["PutBucketPolicy", "ListObjectsV2"],
    provenance=_EXAMPLES,
    severity="advisory",
)
def anonymous_list_still_denied(ctx: CaseContext) -> None:
    """A policy allowing s3:GetObject on objects does not allow listing the bucket (s3:ListBucket):
    an unsigned ListObjectsV2 is 403 AccessDenied."""
    bucket = _public_bucket(ctx)
    ctx.expect_error(unsigned(ctx, "ListObjectsV2", Bucket=bucket), "AccessDenied", 403)


@scenario(
    id="s3/scenario/policy/anonymous-denied-after-delete",
    feature="s3/policy",
    operations=["DeleteBucketPolicy", "GetObject"],
    provenance=_EXAMPLES,
)
def anonymous_denied_after_delete(ctx: CaseContext) -> None:
    """Once the public policy is deleted, an unsigned GetObject is 403 AccessDenied again."""
    bucket = _public_bucket(ctx)
    ctx.expect_ok(unsigned(ctx, "GetObject", Bucket=bucket, Key="key"), "GetObject while public")
    ctx.expect_ok(ctx.call("s3", "DeleteBucketPolicy", Bucket=bucket))
    ctx.expect_error(unsigned(ctx, "GetObject", Bucket=bucket, Key="key"), "AccessDenied", 403,
                     what="GetObject after the policy is deleted")


@scenario(
    id="s3/scenario/policy/resource-scopes-access",
    feature="s3/policy",
    operations=["PutBucketPolicy", "GetObject"],
    provenance=_EXAMPLES,
    severity="advisory",
)
def resource_scopes_access(ctx: CaseContext) -> None:
    """A policy for the public/* prefix opens objects under it and no others."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "public/a", b"a")
    put(ctx, bucket, "private/b", b"b")
    allow_public(ctx, bucket)
    ctx.fixture("s3", "PutBucketPolicy", Bucket=bucket,
                Policy=_policy(_statement(bucket, resource=f"arn:aws:s3:::{bucket}/public/*")))
    ctx.expect_ok(unsigned(ctx, "GetObject", Bucket=bucket, Key="public/a"), "GetObject public/a")
    ctx.expect_error(unsigned(ctx, "GetObject", Bucket=bucket, Key="private/b"), "AccessDenied", 403,
                     what="GetObject private/b")


@scenario(
    id="s3/scenario/policy/explicit-deny-wins",
    feature="s3/policy",
    operations=["PutBucketPolicy", "GetObject"],
    provenance=_EVALUATION,
    severity="advisory",
)
def explicit_deny_wins(ctx: CaseContext) -> None:
    """An explicit Deny overrides an Allow: with both for anonymous GetObject on a key, the
    unsigned GET is 403 AccessDenied."""
    bucket = _public_bucket(ctx, with_policy=False)
    allow_public(ctx, bucket)
    policy = _policy(_statement(bucket), _statement(bucket, effect="Deny", resource=f"arn:aws:s3:::{bucket}/key"))
    ctx.fixture("s3", "PutBucketPolicy", Bucket=bucket, Policy=policy)
    ctx.expect_error(unsigned(ctx, "GetObject", Bucket=bucket, Key="key"), "AccessDenied", 403)


# -- refusals -----------------------------------------------------------------------------------
_REFUSALS = [
    # (name, policy text (with {bucket}), provenance, severity)
    ("empty", "", _rec("test_bucket_policy_exc", "put-empty-bucket-policy"), "required"),
    ("not-json", "randomstring", _rec("test_bucket_policy_exc", "put-bucket-policy-randomstring"), "required"),
    ("no-statement", "{}", _rec("test_bucket_policy_exc", "put-bucket-policy-empty-json"), "required"),
    ("unknown-action", _policy(_statement("{bucket}", action="s3:NoSuchAction")), ERROR_DOCS, "advisory"),
    ("invalid-principal", _policy(_statement("{bucket}", principal={"AWS": "not-a-principal"})), ERROR_DOCS,
     "advisory"),
    ("foreign-resource", _policy(_statement("{bucket}", resource="arn:aws:s3:::{bucket}-other/*")), ERROR_DOCS,
     "advisory"),
    ("bad-effect", _policy(_statement("{bucket}", effect="Perhaps")), ERROR_DOCS, "advisory"),
]


def _register_refusal(name, text, provenance, severity) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = make_bucket(ctx)
        allow_public(ctx, bucket)
        reply = ctx.call("s3", "PutBucketPolicy", Bucket=bucket, Policy=text.replace("{bucket}", bucket))
        ctx.expect_error(reply, "MalformedPolicy", 400)

    run.__doc__ = f"PutBucketPolicy with a policy of kind '{name}' is refused with 400 MalformedPolicy."
    scenario(id=f"s3/scenario/policy/refuse-{name}", feature="s3/policy", operations=["PutBucketPolicy"],
             provenance=provenance, severity=severity)(run)


for _row in _REFUSALS:
    _register_refusal(*_row)
