"""CloudTrail log files (the JSON documents AWS writes, `{"Records": [...]}`, plain or gzipped):
each API call record's eventSource and eventName name an operation; calls are counted."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from awscompat.advisor.footprint import HIGH, Footprint
from awscompat.advisor.names import Names

# Some event names carry the API version the call was made with: Lambda's
# "CreateFunction20150331", "UpdateFunctionCode20150331v2"; CloudFront's "CreateDistribution2020_05_31".
_VERSION_SUFFIX = re.compile(r"(\d{8}(v\d+)?|\d{4}_\d{2}_\d{2})$")
KEEP_INDEXES = 5
API_EVENT_TYPES = (None, "AwsApiCall")


def is_cloudtrail(doc: Any) -> bool:
    return isinstance(doc, dict) and "Records" in doc


def is_digest(doc: Any) -> bool:
    """A CloudTrail digest file (AWSLogs/.../CloudTrail-Digest/...): hashes of log files, no calls."""
    return isinstance(doc, dict) and "digestStartTime" in doc and "logFiles" in doc


def extract_cloudtrail(doc: dict[str, Any], path: str, fp: Footprint, names: Names) -> None:
    records = doc["Records"]
    if not isinstance(records, list):
        fp.problem(path, "not a CloudTrail log: Records is not an array")
        return
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    unmapped: Counter[tuple[str, str]] = Counter()
    malformed = other_events = 0
    for index, rec in enumerate(records):
        if not isinstance(rec, dict) or not isinstance(rec.get("eventSource"), str) \
                or not isinstance(rec.get("eventName"), str):
            malformed += 1
            continue
        if rec.get("eventType") not in API_EVENT_TYPES:
            other_events += 1  # console sign-ins, service events: not calls the workload made
            continue
        source, event = rec["eventSource"], rec["eventName"]
        prefix = source.removesuffix(".amazonaws.com")
        ops = names.event_operations(prefix, event)
        if not ops and _VERSION_SUFFIX.search(event):
            ops = names.event_operations(prefix, _VERSION_SUFFIX.sub("", event))
        if not ops:
            unmapped[(source, event)] += 1
            continue
        for service, operation in ops:
            hit = seen.setdefault((service, operation), {"count": 0, "records": [], "errors": 0,
                                                         "first": rec.get("eventTime"),
                                                         "event": f"{source}:{event}"})
            hit["count"] += 1
            if rec.get("errorCode"):
                hit["errors"] += 1
            if len(hit["records"]) < KEEP_INDEXES:
                hit["records"].append(index)
    if records and malformed == len(records):
        fp.problem(path, "not a CloudTrail log: no record has an eventSource and an eventName")
        return
    if malformed:
        fp.problem(path, f"{malformed} of {len(records)} records have no eventSource/eventName: skipped")
    fp.files["cloudtrail"] += 1
    for (service, operation), hit in sorted(seen.items()):
        where = {"source": "cloudtrail", "file": path, "count": hit["count"], "records": hit["records"],
                 "event": hit["event"]}
        if hit["errors"]:
            where["errors"] = hit["errors"]
        if hit["first"]:
            where["first_time"] = hit["first"]
        fp.add(service, operation, confidence=HIGH, where=where)
    for (source, event), count in sorted(unmapped.items()):
        fp.unmapped.append({"source": "cloudtrail", "file": path, "event": f"{source}:{event}", "count": count,
                            "reason": "no operation of that name in the models of the event source"})
    if other_events:
        fp.files["cloudtrail records not API calls"] += other_events

