"""Names of the AWS SDK for JavaScript, mapped to botocore's services and operations.

- SDK v3: a service's package is `@aws-sdk/client-<id>`, `<id>` being the model's `serviceId`
  in lower case with spaces as hyphens (`DynamoDB` -> `client-dynamodb`, `CloudWatch Logs` ->
  `client-cloudwatch-logs`); a command class is the operation's name + `Command`; a paginator is
  `paginate` + operation; a waiter is `waitUntil` + the waiter's name (botocore's waiters-2.json
  has the same names). `@aws-sdk/lib-dynamodb` (the document client) has its own command names,
  listed below.
- SDK v2: a service class (`AWS.S3`, `AWS.CloudWatchLogs`) is the `serviceId` without spaces, or
  the botocore service name without hyphens (`AWS.StepFunctions` -> stepfunctions); the few v2
  names that are neither are in V2_CLASSES. A method is the operation name with its first letter
  in lower case (`putObject`, `listObjectsV2`); `AWS.DynamoDB.DocumentClient`'s methods are in
  DOCUMENT_CLIENT_METHODS.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from functools import cache

from awscompat.spec import get_spec

# @aws-sdk/lib-dynamodb command classes -> DynamoDB operations (the library's README)
DOCUMENT_COMMANDS = {
    "GetCommand": "GetItem", "PutCommand": "PutItem", "UpdateCommand": "UpdateItem", "DeleteCommand": "DeleteItem",
    "QueryCommand": "Query", "ScanCommand": "Scan", "BatchGetCommand": "BatchGetItem",
    "BatchWriteCommand": "BatchWriteItem", "TransactGetCommand": "TransactGetItems",
    "TransactWriteCommand": "TransactWriteItems", "ExecuteStatementCommand": "ExecuteStatement",
    "BatchExecuteStatementCommand": "BatchExecuteStatement", "ExecuteTransactionCommand": "ExecuteTransaction",
}
DOCUMENT_PAGINATORS = {"paginateQuery": "Query", "paginateScan": "Scan"}
# AWS.DynamoDB.DocumentClient methods -> DynamoDB operations (the v2 API reference)
DOCUMENT_CLIENT_METHODS = {
    "get": "GetItem", "put": "PutItem", "update": "UpdateItem", "delete": "DeleteItem", "query": "Query",
    "scan": "Scan", "batchGet": "BatchGetItem", "batchWrite": "BatchWriteItem", "transactGet": "TransactGetItems",
    "transactWrite": "TransactWriteItems",
}
# v2 class names that are neither the serviceId nor the botocore name (aws-sdk v2 apis/metadata.json)
V2_CLASSES = {
    "cognitoidentityserviceprovider": "cognito-idp", "transcribeservice": "transcribe", "iotdata": "iot-data",
    "lexmodelbuildingservice": "lex-models", "elbv2": "elbv2", "elb": "elb", "marketplaceentitlementservice":
    "marketplace-entitlement", "resourcegroupstaggingapi": "resourcegroupstaggingapi", "es": "es",
    "cloudwatchevents": "events",
}
# methods every v2 service object has that are no operation
V2_HELPERS = {"promise", "makeRequest", "makeUnauthenticatedRequest", "setupRequestListeners", "defineService",
              "config", "endpoint", "on", "send", "waitFor", "getSignedUrl", "getSignedUrlPromise",
              "createPresignedPost", "upload", "createSet", "wrap"}
S3_MULTIPART = ("CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@cache
def service_index() -> dict[str, dict[str, str]]:
    """{"v3": {package id: service}, "v2": {normalised class name: service}} from every model's
    metadata (kept in the model cache: reading every model takes seconds)."""
    index = _model_index()
    return {"v3": index["v3"], "v2": {**index["v2"], **V2_CLASSES}}


def _model_index() -> dict[str, dict[str, str]]:
    """What the models say (kept per botocore version; the aliases above are applied after)."""
    spec = get_spec()
    cached = spec.cache_dir / "advisor-js-services.json" if spec.cache_dir else None
    if cached is not None and cached.is_file():
        with contextlib.suppress(OSError, ValueError):
            return json.loads(cached.read_text("utf-8"))
    v3: dict[str, str] = {}
    v2: dict[str, str] = {}
    for name in spec.service_names:
        sid = spec.load_raw(name, "service-2")["metadata"].get("serviceId") or name
        v3.setdefault(sid.lower().replace(" ", "-"), name)
        v2.setdefault(_norm(sid), name)
    for name in spec.service_names:
        v2.setdefault(_norm(name), name)
    index = {"v3": v3, "v2": v2}
    if cached is not None:
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            tmp.write_text(json.dumps(index), encoding="utf-8")
            tmp.replace(cached)
    return index


def v3_package_service(module: str) -> str | None:
    """`@aws-sdk/client-s3` -> s3."""
    if not module.startswith("@aws-sdk/client-"):
        return None
    return service_index()["v3"].get(module[len("@aws-sdk/client-"):].split("/")[0])


def v2_class_service(name: str) -> str | None:
    """`S3` -> s3, `StepFunctions` -> stepfunctions, `CloudWatchLogs` -> logs."""
    return service_index()["v2"].get(_norm(name))


def v2_module_service(module: str) -> str | None:
    """`aws-sdk/clients/s3` -> s3."""
    if not module.startswith("aws-sdk/clients/"):
        return None
    return v2_class_service(module.rsplit("/", 1)[-1])


@cache
def operations(service: str) -> dict[str, str]:
    """{lowercase operation: Operation}."""
    return {op.lower(): op for op in get_spec().service(service).operation_names}


def operation(service: str, name: str) -> str | None:
    """The operation of exactly that name (any case of its first letter)."""
    op = operations(service).get(name.lower())
    return op if op is not None and op[1:] == name[1:] else None


@cache
def waiter_operation(service: str, waiter: str) -> str | None:
    try:
        waiters = get_spec().load_raw(service, "waiters-2").get("waiters", {})
    except Exception:  # noqa: BLE001 - the service has no waiters
        return None
    for key, value in waiters.items():
        if key.lower() == waiter.lower():
            return value.get("operation")
    return None
