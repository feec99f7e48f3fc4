"""S3 setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the same fixtures as the Python scenarios (ledgered before the create, undone
at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

import datetime
import io
import time

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.outcomes import FixtureError, Unsupported
from awscompat.engine.transport import Reply
from awscompat.scenarios.kms import _recipes as kms_recipes
from awscompat.scenarios.s3._fixtures import (
    absent_bucket,
    bucket_config,
    enable_versioning,
    is_https,
    make_bucket,
    make_lock_bucket,
    multipart_object,
    put,
    put_keys,
    unlock_versions,
    upload_parts,
)
from awscompat.scenarios.s3._fixtures import tag_set as tag_set_of


@recipe("s3", "bucket")
def bucket(ctx: CaseContext, hint: str = "", tags: dict | None = None) -> dict:
    """A bucket of the case's own (CreateBucket with the region's location constraint); tags:
    {key: value} set afterwards with PutBucketTagging."""
    name = make_bucket(ctx, hint)
    if tags is not None:
        ctx.fixture("s3", "PutBucketTagging", Bucket=name, Tagging=tag_set_of(tags))
    return {"value": name}


@recipe("s3", "versioned-bucket")
def versioned_bucket(ctx: CaseContext, hint: str = "", unlock: bool = False) -> dict:
    """A bucket of the case's own with versioning enabled; unlock: teardown first lifts legal holds
    and deletes every version bypassing GOVERNANCE retention (for a case that turns object lock on)."""
    name = make_bucket(ctx, hint)
    if unlock:
        ctx.defer(f"unlock and empty {name}", lambda: unlock_versions(ctx, name))
    enable_versioning(ctx, name)
    return {"value": name}


@recipe("s3", "lock-bucket")
def lock_bucket(ctx: CaseContext, hint: str = "lock") -> dict:
    """A bucket created with object lock enabled (so versioned); teardown lifts legal holds and
    deletes every version bypassing GOVERNANCE retention."""
    return {"value": make_lock_bucket(ctx, hint)}


@recipe("s3", "object")
def object_(ctx: CaseContext, bucket: str, key: str, body: str = "awscompat", tagging: str = "",
            tag_set: dict | None = None, params: dict | None = None, expect_version: bool = False) -> dict:
    """An object put with a plain PutObject (setup; outputs: value = the key, etag, version).
    tagging: tags given on the PutObject (x-amz-tagging, "k=v&k2=v2"); tag_set: {key: value} set
    afterwards with PutObjectTagging; params: more PutObject parameters (ContentType, Metadata, ...);
    expect_version: the answer must carry a VersionId (a versioned bucket), else the case fails."""
    extra = {"Tagging": tagging} if tagging else {}
    parsed = put(ctx, bucket, key, body.encode(), **extra, **(params or {}))
    if expect_version:
        ctx.check(parsed.get("VersionId"), "PutObject in a versioning-enabled bucket returned no VersionId",
                  expected="VersionId", observed=None)
    if tag_set is not None:
        ctx.fixture("s3", "PutObjectTagging", Bucket=bucket, Key=key, Tagging=tag_set_of(tag_set))
    return {"value": key, "etag": parsed.get("ETag"), "version": parsed.get("VersionId")}


@recipe("s3", "objects")
def objects(ctx: CaseContext, bucket: str, keys: list[str]) -> dict:
    """Objects for listing, put in the order given; each one's body is its own key (value = keys)."""
    put_keys(ctx, bucket, keys)
    return {"value": keys}


def _part_bytes(part: str | dict) -> bytes:
    """A part given as text, or as {repeat: text, times: N} for parts too big to write out (5 MiB)."""
    if isinstance(part, dict):
        return str(part["repeat"]).encode() * int(part["times"])
    return part.encode()


@recipe("s3", "multipart-object")
def multipart_object_(ctx: CaseContext, bucket: str, key: str, parts: list[str]) -> dict:
    """An object made by a completed multipart upload of the given parts (text; every part but
    the last must be 5 MiB or more on AWS). Outputs: value = the key, upload (the UploadId)."""
    return {"value": key, "upload": multipart_object(ctx, bucket, key, [_part_bytes(p) for p in parts])}


