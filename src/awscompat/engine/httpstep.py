"""Raw-HTTP steps of behaviour cases as data (docs/cases.md, a step's `http:` mapping): the requests
an SDK does not make (hand-signed, unsigned, presigned, tampered, aws-chunked, virtual-hosted, browser
POST forms, CORS requests), sent through CaseContext.raw, so engine/rawhttp.py's transport rules,
the case's deadline, its evidence and the redaction of every recorded byte apply as to SDK calls.

Contract:
- `send_http(ctx, service, operation, params, http) -> Reply` builds the request the mapping
  describes and sends it once (rawhttp retries transient faults); nothing is judged here. Under a
  client other than botocore the case is `skip` (CaseContext.raw), as for Python raw requests.
- URL: the endpoint of the suite's client for service, path-style `/<Bucket>[/<Key>]` from params;
  `host: virtual` puts the bucket in the Host header instead (`<bucket>.<endpoint host>`, or
  `<bucket>.s3.amazonaws.com` for a loopback or localhost endpoint, the name emulators map to virtual
  hosting) and the path is `/<Key>`; `query` (a mapping) is appended.
- `method`: default the operation's HTTP method in the model.
- `body`: text, `{repeat: text, times: N}`, or a list of those, concatenated (UTF-8).
- `headers`: sent as given (and signed, for the signing kinds that sign headers); a body without a
  Content-Type goes as application/octet-stream (added after signing, so not signed).
- `sign`:
  - `header` (default): SigV4 in the Authorization header with the suite's credentials;
    `payload` is x-amz-content-sha256 (default the body's SHA-256; UNSIGNED-PAYLOAD, or another
    hash); `skew` seconds are added to the signing time; `tamper: true` changes the signature's
    last character.
  - `unsigned`: no Authorization (an anonymous request).
  - `presigned`: the SDK's presigned URL for the operation and params (`expires` seconds, default
    300); `tamper: true` changes X-Amz-Signature's last character; `drop` removes a query
    parameter; `wait` seconds pass between presigning and sending.
  - `chunked`: aws-chunked with STREAMING-AWS4-HMAC-SHA256-PAYLOAD: a seed signature over the
    headers, then each `chunk`-byte piece (default 65536; the last one empty) signed with the
    previous signature; `tamper: true` zeroes the signatures of the non-empty chunks.
  - `trailer`: aws-chunked with STREAMING-UNSIGNED-PAYLOAD-TRAILER: the body as one chunk, then the
    `trailer` mapping ({header: value}) after the final empty chunk.
  - `post-form`: a browser POST upload to params' Bucket: the SDK's presigned POST for params' Key
    with `fields` and `conditions` signed into its policy (`expires`); `send` adds or replaces
    form fields, `drop` removes one; the body is the file. `encoding: urlencoded` sends fields and
    file as an URL-encoded form instead of multipart/form-data.
- The answer: an error's <Error> fields are under `Error` (rawhttp); a 2xx answer of a modelled
  operation is parsed as that operation's output, so `path:` members read it as for an SDK call;
  every answer's headers are under ResponseMetadata.HTTPHeaders (lower-case names), as botocore has them.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import ipaddress
import re
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from botocore import xform_name
from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.parsers import create_parser
from botocore.response import StreamingBody
from urllib3 import HTTPHeaderDict

from awscompat.engine.context import CaseContext
from awscompat.engine.transport import Reply

SIGNING = ("header", "unsigned", "presigned", "chunked", "trailer", "post-form")
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def body_bytes(spec: Any) -> bytes:
    """A step's body: text, {repeat: text, times: N}, or a list of those, concatenated."""
    if spec is None:
        return b""
    if isinstance(spec, list):
        return b"".join(body_bytes(s) for s in spec)
    if isinstance(spec, dict):
        return str(spec["repeat"]).encode() * int(spec["times"])
    return str(spec).encode()


def _endpoint(ctx: CaseContext, service: str) -> str:
    return ctx.client(service).meta.endpoint_url.rstrip("/")


def _credentials(ctx: CaseContext, service: str):
    creds = ctx.client(service)._request_signer._credentials
    return creds.get_frozen_credentials() if creds is not None else None


