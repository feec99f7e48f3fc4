"""What a call looked like on the wire: capture, secret redaction, reproduce lines.

Contract: `redact()` is the one redaction function (DESIGN 4): every piece of evidence, every
message and every kept exchange passes through it before it is written anywhere (results,
reports, the service's database). `register_secret()` adds the run's own credentials, which are
then removed wherever they appear."""

from __future__ import annotations

import base64
import binascii
import json
import re
import shlex
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlencode, urlsplit, urlunsplit

EXCERPT = 2048
REDACTED = "<redacted>"
_SECRET_HEADERS = {"authorization", "x-amz-security-token", "x-amz-server-side-encryption-customer-key",
                   "x-amz-copy-source-server-side-encryption-customer-key", "proxy-authorization", "cookie",
                   "set-cookie"}
# Names of form fields, query parameters, XML elements and JSON members whose value is a secret
# (compared case-insensitively).
_SECRET_FIELDS = (
    "SecretAccessKey", "SessionToken", "SecretKey", "Password", "PrivateKey", "KeyMaterial", "SecretString",
    "SecretBinary", "Plaintext", "AccessKeyId", "AWSAccessKeyId", "X-Amz-Credential", "X-Amz-Signature",
    "X-Amz-Security-Token", "Signature", "SignatureProvided", "chunk-signature", "x-amz-trailer-signature",
    "SSECustomerKey", "CopySourceSSECustomerKey", "Authorization", "SecurityToken", "Token",
)
_NAMES = "|".join(re.escape(n) for n in sorted(_SECRET_FIELDS, key=len, reverse=True))
_XML_SECRET = re.compile(rf"(<({_NAMES})>)([^<]*)(</\2>)", re.IGNORECASE)
_JSON_SECRET = re.compile(rf'("(?:{_NAMES})"\s*:\s*")((?:[^"\\]|\\.)*)(")', re.IGNORECASE)
# name=value in a query string, a URL-encoded form, or any text quoting one (a URL in a message)
_FORM_SECRET = re.compile(rf"((?:^|[?&\s;,])(?:{_NAMES})=)([^&\s;,\"'<>]+)", re.IGNORECASE)
# a header line quoted in text (curl -H, a canonical request echoed in an error answer)
_HEADER_LINE = re.compile(r"((?:^|[\s'\"])(?:x-amz-security-token|authorization|x-amz-trailer-signature|"
                          r"x-amz-server-side-encryption-customer-key)\s*:\s*)([^\s'\"$][^\r\n'\"]*)", re.IGNORECASE)
# a multipart/form-data part: its name, then after the blank line its value
_PART = re.compile(r'(Content-Disposition:\s*form-data;\s*name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n)'
                   r"(.*?)(?=\r?\n--)", re.IGNORECASE | re.DOTALL)
_FORM_POLICY = re.compile(r"((?:^|[?&])policy=)([^&\s]*)", re.IGNORECASE)
_SIG = re.compile(r"(Signature=)[0-9a-fA-F]+")
_CRED = re.compile(r"(Credential=)([A-Za-z0-9]{4})[^,\s/]*")
# AWS access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes)
_KEY_PREFIXES = ("AKIA", "ASIA", "AIDA", "AROA", "ABIA", "ACCA")
_KEY_ID = re.compile(rf"\b((?:{'|'.join(_KEY_PREFIXES)})[A-Z0-9]{{12,}})\b")
_SECRET_NAME_SET = {n.lower() for n in _SECRET_FIELDS}
_ID_NAMES = {"accesskeyid"}

_known: set[str] = set()
_known_lock = threading.Lock()


def register_secret(*values: str | None) -> None:
    """Values (the run's access key id, secret key, session token) that redact() removes wherever
    they appear, in any form: as is, URL-encoded, or inside a base64 POST policy."""
    with _known_lock:
        for value in values:
            if value and len(value) >= 6:
                _known.add(value)
                _known.add(quote(value, safe=""))
                _known.add(quote(value, safe="/"))
                _known.add(quote_plus(value))


