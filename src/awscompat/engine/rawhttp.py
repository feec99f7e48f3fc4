"""HTTP requests outside botocore (presigned URLs, POST forms, hand-signed or virtual-hosted
requests, CORS preflights), under the same fault discipline as Transport.call: a harness fault
(no answer, an answer cut short or damaged on its way, "not now") is retried with the Transport's
own settings and, if it persists, ends the case as `error`; it is never judged.

- connection closed before any answer: retried (`--retries`, the Transport's jittered backoff),
  then TransportFault; connection refused, timeout, TLS failure: TransportFault at once.
- answer cut short (Content-Length not met, connection lost mid-body): retried for requests that
  read (GET, HEAD, OPTIONS), then TransportFault; for writes TransportFault at once.
- 5xx other than 501, throttling codes: retried; a "try again" 5xx that outlasts the retries gets
  the Transport's confirmation round (CONFIRM more, spread-out attempts) before it is judged.
- binary noise in an error answer or a document, or a body that must be XML/JSON (declared so
  by its Content-Type, or the operation's document per the model) but is not well-formed:
  `Reply.corrupt` (retried for reads, then `error`). A text error body of another type (a
  router's 404 page) is left to be judged, as before.
- an opaque payload (S3 GetObject) that its own Content-MD5 / ETag does not vouch for is read
  again until two reads agree, as Transport does.

`request()` is the generic function (any service); a scenario calls `CaseContext.raw()`, which
records the exchanges in the case, honours its deadline, and turns a TransportFault or an answer
that decides nothing (`outcomes.undecided`) into HarnessError, as CaseContext.call does. The retry
loop itself is Transport.attempts, shared with botocore calls.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import ssl
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

from awscompat.engine.deadline import WatchedHTTPHandler, WatchedHTTPSHandler
from awscompat.engine.evidence import Exchange
from awscompat.engine.integrity import noisy, payload_member, stdlib_fault, vouched
from awscompat.engine.transport import Reply, Transport, TransportFault

# Methods whose repetition cannot change what the provider holds: an answer cut short or damaged
# is retried only for these (Transport.call uses `not is_mutating(operation)` the same way).
READS = frozenset({"GET", "HEAD", "OPTIONS"})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an answer to judge, not to follow
        return None


def declared_format(headers: dict) -> str | None:
    """'xml' or 'json' when the answer's Content-Type says so, else None."""
    ctype = next((str(v).lower() for k, v in headers.items() if k.lower() == "content-type"), "")
    if "xml" in ctype:
        return "xml"
    if "json" in ctype:
        return "json"
    return None


def expected_body(service: str, operation: str) -> tuple[bool, str | None]:
    """(payload, document) for an operation of service's model: payload when a 2xx body is
    opaque bytes (S3 GetObject), document the format ('xml'/'json') a 2xx body must be in when
    the output has members in the body; (False, None) for anything the model does not know
    (a POST form upload, a CORS preflight)."""
    from awscompat.spec import get_spec
    from awscompat.spec.protocols import protocol_for

    try:
        model = get_spec().service(service).operation(operation)
    except Exception:  # noqa: BLE001 - not a modelled operation: nothing expected
        return False, None
    if payload_member(model) or model.has_event_stream_output:
        return True, None
    shape = model.output_shape
    body = shape is not None and any(
        m.serialization.get("location") not in ("header", "headers", "statusCode")
        for m in shape.members.values())
    if not body:
        return False, None
    return False, protocol_for(model.service_model).document


def well_formed(body: bytes, fmt: str) -> bool:
    try:
        if fmt == "xml":
            ET.fromstring(body)
        else:
            json.loads(body)
    except (ET.ParseError, ValueError):
        return False
    return True


def error_document(body: bytes | None) -> dict[str, str]:
    """The fields of the first <Error> element of an XML answer ({} if there is none), or of a
    JSON error (__type / code, message)."""
    if not body:
        return {}
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        try:
            doc = json.loads(body)
        except ValueError:
            return {}
        if not isinstance(doc, dict):
            return {}
        code = str(doc.get("__type") or doc.get("code") or doc.get("Code") or "").rsplit("#", 1)[-1]
        message = doc.get("message") or doc.get("Message")
        return {"Code": code, **({"Message": str(message)} if message is not None else {})} if code else {}
    found = root if root.tag == "Error" else root.find(".//Error")
    return {child.tag: (child.text or "") for child in found} if found is not None else {}


