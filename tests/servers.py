"""Real AWS-compatible servers for the tests, started on loopback ports of their own.

Each helper is a context manager that starts one server with the loopback options of
../shared/clones.md (several of these servers bind every interface by default), waits until it
answers, yields a `Running`, and stops it by PID (SIGTERM to its process group, SIGKILL after a
timeout). A missing binary fails the test with a clear message: `bash scripts/install.sh --test`
installs every one of them.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from awscompat.engine.embedded import ServerProcess, free_port, free_ports

BIN_DIR = Path(sys.executable).parent


@dataclass
class Running:
    name: str
    url: str
    process: ServerProcess
    # What a client must put in its environment to be accepted (empty: any credentials).
    credentials: dict[str, str] = field(default_factory=dict)
    log: Path | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid


def require_binary(name: str) -> str:
    """The path of an executable from the project's virtualenv (or PATH); fail if missing."""
    found = shutil.which(name, path=f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        pytest.fail(f"{name!r} is not installed (looked in {BIN_DIR} and PATH); "
                    "run `bash scripts/install.sh --test`", pytrace=False)
    return found


@contextmanager
def _serving(name: str, proc: ServerProcess, wait: float, **extra) -> Iterator[Running]:
    try:
        proc.start(wait=wait)
    except RuntimeError as exc:
        log = proc.log.read_text(errors="replace")[-2000:] if proc.log and proc.log.exists() else ""
        pytest.fail(f"{name} did not start: {exc}\n{log}", pytrace=False)
    try:
        yield Running(name, proc.url, proc, log=proc.log, **extra)
    finally:
        proc.stop()


@contextmanager
def moto(tmp: Path) -> Iterator[Running]:
    """`moto_server -H 127.0.0.1 -p PORT`: accepts any credentials."""
    exe = require_binary("moto_server")
    port = free_port()
    proc = ServerProcess([exe, "-H", "127.0.0.1", "-p", str(port)], f"http://127.0.0.1:{port}",
                         log=tmp / "moto.log", ready_path="/moto-api/", cwd=tmp, grace=5.0)
    with _serving("moto", proc, wait=30) as running:
        yield running


@contextmanager
def ministack(tmp: Path) -> Iterator[Running]:
    """`BIND_HOST=127.0.0.1 GATEWAY_PORT=PORT ministack`: accepts any credentials.

    ministack 1.5 also opens an IoT MQTT/mTLS listener on 0.0.0.0:8883 at startup (and SFTP on
    0.0.0.0:2222 when asyncssh is installed), whatever BIND_HOST says: both are turned off, which
    also lets two instances run side by side. Its state directory goes to tmp.
    """
    exe = require_binary("ministack")
    port = free_port()
    env = {"BIND_HOST": "127.0.0.1", "GATEWAY_PORT": str(port), "IOT_MTLS_ENABLED": "0",
           "SFTP_ENABLED": "0", "SFTP_HOST": "127.0.0.1", "STATE_DIR": str(tmp / "state"),
           "TMPDIR": str(tmp)}
    proc = ServerProcess([exe], f"http://127.0.0.1:{port}", env=env, log=tmp / "ministack.log", cwd=tmp,
                         grace=5.0)
    with _serving("ministack", proc, wait=30) as running:
        yield running


SEAWEED_KEY = "awscompat-test"
SEAWEED_SECRET = "awscompat-test-secret-0123456789"  # a test server's key, not a secret

# Every port `weed mini` opens (the defaults are fixed numbers, and a gRPC port defaults to its
# HTTP port + 10000, which may not exist for a high ephemeral port): all chosen here.
_WEED_PORTS = ("s3.port", "s3.port.grpc", "master.port", "master.port.grpc", "volume.port",
               "volume.port.grpc", "filer.port", "filer.port.grpc", "admin.port", "admin.port.grpc")


def seaweedfs_command(exe: str, data: Path, ports: dict[str, int]) -> list[str]:
    """clones.md's command, with -logdir where weed accepts it (a global flag, before `mini`:
    after it, weed prints its usage and exits 2), every port chosen, the Iceberg and Lance
    listeners off, and no telemetry."""
    return [
        exe, f"-logdir={data / 'log'}", "mini", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        "-webdav=false", "-admin.ui=false", "-s3.allowDeleteBucketNotEmpty=false",
        "-s3.autoCreateBucket=false", "-master.telemetry=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
        *(f"-{flag}={port}" for flag, port in ports.items()),
    ]


@contextmanager
def seaweedfs(tmp: Path, key: str = SEAWEED_KEY, secret: str = SEAWEED_SECRET) -> Iterator[Running]:
    """`weed mini` with S3 on a chosen port; it enforces the credentials given in its env."""
    exe = require_binary("weed")
    data = tmp / "seaweedfs"
    (data / "log").mkdir(parents=True, exist_ok=True)
    ports = dict(zip(_WEED_PORTS, free_ports(len(_WEED_PORTS)), strict=True))
    url = f"http://127.0.0.1:{ports['s3.port']}"
    creds = {"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret}
    proc = ServerProcess(seaweedfs_command(exe, data, ports), url, env=creds, log=tmp / "weed.log", cwd=data,
                         ready=lambda: _s3_usable(url, key, secret), grace=15.0)
    with _serving("seaweedfs", proc, wait=60, credentials=creds) as running:
        yield running


def _s3_usable(url: str, key: str, secret: str) -> bool:
    """The S3 port opens before the filer and volume server are up: wait for a signed
    ListBuckets to succeed."""
    import botocore.session
    from botocore.config import Config

    client = botocore.session.Session().create_client(
        "s3", region_name="us-east-1", endpoint_url=url, aws_access_key_id=key, aws_secret_access_key=secret,
        config=Config(retries={"total_max_attempts": 1}, connect_timeout=1, read_timeout=2))
    try:
        return client.list_buckets()["ResponseMetadata"]["HTTPStatusCode"] == 200
    finally:
        client.close()


HTML_PAGE = b"<!doctype html><html><head><title>Welcome</title></head><body>It works!</body></html>"


@contextmanager
def canned_server(status: int, content_type: str, body: bytes) -> Iterator[str]:
    """A loopback HTTP server that answers every request with the same status and body."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Canned(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Canned)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name="canned-server",
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def html_server() -> Iterator[str]:
    """A plain web server (not AWS) that answers every request with an HTML page."""
    with canned_server(200, "text/html; charset=utf-8", HTML_PAGE) as url:
        yield url


@contextmanager
def silent_server() -> Iterator[str]:
    """A loopback socket that accepts connections and never answers (holds them open)."""
    import socket

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=accept, name="silent-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()
