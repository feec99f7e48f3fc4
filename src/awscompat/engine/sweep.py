"""Removing what the run created, from ledger entries, with the most basic operations only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from awscompat.engine.emptying import empty
from awscompat.engine.ledger import Entry, Ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.transport import Transport, TransportFault
from awscompat.spec import get_spec

_ABSENT = re.compile(r"NoSuch|NotFound|NonExistent|DoesNotExist|ResourceNotFound|NoSuchEntity|Invalid.*\.NotFound")

# Verbs that create or attach, and the verbs that undo them (AWS API naming conventions).
_UNDO = {
    "Create": ("Delete",), "Put": ("Delete",), "Register": ("Deregister",), "Allocate": ("Release",),
    "Run": ("Terminate",), "Import": ("Delete",), "Add": ("Remove",), "Attach": ("Detach",),
    "Associate": ("Disassociate",), "Start": ("Stop",), "Upload": ("Delete",), "Publish": ("Delete",),
    "Request": ("Delete",),  # ACM RequestCertificate -> DeleteCertificate
}


# Delete calls that keep the resource restorable (still listed, its name taken) unless told not
# to: the sweep removes the run's own resources for good.
FORCE: dict[tuple[str, str], dict] = {("secretsmanager", "DeleteSecret"): {"ForceDeleteWithoutRecovery": True}}
# A delete's identifier member may take what the create calls by another member name (Secrets
# Manager's DeleteSecret SecretId is CreateSecret's Name or the ARN it answered).
_ALIASES = ("Name", "ARN", "Arn")


def forced(call: dict) -> dict:
    """The call with the parameters that make its delete final (FORCE), when it is one of them."""
    extra = FORCE.get((call.get("service", ""), call.get("operation", "")))
    return {**call, "params": {**(call.get("params") or {}), **extra}} if extra else call


def is_absent(status: int, code: str) -> bool:
    return status == 404 or bool(_ABSENT.search(code or ""))


def undo_calls(service: str, operation: str, params: dict, response: dict | None = None) -> list[dict]:
    """The delete call(s) that undo a create, derived from the model: the reverse verb on the
    same noun, its required members filled from the create's parameters or response."""
    spec = get_spec().service(service)
    names = set(spec.operation_names)
    for verb, undos in _UNDO.items():
        if not operation.startswith(verb):
            continue
        noun = operation[len(verb):]
        for undo in undos:
            candidates = [undo + noun, undo + noun.rstrip("s"), undo + noun + "s"]
            for cand in candidates:
                if cand in names:
                    filled = _fill(spec.operation(cand), params, response or {})
                    if filled is not None:
                        return [forced({"service": service, "operation": cand, "params": filled})]
    return []


def _fill(op, params: dict, response: dict) -> dict | None:
    shape = op.input_shape
    if shape is None:
        return {}
    out: dict[str, Any] = {}
    for member in shape.required_members:
        value = params.get(member)
        if value is None:
            value = _find(response, member)
        if value is None and member.endswith("s"):  # InstanceIds from Instances[].InstanceId
            single = _find(response, member[:-1])
            value = [single] if single is not None else None
        if value is None and member.endswith(("Id", "Identifier")):  # SecretId from Name (or ARN)
            value = next((v for v in ([params.get(a) for a in _ALIASES] + [_find(response, a) for a in _ALIASES])
                          if isinstance(v, str) and v), None)
        if value is None and member.endswith("Id") and isinstance(response.get("id"), str):
            value = response["id"]  # API Gateway: DeleteRestApi restApiId is what CreateRestApi answered as id
        if value is None:
            return None
        out[member] = value
    return out


def _find(obj: Any, key: str, depth: int = 0) -> Any:
    if depth > 5:
        return None
    if isinstance(obj, dict):
        if key in obj and isinstance(obj[key], str | int | list):
            return obj[key]
        for k, v in obj.items():
            if k == "ResponseMetadata":
                continue
            found = _find(v, key, depth + 1)
            if found is not None:
                return found
    elif isinstance(obj, list) and obj:
        return _find(obj[0], key, depth + 1)
    return None


def names_own(namespace: Namespace, params: dict) -> bool:
    """Do params name a resource of this run (a namespaced value), with no empty value?"""
    values = [v for v in params.values() if isinstance(v, str)]
    return not any(v == "" for v in values) and namespace.prefix in json.dumps(params, default=str)


