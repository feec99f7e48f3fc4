"""S3 addressing: path-style requests (https://host/bucket/key) and virtual-hosted-style requests
(https://bucket.host/key) reach the same bucket and objects. Virtual-hosted requests are sent to
the endpoint with a Host header naming the bucket: '<bucket>.<endpoint host>', or, for an
endpoint on a loopback address or 'localhost' (no DNS for '<bucket>.127.0.0.1'),
'<bucket>.s3.amazonaws.com', the name emulators conventionally map to virtual hosting. Because
that choice of Host is a convention for custom endpoints, these scenarios are advisory."""

from __future__ import annotations

import ipaddress
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

from awscompat.catalog import docs, recorded, scenario
from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply
from awscompat.scenarios.s3._fixtures import (
    REF_S3,
    S3,
    absent_bucket,
    body,
    endpoint,
    header,
    make_bucket,
    md5_etag,
    put,
    raw,
    signed_headers,
)

F = "s3/addressing"
VHOST_DOCS = docs("https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html")
_CONTENT_LENGTH = recorded(REF_S3, S3 + "test_get_object_content_length_with_virtual_host[True]",
                           "get-obj-content-len-headers")
_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


def case(name: str, operations: list[str], provenance, severity: str = "advisory"):
    return scenario(id=f"s3/scenario/addressing/{name}", feature=F, operations=operations,
                    provenance=provenance, severity=severity)


def virtual_host(ctx: CaseContext, bucket: str) -> str:
    """The Host header of a virtual-hosted-style request to bucket (see the module docstring)."""
    parts = urlsplit(endpoint(ctx))
    name = parts.hostname or ""
    try:
        loopback = ipaddress.ip_address(name) is not None
    except ValueError:
        loopback = name == "localhost" or name.endswith(".localhost")
    return f"{bucket}.s3.amazonaws.com" if loopback else f"{bucket}.{parts.netloc}"


def request(ctx: CaseContext, method: str, bucket: str, key: str = "", *, virtual: bool = True,
            query: str = "", data: bytes = b"", operation: str = "raw") -> Reply:
    """A SigV4-signed request to bucket/key, virtual-hosted (Host names the bucket) or path-style."""
    path = "/" + quote(key, safe="/~") if virtual else f"/{bucket}" + ("/" + quote(key, safe="/~") if key else "")
    url = endpoint(ctx) + path + (f"?{query}" if query else "")
    extra = {"Host": virtual_host(ctx, bucket)} if virtual else {}
    headers = signed_headers(ctx, method, url, extra, data)
    return raw(ctx, method, url, headers=headers, data=data if method in ("PUT", "POST") else None,
               operation=operation)


def listed(ctx: CaseContext, reply: Reply) -> tuple[str, list[str]]:
    """(Name, keys) of a ListBucketResult answer; fails the case if the body is not one."""
    try:
        root = ET.fromstring(reply.exchange.response_body or b"")
    except ET.ParseError:
        root = ET.Element("none")
    ctx.check(root.tag.endswith("ListBucketResult"), "the answer is not a ListBucketResult document",
              expected="ListBucketResult", observed=root.tag, reply=reply)
    keys = [e.text or "" for e in root.iter(f"{_NS}Key")] or [e.text or "" for e in root.iter("Key")]
    name = root.findtext(f"{_NS}Name") or root.findtext("Name") or ""
    return name, keys


def _object(ctx: CaseContext, key: str = "k", data: bytes = b"abc") -> str:
    bucket = make_bucket(ctx)
    put(ctx, bucket, key, data)
    return bucket


@case("virtual-get-object", ["GetObject"], _CONTENT_LENGTH)
def virtual_get_object(ctx: CaseContext) -> None:
    """A virtual-hosted GET of an object written path-style returns its bytes, Content-Length and ETag."""
    bucket = _object(ctx)
    reply = ctx.expect_ok(request(ctx, "GET", bucket, "k", operation="GetObject"))
    ctx.equal(reply.exchange.response_body, b"abc", "body", reply)
    ctx.equal(header(reply, "content-length"), "3", "Content-Length", reply)
    ctx.equal(header(reply, "etag"), md5_etag(b"abc"), "ETag", reply)


@case("virtual-put-object", ["PutObject", "GetObject"], VHOST_DOCS)
def virtual_put_object(ctx: CaseContext) -> None:
    """An object written with a virtual-hosted PUT is read back path-style."""
    bucket = make_bucket(ctx)
    ctx.expect_ok(request(ctx, "PUT", bucket, "k", data=b"virtual", operation="PutObject"))
    reply = ctx.expect_ok(ctx.call("s3", "GetObject", Bucket=bucket, Key="k"))
    ctx.equal(body(reply), b"virtual", "body read path-style", reply)


