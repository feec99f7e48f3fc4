"""A loopback HTTP proxy in front of a real moto that refuses every presigned request (a query
with X-Amz-Signature) and every browser POST upload (multipart/form-data) with a 403 whose
<Error> echoes the whole request back, the way S3's SignatureDoesNotMatch echoes the access
key id and the canonical request: the credentials travel in the request (query, form fields,
the base64 policy, headers) AND in the answer. Everything else is forwarded to moto unchanged.

So the presigned cases fail (their evidence is written), and every evidence path meets the
run's credentials in every form they take."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import urllib3

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def _refuse(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    key = ""
    for part in handler.path.split("?", 1)[-1].split("&"):
        if part.lower().startswith(("x-amz-credential=", "awsaccesskeyid=")):
            key = part.split("=", 1)[1]
    head = "".join(f"{k}: {v}\n" for k, v in handler.headers.items())
    echo = f"{handler.command} {handler.path}\n{head}\n{body.decode('utf-8', 'replace')}"
    doc = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
           f"<Message>refused by the test proxy</Message><AWSAccessKeyId>{escape(key)}</AWSAccessKeyId>"
           f"<CanonicalRequest>{escape(echo)}</CanonicalRequest></Error>").encode()
    handler.send_response(403)
    handler.send_header("Content-Type", "application/xml")
    handler.send_header("Content-Length", str(len(doc)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(doc)


@contextlib.contextmanager
def echo_proxy(upstream: str, *, keep_buckets: bool = False) -> Iterator[str]:
    """keep_buckets: DeleteBucket (DELETE /<bucket>) is answered 403 AccessDenied and not
    forwarded, so every bucket a run creates stays behind."""
    pool = urllib3.PoolManager(maxsize=32)

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            ctype = (self.headers.get("content-type") or "").lower()
            path = self.path.split("?", 1)[0].strip("/")
            if keep_buckets and self.command == "DELETE" and path and "/" not in path:
                doc = b"<Error><Code>AccessDenied</Code><Message>kept by the test proxy</Message></Error>"
                self.send_response(403)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(doc)))
                self.end_headers()
                self.wfile.write(doc)
                return
            if "signature=" in self.path.lower() or ctype.startswith("multipart/form-data"):
                _refuse(self, body)
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            answer = pool.request(self.command, upstream + self.path, body=body or None, headers=headers,
                                  redirect=False, retries=False, preload_content=True, decode_content=False)
            data = answer.data
            self.send_response(answer.status)
            for k, v in answer.headers.items():
                if k.lower() not in _HOP:
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _handle

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        pool.clear()
