"""The pieces under the runner that talk to processes and wires: ServerProcess (start on
loopback, stop by PID with escalation), the transport's record of what came off the wire, and
the target's checks of what the user typed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

import servers
from awscompat.engine.embedded import ServerProcess, free_port, free_ports
from awscompat.engine.target import Credentials, Target, TargetError, check_url, parse_endpoint_overrides
from awscompat.engine.transport import Transport

# A loopback HTTP server that ignores SIGTERM: only SIGKILL ends it.
STUBBORN = """
import http.server, signal, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_stop_escalates_to_sigkill(tmp_path: Path) -> None:
    port = free_port()
    proc = ServerProcess([sys.executable, "-c", STUBBORN, str(port)], f"http://127.0.0.1:{port}", cwd=tmp_path,
                         grace=0.5).start(wait=20)
    pid = proc.pid
    assert pid is not None and _alive(pid)
    start = time.monotonic()
    proc.stop()
    assert time.monotonic() - start < 5
    assert not _alive(pid), "a server that ignores SIGTERM is still running after stop()"
    assert proc.pid is None
    proc.stop()  # stopping twice is harmless


def test_start_reports_a_server_that_exits(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    proc = ServerProcess([sys.executable, "-c", "import sys; print('boom'); sys.exit(7)"], "http://127.0.0.1:9",
                         log=log)
    with pytest.raises(RuntimeError, match="exited with 7"):
        proc.start(wait=20)
    assert "boom" in log.read_text()


def test_start_reports_a_missing_binary() -> None:
    proc = ServerProcess(["/nonexistent/awscompat-no-such-server"], "http://127.0.0.1:9")
    with pytest.raises(RuntimeError, match="could not start"):
        proc.start(wait=1)


def test_missing_binary_fails_the_test_not_skips() -> None:
    with pytest.raises(pytest.fail.Exception, match="install.sh --test"):
        servers.require_binary("awscompat-no-such-binary")


def test_free_ports_are_distinct() -> None:
    ports = free_ports(12)
    assert len(set(ports)) == 12 and all(1024 <= p <= 65535 for p in ports)


def _transport(url: str) -> Transport:
    target = Target(endpoint=url, credentials=Credentials("testing", "testing"))
    return Transport(target, timeout=5, retries=0)


def test_s3_answer_that_is_not_xml_keeps_its_wire_status() -> None:
    """botocore turns an S3 200 whose body is not XML into a 500; the evidence must not."""
    with servers.html_server() as url:
        reply = _transport(url).call("s3", "ListBuckets")
    assert reply.status == 200
    assert reply.parse_error and not reply.ok and not reply.code and not reply.transient
    assert reply.exchange.to_dict("us-east-1", "s3")["response"]["status"] == 200


def test_s3_error_inside_a_200() -> None:
    """S3 may answer 200 with an <Error> body (CopyObject...): an error, its code, status 200."""
    body = b"<?xml version='1.0'?><Error><Code>InternalError</Code><Message>retry</Message></Error>"
    with servers.canned_server(200, "application/xml", body) as url:
        reply = _transport(url).call("s3", "CopyObject", {"Bucket": "b", "Key": "k", "CopySource": "b/s"})
    assert reply.status == 200
    assert not reply.ok and reply.error_in_body
    assert reply.code == "InternalError" and reply.transient


def test_plain_s3_error_is_unchanged() -> None:
    body = b"<?xml version='1.0'?><Error><Code>NoSuchBucket</Code><Message>no</Message></Error>"
    with servers.canned_server(404, "application/xml", body) as url:
        reply = _transport(url).call("s3", "ListObjectsV2", {"Bucket": "b"})
    assert (reply.status, reply.code, reply.ok, reply.error_in_body) == (404, "NoSuchBucket", False, False)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9000", "https://s3.example.com", "http://[::1]:9000",
                                 "http://localhost:9000/prefix/"])
def test_check_url_accepts(url: str) -> None:
    assert check_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://x y", "http://[::1", "http://a_b.com", "http://h:0", "http://u:p@h",
                                 "http://h/?q", "gopher://h", "http://:80"])
def test_check_url_rejects(url: str) -> None:
    with pytest.raises(TargetError):
        check_url(url)


def test_endpoint_overrides() -> None:
    assert parse_endpoint_overrides(["s3=http://127.0.0.1:1/"]) == {"s3": "http://127.0.0.1:1"}
    for bad in (["s3"], ["nosuch=http://h"], ["s3=http://h", "s3=http://g"]):
        with pytest.raises(TargetError):
            parse_endpoint_overrides(bad)
