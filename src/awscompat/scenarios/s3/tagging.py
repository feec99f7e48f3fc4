"""S3 tagging: object tag sets (PutObjectTagging, x-amz-tagging on PutObject, TagCount) and
bucket tag sets, their round trips, validation (InvalidTag, MalformedXML) and limits."""

from __future__ import annotations

from functools import partial

from awscompat.catalog import docs, recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import (
    API_TAGGING,
    REF,
    REF_S3,
    S3,
    absent_bucket,
    body,
    enable_versioning,
    guide,
    make_bucket,
    put,
    tag_set,
    tags_of,
)

_LIMITS = guide("object-tagging.html")
_BUCKET_LIMITS = guide("CostAllocTagging.html")


def _rec(test: str, step: str) -> Provenance:
    return recorded(REF, API_TAGGING + test, step)


def _tagged_object(ctx: CaseContext, tags: dict[str, str], key: str = "key") -> str:
    bucket = make_bucket(ctx)
    put(ctx, bucket, key, b"test-tagging")
    ctx.fixture("s3", "PutObjectTagging", Bucket=bucket, Key=key, Tagging=tag_set(tags))
    return bucket


def _register_roundtrips(kind: str) -> None:
    """Round trip and overwrite of a tag set, for an object or a bucket (same semantics; the Put
    answers differ: 200 for an object, 204 for a bucket)."""
    noun = kind.capitalize()
    put_op, get_op, test = f"Put{noun}Tagging", f"Get{noun}Tagging", f"test_{kind}_tagging_crud"

    def target(ctx: CaseContext) -> dict:
        bucket = make_bucket(ctx)
        if kind == "bucket":
            return {"Bucket": bucket}
        put(ctx, bucket, "key", b"test-tagging")
        return {"Bucket": bucket, "Key": "key"}

    def roundtrip(ctx: CaseContext) -> None:
        params = target(ctx)
        reply = ctx.expect_ok(ctx.call("s3", put_op, **params, Tagging=tag_set({"tag1": "tag1", "tag2": ""})))
        ctx.equal(reply.status, 200 if kind == "object" else 204, f"{put_op} status", reply)
        reply = ctx.expect_ok(ctx.call("s3", get_op, **params))
        ctx.equal(tags_of(reply), {"tag1": "tag1", "tag2": ""}, "TagSet", reply)

    def overwrite(ctx: CaseContext) -> None:
        params = target(ctx)
        ctx.fixture("s3", put_op, **params, Tagging=tag_set({"tag1": "tag1", "tag2": ""}))
        ctx.expect_ok(ctx.call("s3", put_op, **params, Tagging=tag_set({"tag3": "tag3"})))
        reply = ctx.expect_ok(ctx.call("s3", get_op, **params))
        ctx.equal(tags_of(reply), {"tag3": "tag3"}, "TagSet after overwrite", reply)

    roundtrip.__doc__ = (f"{put_op} answers {200 if kind == 'object' else 204}; {get_op} returns the tag set, "
                         "an empty value kept.")
    overwrite.__doc__ = f"A second {put_op} replaces the {kind}'s whole tag set; it does not merge."
    scenario(id=f"s3/scenario/tagging/{kind}-roundtrip", feature="s3/tagging", operations=[put_op, get_op],
             provenance=_rec(test, f"get-{kind}-tags"))(roundtrip)
    scenario(id=f"s3/scenario/tagging/{kind}-overwrite-replaces-set", feature="s3/tagging",
             operations=[put_op, get_op], provenance=_rec(test, f"get-{kind}-tags-overwritten"))(overwrite)


_register_roundtrips("object")
_register_roundtrips("bucket")


@scenario(
    id="s3/scenario/tagging/object-untagged-empty-set",
    feature="s3/tagging",
    operations=["GetObjectTagging"],
    provenance=_rec("test_object_tagging_crud", "get-object-tags-empty"),
)
def object_untagged_empty_set(ctx: CaseContext) -> None:
    """GetObjectTagging on an object without tags answers 200 with an empty TagSet (not an error)."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "key")
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("TagSet"), [], "TagSet", reply)


@scenario(
    id="s3/scenario/tagging/object-delete-tagging",
    feature="s3/tagging",
    operations=["DeleteObjectTagging", "GetObjectTagging"],
    provenance=_rec("test_object_tagging_crud", "delete-object-tags"),
)
def object_delete_tagging(ctx: CaseContext) -> None:
    """DeleteObjectTagging answers 204; the object's TagSet is then empty."""
    bucket = _tagged_object(ctx, {"tag3": "tag3"})
    reply = ctx.expect_ok(ctx.call("s3", "DeleteObjectTagging", Bucket=bucket, Key="key"))
    ctx.equal(reply.status, 204, "DeleteObjectTagging status", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("TagSet"), [], "TagSet after delete", reply)


