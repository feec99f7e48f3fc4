"""Names, from the models: Python method names, IAM action names and CloudTrail event sources
mapped to the AWS operations of botocore's service models.

- Python: botocore names a client method `xform_name(OperationName)`; the reverse map is built per
  service from the model, so it is exactly botocore's mapping.
- IAM and CloudTrail: a service prefix (`s3`, `states`, `monitoring`) names every botocore service
  whose name, signing name or endpoint prefix it is. An IAM action or a CloudTrail event name is
  the operation of that name, looked up first in the service named like the prefix, then in the
  others (`s3:CreateAccessPoint` is an `s3control` operation).
- The IAM actions that exist come from cfn-lint's copy of the IAM service reference
  (`cfnlint/data/AdditionalSpecs/Policies.json`).
"""

from __future__ import annotations

import contextlib
import fnmatch
import importlib.util
import json
import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from botocore import xform_name

from awscompat.spec import get_spec

# IAM actions whose names are not the name of the operation they authorise, with the operations
# each one authorises. IAM names most actions after their operation; S3 (and Lambda's Invoke) do
# not. From "Required permissions for Amazon S3 API operations"
# (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html,
# each operation's "Permissions" section), the Lambda API reference for Invoke and API Gateway's
# guide for the WebSocket @connections API. No model or
# package data holds this mapping; an action missing here that names no operation is reported as
# "unmapped", never guessed.
IAM_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "s3": {
        "ListBucket": ("ListObjects", "ListObjectsV2", "HeadBucket"),
        "ListAllMyBuckets": ("ListBuckets",),
        "ListBucketVersions": ("ListObjectVersions",),
        "ListBucketMultipartUploads": ("ListMultipartUploads",),
        "ListMultipartUploadParts": ("ListParts",),
        "GetObject": ("GetObject", "HeadObject"),
        "GetObjectVersion": ("GetObject", "HeadObject"),
        "PutObject": ("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "UploadPartCopy",
                      "CompleteMultipartUpload"),
        "DeleteObject": ("DeleteObject", "DeleteObjects"),
        "DeleteObjectVersion": ("DeleteObject", "DeleteObjects"),
        "GetLifecycleConfiguration": ("GetBucketLifecycleConfiguration", "GetBucketLifecycle"),
        "PutLifecycleConfiguration": ("PutBucketLifecycleConfiguration", "PutBucketLifecycle",
                                      "DeleteBucketLifecycle"),
        "GetEncryptionConfiguration": ("GetBucketEncryption",),
        "PutEncryptionConfiguration": ("PutBucketEncryption", "DeleteBucketEncryption"),
        "PutBucketCORS": ("PutBucketCors", "DeleteBucketCors"),
        "GetAccelerateConfiguration": ("GetBucketAccelerateConfiguration",),
        "PutAccelerateConfiguration": ("PutBucketAccelerateConfiguration",),
        "GetAnalyticsConfiguration": ("GetBucketAnalyticsConfiguration", "ListBucketAnalyticsConfigurations"),
        "PutAnalyticsConfiguration": ("PutBucketAnalyticsConfiguration", "DeleteBucketAnalyticsConfiguration"),
        "GetInventoryConfiguration": ("GetBucketInventoryConfiguration", "ListBucketInventoryConfigurations"),
        "PutInventoryConfiguration": ("PutBucketInventoryConfiguration", "DeleteBucketInventoryConfiguration"),
        "GetMetricsConfiguration": ("GetBucketMetricsConfiguration", "ListBucketMetricsConfigurations"),
        "PutMetricsConfiguration": ("PutBucketMetricsConfiguration", "DeleteBucketMetricsConfiguration"),
        "GetIntelligentTieringConfiguration": ("GetBucketIntelligentTieringConfiguration",
                                               "ListBucketIntelligentTieringConfigurations"),
        "PutIntelligentTieringConfiguration": ("PutBucketIntelligentTieringConfiguration",
                                               "DeleteBucketIntelligentTieringConfiguration"),
        "GetReplicationConfiguration": ("GetBucketReplication",),
        "PutReplicationConfiguration": ("PutBucketReplication", "DeleteBucketReplication"),
        "GetBucketNotification": ("GetBucketNotificationConfiguration", "GetBucketNotification"),
        "PutBucketNotification": ("PutBucketNotificationConfiguration", "PutBucketNotification"),
        "GetBucketPublicAccessBlock": ("GetPublicAccessBlock",),
        "PutBucketPublicAccessBlock": ("PutPublicAccessBlock", "DeletePublicAccessBlock"),
        "GetBucketObjectLockConfiguration": ("GetObjectLockConfiguration",),
        "PutBucketObjectLockConfiguration": ("PutObjectLockConfiguration",),
        "PutBucketOwnershipControls": ("PutBucketOwnershipControls", "DeleteBucketOwnershipControls"),
        "PutBucketTagging": ("PutBucketTagging", "DeleteBucketTagging"),
    },
    "lambda": {"InvokeFunction": ("Invoke",)},
    # API Gateway developer guide, "Use @connections commands in your backend service"
    "execute-api": {"ManageConnections": ("PostToConnection", "GetConnection", "DeleteConnection")},
}


@dataclass(frozen=True)
class Resolved:
    """An IAM action (or event name) resolved to (service, operation) pairs."""

    operations: tuple[tuple[str, str], ...]
    known_action: bool  # an action of the IAM service reference (may map to no operation)


