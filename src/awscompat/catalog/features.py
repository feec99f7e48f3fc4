"""The closed list of features per service (documented in docs/features.md)."""

from __future__ import annotations

FEATURES: dict[str, dict[str, str]] = {
    "s3": {
        "buckets": "bucket create/head/delete/list, naming rules, location constraint",
        "objects": "object put/get/head/delete and metadata",
        "listing": "ListObjects (v1) and ListObjectsV2: prefix, delimiter, pagination",
        "multipart": "multipart uploads: create, upload part, complete, abort, list",
        "copy": "CopyObject",
        "ranges": "ranged GET",
        "errors": "the S3 error envelope and error codes",
        "conditional": "conditional requests (If-Match, If-None-Match, ...)",
        "versioning": "bucket versioning, version ids and delete markers",
        "tagging": "object and bucket tagging",
        "integrity": "Content-MD5 and x-amz-checksum-*",
        "delete-objects": "DeleteObjects batch semantics",
    },
}

# Generated (contract) cases use "<service>/contract".
CONTRACT = "contract"


def check_feature(feature: str) -> None:
    service, _, name = feature.partition("/")
    if name == CONTRACT:
        return
    if name not in FEATURES.get(service, {}):
        raise ValueError(f"feature {feature!r} is not in the closed list for {service!r} (catalog/features.py)")