@recipe("s3", "upload")
def upload(ctx: CaseContext, bucket: str, key: str, parts: list | None = None, create: dict | None = None,
           checksum: str | None = None) -> dict:
    """A multipart upload in progress (CreateMultipartUpload, with the `create` parameters if given)
    with parts 1..N uploaded; checksum: an algorithm (SHA256, CRC32, ...) each part is sent with
    (x-amz-checksum-<algorithm> of its bytes; the `parts` entries carry it too). Outputs:
    value = the UploadId, `parts` = the [{ETag, PartNumber}] entries CompleteMultipartUpload takes,
    `etag1`, `etag2`, ... = each part's ETag as UploadPart answered it."""
    upload_id, done = upload_parts(ctx, bucket, key, [_part_bytes(p) for p in parts or []], create or {}, checksum)
    return {"value": upload_id, "parts": done, **{f"etag{p['PartNumber']}": p["ETag"] for p in done}}


@recipe("s3", "payload")
def payload(ctx: CaseContext, repeat: str, times: int = 1, stream: bool = False) -> dict:
    """Bytes too many to write out (a 5 MiB part): `repeat` `times` times (value = the bytes, for a
    step's Body; stream: a file-like object instead, which an SDK sends as a streamed body);
    nothing is sent."""
    data = _part_bytes({"repeat": repeat, "times": times})
    return {"value": io.BytesIO(data) if stream else data}


@recipe("s3", "absent-bucket")
def absent(ctx: CaseContext) -> dict:
    """A bucket name in the run's namespace that no bucket has (only read or deleted, never written)."""
    return {"value": absent_bucket(ctx)}


@recipe("s3", "account")
def account(ctx: CaseContext) -> dict:
    """The caller's account id (sts GetCallerIdentity); `other`: another well-formed account id."""
    own = ctx.fixture("sts", "GetCallerIdentity")["Account"]
    return {"value": own, "other": "222222222222" if own == "111111111111" else "111111111111"}


@recipe("s3", "second-principal")
def second_principal(ctx: CaseContext) -> dict:
    """The ARN of the target's second principal (AWS_SECOND_*; STS GetCallerIdentity signed by it,
    else AWS_SECOND_PRINCIPAL_ARN); the case is skipped when there is none or it is unknown."""
    second = ctx.transport.target.second_credentials
    if second is None:
        ctx.skip("no second credential set: set AWS_SECOND_ACCESS_KEY_ID and AWS_SECOND_SECRET_ACCESS_KEY")
    reply = ctx.call_with("sts", "GetCallerIdentity", {}, client=ctx.client("sts", second=True))
    if reply.ok:
        return {"value": reply["Arn"]}
    if not second.principal_arn:
        ctx.skip(f"the second principal's identity is unknown (GetCallerIdentity: {reply.describe()}; "
                 "AWS_SECOND_PRINCIPAL_ARN can name it)")
    return {"value": second.principal_arn}


@recipe("s3", "bucket-policy")
def bucket_policy(ctx: CaseContext, bucket: str, policy: str) -> dict:
    """A bucket policy (JSON text) put on bucket, deleted first at teardown, so that a Deny in it
    cannot keep teardown from emptying the bucket (value = the policy text)."""
    ctx.defer(f"delete the policy of {bucket}",
              lambda: ctx.transport.call("s3", "DeleteBucketPolicy", {"Bucket": bucket}))
    ctx.fixture("s3", "PutBucketPolicy", Bucket=bucket, Policy=policy)
    return {"value": policy}


@recipe("s3", "kms-key")
def kms_key(ctx: CaseContext) -> dict:
    """A KMS key of the case's own for SSE-KMS (the kms `key` recipe: value = KeyId, arn); the case
    is skipped on a target without KMS (no KMS endpoint, or one that refuses CreateKey)."""
    try:
        return kms_recipes.key(ctx, "s3")
    except (FixtureError, Unsupported) as err:
        ctx.skip(f"SSE-KMS needs a KMS-enabled target: {err.message}")
        raise


