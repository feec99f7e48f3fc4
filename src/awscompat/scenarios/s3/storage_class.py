"""S3 storage classes: STANDARD by default, the class given on PutObject kept and reported (by
GetObjectAttributes, HeadObject, GetObject, listings), archived objects refused to GetObject,
classes that do not exist refused, and CopyObject changing an object's class."""

from __future__ import annotations

from awscompat.catalog import recorded, scenario
from awscompat.catalog.case import Provenance
from awscompat.engine.context import CaseContext
from awscompat.scenarios.s3._fixtures import REF_S3, S3, api_docs, body, make_bucket, put

_CLASSES_DOCS = api_docs("PutObject")
_LIST_DOCS = api_docs("Object")


def _rec(test: str, step: str) -> Provenance:
    return recorded(REF_S3, S3 + test, step)


def _stored(ctx: CaseContext, storage_class: str | None = None) -> str:
    bucket = make_bucket(ctx)
    extra = {"StorageClass": storage_class} if storage_class else {}
    put(ctx, bucket, "key", b"body-test", **extra)
    return bucket


def _attributes(ctx: CaseContext, bucket: str, key: str = "key"):
    return ctx.expect_ok(ctx.call("s3", "GetObjectAttributes", Bucket=bucket, Key=key,
                                  ObjectAttributes=["StorageClass"]))


@scenario(
    id="s3/scenario/storage-class/standard-by-default",
    feature="s3/storage-class",
    operations=["PutObject", "GetObjectAttributes", "HeadObject"],
    provenance=_rec("test_s3_copy_object_in_place_storage_class", "object-attrs"),
)
def standard_by_default(ctx: CaseContext) -> None:
    """An object put without a storage class is STANDARD (GetObjectAttributes), and HeadObject
    then names no class (x-amz-storage-class is left out for STANDARD)."""
    bucket = _stored(ctx)
    reply = _attributes(ctx, bucket)
    ctx.equal(reply.get("StorageClass"), "STANDARD", "GetObjectAttributes StorageClass", reply)
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("StorageClass"), None, "HeadObject StorageClass", reply)


@scenario(
    id="s3/scenario/storage-class/standard-not-echoed-on-get",
    feature="s3/storage-class",
    operations=["PutObject", "GetObject"],
    provenance=_rec("test_put_object_storage_class[STANDARD-True]", "get-object"),
)
def standard_not_echoed_on_get(ctx: CaseContext) -> None:
    """An object put explicitly as STANDARD is read back by GetObject with no x-amz-storage-class header."""
    bucket = _stored(ctx, "STANDARD")
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key"))
    body(reply)
    ctx.equal(reply.get("StorageClass"), None, "GetObject StorageClass", reply)


@scenario(
    id="s3/scenario/storage-class/head-reports-class",
    feature="s3/storage-class",
    operations=["PutObject", "HeadObject"],
    provenance=_rec("test_s3_copy_object_storage_class", "head-object"),
)
def head_reports_class(ctx: CaseContext) -> None:
    """HeadObject names a non-STANDARD class in x-amz-storage-class (STANDARD_IA)."""
    bucket = _stored(ctx, "STANDARD_IA")
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("StorageClass"), "STANDARD_IA", "HeadObject StorageClass", reply)


@scenario(
    id="s3/scenario/storage-class/listed-with-class",
    feature="s3/storage-class",
    operations=["PutObject", "ListObjectsV2"],
    provenance=_LIST_DOCS,
)
def listed_with_class(ctx: CaseContext) -> None:
    """ListObjectsV2 gives each object's storage class: STANDARD and ONEZONE_IA as stored."""
    bucket = make_bucket(ctx)
    put(ctx, bucket, "a-standard")
    put(ctx, bucket, "b-onezone", StorageClass="ONEZONE_IA")
    reply = ctx.expect_ok(ctx.call("s3", "ListObjectsV2", Bucket=bucket))
    classes = {o.get("Key"): o.get("StorageClass") for o in reply.get("Contents") or []}
    ctx.equal(classes, {"a-standard": "STANDARD", "b-onezone": "ONEZONE_IA"}, "StorageClass per key", reply)


def _register_class(storage_class: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = _stored(ctx, storage_class)
        reply = _attributes(ctx, bucket)
        ctx.equal(reply.get("StorageClass"), storage_class, "GetObjectAttributes StorageClass", reply)
        reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="key"))
        ctx.equal(body(reply), b"body-test", "GetObject body", reply)
        ctx.equal(reply.get("StorageClass"), storage_class, "GetObject StorageClass", reply)

    run.__doc__ = (f"An object put as {storage_class} keeps that class (GetObjectAttributes) and reads "
                   "back at once with GetObject, which names the class.")
    scenario(id=f"s3/scenario/storage-class/{storage_class.lower().replace('_', '-')}-roundtrip",
             feature="s3/storage-class", operations=["PutObject", "GetObjectAttributes", "GetObject"],
             provenance=_rec(f"test_put_object_storage_class[{storage_class}-True]", "get-object"))(run)


