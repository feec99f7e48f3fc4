"""Calls on the wire: botocore clients per service, capture of every exchange, retries for
transient faults only, and a Reply that never raises for an AWS error answer."""

from __future__ import annotations

import hashlib
import io
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import botocore.session
from botocore import exceptions as bex
from botocore import xform_name
from botocore.config import Config
from botocore.handlers import validate_bucket_name
from botocore.parsers import ResponseParserError
from botocore.response import StreamingBody
from urllib3.exceptions import HTTPError as URLLib3Error

from awscompat.engine import bodies, connguard, deadline, outcomes
from awscompat.engine.aliases import fast_aliases
from awscompat.engine.endpoints import memoise_endpoints
from awscompat.engine.evidence import Exchange, register_secret
from awscompat.engine.integrity import broken_off, is_noise, vouched
from awscompat.engine.prepared import Prepared, prepare
from awscompat.engine.sendable import SDK_REFUSALS, NotSendable, StaticToken, guard
from awscompat.engine.target import Target
from awscompat.spec import get_spec, is_mutating
from awscompat.spec.protocols import ANY_NOT_IMPLEMENTED, ANY_RETRY_LATER, ANY_THROTTLING

# Each protocol's codes are its class's (spec/protocols.py); any protocol's code counts on any
# answer (an emulator may answer in another protocol's dialect).
THROTTLING_CODES = set(ANY_THROTTLING)
TRANSIENT_STATUS = {500, 502, 503, 504}
# With a 5xx, the protocols' own "internal error, try again" codes: AWS answers them transiently.
RETRY_LATER_CODES = set(ANY_RETRY_LATER)
# More attempts, spread over seconds (0.25 + 0.5 + 1 + 1 + 1 at the default backoff), before a
# "try again" 5xx that outlasted the retries is judged as what the provider answers.
CONFIRM = 5
# A payload read whole to verify it (and to retry a read cut short), up to this size.
PAYLOAD_LIMIT = 64 * 1024 * 1024
# Codes that mean "this endpoint does not know the operation" in each protocol's own envelope.
NOT_IMPLEMENTED_CODES = set(ANY_NOT_IMPLEMENTED)

_tl = threading.local()


class TransportFault(Exception):
    """No usable answer: connection refused or reset, an answer cut short, timeout, TLS failure."""

    def __init__(self, kind: str, detail: str, exchange: Exchange) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.exchange = exchange


@dataclass
class Reply:
    exchange: Exchange
    parsed: dict
    parse_error: str = ""
    # An error envelope in a 2xx answer (S3 does this for CopyObject, CompleteMultipartUpload...).
    error_in_body: bool = False
    # Why the answer was damaged on its way (binary noise where the protocol has a text
    # document, a payload that differed from read to read); '' for an intact answer.
    corrupt: str = ""
    # The MD5 of a payload that its answer's own integrity data (Content-MD5, ETag) did not vouch for.
    unverified: str = ""

    @property
    def status(self) -> int:
        return self.exchange.status or 0

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300 and not self.parse_error and not self.error_in_body and not self.corrupt

    @property
    def error(self) -> dict:
        return self.parsed.get("Error", {}) if self.status >= 300 or self.error_in_body else {}

    @property
    def code(self) -> str:
        """The error code in the protocol's envelope ('' when there is none)."""
        code = self.error.get("Code", "")
        if self.parse_error or self.corrupt or code == str(self.status):  # botocore's generic fallback: no envelope
            return ""
        return code

    @property
    def headers(self) -> dict:
        return self.exchange.response_headers

    @property
    def transient(self) -> bool:
        return ((self.status in TRANSIENT_STATUS and self.status != 501) or self.code in THROTTLING_CODES
                or (self.error_in_body and self.code == "InternalError") or bool(self.corrupt))

    @property
    def inconclusive(self) -> bool:
        """An answer that decides nothing about the provider's behaviour, even after retries:
        an answer damaged on its way, throttling, 503 (engine/outcomes.py decides)."""
        return outcomes.inconclusive(self.status, self.code, self.corrupt)

    @property
    def retry_later(self) -> bool:
        """A 5xx that says "internal error, try again": its protocol's code for that, or a 5xx to
        HEAD (no room for an envelope). 503 is not among them: it is never judged anyway."""
        if self.error_in_body:
            return self.code in RETRY_LATER_CODES
        head = self.exchange.method == "HEAD" and not self.exchange.response_body and not self.parse_error
        return self.status >= 500 and self.status not in (501, 503) and (self.code in RETRY_LATER_CODES or head)

    @property
    def not_implemented(self) -> bool:
        """A clean "not implemented" (engine/outcomes.py decides)."""
        return outcomes.not_implemented(self.status, self.code)

    def get(self, key: str, default: Any = None) -> Any:
        return self.parsed.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.parsed[key]

    def describe(self) -> str:
        if self.corrupt:
            return f"HTTP {self.status} with a corrupted body ({self.corrupt})"
        if self.code:
            return f"HTTP {self.status} {self.code}"
        if self.parse_error:
            return f"HTTP {self.status} with a body that is not in the protocol's format"
        return f"HTTP {self.status}"


