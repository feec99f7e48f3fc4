"""The AWS SDK for JavaScript v3 as the client on the wire (`awscompat run --client js-v3`).

Contract:
- One Node process per Python process (`driver()`), with no AWS_* variable nor AWS config file of
  the machine (the SDK's defaults and what each call passes, only), started on first use from the package's
  `data/clients/js-v3/driver.cjs` with the pinned `@aws-sdk/client-*` packages of `sdk_dir()`
  (scripts/install-providers.sh --only js-sdk), stopped by its PID at exit. Requests and answers
  are JSON lines matched by id, so any number of cases may have calls in flight.
- `attach(client, transport, overrides, second)` routes a botocore client's requests through the
  JS SDK while a case runs (a case's evidence sink is set; teardown and the final sweep stay on
  botocore, the most basic client). botocore still builds (and discards) its own request, so its
  guards run first (engine/sendable.py); then the same operation with the same parameters is sent
  by the JS SDK, and the raw answer the JS SDK received is handed back to botocore, which parses
  it. Every answer is therefore judged by the same rules, whichever client sent the request; the
  exchange in the evidence is the request as the JS SDK sent it (method, URL, signed headers, a
  body prefix, its length and SHA-256) and the answer it got.
- The JS SDK runs with its own defaults (what its users get): requestChecksumCalculation and
  responseChecksumValidation WHEN_SUPPORTED, unless the case's client config says otherwise;
  path-style addressing as the target's. A config variant the JS SDK cannot express (an unsigned
  or SigV2 client, ...) or an operation it has no command for ends the case as `skip`, with why.
- A request whose serialised body a case changed after botocore built it (the wire family), or
  botocore signed with a signer of the case's own (the auth family's tampered
  signature, unknown key, skewed clock) cannot be sent by the JS SDK, which signs its own: `skip`.
- `CANNOT_EXPRESS`: the cases whose request the JS SDK cannot send as the case means it (an
  upload without Content-Type), `skip` with the reason (engine/runner.py).
- Node opens its own connections: where the target has a connection guard (the service's SSRF
  guard, engine/connguard.py), the JS SDK is not used (`skip`).
- Faults map to botocore's: the JS SDK could not build the request -> NotSendable (skip);
  timeout -> ReadTimeoutError; closed before any answer -> ConnectionClosedError (the engine's
  connection-reset, retried); cut short after the answer's head -> ResponseStreamingError
  (truncated); no connection -> EndpointConnectionError (all `error` in the end); the
  driver process gone or not installed -> a harness error (`error`; `run` checks it first, exit 2).
"""

from __future__ import annotations

import atexit
import base64
import datetime as dt
import io
import itertools
import json
import os
import shutil
import subprocess
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from botocore import UNSIGNED
from botocore import exceptions as bex
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.handlers import _quote_source_header, _quote_source_header_from_dict
from botocore.utils import parse_timestamp

from awscompat.engine.sendable import NotSendable

NAME = "js-v3"
# Client config keys that change nothing the JS SDK sends (timeouts, pools, retries are the engine's).
_IGNORED = {"connect_timeout", "read_timeout", "retries", "max_pool_connections", "user_agent_extra",
            "parameter_validation", "inject_host_prefix", "ignore_configured_endpoint_urls", "tcp_keepalive"}


# Cases whose request the JS SDK cannot send as the case means it, with why (`skip` with --client
# js-v3; docs/clients.md). Keyed by case id: the list holds whether the case is Python or data.
_NO_CONTENT_TYPE = ("the JS SDK sends Content-Type: application/octet-stream on every upload that names none; "
                    "this case needs an upload without a Content-Type (the server's own default)")
CANNOT_EXPRESS = {
    "s3/scenario/objects/head-object-fields": _NO_CONTENT_TYPE,
    "s3/scenario/objects/overwrite-replaces-metadata": _NO_CONTENT_TYPE,
    "s3/scenario/copy/directive-copy-ignores-new-metadata": _NO_CONTENT_TYPE,
}


class ClientUnavailable(Exception):
    """The client cannot run here (Node or the SDK packages are missing)."""