def _register_archived(storage_class: str) -> None:
    def run(ctx: CaseContext) -> None:
        bucket = _stored(ctx, storage_class)
        reply = _attributes(ctx, bucket)
        ctx.equal(reply.get("StorageClass"), storage_class, "GetObjectAttributes StorageClass", reply)
        ctx.expect_error(ctx.call("s3", "GetObject", Bucket=bucket, Key="key"), "InvalidObjectState", 403)

    run.__doc__ = (f"An object put as {storage_class} keeps that class, but GetObject on it is 403 "
                   "InvalidObjectState until it is restored.")
    scenario(id=f"s3/scenario/storage-class/{storage_class.lower().replace('_', '-')}-get-refused",
             feature="s3/storage-class", operations=["PutObject", "GetObjectAttributes", "GetObject"],
             provenance=_rec(f"test_put_object_storage_class[{storage_class}-False]", "get-object"))(run)


for _class in ("STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "REDUCED_REDUNDANCY"):
    _register_class(_class)
for _class in ("GLACIER", "DEEP_ARCHIVE"):
    _register_archived(_class)


@scenario(
    id="s3/scenario/storage-class/outposts-refused-on-put",
    feature="s3/storage-class",
    operations=["PutObject"],
    provenance=_rec("test_put_object_storage_class_outposts", "put-object-outposts"),
)
def outposts_refused_on_put(ctx: CaseContext) -> None:
    """PutObject with the OUTPOSTS class (only for S3 on Outposts) is 400 InvalidStorageClass."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"x", StorageClass="OUTPOSTS")
    ctx.expect_error(reply, "InvalidStorageClass", 400)


@scenario(
    id="s3/scenario/storage-class/outposts-refused-on-multipart",
    feature="s3/storage-class",
    operations=["CreateMultipartUpload"],
    provenance=_rec("test_put_object_storage_class_outposts", "create-multipart-outposts-exc"),
)
def outposts_refused_on_multipart(ctx: CaseContext) -> None:
    """CreateMultipartUpload with the OUTPOSTS class is 400 InvalidStorageClass."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "CreateMultipartUpload", Bucket=bucket, Key="key", StorageClass="OUTPOSTS")
    ctx.expect_error(reply, "InvalidStorageClass", 400)


@scenario(
    id="s3/scenario/storage-class/unknown-class-refused",
    feature="s3/storage-class",
    operations=["PutObject"],
    provenance=_CLASSES_DOCS,
    severity="advisory",
)
def unknown_class_refused(ctx: CaseContext) -> None:
    """PutObject with a storage class that does not exist is refused with 400 InvalidStorageClass."""
    bucket = make_bucket(ctx)
    reply = ctx.call("s3", "PutObject", Bucket=bucket, Key="key", Body=b"x", StorageClass="NOT_A_CLASS")
    ctx.expect_error(reply, "InvalidStorageClass", 400)


@scenario(
    id="s3/scenario/storage-class/copy-in-place-changes-class",
    feature="s3/storage-class",
    operations=["CopyObject", "GetObjectAttributes"],
    provenance=_rec("test_s3_copy_object_storage_class", "object-attrs-after-copy"),
)
def copy_in_place_changes_class(ctx: CaseContext) -> None:
    """Copying an object onto itself with a new StorageClass (STANDARD_IA to STANDARD) is allowed
    and changes its class."""
    bucket = _stored(ctx, "STANDARD_IA")
    ctx.expect_ok(ctx.call("s3", "CopyObject", Bucket=bucket, Key="key", CopySource={"Bucket": bucket, "Key": "key"},
                           StorageClass="STANDARD"))
    reply = _attributes(ctx, bucket)
    ctx.equal(reply.get("StorageClass"), "STANDARD", "StorageClass after copy", reply)


@scenario(
    id="s3/scenario/storage-class/copy-to-new-key-with-class",
    feature="s3/storage-class",
    operations=["CopyObject", "HeadObject"],
    provenance=api_docs("CopyObject"),
    severity="advisory",
)
def copy_to_new_key_with_class(ctx: CaseContext) -> None:
    """CopyObject to a new key with StorageClass ONEZONE_IA stores the copy in that class and
    leaves the source as it was."""
    bucket = _stored(ctx)
    ctx.expect_ok(ctx.call("s3", "CopyObject", Bucket=bucket, Key="copy", CopySource={"Bucket": bucket, "Key": "key"},
                           StorageClass="ONEZONE_IA"))
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="copy"))
    ctx.equal(reply.get("StorageClass"), "ONEZONE_IA", "copy's StorageClass", reply)
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("StorageClass"), None, "source's StorageClass (STANDARD, not named)", reply)


@scenario(
    id="s3/scenario/storage-class/multipart-keeps-class",
    feature="s3/storage-class",
    operations=["CreateMultipartUpload", "CompleteMultipartUpload", "HeadObject"],
    provenance=api_docs("CreateMultipartUpload"),
    severity="advisory",
)
def multipart_keeps_class(ctx: CaseContext) -> None:
    """The StorageClass given to CreateMultipartUpload is the class of the completed object."""
    bucket = make_bucket(ctx)
    upload = ctx.fixture("s3", "CreateMultipartUpload", Bucket=bucket, Key="key",
                         StorageClass="STANDARD_IA")["UploadId"]
    part = ctx.fixture("s3", "UploadPart", Bucket=bucket, Key="key", UploadId=upload, PartNumber=1, Body=b"data")
    ctx.expect_ok(ctx.call("s3", "CompleteMultipartUpload", Bucket=bucket, Key="key", UploadId=upload,
                           MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]}))
    reply = ctx.expect_ok(ctx.call("s3", "HeadObject", Bucket=bucket, Key="key"))
    ctx.equal(reply.get("StorageClass"), "STANDARD_IA", "HeadObject StorageClass", reply)