def redact(value: Any, key: str | None = None, *, keep_ids: bool = False) -> Any:
    """THE redaction function: every evidence path (exchanges, reproduce lines, messages,
    expected/observed, the exchanges record/diff keep) goes through it before anything is
    written. value is a str, bytes, a JSON-like dict/list, or anything else (returned as is);
    key is the header, member or field name value was found under, if any.

    Removed: values registered with register_secret (as is, URL-encoded, or inside a decoded
    base64 POST policy), access key ids, secret keys, session tokens, signatures, passwords and
    other secret members (_SECRET_FIELDS) in headers, query strings, URL-encoded and
    multipart/form-data bodies, XML elements, JSON members and quoted header lines; the
    Authorization header keeps its algorithm, SignedHeaders and the first four characters of
    the key id (which say AKIA or ASIA) only. keep_ids (the cleanup ledger, whose undo calls
    may need an access key id the run created) keeps AccessKeyId members and key-id-shaped
    values, and removes everything else."""
    if isinstance(value, dict):
        return {k: redact(v, str(k), keep_ids=keep_ids) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, key, keep_ids=keep_ids) for v in value]
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", "replace")
    if not isinstance(value, str):
        return value
    low = (key or "").lower()
    if low == "authorization":
        return _CRED.sub(r"\1\2…", _SIG.sub(rf"\1{REDACTED}", _text(value)))
    if keep_ids and low in _ID_NAMES:
        return value
    if low in _SECRET_HEADERS or low in _SECRET_NAME_SET:
        return REDACTED if value else value
    if low == "policy" and _decoded_policy(value) is not None:
        return _policy(value)
    return _text(value, keep_ids)


def _text(text: str, keep_ids: bool = False) -> str:
    """Each pattern runs only on text holding its keyword (a cheap test: evidence is mostly
    plain, and this runs over every string of every result)."""
    if len(text) < 6:
        return text
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    low = text.lower()
    if "form-data" in low:
        text = _PART.sub(_part, text)
    if "policy=" in low:
        text = _FORM_POLICY.sub(lambda m: m.group(1) + quote(_policy(unquote(m.group(2))), safe="<>"), text)
    if any(name in low for name in _SECRET_NAME_SET):
        text = _XML_SECRET.sub(rf"\1{REDACTED}\4", text)
        text = _JSON_SECRET.sub(rf"\1{REDACTED}\3", text)
        text = _FORM_SECRET.sub(rf"\1{REDACTED}", text)
    if "x-amz-security-token" in low or "authorization" in low or "customer-key" in low or "trailer-signature" in low:
        text = _HEADER_LINE.sub(_header_line, text)
    if "signature=" in low:
        text = _SIG.sub(rf"\1{REDACTED}", text)
    if "credential=" in low:
        text = _CRED.sub(r"\1\2…", text)
    if not keep_ids and any(prefix in text for prefix in _KEY_PREFIXES):
        text = _KEY_ID.sub(lambda m: m.group(1)[:4] + "…", text)
    return text


def _header_line(m: re.Match) -> str:
    name = re.sub(r"[^a-z-]", "", m.group(1).lower())
    return m.group(1) + (redact(m.group(2), "authorization") if name == "authorization" else REDACTED)


def _part(m: re.Match) -> str:
    name, value = m.group(2), m.group(3)
    if name.lower() == "policy":
        return m.group(1) + _policy(value)
    if name.lower() in _SECRET_NAME_SET:
        return m.group(1) + REDACTED
    return m.group(1) + value


def _decoded_policy(value: str) -> Any:
    try:
        doc = json.loads(base64.b64decode(value.strip(), validate=True))
    except (ValueError, binascii.Error):
        return None
    return doc if isinstance(doc, dict) else None


def _policy(value: str) -> str:
    """A base64 POST policy with the secrets in its conditions redacted (re-encoded), or
    REDACTED whole when it is not a readable policy."""
    doc = _decoded_policy(value)
    if doc is None:
        return REDACTED
    conditions = doc.get("conditions")
    if isinstance(conditions, list):  # ["eq", "$x-amz-security-token", "<token>"] names its field in [1]
        doc["conditions"] = [
            [c[0], c[1], REDACTED] if isinstance(c, list) and len(c) == 3 and isinstance(c[1], str)
            and c[1].lstrip("$").lower() in _SECRET_NAME_SET | _SECRET_HEADERS else c for c in conditions]
    return base64.b64encode(json.dumps(redact(doc)).encode()).decode()