def sdk_dir() -> Path:
    """Where the pinned @aws-sdk packages are: $AWSCOMPAT_JS_SDK, else .providers/js-sdk of the
    checkout awscompat runs from, else of the working directory."""
    env = os.environ.get("AWSCOMPAT_JS_SDK")
    candidates = [Path(env)] if env else []
    candidates += [Path(__file__).resolve().parents[3] / ".providers" / "js-sdk", Path.cwd() / ".providers" / "js-sdk"]
    for path in candidates:
        if (path / "node_modules" / "@aws-sdk" / "client-s3" / "package.json").is_file():
            return path
    raise ClientUnavailable("the AWS SDK for JavaScript v3 is not installed: run "
                            "`bash scripts/install-providers.sh --only js-sdk` (or set AWSCOMPAT_JS_SDK)")


class Driver:
    """One Node process executing JS SDK commands (see the module contract)."""

    def __init__(self, folder: Path) -> None:
        node = shutil.which("node")
        if node is None:
            raise ClientUnavailable("node is not installed (apt-get install nodejs; scripts/install-system.sh)")
        script = resources.files("awscompat") / "data" / "clients" / "js-v3" / "driver.cjs"
        self._ids = itertools.count(1)
        self._waiting: dict[int, Future] = {}
        self._lock = threading.Lock()
        # The SDK's defaults and what each call passes, nothing from the machine's AWS settings
        # (AWS_* variables, ~/.aws/config could change its checksum behaviour or endpoints).
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true")
        self.proc = subprocess.Popen(  # noqa: S603 - our own script, no shell
            [node, "--no-warnings", str(script), str(folder)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1, env=env)
        self._reader = threading.Thread(target=self._read, name="js-v3-driver", daemon=True)
        self._reader.start()
        hello = self.send({"hello": True}, timeout=30.0)
        self.versions: dict[str, str] = hello.get("versions", {})
        self.node = hello.get("node", "")
        self.version = self.versions.get("@aws-sdk/client-s3", "")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                continue
            with self._lock:
                fut = self._waiting.pop(msg.get("id"), None)
            if fut is not None:
                fut.set_result(msg)
        with self._lock:  # the process ended: nobody waits forever
            waiting, self._waiting = self._waiting, {}
        for fut in waiting.values():
            fut.set_exception(ClientUnavailable("the JS SDK driver process ended"))

    def send(self, message: dict, timeout: float) -> dict:
        fut: Future = Future()
        with self._lock:
            ident = next(self._ids)
            self._waiting[ident] = fut
            line = json.dumps({**message, "id": ident}) + "\n"
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(line)
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                self._waiting.pop(ident, None)
                raise ClientUnavailable(f"the JS SDK driver process is gone: {exc}") from exc
        try:
            return fut.result(timeout=timeout)
        except FutureTimeout:
            with self._lock:
                self._waiting.pop(ident, None)
            raise

    def close(self) -> None:
        if self.proc.poll() is not None:
            return
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=5)


_driver: Driver | None = None
_driver_lock = threading.Lock()


def driver() -> Driver:
    """The process's driver, started on first use (ClientUnavailable when it cannot run)."""
    global _driver
    with _driver_lock:
        if _driver is None or _driver.proc.poll() is not None:
            _driver = Driver(sdk_dir())
            atexit.register(_driver.close)
        return _driver


# -- botocore -> JS ------------------------------------------------------------------------------
def js_config(transport, service: str, overrides: dict, second: bool) -> dict:
    """The JS client configuration for a botocore client of this transport with these overrides."""
    target = transport.target
    if target.connect_guard is not None:  # the service's SSRF guard sees Python's connections only
        raise NotSendable("js-v3: not available where every connection must pass the target's connection guard")
    creds = target.second_credentials if second else target.credentials
    if creds is None:
        frozen = transport._session.get_credentials()
        if frozen is None:
            raise NotSendable("js-v3: no credentials to give the JS SDK")
        frozen = frozen.get_frozen_credentials()
        key, secret, token = frozen.access_key, frozen.secret_key, frozen.token
    else:
        key, secret, token = creds.access_key, creds.secret_key, creds.token
    config: dict[str, Any] = {"region": target.region,
                              "credentials": {"accessKeyId": key, "secretAccessKey": secret,
                                              **({"sessionToken": token} if token else {})},
                              "forcePathStyle": target.addressing == "path"}
    endpoint = target.endpoint_for(service)
    if endpoint:
        config["endpoint"] = endpoint
        config["disableHostPrefix"] = True  # as the transport: one host, no operation host labels
    for name, value in overrides.items():
        if name in _IGNORED:
            continue
        if name == "s3" and set(value) <= {"addressing_style"}:
            config["forcePathStyle"] = value.get("addressing_style") == "path"
        elif name == "request_checksum_calculation":
            config["requestChecksumCalculation"] = str(value).upper()
        elif name == "response_checksum_validation":
            config["responseChecksumValidation"] = str(value).upper()
        elif name == "region_name":
            config["region"] = value
        elif name == "signature_version" and value is UNSIGNED:
            config["unsigned"] = True  # the driver gives the JS SDK a signer that does not sign
        elif name == "signature_version" and value in ("s3v4", "v4"):
            continue
        else:
            raise NotSendable(f"js-v3: the JS SDK driver cannot express the client setting {name}={value!r} "
                              "(a botocore-only variant)")
    return config