def _virtual_host(endpoint: str, bucket: str) -> str:
    parts = urlsplit(endpoint)
    name = parts.hostname or ""
    try:
        loopback = ipaddress.ip_address(name) is not None
    except ValueError:
        loopback = name == "localhost" or name.endswith(".localhost")
    return f"{bucket}.s3.amazonaws.com" if loopback else f"{bucket}.{parts.netloc}"


def _sign(ctx: CaseContext, service: str, method: str, url: str, headers: dict, data: bytes,
          payload: str | None = None, skew: float = 0) -> dict:
    """SigV4 headers for a request; a Host in headers is signed as given."""
    request = AWSRequest(method=method, url=url, data=data, headers=dict(headers))
    request.headers["X-Amz-Content-SHA256"] = payload or hashlib.sha256(data).hexdigest()
    signer = SigV4Auth(_credentials(ctx, service), service, ctx.region)
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=skew)
    request.context["timestamp"] = when.strftime(SIGV4_TIMESTAMP)
    signer._modify_request_before_signing(request)  # keeps the preset timestamp and payload header
    canonical = signer.canonical_request(request)
    signer._inject_signature_to_request(request, signer.signature(signer.string_to_sign(request, canonical), request))
    return dict(request.headers.items())


def _changed(value: str) -> str:
    return value[:-1] + ("0" if value[-1] != "0" else "1")


def _presign(ctx: CaseContext, service: str, operation: str, params: dict, expires: int) -> str:
    from awscompat.engine.transport import _done

    seen = len(ctx.exchanges)
    url = ctx.client(service).generate_presigned_url(xform_name(operation), Params=params, ExpiresIn=expires)
    _done()  # presigning runs the client's parameter events without a call: drop that record
    del ctx.exchanges[seen:]
    return url


def _requery(url: str, drop: str = "", tamper: str = "") -> str:
    parts = urlsplit(url)
    query = [(k, _changed(v) if k == tamper else v)
             for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != drop]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _chunked(ctx: CaseContext, service: str, url: str, headers: dict, data: bytes, size: int,
             tamper: bool) -> tuple[dict, bytes]:
    chunks = [data[i:i + size] for i in range(0, len(data), size)] + [b""]
    # Each chunk is hex(size);chunk-signature=<64 hex>\r\n<data>\r\n: the length is known before signing.
    length = sum(len(f"{len(c):x}") + len(";chunk-signature=") + 64 + 4 + len(c) for c in chunks)
    headers = {**headers, "Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
               "Content-Length": str(length)}
    signed = _sign(ctx, service, "PUT", url, headers, b"", payload="STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    stamp = signed["X-Amz-Date"]
    scope = f"{stamp[:8]}/{ctx.region}/{service}/aws4_request"
    key = ("AWS4" + _credentials(ctx, service).secret_key).encode()
    for part in (stamp[:8], ctx.region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    previous = re.search(r"Signature=([0-9a-f]+)", signed["Authorization"]).group(1)
    encoded = []
    for chunk in chunks:
        to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", stamp, scope, previous, _EMPTY_SHA256,
                             hashlib.sha256(chunk).hexdigest()])
        previous = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        signature = "0" * 64 if tamper and chunk else previous
        encoded.append(f"{len(chunk):x};chunk-signature={signature}\r\n".encode() + chunk + b"\r\n")
    return signed, b"".join(encoded)