# -- the parts of an exchange (each goes through redact) -----------------------------------------
def redact_text(text: str) -> str:
    return redact(text)


def redact_header(name: str, value: str) -> str:
    return redact(value, name)


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return redact(url)
    query = [(k, redact(v, k)) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return redact(urlunsplit(parts._replace(query=urlencode(query, safe="<>"))))


def excerpt(body: Any, limit: int = EXCERPT) -> str:
    if body is None:
        return ""
    if hasattr(body, "read"):
        return "<stream>"
    if isinstance(body, str):
        data = body
    else:
        # redacted before it is cut: a secret across the cut is removed whole, never half
        raw = bytes(body[: max(4 * limit, 65536)])
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            if len(raw) == len(body) or err.start < len(raw) - 3:
                return f"<{len(body)} bytes binary>"
            data = raw[: err.start].decode("utf-8")  # a character cut by the slice
    data = redact(data)
    return data if len(data) <= limit else data[:limit] + f"… ({len(body)} bytes)"


@dataclass
class Exchange:
    """One HTTP request and its response (or the fault that took its place)."""

    service: str
    operation: str
    params: dict = field(default_factory=dict)
    method: str = ""
    url: str = ""
    request_headers: dict = field(default_factory=dict)
    request_body: bytes | str | None = None
    status: int | None = None
    response_headers: dict = field(default_factory=dict)
    response_body: bytes | None = None
    fault: str = ""
    attempts: int = 1
    # How the request went out when another client than botocore sent it (engine/jsdriver.py):
    # the client and its version, the body's length and SHA-256, streamed or not.
    wire: dict = field(default_factory=dict)

    def to_dict(self, region: str, signing_name: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "operation": f"{self.service}:{self.operation}",
            "request": {
                "method": self.method,
                "url": redact_url(self.url),
                "headers": {k: redact_header(k, v) for k, v in self.request_headers.items()},
                "body": excerpt(self.request_body),
            },
            "attempts": self.attempts,
            "reproduce": {
                "curl": self.curl(region, signing_name),
                "boto3": self.boto3_line(region),
            },
        }
        if self.fault:
            out["fault"] = self.fault
        if self.wire:
            out["wire"] = dict(self.wire)
        if self.status is not None:
            out["response"] = {
                "status": self.status,
                "headers": dict(self.response_headers),
                "body": excerpt(self.response_body),
            }
        return redact(out)

    def curl(self, region: str, signing_name: str) -> str:
        if not self.url:
            return ""
        skip = {"authorization", "x-amz-date", "x-amz-security-token", "content-length", "user-agent",
                "x-amz-content-sha256", "host"}
        parts = ["curl", "-sS", "-i", "--aws-sigv4", f"aws:amz:{region}:{signing_name}",
                 "--user", '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"', "-X", self.method or "GET"]
        if "x-amz-security-token" in {k.lower() for k in self.request_headers}:
            parts += ["-H", '"x-amz-security-token: $AWS_SESSION_TOKEN"']
        for k, v in self.request_headers.items():
            if k.lower() in skip or k.lower().startswith("amz-sdk-"):
                continue
            parts += ["-H", shlex.quote(f"{k}: {redact_header(k, v)}")]
        body = excerpt(self.request_body, 4096)
        if body and body != "<stream>":
            parts += ["--data-binary", shlex.quote(body)]
        parts.append(shlex.quote(redact_url(self.url)))
        return " ".join(parts)

    def boto3_line(self, region: str) -> str:
        if not self.operation:
            return ""
        from botocore import xform_name

        base = self.url.split("?", 1)[0]
        parts = urlsplit(base)
        endpoint = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        params = redact(json.loads(json.dumps(self.params, default=_short)))
        return (
            f"boto3.client({self.service!r}, region_name={region!r}, endpoint_url={endpoint!r})"
            f".{xform_name(self.operation)}(**{params!r})"
        )


def _short(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return value[:64].decode("utf-8", "replace")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)[:64]