@case("virtual-head-object", ["HeadObject"], VHOST_DOCS)
def virtual_head_object(ctx: CaseContext) -> None:
    """A virtual-hosted HEAD of an object answers 200 with its ETag."""
    bucket = _object(ctx)
    reply = ctx.expect_ok(request(ctx, "HEAD", bucket, "k", operation="HeadObject"))
    ctx.equal(header(reply, "etag"), md5_etag(b"abc"), "ETag", reply)


@case("virtual-nested-key", ["GetObject"], VHOST_DOCS)
def virtual_nested_key(ctx: CaseContext) -> None:
    """A key with slashes is addressed the same way virtual-hosted as path-style."""
    bucket = _object(ctx, "a/b/c.txt", b"nested")
    reply = ctx.expect_ok(request(ctx, "GET", bucket, "a/b/c.txt", operation="GetObject"))
    ctx.equal(reply.exchange.response_body, b"nested", "body", reply)


@case("virtual-list-objects", ["ListObjects"], VHOST_DOCS)
def virtual_list_objects(ctx: CaseContext) -> None:
    """GET / on the bucket's virtual host lists that bucket (Name and its key)."""
    bucket = _object(ctx)
    reply = ctx.expect_ok(request(ctx, "GET", bucket, operation="ListObjects"))
    name, keys = listed(ctx, reply)
    ctx.equal(name, bucket, "Name", reply)
    ctx.equal(keys, ["k"], "keys", reply)


@case("virtual-delete-object", ["DeleteObject"], VHOST_DOCS)
def virtual_delete_object(ctx: CaseContext) -> None:
    """A virtual-hosted DELETE answers 204; the object is gone when read path-style."""
    bucket = _object(ctx)
    reply = ctx.expect_ok(request(ctx, "DELETE", bucket, "k", operation="DeleteObject"))
    ctx.equal(reply.status, 204, "status", reply)
    ctx.expect_error(ctx.call("s3", "HeadObject", Bucket=bucket, Key="k"), None, 404, what="HeadObject after delete")


@case("virtual-absent-bucket", ["ListObjects"], VHOST_DOCS)
def virtual_absent_bucket(ctx: CaseContext) -> None:
    """GET / on the virtual host of a bucket that does not exist answers 404 NoSuchBucket."""
    ctx.expect_error(request(ctx, "GET", absent_bucket(ctx), operation="ListObjects"), "NoSuchBucket", 404)


@case("virtual-absent-key", ["GetObject"], VHOST_DOCS)
def virtual_absent_key(ctx: CaseContext) -> None:
    """A virtual-hosted GET of a key that does not exist answers 404 NoSuchKey."""
    ctx.expect_error(request(ctx, "GET", make_bucket(ctx), "absent", operation="GetObject"), "NoSuchKey", 404)


@case("virtual-bucket-isolation", ["GetObject"], VHOST_DOCS)
def virtual_bucket_isolation(ctx: CaseContext) -> None:
    """The Host header picks the bucket: a key that exists only in another bucket is 404 NoSuchKey."""
    _object(ctx)
    other = make_bucket(ctx, "other")
    ctx.expect_error(request(ctx, "GET", other, "k", operation="GetObject"), "NoSuchKey", 404)


@case("path-list-objects", ["ListObjects"], VHOST_DOCS, severity="required")
def path_list_objects(ctx: CaseContext) -> None:
    """A path-style GET /<bucket> lists that bucket (Name and its key)."""
    bucket = _object(ctx)
    reply = ctx.expect_ok(request(ctx, "GET", bucket, virtual=False, operation="ListObjects"))
    name, keys = listed(ctx, reply)
    ctx.equal(name, bucket, "Name", reply)
    ctx.equal(keys, ["k"], "keys", reply)


@case("path-get-object", ["GetObject"], _CONTENT_LENGTH, severity="required")
def path_get_object(ctx: CaseContext) -> None:
    """A path-style GET /<bucket>/<key> returns the object's bytes, Content-Length and ETag."""
    bucket = _object(ctx)
    reply = ctx.expect_ok(request(ctx, "GET", bucket, "k", virtual=False, operation="GetObject"))
    ctx.equal(reply.exchange.response_body, b"abc", "body", reply)
    ctx.equal(header(reply, "content-length"), "3", "Content-Length", reply)