def _sink() -> list[Exchange] | None:
    return getattr(_tl, "sink", None)


def set_sink(sink: list[Exchange] | None) -> None:
    """Exchanges made on this thread are appended to sink (the current case's record)."""
    _tl.sink = sink


def _active() -> Exchange | None:
    return getattr(_tl, "current", None) or getattr(_tl, "current_auto", None)


def _on_send(request, **kwargs) -> None:
    current = _active()
    if current is None:
        return
    current.method = request.method
    current.url = request.url
    current.request_headers = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in request.headers.items()}
    body = request.body
    current.request_body = body if body is None or isinstance(body, bytes | str) else "<stream>"


def _on_parse(response_dict, operation_model, **kwargs) -> None:
    current = _active()
    if current is None:
        return
    current.operation = current.operation or operation_model.name
    current.service = current.service or operation_model.service_model.service_name
    current.status = response_dict["status_code"]
    current.response_headers = dict(response_dict["headers"])
    body = response_dict.get("body")
    current.response_body = body if isinstance(body, bytes) else None
    if current.response_body and is_noise(current.response_body, response_dict, operation_model):
        current.fault = "corrupt-body"
    elif isinstance(body, bytes) and _short_of_length(len(body), current):
        current.fault = "truncated"


def _short_of_length(got: int, ex: Exchange) -> bool:
    """A body read whole that is shorter than its own Content-Length: cut short on its way (some
    urllib3/botocore versions hand over what arrived before the connection closed without raising).
    Not for HEAD, 1xx/204/304 (no body) or an encoded body (decoded length differs)."""
    headers = {k.lower(): v for k, v in (ex.response_headers or {}).items()}
    length = str(headers.get("content-length", "")).strip()
    if not length.isdigit() or ex.method == "HEAD" or ex.status in (204, 304) or (ex.status or 0) < 200:
        return False
    if str(headers.get("content-encoding", "identity")).lower() not in ("", "identity"):
        return False
    return got < int(length)


def _on_received(response_dict, **kwargs) -> None:
    """The status as it came off the wire. botocore's S3 handlers turn a 200 whose body is not
    XML (or is an <Error>) into a 500 before parsing, so before-parse may have seen that 500."""
    current = _active()
    if current is None or not response_dict:
        return
    current.status = response_dict["status_code"]


def _on_call(params, model, **kwargs) -> None:
    """A call made straight on a client (not through Transport.call) still leaves evidence."""
    if getattr(_tl, "current", None) is None:
        _tl.current_auto = None
        sink = _sink()
        if sink is not None:
            ex = Exchange(service=model.service_model.service_name, operation=model.name, params=dict(params))
            sink.append(ex)
            _tl.current_auto = ex


def _done(**kwargs) -> None:
    _tl.current_auto = None


CLIENT_CACHE = 64  # clients kept (~1.2 MB each): a run over hundreds of services stays bounded


