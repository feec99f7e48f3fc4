"""What the Python analysis knows about boto3 objects: the abstract values it tracks (sessions,
clients, resources, collections...), boto3's resource models (`boto3/data/<service>/<version>/
resources-1.json`, read with botocore's loader) and the handful of methods boto3 adds to clients
and resources in code (S3 transfers, DynamoDB's batch writer), which no model describes.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from functools import cache

from botocore import xform_name
from botocore.loaders import Loader

HIGH, MEDIUM, LOW = "high", "medium", "low"
_RANK = {LOW: 0, MEDIUM: 1, HIGH: 2}


def weaker(a: str, b: str) -> str:
    return a if _RANK[a] <= _RANK[b] else b


def stronger(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


# -- abstract values ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Const:
    value: str


@dataclass(frozen=True)
class Session:
    pass


@dataclass(frozen=True)
class Client:
    service: str
    conf: str = HIGH


@dataclass(frozen=True)
class Resource:
    service: str
    rtype: str | None  # None: the service resource (boto3.resource("s3"))
    conf: str = HIGH


@dataclass(frozen=True)
class Meta:
    service: str
    conf: str = HIGH


@dataclass(frozen=True)
class Collection:
    service: str
    owner: str | None
    name: str  # the hasMany key, e.g. "Objects"
    conf: str = HIGH


@dataclass(frozen=True)
class Writer:
    """DynamoDB's batch writer: its put_item / delete_item are buffered into BatchWriteItem."""

    service: str
    conf: str = HIGH


@dataclass(frozen=True)
class Instance:
    cls: str  # a class defined in the module


Value = Const | Session | Client | Resource | Meta | Collection | Writer | Instance


def demote(value: Value, conf: str = MEDIUM) -> Value:
    """The same value, seen through a parameter, an attribute or a return value."""
    if isinstance(value, Client | Resource | Meta | Collection | Writer):
        return type(value)(*[getattr(value, f) for f in value.__dataclass_fields__ if f != "conf"],
                           conf=weaker(value.conf, conf))
    return value


# -- factories, by qualified name -----------------------------------------------------------------
CLIENT_FACTORIES = {"boto3.client"}
RESOURCE_FACTORIES = {"boto3.resource"}
SESSION_FACTORIES = {
    "boto3.Session", "boto3.session.Session", "boto3.session.get_session",
    "botocore.session.get_session", "botocore.session.Session", "botocore.session.create_session",
    "aiobotocore.session.get_session", "aiobotocore.session.AioSession", "aiobotocore.get_session",
    "aioboto3.Session", "aioboto3.session.Session",
}
SESSION_CLIENT_METHODS = {"client", "create_client"}
SESSION_RESOURCE_METHODS = {"resource"}
MODULES = ("boto3", "botocore", "aiobotocore", "aioboto3")

# Client attributes that are not operations and call none.
CLIENT_NON_OPERATIONS = {
    "meta", "exceptions", "can_paginate", "close", "waiter_names", "get_paginator", "get_waiter",
    "__aenter__", "__aexit__", "__enter__", "__exit__", "generate_db_auth_token", "register", "unregister",
}

# Methods boto3 adds in code (boto3/s3/inject.py, boto3/dynamodb/table.py, boto3/ec2/createtags.py):
# {(service, resource type or "client"): {method: (operations, confidence of the secondary ones)}}.
_UPLOAD = ("PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload")
_DOWNLOAD = ("HeadObject", "GetObject")
_COPY = ("HeadObject", "CopyObject", "CreateMultipartUpload", "UploadPartCopy", "CompleteMultipartUpload",
         "AbortMultipartUpload")
_TRANSFER = {"upload_file": _UPLOAD, "upload_fileobj": _UPLOAD, "download_file": _DOWNLOAD,
             "download_fileobj": _DOWNLOAD, "copy": _COPY}