class Sweeper:
    def __init__(self, transport: Transport, namespace: Namespace, ledger: Ledger | None = None) -> None:
        self.transport = transport
        self.namespace = namespace
        self.ledger = ledger

    def sweep(self, entries: Iterable[Entry]) -> list[str]:
        """Delete entries in reverse creation order; return one line per entry left behind."""
        problems = []
        for entry in sorted(entries, key=lambda e: e.seq, reverse=True):
            what = self.describe(entry)
            try:
                how = self.remove(entry)
            except TransportFault as fault:
                problems.append(f"{what}: {fault}")
                continue
            except Exception as exc:  # noqa: BLE001 - the sweep reports, it never raises
                problems.append(f"{what}: {type(exc).__name__}: {exc}")
                continue
            if how is None:
                problems.append(f"{what}: could not be removed")
            elif self.ledger is not None:
                self.ledger.done(entry, how)
        return problems

    def describe(self, entry: Entry) -> str:
        """An entry as a leftover line names it: by kind and name, and for a probe by the
        run-owned identifiers it sent (what may be left is those, not the probe's own label)."""
        if entry.kind != "probe":
            return f"{entry.kind} {entry.name}"
        c = entry.create or {}
        named = sorted({v for v in (c.get("params") or {}).values() if isinstance(v, str) and self.namespace.owns(v)})
        return f"{c.get('service', entry.service)} {c.get('operation', '?')} probe of {', '.join(named) or entry.name}"

    def remove(self, entry: Entry) -> str | None:
        if not self.namespace.owns(entry.name):
            return None  # never touch anything outside this run's namespace
        if entry.kind == "s3-bucket":
            return self._remove_bucket(entry.name)
        calls = entry.delete
        if entry.kind == "probe":
            c = entry.create
            params = c.get("params", {})
            bucket = params.get("Bucket")
            if c.get("service") == "s3" and self.namespace.owns(bucket):
                # Some servers create a missing bucket on any bucket-level write: the bucket is
                # ours by name, so remove it if it exists.
                return self._remove_bucket(bucket)
            if not calls:
                calls = [call for call in undo_calls(c["service"], c["operation"], params, c.get("response"))
                         if self._may_undo(call["params"], c.get("response"))]
            if not calls:
                return "no-undo"  # the model names no reverse operation; nothing more can be done
        result = "deleted"
        for call in map(forced, calls):
            reply = self.transport.call(call["service"], call["operation"], call.get("params", {}))
            if not reply.ok and not is_absent(reply.status, reply.code) and reply.status < 500 \
                    and empty(self.transport, self.namespace, call, reply, self.ledger):
                reply = self.transport.call(call["service"], call["operation"], call.get("params", {}))
            if reply.ok:
                continue
            if is_absent(reply.status, reply.code):
                result = "absent"
                continue
            if entry.kind == "probe" and reply.status < 500:
                result = "rejected"  # the probe most likely created nothing
                continue
            if entry.kind == "probe" and self._subject_absent(entry.create):
                result = "absent"  # what the probe would have changed does not exist
                continue
            return None
        return result

    def _subject_absent(self, create: dict) -> bool:
        """Does a run-owned resource the probe named (`<Noun>Name`/`<Noun>Id`) not exist? Asked
        with the model's Get<Noun>/Describe<Noun> when that takes that member and needs no other: a probe
        that changes a resource that is not there has left nothing (a resource it may have made
        under that name would be there)."""
        service, params = create.get("service", ""), create.get("params") or {}
        spec = get_spec().service(service)
        for member, value in params.items():
            if not (isinstance(value, str) and self.namespace.owns(value)):
                continue
            noun = member[:-4] if member.endswith("Name") else member[:-2] if member.endswith("Id") else ""
            for op in (f"Get{noun}", f"Describe{noun}") if noun else ():
                if op not in spec.operation_names:
                    continue
                shape = spec.operation(op).input_shape
                if shape is None or member not in shape.members or set(shape.required_members) - {member}:
                    continue
                reply = self.transport.call(service, op, {member: value})
                if is_absent(reply.status, reply.code):
                    return True
        return False

    def _may_undo(self, params: dict, response: dict | None) -> bool:
        """An undo call must name the run's own resource: a namespaced value, or an id the
        server itself returned to this run's create. Empty values never."""
        values = [v for v in params.values() if isinstance(v, str)]
        if any(v == "" for v in values):
            return False
        text = json.dumps(params, default=str)
        return self.namespace.prefix in text or bool(response) and all(
            v in json.dumps(response, default=str) or self.namespace.owns(v) for v in values)

    def _remove_bucket(self, bucket: str) -> str | None:
        """Empty a bucket of this run (every version, marker and upload), then delete it."""
        call = self.transport.call
        head = call("s3", "HeadBucket", {"Bucket": bucket})
        if head.status == 404:
            return "absent"
        for _ in range(100):  # bounded: each round deletes what one listing shows
            if not self._empty_round(bucket):
                break
        uploads = call("s3", "ListMultipartUploads", {"Bucket": bucket})
        for up in (uploads.get("Uploads") or []) if uploads.ok else []:
            call("s3", "AbortMultipartUpload", {"Bucket": bucket, "Key": up["Key"], "UploadId": up["UploadId"]})
        reply = call("s3", "DeleteBucket", {"Bucket": bucket})
        if reply.ok:
            return "deleted"
        if is_absent(reply.status, reply.code):
            return "absent"
        return None

    def _empty_round(self, bucket: str) -> bool:
        """Delete one listing's worth of objects; True if anything was deleted."""
        call = self.transport.call
        targets: list[dict] = []
        versions = call("s3", "ListObjectVersions", {"Bucket": bucket})
        if versions.ok:
            for item in (versions.get("Versions") or []) + (versions.get("DeleteMarkers") or []):
                params = {"Bucket": bucket, "Key": item["Key"]}
                if item.get("VersionId"):  # "null" included: it deletes the null version, not just hides it
                    params["VersionId"] = item["VersionId"]
                targets.append(params)
        if not targets:  # servers without versioning support still list plain objects
            listed = call("s3", "ListObjects", {"Bucket": bucket})
            targets = [{"Bucket": bucket, "Key": o["Key"]} for o in (listed.get("Contents") or [])] if listed.ok else []
        deleted = False
        for params in targets:
            deleted = call("s3", "DeleteObject", params).ok or deleted
        return deleted
