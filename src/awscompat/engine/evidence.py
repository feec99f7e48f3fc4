"""What a call looked like on the wire: capture, secret redaction, reproduce lines."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

EXCERPT = 2048
_SECRET_HEADERS = {"authorization", "x-amz-security-token", "x-amz-server-side-encryption-customer-key"}
_SECRET_QUERY = {"x-amz-signature", "x-amz-security-token", "signature", "awsaccesskeyid", "x-amz-credential"}
_SECRET_NAMES = r"(?:SecretAccessKey|SessionToken|SecretKey|Password|PrivateKey|KeyMaterial|SecretString|SecretBinary|Plaintext)"
_XML_SECRET = re.compile(rf"(<{_SECRET_NAMES}>)([^<]*)(</)")
_JSON_SECRET = re.compile(rf'("{_SECRET_NAMES}"\s*:\s*")((?:[^"\\]|\\.)*)(")')
_FORM_SECRET = re.compile(rf"((?:^|&){_SECRET_NAMES}=)([^&]*)")
_SIG = re.compile(r"(Signature=)[0-9a-f]+")
_CRED = re.compile(r"(Credential=)([A-Za-z0-9]{4})[A-Za-z0-9]*")
REDACTED = "<redacted>"


def redact_text(text: str) -> str:
    text = _XML_SECRET.sub(rf"\1{REDACTED}\3", text)
    text = _JSON_SECRET.sub(rf"\1{REDACTED}\3", text)
    return _FORM_SECRET.sub(rf"\1{REDACTED}", text)


def redact_header(name: str, value: str) -> str:
    low = name.lower()
    if low == "authorization":
        return _CRED.sub(r"\1\2…", _SIG.sub(rf"\1{REDACTED}", value))
    if low in _SECRET_HEADERS:
        return REDACTED
    return value


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, REDACTED if k.lower() in _SECRET_QUERY else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="<>")))


def excerpt(body: Any, limit: int = EXCERPT) -> str:
    if body is None:
        return ""
    if hasattr(body, "read"):
        return "<stream>"
    if isinstance(body, str):
        data = body
    else:
        raw = bytes(body[: limit + 1])
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError:
            return f"<{len(body)} bytes binary>"
    data = redact_text(data)
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
        if self.status is not None:
            out["response"] = {
                "status": self.status,
                "headers": dict(self.response_headers),
                "body": excerpt(self.response_body),
            }
        return out

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
        params = json.loads(redact_text(json.dumps(self.params, default=_short)))
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