recipe("s3", "disabled-kms-key")(kms_recipes.disabled)  # key: a KeyId -> DisableKey as set-up


@recipe("s3", "sse-c-bucket")
def sse_c_bucket(ctx: CaseContext, unblock: bool = True) -> dict:
    """A bucket for SSE-C (customer-provided keys), which AWS accepts only over HTTPS: the case is
    skipped against an http:// endpoint. unblock: allow SSE-C writes (new buckets block them since
    April 2026) with BlockedEncryptionTypes NONE in the default encryption; a provider that does not
    know the setting may refuse it (SSE-C is not blocked there), so the answer is not judged."""
    if not is_https(ctx):
        ctx.skip("SSE-C: AWS accepts customer-provided keys only over HTTPS; the endpoint is http://")
    name = make_bucket(ctx)
    if unblock:
        ctx.call("s3", "PutBucketEncryption", Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
             "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]}}]})
    return {"value": name}


@recipe("s3", "compliance-retention")
def compliance_retention(ctx: CaseContext, bucket: str, key: str, version: str, seconds: int = 3) -> dict:
    """COMPLIANCE retention for a few seconds on a version (PutObjectRetention as set-up); teardown
    first waits for it to run out (at most 10 s), so the version can be deleted. value = the date."""
    until = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=seconds)
    ctx.defer("wait for COMPLIANCE retention to end", lambda: time.sleep(
        max(0.0, min(10.0, (until - datetime.datetime.now(datetime.UTC)).total_seconds() + 1))))
    ctx.fixture("s3", "PutObjectRetention", Bucket=bucket, Key=key, VersionId=version,
                Retention={"Mode": "COMPLIANCE", "RetainUntilDate": until})
    return {"value": until}


@recipe("s3", "bucket-name")
def bucket_name(ctx: CaseContext, hint: str = "", max_len: int = 63, suffix: str = "", cut: int = 0) -> dict:
    """A bucket name in the run's namespace (plus suffix, which may make it invalid), cut to `cut`
    characters if given (a name that breaks the naming rules still starts with the run's prefix),
    not created: CreateBucket is the call under test (its sender ledgers it). value = the name;
    `params` = the CreateBucket parameters for it in this region (CreateBucketConfiguration outside
    us-east-1)."""
    name = ctx.name(hint, max_len=max_len) + suffix
    name = name[:cut] if cut else name
    return {"value": name, "params": {"Bucket": name, **bucket_config(ctx)}}


@recipe("s3", "key-list")
def key_list(ctx: CaseContext, count: int) -> dict:
    """Keys for a request that names many (DeleteObjects): value = [{Key: k0000}, {Key: k0001}, ...]
    (count of them), `keys` = their names in order. Nothing is created."""
    keys = [f"k{n:04d}" for n in range(int(count))]
    return {"value": [{"Key": k} for k in keys], "keys": keys}


@sender("s3", "CreateBucket")
def create_bucket(ctx: CaseContext, params: dict) -> Reply:
    """CreateBucket under test: a bucket the case has not ledgered yet (a name a lenient server may
    wrongly accept) is ledgered before it is sent, in the region's location unless the step names
    one; teardown deletes it only if it was created."""
    name = params.get("Bucket", "")
    if any(e.kind == "s3-bucket" and e.name == name for e, _ in ctx.entries):
        return ctx.call_with("s3", "CreateBucket", params)
    params = {**bucket_config(ctx), **params}
    created: list[bool] = []

    def remove() -> str | None:
        if not created:
            return "absent"
        return "deleted" if ctx.call("s3", "DeleteBucket", Bucket=name).ok else None

    ctx.track("s3", "s3-bucket", name, {"service": "s3", "operation": "CreateBucket", "params": params}, [],
              remove=remove)
    reply = ctx.call_with("s3", "CreateBucket", params)
    if reply.ok:
        created.append(True)
    return reply
