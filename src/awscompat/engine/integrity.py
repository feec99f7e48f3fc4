"""Is an answer intact? Damage on the way (a proxy, a cut, a bad encoding) must end a case as
`error`, never be judged as the provider's behaviour: these checks tell damage from a wrong answer.
"""

from __future__ import annotations

import base64
import hashlib
import re

from awscompat.spec.protocols import protocol_for

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MD5_ETAG = re.compile(r"[0-9a-f]{32}")


def payload_member(operation_model) -> str | None:
    """The output member that is the raw body of a 2xx answer (a blob payload), if any."""
    shape = operation_model.output_shape
    name = shape.serialization.get("payload") if shape is not None else None
    return name if name and shape.members[name].type_name == "blob" else None


def is_noise(body: bytes, response_dict: dict, operation_model) -> bool:
    """Binary bytes where the protocol puts a text document (XML or JSON). No server writes that
    on purpose, and no check could judge it: it is an answer damaged on its way."""
    if response_dict["status_code"] < 300 and (payload_member(operation_model)
                                                or operation_model.has_event_stream_output):
        return False  # opaque bytes by design
    if protocol_for(operation_model.service_model).binary:
        return False  # a binary protocol: nothing to tell noise by
    headers = {k.lower(): str(v) for k, v in response_dict["headers"].items()}
    if headers.get("content-encoding", "identity").lower() not in ("", "identity"):
        return False  # a declared encoding botocore did not undo: the provider's choice, judged as such
    return noisy(body)


def noisy(body: bytes) -> bool:
    """Binary bytes (not UTF-8, or control characters) in a body that should be a text document."""
    sample = body[:4096]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 3 or len(sample) == len(body):
            return True
        text = sample[:exc.start].decode("utf-8")  # only a character cut by the sample's end
    return bool(_CONTROL.search(text))


def vouched(data: bytes, headers: dict[str, str], status: int) -> bool:
    """True when the answer's own integrity data matches its payload: Content-MD5, or the ETag
    of a whole, single-part, unencrypted (or SSE-S3) S3 object, which is the MD5 of its bytes."""
    digest = hashlib.md5(data)
    if headers.get("content-md5") == base64.b64encode(digest.digest()).decode():
        return True
    etag = headers.get("etag", "").strip('"')
    whole = status == 200 and "content-range" not in headers and _MD5_ETAG.fullmatch(etag) is not None
    plain = (headers.get("x-amz-server-side-encryption", "AES256") == "AES256"
             and "x-amz-server-side-encryption-customer-algorithm" not in headers)
    return whole and plain and digest.hexdigest() == etag


def broken_off(err: BaseException) -> str:
    """What a connection that ended early means: `timeout`; `truncated` once an answer had begun
    (a body cut short: the provider got the request and acted on it); else `connection-reset`
    (closed before any answer: urllib3's "Connection aborted")."""
    chain: list[str] = []
    cause: BaseException | None = err
    while cause is not None and len(chain) < 8:
        chain.append(f"{type(cause).__name__}: {cause}")
        cause = cause.__cause__ or cause.__context__
    text = " | ".join(chain)
    if "ReadTimeout" in text or "Read timed out" in text:
        return "timeout"
    begun = ("IncompleteRead", "Connection broken", "ResponseStreamingError", "InvalidChunkLength",
             "Response ended prematurely")
    return "truncated" if any(w in text for w in begun) else "connection-reset"


def stdlib_fault(err: BaseException, *, begun: bool) -> str:
    """What an exception of the standard library's HTTP client (http.client, urllib) means, in
    the kinds TransportFault uses: `timeout`, `tls`, `connection-refused`; then, as broken_off
    decides for botocore, `truncated` once an answer had begun (its status line was read), else
    `connection-reset` (closed before any answer)."""
    import ssl

    seen: list[BaseException] = []
    cause: BaseException | None = err
    while cause is not None and len(seen) < 8:
        seen.append(cause)
        reason = getattr(cause, "reason", None)  # urllib.error.URLError wraps the socket's error
        cause = reason if isinstance(reason, BaseException) else (cause.__cause__ or cause.__context__)
    if any(isinstance(e, TimeoutError) for e in seen):
        return "timeout"
    if any(isinstance(e, ConnectionRefusedError) for e in seen):
        return "connection-refused"
    if not begun and any(isinstance(e, ssl.SSLError) and not isinstance(e, ssl.SSLEOFError) for e in seen):
        return "tls"
    return "truncated" if begun else broken_off(err)