CUSTOM_METHODS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("s3", "client"): _TRANSFER,
    ("s3", "Bucket"): {**_TRANSFER, "load": ("ListBuckets",)},
    ("s3", "Object"): _TRANSFER,
    ("s3", "ObjectSummary"): {"load": ("HeadObject",)},
    ("dynamodb", "Table"): {"batch_writer": ("BatchWriteItem",)},
    ("ec2", "service"): {"create_tags": ("CreateTags",)},
    ("ec2", "Instance"): {"delete_tags": ("DeleteTags",)},
}
# A transfer uses the multipart operations only for large objects: those sightings are "low".
MULTIPART = {"CreateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload",
             "AbortMultipartUpload"}


# -- boto3 resource models ------------------------------------------------------------------------
@cache
def _loader() -> Loader:
    spec = importlib.util.find_spec("boto3")  # its data folder, without importing boto3 (0.5 s)
    roots = list(spec.submodule_search_locations or []) if spec else []
    return Loader(extra_search_paths=[os.path.join(root, "data") for root in roots],
                  include_default_search_paths=False)


@cache
def resource_model(service: str) -> dict | None:
    """boto3's resources-1.json for a service, or None when boto3 has no resource API for it."""
    try:
        return _loader().load_service_model(service, "resources-1")
    except Exception:  # botocore raises UnknownServiceError / DataNotFoundError
        return None


def resource_def(service: str, rtype: str | None) -> dict | None:
    model = resource_model(service)
    if model is None:
        return None
    if rtype is None:
        return model.get("service", {})
    return model.get("resources", {}).get(rtype)


@dataclass(frozen=True)
class Member:
    """What an attribute of a boto3 resource is."""

    kind: str  # action, subresource, reference, collection, waiter, load, batch, attribute
    operation: str | None = None
    rtype: str | None = None
    collection: str | None = None


@cache
def resource_member(service: str, rtype: str | None, attr: str) -> Member | None:
    rdef = resource_def(service, rtype)
    if rdef is None:
        return None
    for name, action in rdef.get("actions", {}).items():
        if xform_name(name) == attr:
            return Member("action", action["request"]["operation"], (action.get("resource") or {}).get("type"))
    for name, has in rdef.get("has", {}).items():
        sources = {i.get("source") for i in has["resource"].get("identifiers", [])}
        if "data" in sources and xform_name(name) == attr:
            return Member("reference", rdef.get("load", {}).get("request", {}).get("operation"),
                          has["resource"]["type"])
        if "data" not in sources and name == attr:
            return Member("subresource", None, has["resource"]["type"])
    for name, many in rdef.get("hasMany", {}).items():
        if xform_name(name) == attr:
            return Member("collection", many["request"]["operation"], many["resource"]["type"], name)
    if attr.startswith("wait_until_"):
        for name, waiter in rdef.get("waiters", {}).items():
            if xform_name(name) == attr[len("wait_until_"):]:
                return Member("waiter", waiter["waiterName"])
    load = rdef.get("load", {}).get("request", {}).get("operation")
    if attr in ("load", "reload") and load:
        return Member("load", load)
    if load and attr in _shape_attributes(service, rdef.get("shape")):
        return Member("attribute", load)
    return None


def batch_action(service: str, item_type: str | None, attr: str) -> str | None:
    rdef = resource_def(service, item_type) or {}
    for name, action in rdef.get("batchActions", {}).items():
        if xform_name(name) == attr:
            return action["request"]["operation"]
    return None


def collection_item(service: str, owner: str | None, name: str) -> str | None:
    rdef = resource_def(service, owner) or {}
    return (rdef.get("hasMany", {}).get(name) or {}).get("resource", {}).get("type")


@cache
def _shape_attributes(service: str, shape: str | None) -> frozenset[str]:
    if not shape:
        return frozenset()
    from awscompat.spec import get_spec

    members = get_spec().service(service).raw["shapes"].get(shape, {}).get("members", {})
    return frozenset(xform_name(m) for m in members)