def _opener(url: str, verify: bool | str) -> urllib.request.OpenerDirector:
    """Connections register with the thread's total deadline (engine/deadline.py)."""
    handlers: list = [_NoRedirect(), WatchedHTTPHandler()]
    if url.startswith("https://"):
        context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
        if verify is False:
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        handlers.append(WatchedHTTPSHandler(context=context))
    return urllib.request.build_opener(*handlers)


def _fault(ex: Exchange, err: BaseException, begun: bool) -> TransportFault:
    ex.fault = stdlib_fault(err, begun=begun)
    detail = str(err).splitlines()[0] if str(err) else type(err).__name__
    return TransportFault(ex.fault, f"{ex.method} {ex.url.split('?')[0]}: {detail}", ex)


def _once(ex: Exchange, data: bytes | None, timeout: float, verify: bool | str) -> None:
    """Send the request once; fill in ex's answer, or raise TransportFault."""
    request = urllib.request.Request(ex.url, data=data, method=ex.method, headers=ex.request_headers)
    try:
        answer = _opener(ex.url, verify).open(request, timeout=timeout)
    except urllib.error.HTTPError as err:  # an answer with a status >= 300 (redirects not followed)
        answer = err
    except (OSError, http.client.HTTPException) as err:
        raise _fault(ex, err, begun=False) from err
    try:
        ex.status = getattr(answer, "status", None) or answer.code
        ex.response_headers = dict(answer.headers)
        ex.response_body = answer.read() if answer.fp is not None else b""
    except (OSError, http.client.HTTPException) as err:
        raise _fault(ex, err, begun=True) from err
    finally:
        answer.close()


def _reply(ex: Exchange, payload: bool, document: str | None) -> Reply:
    """The Reply for an answer, with what the answer says about its own integrity."""
    status = ex.status or 0
    reply = Reply(ex, {"ResponseMetadata": {"HTTPStatusCode": status}})
    data = ex.response_body or b""
    if 200 <= status < 300 and payload:
        headers = {k.lower(): str(v) for k, v in ex.response_headers.items()}
        if data and ex.method != "HEAD" and not vouched(data, headers, status):
            reply.unverified = hashlib.md5(data).hexdigest()
        return reply
    fmt = document if 200 <= status < 300 and document else declared_format(ex.response_headers)
    if data and (status >= 300 or fmt):
        if noisy(data):
            reply.corrupt = "binary bytes where the answer has a text document"
        elif fmt and not well_formed(data, fmt):
            reply.corrupt = f"a body that must be {fmt.upper()} is not well-formed"
    if status >= 300:
        reply.parsed["Error"] = ({} if reply.corrupt else error_document(data)) or {"Code": str(status)}
    return reply


def request(transport: Transport, method: str, url: str, *, headers: dict | None = None,
            data: bytes | None = None, service: str = "", operation: str = "raw",
            record: list[Exchange] | None = None, payload: bool | None = None, document: str | None = None,
            retry: bool = True) -> Reply:
    """One recorded raw HTTP exchange (redirects are not followed) under Transport.call's rules
    (module docstring), with the Transport's timeout, retries, backoff and TLS verification.
    Each attempt is appended to record. payload/document say what a 2xx body is (default: from
    service's model for operation, see expected_body). Returns the Reply for any answer; raises
    TransportFault when there is none."""
    if payload is None and document is None and service:
        payload, document = expected_body(service, operation)
    headers = dict(headers or {})
    verify = transport.target.verify_tls

    def once(attempt: int) -> Reply:
        ex = Exchange(service=service, operation=operation, method=method, url=url, request_headers=headers,
                      request_body=data, attempts=attempt)
        if record is not None:
            record.append(ex)
        _once(ex, data, transport.timeout, verify)
        return _reply(ex, bool(payload), document)

    return transport.attempts(once, reads=method.upper() in READS, retry=retry)
