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
        "cors": "CORS configuration and preflight answers",
        "lifecycle": "lifecycle configuration",
        "policy": "bucket policies and their enforcement",
        "acl": "ACLs and the public access block",
        "encryption": "default encryption, SSE-S3 and SSE-C",
        "object-lock": "object lock: configuration, retention, legal hold",
        "presigned": "presigned URLs and browser POST uploads",
        "addressing": "path-style and virtual-hosted-style addressing",
        "sigv4": "SigV4 variants: UNSIGNED-PAYLOAD, aws-chunked streaming",
        "storage-class": "storage classes",
        "cross-account": "a second principal: cross-account grants and bucket policies naming another account (needs the target's second credential set)",
        "policy-conditions": "bucket-policy condition keys (aws:SecureTransport, s3:x-amz-server-side-encryption, aws:SourceIp, s3:prefix) and policies applied to multipart and copy",
        "sse-kms": "SSE-KMS on objects: keys, bucket defaults, key state (needs a KMS-enabled target)",
        "post-object": "browser POST policy checks: conditions, content-length-range, expiry, starts-with",
        "cors-requests": "CORS headers on actual GET and PUT requests (not preflight)",
        "large-objects": "large objects (>= 100 MiB multipart), concurrent writers, DeleteObjects over 1,000 keys, ListBuckets pagination, presigned expiry bounds",
    },
    "ec2": {
        "default-vpc": "the default VPC, subnets and security group",
        "vpc": "VPC CRUD and CIDR rules",
        "subnets": "subnets and their attributes",
        "route-tables": "route tables and routes",
        "internet-gateways": "internet gateways",
        "security-groups": "security groups and rules",
        "key-pairs": "key pairs: create, import, fingerprints",
        "instances": "instances: RunInstances and the state machine",
        "volumes": "EBS volumes: create, attach, detach",
        "snapshots": "EBS snapshots",
        "images": "AMIs: register, copy, deregister",
        "elastic-ips": "Elastic IPs: allocate, associate, release",
        "network-interfaces": "network interfaces",
        "tags-filters": "tags and filter semantics across resources",
        "errors": "EC2 error codes and the error envelope",
    },
    "iam": {
        "users": "users", "groups": "groups and membership", "roles": "roles and trust policies",
        "policies": "managed and inline policies, versions, attach/detach", "access-keys": "access key lifecycle",
        "instance-profiles": "instance profiles", "pagination": "IAM list pagination",
        "enforcement": "policy enforcement: a deny yields AccessDenied", "errors": "IAM error codes",
    },
    "sts": {
        "caller-identity": "GetCallerIdentity", "assume-role": "AssumeRole and its temporary credentials",
        "session-token": "GetSessionToken", "errors": "STS error codes and duration limits",
    },
    "sqs": {
        "queues": "standard queue CRUD", "attributes": "queue attributes", "messages": "send / receive / delete",
        "visibility": "visibility timeout and ChangeMessageVisibility", "long-polling": "long polling bounds",
        "batches": "batch operations and partial failures", "message-attributes": "message attributes and MD5s",
        "fifo": "FIFO queues: deduplication and ordering", "dead-letter": "dead-letter queues and redrive",
        "purge": "PurgeQueue", "tags": "queue tags", "errors": "SQS error codes",
    },
    "sns": {
        "topics": "topic CRUD", "attributes": "topic attributes", "subscriptions": "subscriptions",
        "delivery": "delivery to SQS, raw and not", "filter-policies": "subscription filter policies",
        "fifo": "FIFO topics", "errors": "SNS error codes",
    },
    "dynamodb": {
        "tables": "table lifecycle and states", "items": "items: put/get/delete",
        "conditions": "condition expressions", "updates": "update expressions", "query": "Query",
        "scan": "Scan", "indexes": "GSIs and LSIs", "batch": "batch get/write and unprocessed items",
        "transactions": "transactions and cancellation reasons", "ttl": "time to live",
        "validation": "validation errors",
    },
    "kinesis": {
        "streams": "stream lifecycle", "records": "put and get records", "shards": "shards and iterators",
        "errors": "Kinesis error codes",
    },
    "kms": {
        "keys": "key lifecycle", "aliases": "aliases", "crypto": "encrypt / decrypt / data keys",
        "grants": "grants", "key-policy": "key policies", "key-state": "disabled and pending-deletion keys",
        "errors": "KMS error codes",
    },
    "secretsmanager": {
        "secrets": "secret CRUD", "versions": "versions and stages", "rotation": "rotation configuration",
        "deletion": "deletion windows and restore", "errors": "Secrets Manager error codes",
    },
    "lambda": {
        "functions": "function create/get/list/delete, naming and code package rules (no Invoke)",
        "versions": "PublishVersion and version listings", "aliases": "aliases and routing configuration",
        "permissions": "resource-based policy statements (AddPermission/RemovePermission/GetPolicy)",
        "configuration": "function configuration, limits and reserved concurrency", "tags": "function tags",
    },
    "route53": {
        "hosted-zones": "hosted zone CRUD, caller references, listing order", "record-sets": "record-set changes",
        "tags": "hosted zone tags", "health-checks": "health checks",
    },
    "ecr": {
        "repositories": "repository CRUD and settings", "images": "images and tags (pushed through the API)",
        "policies": "repository policies", "lifecycle": "lifecycle policies", "tags": "repository tags",
    },
    "acm": {
        "certificates": "import, request, describe, list and delete certificates", "tags": "certificate tags",
    },
    "apigateway": {
        "rest-apis": "REST API CRUD", "resources": "resources and methods", "deployments": "deployments and stages",
        "tags": "REST API and stage tags", "models": "models and request validators",
    },
    "ssm": {
        "parameters": "Parameter Store: put/get/delete, overwrite, types, batch get",
        "hierarchy": "parameter paths: GetParametersByPath, recursion, filters",
        "versions": "parameter versions, history and labels", "tags": "parameter tags",
        "errors": "Parameter Store validation and error codes",
    },
    "logs": {
        "groups": "log groups: create/describe/delete, prefixes", "streams": "log streams",
        "events": "PutLogEvents, GetLogEvents, FilterLogEvents", "retention": "retention policies",
        "metric-filters": "metric filters", "tags": "log group tags",
    },
    "events": {
        "buses": "custom event buses", "rules": "rules: put/describe/enable/disable/delete",
        "targets": "rule targets", "patterns": "event pattern matching (TestEventPattern)",
        "put-events": "PutEvents entries and their limits", "tags": "rule and bus tags",
    },
    "cloudwatch": {
        "alarms": "metric alarms: put/describe/delete, states, actions", "metrics": "PutMetricData, ListMetrics, statistics",
        "dashboards": "dashboards", "tags": "alarm tags",
    },
    "stepfunctions": {
        "state-machines": "state machine CRUD and definitions", "executions": "executions: start, describe, stop",
        "activities": "activities", "tags": "state machine and activity tags",
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