@scenario(
    id="s3/scenario/tagging/object-empty-set-clears",
    feature="s3/tagging",
    operations=["PutObjectTagging", "GetObjectTagging"],
    provenance=recorded(REF_S3, S3 + "test_put_object_tagging_empty_list", "deleted-object-tags"),
)
def object_empty_set_clears(ctx: CaseContext) -> None:
    """PutObjectTagging with an empty TagSet removes the object's tags."""
    bucket = _tagged_object(ctx, {"tag1": "tag1", "tag2": ""})
    ctx.expect_ok(ctx.call("s3", "PutObjectTagging", Bucket=bucket, Key="key", Tagging={"TagSet": []}))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("TagSet"), [], "TagSet", reply)


@scenario(
    id="s3/scenario/tagging/get-object-tag-count",
    feature="s3/tagging",
    operations=["PutObjectTagging", "GetObject", "DeleteObjectTagging"],
    provenance=_rec("test_object_tagging_crud", "get-obj-after-tags"),
)
def get_object_tag_count(ctx: CaseContext) -> None:
    """GetObject on a tagged object carries the tag count (x-amz-tagging-count); once the tags
    are deleted it carries none."""
    bucket = _tagged_object(ctx, {"tag3": "tag3"})
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key"))
    body(reply)
    ctx.equal(reply.get("TagCount"), 1, "GetObject TagCount", reply)
    ctx.fixture("s3", "DeleteObjectTagging", Bucket=bucket, Key="key")
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key"))
    body(reply)
    ctx.equal(reply.get("TagCount"), None, "GetObject TagCount without tags", reply)


@scenario(
    id="s3/scenario/tagging/put-object-tagging-header",
    feature="s3/tagging",
    operations=["PutObject", "GetObjectTagging", "HeadObject"],
    provenance=_rec("test_head_object_with_tags", "head-obj-after-create"),
)
def put_object_tagging_header(ctx: CaseContext) -> None:
    """Tags given on PutObject as the x-amz-tagging query string are stored (an empty value
    kept) and HeadObject counts them in TagCount."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"test-tagging",
                           Tagging="tag1=tag1&tag2=tag2&tag="))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="key"))
    ctx.equal(tags_of(reply), {"tag": "", "tag1": "tag1", "tag2": "tag2"}, "TagSet", reply)
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("TagCount"), 3, "HeadObject TagCount", reply)


@scenario(
    id="s3/scenario/tagging/head-tag-count-follows-tagging",
    feature="s3/tagging",
    operations=["PutObjectTagging", "DeleteObjectTagging", "HeadObject"],
    provenance=_rec("test_head_object_with_tags", "head-obj-after-removal"),
)
def head_tag_count_follows_tagging(ctx: CaseContext) -> None:
    """HeadObject's TagCount follows later tagging: 1 after a one-tag PutObjectTagging, absent
    once the tags are deleted."""
    bucket = _tagged_object(ctx, {"tag1": "tag1"})
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("TagCount"), 1, "TagCount after tagging", reply)
    ctx.fixture("s3", "DeleteObjectTagging", Bucket=bucket, Key="key")
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("TagCount"), None, "TagCount after removal", reply)


@scenario(
    id="s3/scenario/tagging/overwrite-object-drops-tags",
    feature="s3/tagging",
    operations=["PutObject", "GetObjectTagging"],
    provenance=_rec("test_object_tags_delete_or_overwrite_object", "get-object-after-overwrite"),
)
def overwrite_object_drops_tags(ctx: CaseContext) -> None:
    """Overwriting an object with a PutObject that carries no tags leaves it untagged."""
    bucket = _tagged_object(ctx, {"tag1": "val1"})
    ctx.expect_ok(ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"new"))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("TagSet"), [], "TagSet after overwrite", reply)


@scenario(
    id="s3/scenario/tagging/versioned-tags-per-version",
    feature="s3/tagging",
    operations=["PutObject", "PutObjectTagging", "GetObjectTagging"],
    provenance=_rec("test_object_tagging_versioned", "get-object-tags-previous-version"),
)
def versioned_tags_per_version(ctx: CaseContext) -> None:
    """In a versioned bucket each version has its own tags: tagging the current version leaves
    the previous one's tags alone, and GetObjectTagging names the version it answers for."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    v1 = put(ctx, bucket, "key", b"v1", Tagging="test_tag=tagv1")["VersionId"]
    v2 = put(ctx, bucket, "key", b"v2")["VersionId"]
    reply = ctx.expect_ok(ctx.call("s3", "PutObjectTagging", Bucket=bucket, Key="key", Tagging=tag_set({"tag3": "tag3"})))
    ctx.equal(reply.get("VersionId"), v2, "PutObjectTagging VersionId (current)", reply)
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="key", VersionId=v1))
    ctx.equal(tags_of(reply), {"test_tag": "tagv1"}, "previous version's TagSet", reply)
    ctx.equal(reply.get("VersionId"), v1, "GetObjectTagging VersionId", reply)