class Transport:
    def __init__(self, target: Target, *, timeout: float = 30.0, retries: int = 2, pool: int = 16,
                 backoff: float = 0.05, lean: bool = True, client: str = "botocore") -> None:
        self.target = target
        # Which SDK puts a case's requests on the wire (engine/clients.py): botocore, or js-v3
        # (engine/jsdriver.py; botocore still parses every answer).
        self.client_name = client
        # calls that ask for the lean path get it (engine/prepared.py); never with the JS SDK,
        # which must send every request itself
        self.lean = lean and client != "js-v3"
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.pool = pool
        self._session = botocore.session.Session()
        # Share the models the catalog already loaded (a fresh loader re-parses them: ~30 ms of
        # CPU per client, measured in bench/profile_recognised.py).
        self._session.register_component("data_loader", get_spec().client_loader)
        if target.endpoint or target.endpoints:  # a clone: bearer-token services get a test token
            self._session.register_component("token_provider", StaticToken())
        creds = target.credentials
        if creds is not None:
            self._session.set_credentials(creds.access_key, creds.secret_key, creds.token)
            register_secret(creds.access_key, creds.secret_key, creds.token)  # out of every evidence
        self._clients: dict[tuple, Any] = {}
        self._lock = threading.Lock()
        # Every connection of this transport passes here (engine/connguard.py): the target's
        # connection guard, and abort() on a stop.
        self.connections = connguard.Scope(target.connect_guard)

    def config(self, **overrides: Any) -> Config:
        return Config(
            parameter_validation=False,
            retries={"total_max_attempts": 1},
            connect_timeout=min(self.timeout, 10.0),
            read_timeout=self.timeout,
            max_pool_connections=max(self.pool, 10),
            s3={"addressing_style": self.target.addressing},
            user_agent_extra="awscompat",
            # A custom endpoint is one host: never prepend operation host labels to it.
            inject_host_prefix=not (self.target.endpoint or self.target.endpoints),
            # The target already holds AWS_ENDPOINT_URL* (runcmd): botocore must not re-read them.
            ignore_configured_endpoint_urls=True,
            # the request form of clients before the checksum era, unless a case asks for another
            **{"request_checksum_calculation": "when_required", "response_checksum_validation": "when_required",
               **overrides},
        )

    def client(self, service: str, *, second: bool = False, **config: Any):
        """A shared client for service (thread-safe); config gives a variant (e.g. signature);
        second signs with the target's second principal (Target.second_credentials)."""
        key = (service, second, tuple(sorted(config.items())))
        client = self._clients.get(key)
        if client is None:
            with self._lock:
                client = self._clients.get(key)
                if client is None:
                    other = self.target.second_credentials if second else None
                    if second and other is None:
                        raise ValueError("the target has no second credential set (AWS_SECOND_*)")
                    creds = {"aws_access_key_id": other.access_key, "aws_secret_access_key": other.secret_key,
                             "aws_session_token": other.token} if other else {}
                    client = self._session.create_client(
                        service, **creds,
                        region_name=self.target.region,
                        endpoint_url=self.target.endpoint_for(service),
                        verify=self.target.verify_tls,
                        config=self.config(**config),
                    )
                    # every request within a total deadline (engine/deadline.py), direct client calls too
                    deadline.watched_pools(client._endpoint.http_session, self.timeout)
                    memoise_endpoints(client)  # endpoint rules, not redone where they cannot change (engine/endpoints.py)
                    fast_aliases(client)  # event names aliased by table (engine/aliases.py)
                    connguard.attach(client, self.connections)
                    events = client.meta.events
                    endpoint = self.target.endpoint_for(service)
                    if endpoint:
                        guard(client, endpoint)
                    events.register_first("before-parameter-build", _on_call)
                    events.register("before-send", _on_send)
                    events.register_first("before-parse", _on_parse)
                    events.register_first("response-received", _on_received)
                    events.register("after-call", _done)
                    events.register("after-call-error", _done)
                    if self.client_name == "js-v3":
                        from awscompat.engine import jsdriver

                        jsdriver.attach(client, self, dict(config), second)
                    if service == "s3":
                        # botocore checks bucket names on the client even without parameter
                        # validation; an invalid name is a request the suite must be able to send.
                        events.unregister("before-parameter-build.s3", handler=validate_bucket_name)
                    self._clients[key] = client
                    while len(self._clients) > CLIENT_CACHE:  # oldest first; a caller keeps its own reference
                        self._clients.pop(next(iter(self._clients)))
        return client

    def call(self, service: str, operation: str, params: dict | None = None, *, client=None,
             retry: bool = True, lean: bool = False) -> Reply:
        """Call operation; return the Reply for any HTTP answer; raise TransportFault otherwise.

        Retried with jittered backoff: a connection closed before any answer, 5xx other than
        501, throttling codes. An answer cut short or corrupted is retried only for an operation
        that reads (the provider may have acted on the request: repeating a write could change
        what the case observes). A payload its answer does not vouch for is read again until two
        reads agree. A "try again" 5xx that outlasts the retries is tried CONFIRM more times, spread
        over seconds, before it is judged as the provider's answer. A wrong answer is never retried.

        lean: build the request once with botocore and send it on the lean path (engine/prepared.py);
        what that path does not carry goes through the SDK path, as does everything with lean off.
        """
        params = params or {}
        client = client or self.client(service)
        prepared = self._prepare(client, operation, params) if lean and self.lean else None
        method = getattr(client, xform_name(operation), None)
        if method is None:
            raise TransportFault("not-sendable", f"botocore has no method for {operation} (an operation it cannot "
                                 "call, e.g. a bidirectional event stream)",
                                 Exchange(service=service, operation=operation, params=params))

        def once(attempt: int) -> Reply:
            ex = Exchange(service=service, operation=operation, params=params, attempts=attempt)
            _tl.current = ex
            sink = _sink()
            try:
                if sink is not None:
                    sink.append(ex)
                return self._once(method, ex, prepared)
            finally:
                _tl.current = None

        # a streamed body left unread (over PAYLOAD_LIMIT, event streams) stays deadline-bound (engine/bodies.py)
        return bodies.bind(self.attempts(once, reads=not is_mutating(operation), retry=retry), self.timeout)

    @staticmethod
    def _prepare(client: Any, operation: str, params: dict) -> Prepared | None:
        """The lean request, or None: anything that goes wrong while botocore builds it is left to
        the SDK path, which meets it again and judges it as it always does."""
        _tl.current = Exchange(service="", operation=operation)  # not a call of its own: no evidence
        try:
            return prepare(client, operation, params)
        except Exception:  # noqa: BLE001 - the SDK path raises it again, where it is judged
            return None
        finally:
            _tl.current = None

    def attempts(self, once: Callable[[int], Reply], *, reads: bool, retry: bool = True) -> Reply:
        """The retry discipline of every request path (botocore calls here, raw HTTP in
        engine/rawhttp.py): once(attempt) makes one attempt and returns its Reply or raises
        TransportFault; reads says whether repeating the request is harmless (see call)."""
        attempts = limit = 1 + (self.retries if retry else 0)
        payloads: dict[str, int] = {}
        attempt = 0
        while True:
            attempt += 1
            try:
                with self.connections.active():
                    reply = self._within_deadline(once, attempt)
            except TransportFault as fault:
                if attempt < limit and (fault.kind == "connection-reset" or (reads and fault.kind == "truncated")):
                    self._sleep(attempt)
                    continue
                raise
            if reply.unverified and reads and limit > 1:
                payloads[reply.unverified] = payloads.get(reply.unverified, 0) + 1
                if payloads[reply.unverified] >= 2:
                    return reply  # the same bytes twice: what the provider serves
                if attempt >= limit:
                    reply.corrupt = f"the payload differed on each of {attempt} reads"
                    return reply
                continue
            if reply.retry_later and attempt == attempts > 1:
                limit = attempts + CONFIRM  # a burst of "try again" answers must pass before judging one
            if not reply.transient or attempt >= limit or (reply.corrupt and not reads):
                return reply
            if attempt >= attempts:
                time.sleep(min(self.backoff * 20, self.backoff * 5 * 2 ** (attempt - attempts)))
            else:
                self._sleep(attempt)

    def _within_deadline(self, once: Callable[[int], Reply], attempt: int) -> Reply:
        """One attempt within the total deadline (connect, send, the whole answer; engine/deadline.py).
        When the deadline cut the attempt, whatever it ended in is a `timeout` fault."""
        with deadline.within(self.timeout) as limit:
            try:
                reply = once(attempt)
            except TransportFault as fault:
                if not limit.expired:
                    raise
                raise _timed_out(fault.exchange, self.timeout) from fault
            if limit.expired:
                raise _timed_out(reply.exchange, self.timeout)
            return reply

    def _sleep(self, attempt: int) -> None:
        time.sleep(min(1.0, self.backoff * (2 ** (attempt - 1))) * (0.5 + random.random()))

    @staticmethod
    def _once(method, ex: Exchange, prepared: Prepared | None = None) -> Reply:
        try:
            if prepared is not None:
                reply = _lean_once(prepared, ex)
            else:
                reply = Reply(ex, method(**ex.params))
        except bex.ClientError as err:
            reply = _error_reply(ex, dict(err.response))
        except ResponseParserError as err:
            if ex.status is None:
                raise TransportFault("bad-response", str(err).splitlines()[0], ex) from err
            reply = Reply(ex, {}, parse_error=str(err).splitlines()[0])
        except NotSendable as err:
            raise TransportFault("not-sendable", str(err), ex) from err
        except SDK_REFUSALS as err:
            if ex.status is not None:
                raise
            raise TransportFault("not-sendable", f"the SDK refuses to build this request: {type(err).__name__}: "
                                 f"{str(err).splitlines()[0] if str(err) else ''}", ex) from err
        except (bex.ReadTimeoutError, bex.ConnectTimeoutError) as err:
            ex.fault = "timeout"
            raise TransportFault("timeout", str(err), ex) from err
        except bex.SSLError as err:
            ex.fault = "tls"
            raise TransportFault("tls", str(err), ex) from err
        except bex.EndpointConnectionError as err:
            ex.fault = "connection-refused"
            raise TransportFault("connection-refused", str(err), ex) from err
        except bex.HTTPClientError as err:
            refused = err.kwargs.get("error")
            if isinstance(refused, connguard.GuardRefused):  # the connection guard said no: never retried
                ex.fault = "refused"
                raise TransportFault("refused", str(refused), ex) from err
            raise _cut_short(ex, err) from err
        except (bex.ResponseStreamingError, URLLib3Error) as err:
            raise _cut_short(ex, err) from err
        except (bex.ChecksumError, bex.FlexibleChecksumError) as err:  # the answer's checksum disagrees
            reply = Reply(ex, {}, corrupt=str(err).splitlines()[0])
        except (KeyError, ValueError, TypeError, AttributeError, IndexError) as err:
            if ex.status is None:
                raise  # raised before anything was sent: a harness problem, reported as such
            # botocore's parser choked on an answer that does not fit the protocol
            reply = Reply(ex, {}, parse_error=f"answer does not fit the output shape ({type(err).__name__}: {err})")
        if ex.fault == "corrupt-body":
            return Reply(ex, {}, corrupt="binary bytes where the protocol has a text document")
        if ex.fault == "truncated":
            size = len(ex.response_body or b"")
            raise TransportFault("truncated", f"answer cut short: {size} of the {ex.response_headers.get('Content-Length') or ex.response_headers.get('content-length')} bytes its Content-Length announced", ex)
        if reply.ok:
            _read_payload(reply)
        return reply


