"""Real AWS-compatible servers for the tests, started on loopback ports of their own.

The launchers live in the package (awscompat.providers: the loopback options of
../shared/clones.md, since several of these servers bind every interface by default); each helper
here is a context manager that starts one, yields its `Running` handle (url, credentials,
version, PIDs, ports) and stops it by PID (SIGTERM to its process group, SIGKILL after a
timeout). A missing binary or a server that does not start fails the test with a clear message
(`bash scripts/install.sh --test` installs moto beside the tool, and ministack and SeaweedFS each in
a virtual environment of its own, .providers/<name>-venv, where the launchers find them: the tool's
own environment never holds a test server; `bash scripts/install-providers.sh` the others).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from awscompat.providers import ProviderError, ProviderMissing, Running, get_provider
from awscompat.providers.python import SEAWEED_KEY, SEAWEED_SECRET, seaweedfs_start

__all__ = ["SEAWEED_KEY", "SEAWEED_SECRET", "Running", "canned_server", "html_server", "ministack", "moto",
           "provider", "require_binary", "seaweedfs", "silent_server"]

BIN_DIR = Path(sys.executable).parent
INSTALL_HINT = "run `bash scripts/install.sh --test`"


def require_binary(name: str) -> str:
    """The path of an executable from the project's virtualenv (or PATH); fail if missing."""
    found = shutil.which(name, path=f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        pytest.fail(f"{name!r} is not installed (looked in {BIN_DIR} and PATH); {INSTALL_HINT}", pytrace=False)
    return found


@contextmanager
def _started(name: str, start) -> Iterator[Running]:
    """Start a provider; turn a ProviderError into a test failure (not a skip)."""
    try:
        running = start()
    except ProviderMissing as exc:
        hint = INSTALL_HINT if name in ("moto", "ministack", "seaweedfs") else f"run `{exc.hint}`"
        pytest.fail(f"{exc}; {hint}", pytrace=False)
    except ProviderError as exc:
        pytest.fail(str(exc), pytrace=False)
    with running:
        yield running


@contextmanager
def provider(name: str, tmp: Path) -> Iterator[Running]:
    """Any provider of awscompat.providers by name (moto, ministack, seaweedfs, s3rver, ...)."""
    with _started(name, lambda: get_provider(name).start(tmp)) as running:
        yield running


@contextmanager
def moto(tmp: Path) -> Iterator[Running]:
    """`moto_server -H 127.0.0.1 -p PORT`: accepts any credentials."""
    with provider("moto", tmp) as running:
        yield running


@contextmanager
def ministack(tmp: Path) -> Iterator[Running]:
    """`BIND_HOST=127.0.0.1 GATEWAY_PORT=PORT ministack` (IoT mTLS and SFTP off): any credentials."""
    with provider("ministack", tmp) as running:
        yield running


@contextmanager
def seaweedfs(tmp: Path, key: str = SEAWEED_KEY, secret: str = SEAWEED_SECRET) -> Iterator[Running]:
    """`weed mini` with S3 on a chosen port; it enforces the credentials given in its env."""

    def start() -> Running:
        get_provider("seaweedfs").check()
        tmp.mkdir(parents=True, exist_ok=True)
        return seaweedfs_start(tmp, key, secret)

    with _started("seaweedfs", start) as running:
        yield running


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
