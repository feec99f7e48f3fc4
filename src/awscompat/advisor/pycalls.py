"""What a call does to the footprint: method calls on sessions, clients, resources and
collections, mapped to AWS operations. Mixed into the module analyzer (pysource.py)."""

from __future__ import annotations

import ast
from typing import Any

from awscompat.advisor import pymodels as pm
from awscompat.advisor.names import Names

Values = set[pm.Value]


def consts(values: Values) -> list[str]:
    return sorted(v.value for v in values if isinstance(v, pm.Const))


def source_of(node: ast.AST, limit: int = 60) -> str:
    text = ast.unparse(node)
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


class CallSemantics:
    """Needs: self.names, self.path, self.recording, self.sightings, self.unresolved, self.services_seen."""

    names: Names
    path: str
    recording: bool
    sightings: dict[tuple, dict[str, Any]]
    unresolved: dict[tuple, dict[str, Any]]
    services_seen: set[str]

    # -- recording ------------------------------------------------------------------------
    def record(self, service: str, operation: str, conf: str, node: ast.AST, call: str) -> None:
        if not self.recording:
            return
        line = getattr(node, "lineno", 0)
        key = (service, operation, line)
        known = self.sightings.get(key)
        if known is None:
            self.sightings[key] = {"service": service, "operation": operation, "confidence": conf,
                                   "where": {"source": "python", "file": self.path, "line": line, "call": call}}
        else:
            known["confidence"] = pm.stronger(known["confidence"], conf)

    def unresolve(self, node: ast.AST, reason: str, **extra: Any) -> None:
        if not self.recording:
            return
        line = getattr(node, "lineno", 0)
        self.unresolved[(line, reason)] = {"source": "python", "file": self.path, "line": line,
                                           "reason": reason, **extra}

    # -- factories ------------------------------------------------------------------------
    def make_client(self, node: ast.Call, args: list[Values], kwargs: dict[str, Values],
                    kind: str = "client") -> Values:
        arg_node: ast.AST | None = node.args[0] if node.args else None
        values = args[0] if args else kwargs.get("service_name", set())
        if arg_node is None:
            arg_node = next((k.value for k in node.keywords if k.arg == "service_name"), None)
        names = consts(values)
        if not names:
            shown = source_of(arg_node) if arg_node is not None else "(none)"
            self.unresolve(node, f"{kind} service name is not a literal: {shown}")
            return set()
        out: Values = set()
        for name in names:
            if not self.names.has_service(name):
                self.unresolve(node, f"unknown service {name!r} for a {kind}")
                continue
            if kind == "resource" and pm.resource_model(name) is None:
                self.unresolve(node, f"boto3 has no resource API for {name!r}")
                continue
            self.services_seen.add(name)
            out.add(pm.Client(name) if kind == "client" else pm.Resource(name, None))
        return out

    # -- methods --------------------------------------------------------------------------
    def call_method(self, recv: pm.Value, attr: str, node: ast.Call, args: list[Values],
                    kwargs: dict[str, Values]) -> Values:
        if isinstance(recv, pm.Session):
            if attr in pm.SESSION_CLIENT_METHODS:
                return self.make_client(node, args, kwargs)
            if attr in pm.SESSION_RESOURCE_METHODS:
                return self.make_client(node, args, kwargs, kind="resource")
            return set()
        if isinstance(recv, pm.Client):
            return self.client_call(recv, attr, node, args, kwargs)
        if isinstance(recv, pm.Resource):
            return self.resource_call(recv, attr, node)
        if isinstance(recv, pm.Collection):
            return self.collection_call(recv, attr, node)
        if isinstance(recv, pm.Writer) and attr in ("put_item", "delete_item"):
            self.record(recv.service, "BatchWriteItem", recv.conf, node, f"batch_writer().{attr}()")
        return set()

    def _first_const(self, node: ast.Call, args: list[Values], kwargs: dict[str, Values], kw: str) -> list[str]:
        return consts(args[0] if args else kwargs.get(kw, set()))

    def client_call(self, c: pm.Client, attr: str, node: ast.Call, args: list[Values],
                    kwargs: dict[str, Values]) -> Values:
        methods = self.names.method_map(c.service)
        if attr in methods:
            self.record(c.service, methods[attr], c.conf, node, f"{attr}()")
            return set()
        if attr == "get_paginator":
            found = self._first_const(node, args, kwargs, "operation_name")
            for name in found:
                if name in methods:
                    self.record(c.service, methods[name], c.conf, node, f"get_paginator({name!r})")
                else:
                    self.unresolve(node, f"{c.service} has no paginated operation {name!r}")
            if not found:
                self.unresolve(node, f"paginator name is not a literal: {source_of(node)}")
            return set()
        if attr == "get_waiter":
            found = self._first_const(node, args, kwargs, "waiter_name")
            for name in found:
                op = self.names.waiter_by_python_name(c.service, name)
                if op:
                    self.record(c.service, op, c.conf, node, f"get_waiter({name!r})")
                else:
                    self.unresolve(node, f"{c.service} has no waiter {name!r}")
            if not found:
                self.unresolve(node, f"waiter name is not a literal: {source_of(node)}")
            return set()
        if attr == "generate_presigned_url":
            found = self._first_const(node, args, kwargs, "ClientMethod")
            for name in found:
                if name in methods:
                    self.record(c.service, methods[name], c.conf, node, f"generate_presigned_url({name!r})")
            if not found:
                self.unresolve(node, f"presigned URL method is not a literal: {source_of(node)}")
            return set()
        if attr == "generate_presigned_post":
            self.unresolve(node, "a presigned POST (browser form upload, S3 POST Object) is not an operation "
                                 "of the model: check the provider's POST Object support by hand")
            return set()
        if self._custom(c.service, "client", attr, c.conf, node):
            return set()
        if attr not in pm.CLIENT_NON_OPERATIONS:
            self.unresolve(node, f"{c.service} client has no operation for method {attr!r}")
        return set()

    def _custom(self, service: str, owner: str, attr: str, conf: str, node: ast.AST) -> bool:
        ops = pm.CUSTOM_METHODS.get((service, owner), {}).get(attr)
        if not ops:
            return False
        for op in ops:
            self.record(service, op, pm.weaker(conf, pm.LOW) if op in pm.MULTIPART else conf, node, f"{attr}()")
        return True

    def resource_call(self, r: pm.Resource, attr: str, node: ast.Call) -> Values:
        if self._custom(r.service, r.rtype or "service", attr, r.conf, node):
            return {pm.Writer(r.service, r.conf)} if attr == "batch_writer" else set()
        member = pm.resource_member(r.service, r.rtype, attr)
        label = f"{r.rtype or r.service}.{attr}()"
        if member is None:
            if attr not in ("get_available_subresources",):
                self.unresolve(node, f"{r.service} {r.rtype or 'service'} resource has no action {attr!r}")
            return set()
        if member.kind == "subresource":
            return {pm.Resource(r.service, member.rtype, r.conf)}
        if member.kind == "waiter":
            op = self.names.waiter_operation(r.service, member.operation or "")
            if op:
                self.record(r.service, op, r.conf, node, label)
            return set()
        if member.operation:
            self.record(r.service, member.operation, r.conf, node, label)
        if member.kind == "action" and member.rtype:
            return {pm.Resource(r.service, member.rtype, r.conf)}
        return set()

    def resource_attribute(self, r: pm.Resource, attr: str, node: ast.AST) -> Values:
        if attr == "meta":
            return {pm.Meta(r.service, r.conf)}
        member = pm.resource_member(r.service, r.rtype, attr)
        if member is None:
            return set()
        label = f"{r.rtype or r.service}.{attr}"
        if member.kind == "collection":
            return {pm.Collection(r.service, r.rtype, member.collection or "", r.conf)}
        if member.kind in ("attribute", "reference") and member.operation:
            self.record(r.service, member.operation, pm.weaker(r.conf, pm.MEDIUM), node, f"{label} (loads)")
        if member.kind == "reference":
            return {pm.Resource(r.service, member.rtype, r.conf)}
        if member.kind == "action" and member.operation:  # a bound method passed around
            self.record(r.service, member.operation, r.conf, node, label)
        return set()

    def collection_call(self, c: pm.Collection, attr: str, node: ast.Call) -> Values:
        rdef = pm.resource_def(c.service, c.owner) or {}
        listing = rdef.get("hasMany", {}).get(c.name, {}).get("request", {}).get("operation")
        label = f"{pm.xform_name(c.name)}.{attr}()"
        if attr in ("all", "filter", "limit", "page_size", "pages"):
            if listing:
                self.record(c.service, listing, c.conf, node, label)
            return {c}
        item = pm.collection_item(c.service, c.owner, c.name)
        op = pm.batch_action(c.service, item, attr)
        if op:
            if listing:
                self.record(c.service, listing, c.conf, node, label)
            self.record(c.service, op, c.conf, node, label)
        return set()

    def iter_items(self, values: Values) -> Values:
        out: Values = set()
        for v in values:
            if isinstance(v, pm.Collection):
                item = pm.collection_item(v.service, v.owner, v.name)
                if item:
                    out.add(pm.Resource(v.service, item, v.conf))
            elif isinstance(v, pm.Resource) and v.rtype:  # an action's list of resources (receive_messages)
                out.add(v)
        return out

    def annotation_value(self, qualified: str | None) -> Values:
        """A parameter annotated with a boto3-stubs type (mypy_boto3_s3.S3Client, ...Table)."""
        if not qualified:
            return set()
        head, _, rest = qualified.partition(".")
        for prefix in ("mypy_boto3_", "types_aiobotocore_", "types_boto3_"):
            if head.startswith(prefix):
                service = head[len(prefix):].replace("_", "-")
                if not self.names.has_service(service):
                    return set()
                cls = rest.rsplit(".", 1)[-1]
                if cls.endswith("Client"):
                    return {pm.Client(service, pm.MEDIUM)}
                if cls.endswith("ServiceResource"):
                    return {pm.Resource(service, None, pm.MEDIUM)}
                if pm.resource_def(service, cls) is not None:
                    return {pm.Resource(service, cls, pm.MEDIUM)}
        return set()
