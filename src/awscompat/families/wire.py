"""Changing a serialized request before it is signed: how a case sends what botocore would not
(a value of the wrong type on the wire), while botocore still signs and frames the request."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

_tl = threading.local()
Mutator = Callable[[dict], None]


def _before_call(params: dict, **kwargs) -> None:
    mutate: Mutator | None = getattr(_tl, "mutate", None)
    if mutate is not None:
        mutate(params)


def install(client) -> None:
    client.meta.events.register("before-call", _before_call, unique_id="awscompat-wire-mutate")


class mutating:
    """with mutating(client, fn): calls on this thread have fn applied to their request dict."""

    def __init__(self, client, fn: Mutator) -> None:
        install(client)
        self.fn = fn

    def __enter__(self) -> None:
        _tl.mutate = self.fn

    def __exit__(self, *exc) -> None:
        _tl.mutate = None


def set_json_member(name: str, value) -> Mutator:
    def fn(request: dict) -> None:
        body = request.get("body") or b"{}"
        doc = json.loads(body) if body else {}
        doc[name] = value
        request["body"] = json.dumps(doc).encode()

    return fn


def set_form_member(name: str, value: str) -> Mutator:
    """query / ec2: replace a member (and any flattened children Name.x) with one scalar."""

    def fn(request: dict) -> None:
        body = request.get("body")
        if isinstance(body, dict):
            for key in [k for k in body if k == name or k.startswith(name + ".")]:
                del body[key]
            body[name] = value

    return fn


def set_location_member(location: str, name: str, value: str) -> Mutator:
    def fn(request: dict) -> None:
        if location == "querystring":
            request.setdefault("query_string", {})[name] = value
        elif location == "header":
            request.setdefault("headers", {})[name] = value

    return fn
