"""After the sweep: what of this run is still on the target? (DESIGN 4, "nothing reported clean
that is not").

Contract: `survey(transport, namespace, services)` lists the run's namespace on every service
given, with read-only List/Describe calls only (never a write), and returns one line per
resource still there: a name containing the run's prefix, or (EC2 and other tagging services)
a resource tagged `awscompat-run=<run id>`. A service that cannot be listed is never taken as
clean: it gets a line saying the listing failed and why. Services without a listing here are
listed with up to GENERIC argument-less List* operations of their model.

Every page of a listing is read where the model declares a paginator (botocore's own token logic,
each page sent through the Transport, so under its deadline and retries), up to MAX_PAGES pages;
`page_size` sets the paginator's PageSize (the provider's default when None). A listing that stops
early (an error on a later page, a repeated token, the page bound reached) is never taken as
complete: it gets a line saying what is left beyond the pages read is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from botocore.exceptions import PaginationError
from botocore.paginate import Paginator

from awscompat.engine.namespace import TAG_KEY, Namespace
from awscompat.engine.transport import Transport, TransportFault
from awscompat.spec import get_spec

GENERIC = 8
MAX_PAGES = 100  # per listing: a bound, not an expectation (a run's own resources are few)
# Listing calls per service: (operation, params).
LISTINGS: dict[str, list[tuple[str, dict]]] = {
    "s3": [("ListBuckets", {})],
    "sqs": [("ListQueues", {})],
    "sns": [("ListTopics", {})],
    "dynamodb": [("ListTables", {})],
    "iam": [("ListUsers", {}), ("ListRoles", {}), ("ListGroups", {}), ("ListPolicies", {"Scope": "Local"}),
            ("ListInstanceProfiles", {}), ("ListOpenIDConnectProviders", {}), ("ListSAMLProviders", {}),
            ("ListServerCertificates", {}), ("ListVirtualMFADevices", {})],
    "kms": [("ListAliases", {})],
    "secretsmanager": [("ListSecrets", {"IncludePlannedDeletion": True})],  # AWS hides those by default
    "kinesis": [("ListStreams", {})],
    "lambda": [("ListFunctions", {})],
    "route53": [("ListHostedZones", {})],
    "ecr": [("DescribeRepositories", {})],
    "acm": [("ListCertificates", {"Includes": {"keyTypes": ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
                                                              "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]}})],
    "apigateway": [("GetRestApis", {"limit": 500})],
    "sts": [],
    "ec2": [("DescribeVpcs", {}), ("DescribeSubnets", {}), ("DescribeSecurityGroups", {}),
            ("DescribeInstances", {}), ("DescribeVolumes", {}), ("DescribeKeyPairs", {}),
            ("DescribeInternetGateways", {}), ("DescribeRouteTables", {}), ("DescribeNetworkInterfaces", {}),
            ("DescribeAddresses", {}), ("DescribeSnapshots", {"OwnerIds": ["self"]}),
            ("DescribeImages", {"Owners": ["self"]})],
    "ssm": [("DescribeParameters", {})],
    "logs": [("DescribeLogGroups", {})],
    "events": [("ListEventBuses", {}), ("ListRules", {})],
    "cloudwatch": [("DescribeAlarms", {}), ("ListDashboards", {})],
    "stepfunctions": [("ListStateMachines", {}), ("ListActivities", {})],
}


def listings(service: str) -> list[tuple[str, dict]]:
    if service in LISTINGS:
        return LISTINGS[service]
    try:
        spec = get_spec().service(service)
    except KeyError:
        return []
    ops = [op.name for op in spec.operations()
           if op.name.startswith("List") and (op.input_shape is None or not op.input_shape.required_members)]
    return [(name, {}) for name in ops[:GENERIC]]


class _PageFailed(Exception):
    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


def survey(transport: Transport, namespace: Namespace, services: list[str], *, page_size: int | None = None,
           max_pages: int = MAX_PAGES) -> list[str]:
    """One line per resource of this run still on the target, or per listing that failed."""
    found: list[str] = []
    for service in services:
        names: dict[str, str] = {}
        for operation, params in listings(service):
            pages = 0
            try:
                for page in _pages(transport, service, operation, params, page_size, max_pages):
                    pages += 1
                    _collect(page, namespace, names, operation)
            except _PageFailed as failed:
                where = f" after {pages} page(s)" if pages else ""
                found.append(f"{service}: {operation}{where} {failed.line}; what is left there is unknown")
            except Exception as exc:  # noqa: BLE001 - the survey reports, it never raises
                found.append(f"{service}: {operation} could not be sent ({type(exc).__name__}); "
                             "what is left there is unknown")
        found += [f"{service}: {name} is still there ({how})" for name, how in sorted(names.items())]
    return found


def _pages(transport: Transport, service: str, operation: str, params: dict, page_size: int | None,
           max_pages: int) -> Iterator[dict]:
    """The answers of a listing, page by page (one page where the model has no paginator). An
    answer that refuses the listing with a 4xx ends it quietly (the provider does not list that
    kind: nothing of it can be ours to find); anything else that stops it early raises _PageFailed."""

    sent = 0

    def send(**kwargs: Any) -> dict:
        nonlocal sent
        sent += 1
        try:
            reply = transport.call(service, operation, kwargs, retry=True)
        except TransportFault as fault:
            raise _PageFailed(f"could not list the run's namespace ({fault.kind})") from fault
        if reply.ok:
            return reply.parsed
        if reply.status >= 500 or reply.status in (0, 429) or reply.inconclusive:
            raise _PageFailed(f"answered {reply.describe()}")
        if sent > 1:  # a refusal of a later page is not "does not list that kind"
            raise _PageFailed(f"answered {reply.describe()} to a page token")
        raise _Refused

    config = get_spec().service(service).paginators.get(operation) if _has_spec(service) else None
    try:
        if not config:
            yield send(**params)
            return
        model = transport.client(service).meta.service_model.operation_model(operation)
        paging = {"PageSize": page_size} if page_size and config.get("limit_key") else {}
        for count, page in enumerate(Paginator(send, config, model).paginate(**params, PaginationConfig=paging)):
            if count >= max_pages:
                raise _PageFailed(f"still had more after {max_pages} pages (the survey's bound)")
            yield page
    except _Refused:
        return
    except PaginationError as exc:
        raise _PageFailed(f"paginated wrongly ({str(exc).splitlines()[0]})") from exc


class _Refused(Exception):
    """A 4xx answer to a listing: the provider does not list that kind."""


def _has_spec(service: str) -> bool:
    try:
        get_spec().service(service)
    except KeyError:
        return False
    return True


# States in which a resource that is still listed is gone all the same: AWS keeps terminated
# instances in DescribeInstances for about an hour, and deleted volumes/snapshots briefly.
GONE_STATES = frozenset({"terminated", "shutting-down", "deleted", "deleting"})


def _gone(obj: dict) -> bool:
    state = obj.get("State")
    if isinstance(state, dict):
        state = state.get("Name")
    return isinstance(state, str) and state in GONE_STATES


def _collect(obj: Any, ns: Namespace, names: dict[str, str], operation: str, depth: int = 0) -> None:
    """Names carrying the run's prefix, and ids of resources tagged with its run id (not those in a
    GONE_STATES state: being removed is not being left)."""
    if depth > 12:
        return
    pattern = re.compile(re.escape(ns.prefix) + r"[A-Za-z0-9._-]*")
    if isinstance(obj, str):
        for match in pattern.findall(obj):
            names.setdefault(match, f"seen in {operation}")
    elif isinstance(obj, dict):
        if _gone(obj):
            return
        if _tagged(obj.get("Tags") or obj.get("TagList"), ns):
            ident = next((v for k, v in obj.items() if k.endswith("Id") and isinstance(v, str)), None)
            if ident and not pattern.search(ident):
                names.setdefault(ident, f"tagged {TAG_KEY}={ns.run_id}, seen in {operation}")
        for key, value in obj.items():
            if key != "ResponseMetadata":
                _collect(value, ns, names, operation, depth + 1)
    elif isinstance(obj, list):
        for item in obj:
            _collect(item, ns, names, operation, depth + 1)


def _tagged(tags: Any, ns: Namespace) -> bool:
    if not isinstance(tags, list):
        return False
    return any(isinstance(t, dict) and t.get("Key") == TAG_KEY and t.get("Value") == ns.run_id for t in tags)