@scenario(
    id="s3/scenario/tagging/delete-marker-not-taggable",
    feature="s3/tagging",
    operations=["DeleteObject", "PutObjectTagging"],
    provenance=_rec("test_object_tagging_versioned", "put-object-tags-delete-marker-id"),
)
def delete_marker_not_taggable(ctx: CaseContext) -> None:
    """Tagging a delete marker by its version id is refused with 405 MethodNotAllowed."""
    bucket = make_bucket(ctx)
    enable_versioning(ctx, bucket)
    put(ctx, bucket, "key")
    marker = ctx.fixture("s3", "DeleteObject", Bucket=bucket, Key="key")["VersionId"]
    reply = ctx.call("s3", "PutObjectTagging", Bucket=bucket, Key="key", VersionId=marker,
                     Tagging=tag_set({"a": "b"}))
    ctx.expect_error(reply, "MethodNotAllowed", 405)


@scenario(
    id="s3/scenario/tagging/copy-keeps-tags-by-default",
    feature="s3/tagging",
    operations=["CopyObject", "GetObjectTagging"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_tagging_directive[None]", "get-copy-object-tag"),
)
def copy_keeps_tags_by_default(ctx: CaseContext) -> None:
    """CopyObject without a tagging directive copies the source's tags to the new object."""
    bucket = _tagged_object(ctx, {"key1": "value1"}, key="src")
    ctx.expect_ok(ctx.call("s3", "CopyObject", Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"}))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="dst"))
    ctx.equal(tags_of(reply), {"key1": "value1"}, "copy's TagSet", reply)


@scenario(
    id="s3/scenario/tagging/copy-replace-tags",
    feature="s3/tagging",
    operations=["CopyObject", "GetObjectTagging"],
    provenance=recorded(REF_S3, S3 + "test_s3_copy_tagging_directive[REPLACE]", "get-copy-object-tag"),
)
def copy_replace_tags(ctx: CaseContext) -> None:
    """CopyObject with TaggingDirective REPLACE gives the copy the tags of the request instead."""
    bucket = _tagged_object(ctx, {"key1": "value1"}, key="src")
    ctx.expect_ok(ctx.call("s3", "CopyObject", Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"},
                           TaggingDirective="REPLACE", Tagging="key2=value2"))
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="dst"))
    ctx.equal(tags_of(reply), {"key2": "value2"}, "copy's TagSet", reply)


@scenario(
    id="s3/scenario/tagging/bucket-untagged-no-such-tag-set",
    feature="s3/tagging",
    operations=["GetBucketTagging"],
    provenance=_rec("test_bucket_tagging_crud", "get-bucket-tags-empty"),
)
def bucket_untagged_no_such_tag_set(ctx: CaseContext) -> None:
    """GetBucketTagging on a bucket without tags answers 404 NoSuchTagSet (unlike objects)."""
    bucket = make_bucket(ctx)
    ctx.expect_error(ctx.call("s3", "GetBucketTagging", Bucket=bucket), "NoSuchTagSet", 404)


@scenario(
    id="s3/scenario/tagging/bucket-delete-tagging",
    feature="s3/tagging",
    operations=["DeleteBucketTagging", "GetBucketTagging"],
    provenance=_rec("test_bucket_tagging_crud", "delete-bucket-tags"),
)
def bucket_delete_tagging(ctx: CaseContext) -> None:
    """DeleteBucketTagging answers 204; the bucket then has no tag set (404 NoSuchTagSet)."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutBucketTagging", Bucket=bucket, Tagging=tag_set({"tag3": "tag3"}))
    reply = ctx.expect_ok(ctx.call("s3", "DeleteBucketTagging", Bucket=bucket))
    ctx.equal(reply.status, 204, "DeleteBucketTagging status", reply)
    ctx.expect_error(ctx.call("s3", "GetBucketTagging", Bucket=bucket), "NoSuchTagSet", 404,
                     what="GetBucketTagging after delete")


@scenario(
    id="s3/scenario/tagging/bucket-empty-set-clears",
    feature="s3/tagging",
    operations=["PutBucketTagging", "GetBucketTagging"],
    provenance=_rec("test_put_bucket_tagging_none_value", "no-such-tag-set"),
)
def bucket_empty_set_clears(ctx: CaseContext) -> None:
    """PutBucketTagging with an empty TagSet answers 204 and leaves the bucket with no tag set."""
    bucket = make_bucket(ctx)
    ctx.fixture("s3", "PutBucketTagging", Bucket=bucket, Tagging=tag_set({"tag1": "tag1"}))
    reply = ctx.expect_ok(ctx.call("s3", "PutBucketTagging", Bucket=bucket, Tagging={"TagSet": []}))
    ctx.equal(reply.status, 204, "PutBucketTagging status", reply)
    ctx.expect_error(ctx.call("s3", "GetBucketTagging", Bucket=bucket), "NoSuchTagSet", 404)


@scenario(
    id="s3/scenario/tagging/object-ten-tags-accepted",
    feature="s3/tagging",
    operations=["PutObjectTagging", "GetObjectTagging"],
    provenance=_LIMITS,
)
def object_ten_tags_accepted(ctx: CaseContext) -> None:
    """An object takes up to 10 tags, with keys of 128 and values of 256 characters."""
    tags = {f"k{n}" + "k" * 126: "v" * 256 for n in range(10)}
    bucket = _tagged_object(ctx, tags)
    reply = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=bucket, Key="key"))
    ctx.equal(tags_of(reply), tags, "TagSet", reply)


@scenario(
    id="s3/scenario/tagging/bucket-fifty-tags-accepted",
    feature="s3/tagging",
    operations=["PutBucketTagging", "GetBucketTagging"],
    provenance=_BUCKET_LIMITS,
)
def bucket_fifty_tags_accepted(ctx: CaseContext) -> None:
    """A bucket takes up to 50 tags."""
    tags = {f"key{n:02d}": f"value{n}" for n in range(50)}
    bucket = make_bucket(ctx)
    ctx.expect_ok(ctx.call("s3", "PutBucketTagging", Bucket=bucket, Tagging=tag_set(tags)))
    reply = ctx.expect_ok(ctx.call("s3", "GetBucketTagging", Bucket=bucket))
    ctx.equal(tags_of(reply), tags, "TagSet", reply)


# -- refusals: one scenario per row -------------------------------------------------------------
_OBJ, _BKT = "PutObjectTagging", "PutBucketTagging"
# More than 10 tags on an object: PutObjectTagging documents InvalidTag for a tag set that fails
# validation; S3 is also seen answering BadRequest ("Object tags cannot be greater than 10"). Either
# code is accepted; a bare 400 without one is not.
_TOO_MANY_TAGS = ("InvalidTag", "BadRequest")
_DUP = [{"Key": "Key1", "Value": "a"}, {"Key": "Key1", "Value": "b"}]
_GONE = ("no-key", "no-bucket")


def _request(ctx: CaseContext, operation: str, arg) -> dict:
    """Parameters for operation: arg is a tag set ({key: value} or raw TagSet list), an
    x-amz-tagging string (PutObject), or "no-key"/"no-bucket" for what must be missing."""
    bucket = absent_bucket(ctx) if arg == "no-bucket" else make_bucket(ctx)
    params: dict = {"Bucket": bucket}
    if "Object" in operation:
        params["Key"] = "key"
    if operation == "PutObject":
        params.update(Body=b"x", Tagging=arg)
    elif operation.startswith("Put"):
        params["Tagging"] = {"TagSet": arg} if isinstance(arg, list) else tag_set({"a": "b"} if arg in _GONE else arg)
    if operation == _OBJ and arg not in _GONE:
        put(ctx, bucket, "key")
    return params


_v = partial(_rec, "test_tagging_validation")
_x = partial(_rec, "test_object_tagging_exc")
_b = partial(_rec, "test_bucket_tagging_exc")


_REFUSALS = [
    # (name, operation, arg, code, status, evidence); a documented limit without a recording is advisory
    ("object-duplicate-keys", _OBJ, _DUP, "InvalidTag", 400, _v("put-object-tags-duplicate-keys")),
    ("object-invalid-key", _OBJ, {"Key1,Key2": "v"}, "InvalidTag", 400, _v("put-object-tags-invalid-field")),
    ("object-aws-prefix", _OBJ, {"aws:prefixed": "v"}, "InvalidTag", 400, _v("put-object-tags-aws-prefixed")),
    ("object-key-missing", _OBJ, [{"Value": "v"}], "MalformedXML", 400, _v("put-object-tags-none-key")),
    ("object-value-missing", _OBJ, [{"Key": "k"}], "MalformedXML", 400, _v("put-object-tags-none-value")),
    # revision 2: the error code and the unchanged tag set are checked too (_register_refusal)
    ("object-eleven-tags", _OBJ, {f"k{n}": "v" for n in range(11)}, _TOO_MANY_TAGS, 400,
     docs(_LIMITS.ref, "revision 2: at most 10 tags per object (user guide); the refusal carries an error code "
                       "(InvalidTag, documented for PutObjectTagging, or BadRequest) and leaves the tag set as it was")),
    ("object-key-too-long", _OBJ, {"k" * 129: "v"}, None, 400, _LIMITS),
    ("object-value-too-long", _OBJ, {"k": "v" * 257}, None, 400, _LIMITS),
    ("bucket-duplicate-keys", _BKT, _DUP, "InvalidTag", 400, _v("put-bucket-tags-duplicate-keys")),
    ("bucket-invalid-key", _BKT, {"Key1,Key2": "v"}, "InvalidTag", 400, _v("put-bucket-tags-invalid-key")),
    ("bucket-invalid-value", _BKT, {"Key1": "Val1,Val2"}, "InvalidTag", 400, _v("put-bucket-tags-invalid-value")),
    ("bucket-aws-prefix", _BKT, {"aws:prefixed": "v"}, "InvalidTag", 400, _v("put-bucket-tags-aws-prefixed")),
    ("bucket-key-missing", _BKT, [{"Value": "v"}], "MalformedXML", 400, _v("put-bucket-tags-none-key")),
    ("bucket-value-missing", _BKT, [{"Key": "k"}], "MalformedXML", 400, _v("put-bucket-tags-none-value")),
    ("bucket-fifty-one-tags", _BKT, {f"k{n}": "v" for n in range(51)}, None, 400, _BUCKET_LIMITS),
    ("header-duplicate-keys", "PutObject", "key1=val1&key1=val2", "InvalidArgument", 400,
     _x("put-obj-duplicate-tagging")),
    ("header-wrong-format", "PutObject", "key1=val1,key2=val2", "InvalidArgument", 400, _x("put-obj-wrong-format")),
    ("object-missing-key-get", "GetObjectTagging", "no-key", "NoSuchKey", 404, _x("get-no-key-tags")),
    ("object-missing-key-put", _OBJ, "no-key", "NoSuchKey", 404, _x("put-no-key-tags")),
    ("object-missing-key-delete", "DeleteObjectTagging", "no-key", "NoSuchKey", 404, _x("delete-no-key-tags")),
    ("object-missing-bucket-get", "GetObjectTagging", "no-bucket", "NoSuchBucket", 404, _x("get-no-bucket-tags")),
    ("object-missing-bucket-put", _OBJ, "no-bucket", "NoSuchBucket", 404, _x("put-no-bucket-tags")),
    ("bucket-missing-get", "GetBucketTagging", "no-bucket", "NoSuchBucket", 404, _b("get-no-bucket-tags")),
    ("bucket-missing-put", _BKT, "no-bucket", "NoSuchBucket", 404, _b("put-no-bucket-tags")),
    ("bucket-missing-delete", "DeleteBucketTagging", "no-bucket", "NoSuchBucket", 404, _b("delete-no-bucket-tags")),
]


def _register_refusal(name, operation, arg, code, status, provenance) -> None:
    what = f"{'/'.join(code) if isinstance(code, tuple) else code} ({status})" if code else f"HTTP {status}"
    revision = 2 if name == "object-eleven-tags" else 1

    def run(ctx: CaseContext) -> None:
        params = _request(ctx, operation, arg)
        ctx.expect_error(ctx.call("s3", operation, **params), code, status)
        if revision == 2:  # the refused tag set was not applied: the object still has no tags
            after = ctx.expect_ok(ctx.call("s3", "GetObjectTagging", Bucket=params["Bucket"], Key=params["Key"]))
            ctx.equal(after.get("TagSet"), [], "TagSet after the refused PutObjectTagging", after)

    run.__doc__ = f"{operation} ({name.replace('-', ' ')}) is refused with {what}."
    scenario(id=f"s3/scenario/tagging/refuse-{name}", feature="s3/tagging", operations=[operation],
             provenance=provenance, severity="advisory" if provenance.kind == "aws-docs" else "required",
             revision=revision)(run)


for _row in _REFUSALS:
    _register_refusal(*_row)