def js_params(shape, value: Any) -> Any:
    """botocore parameters -> the JSON the driver decodes (blobs, streams and timestamps tagged)."""
    kind = getattr(shape, "type_name", None)
    if kind == "structure" and isinstance(value, dict):
        members = shape.members
        return {k: js_params(members.get(k), v) for k, v in value.items()}
    if kind == "list" and isinstance(value, list | tuple):
        return [js_params(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: js_params(shape.value, v) for k, v in value.items()}
    if kind == "blob" or (shape is None and isinstance(value, bytes | bytearray)):
        if hasattr(value, "read"):
            return {"$stream": base64.b64encode(_read_all(value)).decode()}
        data = value.encode() if isinstance(value, str) else bytes(value)
        if isinstance(value, str) and getattr(shape, "serialization", {}).get("streaming"):
            return value  # a text body: the JS SDK sends a string as is
        return {"$bytes": base64.b64encode(data).decode()}
    if kind == "timestamp" and value is not None:
        if isinstance(value, int | float):
            stamp = dt.datetime.fromtimestamp(value, dt.UTC)
        elif isinstance(value, dt.datetime):
            stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        else:
            stamp = parse_timestamp(value)
        return {"$date": stamp.isoformat()}
    if isinstance(value, dt.datetime):
        return {"$date": value.isoformat()}
    return value


def _read_all(stream) -> bytes:
    """A file-like body, read whole; rewound when it can be (botocore read it first)."""
    try:
        stream.seek(0)
    except (AttributeError, OSError, io.UnsupportedOperation):
        pass
    data = stream.read()
    return data.encode() if isinstance(data, str) else data


class _Raw(io.BytesIO):
    """The answer's bytes, as botocore reads a raw urllib3 response."""

    def stream(self, amt: int = 1024 * 1024, decode_content: bool = True):
        while chunk := self.read(amt):
            yield chunk


_signing = threading.local()


def attach(client, transport, overrides: dict, second: bool) -> None:
    """Route client's requests through the JS SDK while a case runs (see the module contract)."""
    client.meta.events.register_last("before-send", partial(_send, client, transport, overrides, second))
    signer = client._request_signer
    chosen = signer.get_auth_instance

    def spy(*args, **kwargs):  # which signer botocore signed this request with (not called: unsigned)
        auth = chosen(*args, **kwargs)
        _signing.cls = type(auth)
        return auth

    signer.get_auth_instance = spy
    events = client.meta.events
    events.register_first("before-call", _body_before, unique_id="awscompat-js-body-before")
    events.register_last("before-call", _body_after, unique_id="awscompat-js-body-after")


# Headers botocore's own before-call handlers add (S3's Expect: 100-continue, an MD5 where required).
_BOTOCORE_HEADERS = {"expect", "content-md5"}


def _body_of(request_dict: dict):
    """What a case's mutation could change after serialisation: the body, the query string, the
    headers (less those botocore's own handlers add)."""
    body = request_dict.get("body")
    if isinstance(body, dict):
        data = ("dict", json.dumps(body, sort_keys=True, default=str))
    elif isinstance(body, bytes | str | None):
        data = ("data", body)
    else:
        data = ("object", id(body))
    headers = {str(k).lower(): str(v) for k, v in (request_dict.get("headers") or {}).items()
               if str(k).lower() not in _BOTOCORE_HEADERS}
    query = json.dumps(request_dict.get("query_string") or {}, sort_keys=True, default=str)
    return data, query, headers, request_dict.get("url_path"), request_dict.get("url")


def _body_before(params: dict, **kwargs) -> None:
    _signing.body = _body_of(params)


def _body_after(params: dict, **kwargs) -> None:
    """A body changed after botocore serialised it (the wire family's mutations: a value of the
    wrong type on the wire): the JS SDK, which serialises the parameters itself, cannot send it."""
    _signing.mutated = getattr(_signing, "body", None) != _body_of(params)


def _botocore_only_signer() -> str:
    """The name of the signer botocore used for this request when it is not botocore's own (a
    case's signing trick: a tampered signature, an unknown key, a skewed clock), else ''."""
    cls, _signing.cls = getattr(_signing, "cls", None), None
    if cls is None or cls.__module__.startswith("botocore."):
        return ""
    return cls.__name__


def _send(client, transport, overrides: dict, second: bool, request, **kwargs):
    from awscompat.engine import transport as tmod

    ex = tmod._active()
    if tmod._sink() is None or ex is None:
        return None  # teardown, sweep, preflight: botocore sends
    mutated, _signing.mutated = getattr(_signing, "mutated", False), False
    if mutated:
        raise NotSendable("js-v3: the case changes the serialised request after botocore built it (a value "
                          "the SDK would not send); the JS SDK serialises the parameters itself")
    trick = _botocore_only_signer()
    if trick:
        raise NotSendable(f"js-v3: the case signs with a botocore-only signer ({trick}); the JS SDK signs its "
                          "own requests")
    service = client.meta.service_model.service_name
    op = client.meta.service_model.operation_model(ex.operation)
    params = js_params(op.input_shape, ex.params or {})
    if isinstance(params.get("CopySource"), dict | str):
        # botocore takes {Bucket, Key, VersionId} or a raw string and URL-encodes it; a JS SDK
        # user passes the encoded string: the same bytes on the wire
        source = params["CopySource"]
        params["CopySource"] = (_quote_source_header_from_dict(source) if isinstance(source, dict)
                                else _quote_source_header(source))
    members = getattr(op.input_shape, "members", {})
    for value in list(params.values()):
        if isinstance(value, dict) and "$stream" in value and "ContentLength" in members:
            # a JS SDK user streaming a body gives its length (S3 refuses an unknown one)
            params.setdefault("ContentLength", len(base64.b64decode(value["$stream"])))
    message = {"service": service, "operation": ex.operation, "params": params,
               "config": js_config(transport, service, overrides, second), "timeout": transport.timeout}
    try:
        answer = driver().send(message, timeout=transport.timeout + 10)
    except TypeError as exc:  # a parameter value JSON cannot carry
        raise NotSendable(f"js-v3: a parameter the driver cannot pass to the JS SDK: {exc}") from exc
    except FutureTimeout as exc:
        raise bex.ReadTimeoutError(endpoint_url=request.url, error="no answer from the JS SDK driver") from exc
    except ClientUnavailable as exc:  # the driver is gone: the harness cannot decide (`error`)
        raise RuntimeError(f"js-v3 driver: {exc}") from exc
    sent = answer.get("request") or answer.get("fault", {}).get("request")
    if sent:
        ex.method, ex.url = sent["method"], sent["url"]
        ex.request_headers = dict(sent["headers"])
        ex.request_body = "<stream>" if sent.get("streamed") else base64.b64decode(sent.get("body_prefix") or "")
        ex.wire = {"client": f"{NAME}@{driver().version}", "body_length": sent.get("body_len"),
                   "body_sha256": sent.get("body_sha256"), "streamed": bool(sent.get("streamed"))}
        if answer.get("sdk_error"):
            ex.wire["sdk_error"] = answer["sdk_error"]
    fault = answer.get("fault")
    if fault:
        kind, why = fault.get("kind"), fault.get("message", "")
        if kind == "not-sendable":
            raise NotSendable(f"js-v3: {why}")
        if kind == "timeout":
            raise bex.ReadTimeoutError(endpoint_url=request.url, error=why)
        if kind == "reset":  # closed before any answer: the engine's connection-reset (retried)
            raise bex.ConnectionClosedError(endpoint_url=f"{request.url} ({why})")
        if kind == "truncated":  # the answer had begun: cut short
            raise bex.ResponseStreamingError(error=why)
        raise bex.EndpointConnectionError(endpoint_url=f"{request.url} ({why})", error=why)
    got = answer["response"]
    body = base64.b64decode(got.get("body") or "")
    headers = HeadersDict({k: ", ".join(v) if isinstance(v, list) else str(v) for k, v in got["headers"].items()})
    return AWSResponse(ex.url, got["status"], headers, _Raw(body))
