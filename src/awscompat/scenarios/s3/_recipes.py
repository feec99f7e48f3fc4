"""S3 setup recipes for behaviour cases as data (docs/cases.md): each is the one implementation of a
named setup, built on the same fixtures as the Python scenarios (ledgered before the create, undone
at teardown). Outputs: a dict whose `value` is what `${<as>}` means in a case file."""

from __future__ import annotations

import io

from awscompat.engine.context import CaseContext
from awscompat.engine.interpret import recipe, sender
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import (
    absent_bucket,
    bucket_config,
    enable_versioning,
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


@recipe("s3", "key-list")
def key_list(ctx: CaseContext, count: int) -> dict:
    """Keys for a request that names many (DeleteObjects): value = [{Key: k0000}, {Key: k0001}, ...]
    (count of them), `keys` = their names in order. Nothing is created."""
    keys = [f"k{n:04d}" for n in range(int(count))]
    return {"value": [{"Key": k} for k in keys], "keys": keys}


@recipe("s3", "bucket-name")
def bucket_name(ctx: CaseContext, hint: str = "bad", max_len: int = 50, suffix: str = "", cut: int = 0) -> dict:
    """A bucket name in the run's namespace, not created: value = the namespaced name + suffix, cut
    to `cut` characters if given (a name that breaks the naming rules still starts with the run's
    prefix). The CreateBucket step that uses it goes through the CreateBucket sender."""
    name = ctx.name(hint, max_len=max_len) + suffix
    return {"value": name[:cut] if cut else name}


@sender("s3", "CreateBucket")
def create_bucket(ctx: CaseContext, params: dict) -> Reply:
    """CreateBucket as the call under test: in the region's location unless the step names one,
    ledgered before it is sent; teardown deletes the bucket only if the server made it."""
    params = {**bucket_config(ctx), **params}
    made: list[bool] = []

    def remove() -> str | None:
        if not made:
            return "absent"
        return "deleted" if ctx.call("s3", "DeleteBucket", Bucket=params["Bucket"]).ok else None

    ctx.track("s3", "s3-bucket", params["Bucket"], {"service": "s3", "operation": "CreateBucket", "params": params},
              [], remove=remove)
    reply = ctx.call_with("s3", "CreateBucket", params)
    if reply.ok:
        made.append(True)
    return reply
