"""A provider that stalls: a loopback HTTP server that answers one byte at a time, forever
(`HTTP/1.1 200 OK`, then a header line that never ends). A per-read timeout never fires on it."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


class Trickle:
    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
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
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        head = b"HTTP/1.1 200 OK\r\nX-Slow: "
        i = 0
        while not self._stop.wait(self.interval):
            byte = head[i:i + 1] if i < len(head) else b"a"
            i += 1
            try:
                conn.sendall(byte)
            except OSError:
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
def trickle_server(interval: float = 0.5) -> Iterator[Trickle]:
    with Trickle(interval) as server:
        yield server