class Names:
    """Lookups over the whole set of models, built lazily and shared."""

    def __init__(self) -> None:
        self.spec = get_spec()

    # -- Python method names -------------------------------------------------------------
    def method_map(self, service: str) -> dict[str, str]:
        """{python method name: OperationName} for one service (botocore's own xform_name)."""
        return _method_map(service)

    def has_service(self, service: str) -> bool:
        return service in self._service_set

    @cached_property
    def _service_set(self) -> frozenset[str]:
        return frozenset(self.spec.service_names)

    def operation_names(self, service: str) -> list[str]:
        return self.spec.service(service).operation_names

    @cache  # noqa: B019 - one Names per process
    def waiter_operation(self, service: str, waiter: str) -> str | None:
        """The operation a botocore waiter polls (waiters-2.json), by waiter name."""
        try:
            waiters = self.spec.load_raw(service, "waiters-2").get("waiters", {})
        except Exception:  # the service has no waiters
            return None
        return (waiters.get(waiter) or {}).get("operation")

    def waiter_by_python_name(self, service: str, name: str) -> str | None:
        try:
            waiters = self.spec.load_raw(service, "waiters-2").get("waiters", {})
        except Exception:
            return None
        for key, value in waiters.items():
            if xform_name(key) == name:
                return value.get("operation")
        return None

    # -- service prefixes (IAM, CloudTrail) ----------------------------------------------
    @cached_property
    def prefixes(self) -> dict[str, tuple[str, ...]]:
        """{prefix: services}: the service named like the prefix first. Reading it needs every
        model's metadata, so it is kept in the model cache (per botocore version)."""
        cached = self.spec.cache_dir / "advisor-prefixes.json" if self.spec.cache_dir else None
        if cached is not None and cached.is_file():
            with contextlib.suppress(OSError, ValueError):
                return {k: tuple(v) for k, v in json.loads(cached.read_text("utf-8")).items()}
        out: dict[str, list[str]] = {}
        for name in self.spec.service_names:
            meta = self.spec.load_raw(name, "service-2")["metadata"]
            for key in dict.fromkeys((name, meta.get("signingName") or name, meta.get("endpointPrefix") or name)):
                out.setdefault(key, []).append(name)
        index = {k: tuple(sorted(v, key=lambda s, k=k: (s != k, s))) for k, v in out.items()}
        if cached is not None:
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            with contextlib.suppress(OSError):
                tmp.write_text(json.dumps(index), encoding="utf-8")
                tmp.replace(cached)
        return index

    @cached_property
    def _ops_lower(self) -> dict[str, dict[str, str]]:
        return {}

    def _lower_ops(self, service: str) -> dict[str, str]:
        cached = self._ops_lower.get(service)
        if cached is None:
            cached = {op.lower(): op for op in self.operation_names(service)}
            self._ops_lower[service] = cached
        return cached

    def event_operations(self, prefix: str, name: str) -> tuple[tuple[str, str], ...]:
        """(service, operation) for an exact operation name under a prefix: the service named
        like the prefix when it has the operation, else every other service that has it."""
        services = self.prefixes.get(prefix, ())
        found = [(svc, op) for svc in services if (op := self._lower_ops(svc).get(name.lower()))]
        if found and found[0][0] == prefix:
            return (found[0],)
        return tuple(found)

    def iam_actions(self, prefix: str) -> dict[str, str]:
        """{lowercase action: action} of the IAM service reference, for one prefix."""
        return {a: a for a in _policies().get(prefix, {}).get("Actions", [])}

    def known_prefix(self, prefix: str) -> bool:
        return prefix in self.prefixes or prefix in _policies()

    def resolve_action(self, prefix: str, action: str) -> Resolved:
        """One IAM action (no wildcard) to operations: its alias entry, else the operation of its name."""
        aliases = {k.lower(): v for k, v in IAM_ALIASES.get(prefix, {}).items()}
        known = action.lower() in self.iam_actions(prefix)
        ops: dict[tuple[str, str], None] = {}
        if action.lower() in aliases:
            for op in aliases[action.lower()]:
                ops.update(dict.fromkeys(self.event_operations(prefix, op)))
        else:
            ops.update(dict.fromkeys(self.event_operations(prefix, action)))
        return Resolved(tuple(ops), known or bool(ops))

    def expand_action(self, prefix: str, pattern: str) -> tuple[list[str], bool]:
        """IAM action names matching a wildcard pattern (`Get*`, `*Object?`), from the IAM
        reference, the aliases and the operations of the prefix's services. Returns (names,
        any-match)."""
        rx = re.compile(fnmatch.translate(pattern.lower()))
        names: dict[str, None] = {}
        for svc in self.prefixes.get(prefix, ()):
            for low, op in self._lower_ops(svc).items():
                if rx.match(low):
                    names[op] = None
        for alias in IAM_ALIASES.get(prefix, {}):
            if rx.match(alias.lower()):
                names[alias] = None
        iam_hits = [a for a in self.iam_actions(prefix) if rx.match(a)]
        return list(names), bool(names or iam_hits)


@cache
def _method_map(service: str) -> dict[str, str]:
    return {xform_name(op): op for op in get_spec().service(service).operation_names}


def cfnlint_data() -> Path | None:
    """cfn-lint's package data folder, found without importing cfn-lint (seconds of imports)."""
    spec = importlib.util.find_spec("cfnlint")
    for root in (spec.submodule_search_locations or []) if spec else []:
        if (Path(root) / "data").is_dir():
            return Path(root) / "data"
    return None


@cache
def _policies() -> dict:
    """cfn-lint's IAM service reference: {prefix: {"Actions": [lowercase names], ...}}."""
    data = cfnlint_data()
    try:
        return json.loads((data / "AdditionalSpecs" / "Policies.json").read_text("utf-8")) if data else {}
    except (OSError, ValueError):
        return {}


_names: Names | None = None


def get_names() -> Names:
    global _names
    if _names is None:
        _names = Names()
    return _names
