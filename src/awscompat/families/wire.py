"""Changing a serialized request before it is signed: how a case sends what botocore would not
(a value of the wrong type on the wire), while botocore still signs and frames the request.

botocore has already joined url_path and query_string into request["url"] when before-call
runs: a change to the path or the query string must change "url" too, or it is never sent
(set_query_param, replace_in_path)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from botocore.utils import percent_encode_sequence

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


def set_query_param(request: dict, name: str, value: str) -> None:
    """Set one query-string parameter in the request botocore is about to send."""
    query = request.setdefault("query_string", {})
    if isinstance(query, dict):
        query[name] = value
    if "url" in request:
        parts = urlsplit(request["url"])
        pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
        request["url"] = urlunsplit(parts._replace(query=percent_encode_sequence([*pairs, (name, value)])))


def replace_in_path(request: dict, old: str, new: str) -> None:
    """Replace the first `old` in the request's path (new is sent as given: encode it first)."""
    request["url_path"] = request["url_path"].replace(old, new, 1)
    if "url" in request:
        parts = urlsplit(request["url"])
        request["url"] = urlunsplit(parts._replace(path=parts.path.replace(old, new, 1)))


def set_location_member(location: str, name: str, value: str) -> Mutator:
    def fn(request: dict) -> None:
        if location == "querystring":
            set_query_param(request, name, value)
        elif location == "header":
            request.setdefault("headers", {})[name] = value

    return fn
