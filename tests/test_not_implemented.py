"""The S3 scenarios whose expected answer is AWS's own 501 NotImplemented
(the `*-not-implemented` cases of cases/s3/conditional.yaml) are judged, never `unsupported`: against moto, which
accepts or answers otherwise, each ends in pass or fail; behind a proxy that answers those requests
501 as AWS does (and forwards every other request to moto) each one passes."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from clirun import awscompat, cli_env, read_results

SELECT = "s3/scenario/conditional/*-not-implemented"
NAMES = {"put-if-none-match-etag", "put-if-match-star", "put-if-match-and-if-none-match",
         "delete-if-match-last-modified", "delete-if-match-size", "delete-if-match-all",
         "copy-if-none-match-etag", "copy-if-match-star", "copy-if-match-and-if-none-match"}
IDS = {f"s3/scenario/conditional/{name}-not-implemented" for name in NAMES}


def _refused_header(method: str, headers) -> str | None:
    """The <Header> AWS names when it answers this request 501 NotImplemented (None: it does not)."""
    if method == "DELETE":
        for name in ("x-amz-if-match-last-modified-time", "x-amz-if-match-size"):
            if headers.get(name) is not None:
                return name
        return None
    if method != "PUT":
        return None
    if_match, if_none_match = headers.get("If-Match"), headers.get("If-None-Match")
    if if_match is not None and if_none_match is not None:
        return "If-Match,If-None-Match"
    if if_none_match is not None and if_none_match != "*":
        return "If-None-Match"
    if if_match == "*":
        return "If-Match"
    return None


@contextmanager
def aws_like(upstream: str) -> Iterator[str]:
    """A loopback proxy to upstream that answers the requests AWS refuses with its 501."""
    target = urlsplit(upstream)

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            data = self.rfile.read(length) if length else b""
            refused = _refused_header(self.command, self.headers)
            if refused:
                body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NotImplemented</Code>"
                        "<Message>A header you provided implies functionality that is not implemented</Message>"
                        f"<Header>{refused}</Header><RequestId>R</RequestId></Error>").encode()
                status, headers = 501, [("Content-Type", "application/xml")]
            else:
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                conn.request(self.command, self.path, body=data or None, headers=dict(self.headers.items()))
                resp = conn.getresponse()
                body, status = resp.read(), resp.status
                headers = [(k, v) for k, v in resp.getheaders()
                           if k.lower() not in ("content-length", "transfer-encoding", "connection")]
                conn.close()
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

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


def _run(url: str, home: Path, out: Path) -> dict[str, dict]:
    res = awscompat("run", "--endpoint", url, "-s", "s3", "-k", SELECT, "-q", "--out", out,
                    env=cli_env(home), cwd=out.parent, timeout=60)
    assert res.code in (0, 1), res
    results = {r["id"]: r for r in read_results(out)}
    assert set(results) == IDS, res
    return results


def test_moto_answers_are_judged_never_unsupported(moto_server, home: Path, tmp_path: Path) -> None:
    results = _run(moto_server.url, home, tmp_path / "moto")
    outcomes = {case: r["outcome"] for case, r in results.items()}
    assert set(outcomes.values()) <= {"pass", "fail"}, outcomes
    # moto accepts these requests or answers 404/412 (none is AWS's 501): judged, so a fail
    assert "fail" in outcomes.values(), outcomes


def test_aws_like_501_passes(moto_server, home: Path, tmp_path: Path) -> None:
    with aws_like(moto_server.url) as url:
        results = _run(url, home, tmp_path / "aws-like")
    outcomes = {case: r["outcome"] for case, r in results.items()}
    assert set(outcomes.values()) == {"pass"}, {c: (r["outcome"], r.get("message")) for c, r in results.items()}
