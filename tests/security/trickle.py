"""A provider that stalls by trickling: a loopback socket server that reads each request and
answers it one byte every `interval` seconds, forever (a valid status line, then a header that
never ends). A per-read timeout restarts with every byte, so only a total deadline cuts it.

With `answer_preflight`, `GET /` (S3 ListBuckets, the preflight's probe) gets a prompt, valid
empty ListBuckets answer instead, so that the cases themselves meet the trickle.

With `body_length=N`, the status line and headers (Content-Length: N) are sent at once and only
the body trickles: the call returns, and whoever reads the streamed body later meets the trickle."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

LIST_BUCKETS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult '
                b'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner>'
                b"<Buckets></Buckets></ListAllMyBucketsResult>")


class Trickle:
    def __init__(self, interval: float = 2.0, *, answer_preflight: bool = False,
                 body_length: int | None = None) -> None:
        self.interval = interval
        self.body_length = body_length
        self.answer_preflight = answer_preflight
        self.trickled = 0
        self.connections = 0
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._thread = threading.Thread(target=self._accept, name="trickle", daemon=True)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _request(self, conn: socket.socket) -> bytes | None:
        """The request line and headers (the body, if any, is left unread)."""
        data = b""
        while b"\r\n\r\n" not in data:
            try:
                chunk = conn.recv(65536)
            except OSError:
                return None
            if not chunk:
                return None
            data += chunk
        return data.split(b"\r\n", 1)[0]

    def _serve(self, conn: socket.socket) -> None:
        while not self._stop.is_set():
            line = self._request(conn)
            if line is None:
                return
            if self.answer_preflight and line.startswith(b"GET / "):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n"
                             + f"Content-Length: {len(LIST_BUCKETS)}\r\n\r\n".encode() + LIST_BUCKETS)
                continue
            self.trickled += 1
            self._drip(conn)
            return

    def _drip(self, conn: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nX-Slow: "
        if self.body_length is not None:
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                             + f"Content-Length: {self.body_length}\r\n\r\n".encode())
            except OSError:
                return
            head = b""
        i = 0
        while True:
            try:
                conn.sendall(head[i:i + 1] if i < len(head) else b"a")
            except OSError:
                return
            i += 1
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> Trickle:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.close()
        self._listener.close()


@contextlib.contextmanager
def trickle_server(interval: float = 2.0, *, answer_preflight: bool = False,
                   body_length: int | None = None) -> Iterator[Trickle]:
    with Trickle(interval, answer_preflight=answer_preflight, body_length=body_length) as server:
        yield server