def _form(fields: dict, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body: the fields, then the file (S3 ignores fields after it)."""
    boundary = uuid.uuid4().hex
    chunks = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
              for k, v in fields.items()]
    chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.txt"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def _request(ctx: CaseContext, service: str, operation: str, params: dict, http: dict,
             model: Any) -> tuple[str, str, dict, bytes | None]:
    """(method, url, headers, data) of the request the step describes."""
    sign = http.get("sign", "header")
    data = body_bytes(http.get("body"))
    headers = {str(k): str(v) for k, v in (http.get("headers") or {}).items()}
    method = str(http.get("method") or (model.http["method"] if model is not None else "GET")).upper()
    if sign == "presigned":
        url = _presign(ctx, service, operation, params, int(http.get("expires", 300)))
        url = _requery(url, drop=http.get("drop", ""), tamper="X-Amz-Signature" if http.get("tamper") else "")
        time.sleep(float(http.get("wait", 0)))
        return method, url, headers, data if data or method in ("PUT", "POST") else None
    if sign == "post-form":
        signed = ctx.client(service).generate_presigned_post(
            params["Bucket"], params.get("Key", "k"), Fields=http.get("fields"), Conditions=http.get("conditions"),
            ExpiresIn=int(http.get("expires", 300)))
        form = {k: v for k, v in {**signed["fields"], **(http.get("send") or {})}.items() if k != http.get("drop")}
        if http.get("encoding") == "urlencoded":
            return "POST", signed["url"], {"Content-Type": "application/x-www-form-urlencoded"}, \
                urlencode({**form, "file": data.decode()}).encode()
        payload, ctype = _form(form, data)
        return "POST", signed["url"], {**headers, "Content-Type": ctype}, payload
    endpoint = _endpoint(ctx, service)
    bucket, key = params.get("Bucket", ""), params.get("Key", "")
    if http.get("host") == "virtual":
        path, headers = "/" + quote(key, safe="/~"), {"Host": _virtual_host(endpoint, bucket), **headers}
    else:
        path = f"/{bucket}" + ("/" + quote(key, safe="/~") if key else "") if bucket else "/"
    url = endpoint + path + ("?" + urlencode(http["query"]) if http.get("query") else "")
    if sign == "chunked":
        headers, data = _chunked(ctx, service, url, headers, data, int(http.get("chunk", 65536)),
                                 bool(http.get("tamper")))
    elif sign == "trailer":
        trailer = "".join(f"{k}:{v}\r\n" for k, v in (http.get("trailer") or {}).items())
        framed = f"{len(data):x}\r\n".encode() + data + f"\r\n0\r\n{trailer}\r\n".encode()
        headers = {**headers, "Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data)),
                   "x-amz-trailer": ",".join(http.get("trailer") or {}), "Content-Length": str(len(framed))}
        headers, data = _sign(ctx, service, method, url, headers, b"",
                              payload="STREAMING-UNSIGNED-PAYLOAD-TRAILER"), framed
    elif sign == "header":
        headers = _sign(ctx, service, method, url, headers, data, payload=http.get("payload"),
                        skew=float(http.get("skew", 0)))
        if http.get("tamper"):
            headers["Authorization"] = _changed(headers["Authorization"])
    return method, url, headers, data if method in ("PUT", "POST") else None


def _model(ctx: CaseContext, service: str, operation: str) -> Any:
    model = ctx.client(service).meta.service_model
    return model.operation_model(operation) if operation in model.operation_names else None


def _parse(reply: Reply, model: Any) -> None:
    """Read a 2xx answer as the operation's output (the members an SDK call would have)."""
    ex = reply.exchange
    headers = HTTPHeaderDict(ex.response_headers or {})
    reply.parsed.setdefault("ResponseMetadata", {})["HTTPHeaders"] = {k.lower(): v for k, v in headers.items()}
    if model is None or not 200 <= reply.status < 300 or reply.corrupt or model.output_shape is None:
        return
    data = ex.response_body or b""
    body = StreamingBody(io.BytesIO(data), len(data)) if model.has_streaming_output else data
    try:
        parsed = create_parser(model.metadata["protocol"]).parse(
            {"status_code": reply.status, "headers": headers, "body": body}, model.output_shape)
    except Exception:  # noqa: BLE001 - an answer that is not the output document: its members stay unread
        return
    meta = reply.parsed["ResponseMetadata"]
    reply.parsed.update({k: v for k, v in parsed.items() if k != "ResponseMetadata"})
    reply.parsed["ResponseMetadata"] = meta


def send_http(ctx: CaseContext, service: str, operation: str, params: dict, http: dict) -> Reply:
    """Send the raw request a step's `http:` mapping describes (module contract); unjudged."""
    model = _model(ctx, service, operation)
    method, url, headers, data = _request(ctx, service, operation, params, http, model)
    if data is not None and not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = "application/octet-stream"
    reply = ctx.raw(method, url, headers=headers, data=data, service=service, operation=operation)
    _parse(reply, model)
    return reply