def _lean_once(prepared: Prepared, ex: Exchange) -> Reply:
    """One attempt on the lean path. botocore's before-parse event fills the exchange (the capture
    hook, as on the SDK path); a parser error propagates to Transport._once, which judges it as it
    judges the SDK's; an error answer (or an S3 200 botocore reads as an error) becomes the
    Reply a ClientError would have given."""
    http_response, response_dict = prepared.send()
    try:
        parsed = prepared.parse(http_response, response_dict)
    finally:
        ex.status = http_response.status_code  # the wire's status, as _on_received keeps it
    return _error_reply(ex, parsed) if response_dict["status_code"] >= 300 else Reply(ex, parsed)


def _timed_out(ex: Exchange, seconds: float) -> TransportFault:
    ex.fault = "timeout"
    return TransportFault("timeout", f"no whole answer within the total deadline of {seconds:g}s "
                          "(connect, send and the whole answer)", ex)


def _cut_short(ex: Exchange, err: Exception) -> TransportFault:
    """A connection that ended before the answer did (see integrity.broken_off)."""
    ex.fault = broken_off(err)
    return TransportFault(ex.fault, str(err).splitlines()[0] if str(err) else type(err).__name__, ex)


def _read_payload(reply: Reply) -> None:
    """Read a streamed payload whole (so that a read cut short is a transport fault the call
    can retry, not an exception in a check) and check it against its answer's own integrity
    data: Content-MD5, or the ETag of a whole single-part S3 object. A payload nothing vouches
    for is marked `unverified` with its MD5, for the call to compare with a second read."""
    for key, value in list(reply.parsed.items()):
        if not isinstance(value, StreamingBody):
            continue
        headers = {k.lower(): str(v) for k, v in reply.headers.items()}
        if int(headers.get("content-length") or 0) > PAYLOAD_LIMIT:
            return
        try:
            data = value.read()
        except (bex.ReadTimeoutError, bex.ResponseStreamingError, bex.IncompleteReadError, URLLib3Error, OSError) as err:
            raise _cut_short(reply.exchange, err) from err
        except (bex.FlexibleChecksumError, bex.ChecksumError) as err:  # the answer's own checksum disagrees
            reply.corrupt = str(err).splitlines()[0]
            return
        reply.parsed[key] = StreamingBody(io.BytesIO(data), len(data))
        if not vouched(data, headers, reply.status):
            reply.unverified = hashlib.md5(data).hexdigest()
        return


def _error_reply(ex: Exchange, response: dict) -> Reply:
    seen = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    wire = ex.status
    if wire is None or seen is None or wire >= 300 or seen < 300:
        return Reply(ex, response)
    # A 2xx that botocore turned into an error: an error envelope in the body, or a body that is
    # not in the protocol's format at all (botocore's generic code is then the status it set).
    if response.get("Error", {}).get("Code", "") in ("", str(seen)):
        ctype = ex.response_headers.get("content-type") or ex.response_headers.get("Content-Type") or "?"
        return Reply(ex, {}, parse_error=f"HTTP {wire} ({ctype}) with a body that is not in the protocol's format")
    return Reply(ex, response, error_in_body=True)
