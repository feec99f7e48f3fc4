"""A total deadline per request: connect, send and the whole answer (DESIGN 4: a provider can
never stall a run).

A socket read timeout restarts with every byte, so a server that trickles its answer one byte
every few seconds is never cut by it. Here a deadline covers the whole attempt instead.

Contract:
- `within(seconds)` is a context manager that puts a `Deadline` on the current thread (a
  nested `within` keeps the outer, earlier one). `watch(conn)` registers an HTTP connection
  object (http.client's or urllib3's: anything with a `.sock`) with the thread's deadline; it
  does nothing on a thread without one.
- When the deadline passes while the context is still open, one watchdog thread shuts down the
  socket of every connection registered with it (both directions, below TLS), so a read blocked
  on the provider returns at once; `Deadline.expired` is then True and stays True. The caller
  (Transport.attempts) turns whatever fault that caused into a `timeout`.
- After the context closes nothing is touched, even if the time passes later.
- `watched_pools(session)` makes a botocore HTTP session's connections register themselves
  on every request (pooled connections are reused, so it is done per request, not per
  connect); `WatchedHTTPHandler` / `WatchedHTTPSHandler` do it for urllib.request.
"""

from __future__ import annotations

import contextlib
import heapq
import http.client
import itertools
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

from botocore.awsrequest import (
    AWSHTTPConnection,
    AWSHTTPConnectionPool,
    AWSHTTPSConnection,
    AWSHTTPSConnectionPool,
)

from awscompat.engine.headers import fast_headers

_tl = threading.local()


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._open = True
        self._conns: list[Any] = []
        self._lock = threading.Lock()

    def watch(self, conn: Any) -> None:
        with self._lock:
            if not self.expired:
                self._conns.append(conn)
                return
        _shutdown(conn)

    def expire(self) -> None:
        with self._lock:
            if not self._open:
                return
            self.expired = True
            conns, self._conns = self._conns, []
        for conn in conns:
            _shutdown(conn)

    def close(self) -> None:
        with self._lock:
            self._open = False
            self._conns = []


def _shutdown(conn: Any) -> None:
    sock = getattr(conn, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # below TLS: no SSL state is touched


class _Watchdog:
    """One daemon thread expiring deadlines in time order."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Deadline]] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, deadline: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.at, next(self._seq), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="awscompat-deadlines", daemon=True)
                self._thread.start()
            if self._heap[0][2] is deadline:  # only an earlier deadline than all others wakes the thread
                self._cond.notify()

    def _loop(self) -> None:
        while True:
            due: list[Deadline] = []
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                now = time.monotonic()
                while self._heap and (self._heap[0][0] <= now or not self._heap[0][2]._open):
                    due.append(heapq.heappop(self._heap)[2])
                if not due:
                    self._cond.wait(self._heap[0][0] - now)
            for deadline in due:
                deadline.expire()


_WATCHDOG = _Watchdog()


def current() -> Deadline | None:
    return getattr(_tl, "deadline", None)


@contextlib.contextmanager
def within(seconds: float) -> Iterator[Deadline]:
    outer = current()
    if outer is not None and outer.at <= time.monotonic() + seconds:
        yield outer
        return
    deadline = Deadline(seconds)
    _tl.deadline = deadline
    _WATCHDOG.add(deadline)
    try:
        yield deadline
    finally:
        deadline.close()
        _tl.deadline = outer


def watch(conn: Any) -> None:
    deadline = current()
    if deadline is not None:
        deadline.watch(conn)


# -- botocore (urllib3) --------------------------------------------------------------------------
class _WatchedHTTP(AWSHTTPConnection):
    def request(self, *args: Any, **kwargs: Any) -> Any:
        watch(self)
        return super().request(*args, **kwargs)

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        with fast_headers():  # the header block parsed as http.client parses it, faster (engine/headers.py)
            return super().getresponse(*args, **kwargs)


class _WatchedHTTPS(AWSHTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> Any:
        watch(self)
        return super().request(*args, **kwargs)

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        with fast_headers():  # the header block parsed as http.client parses it, faster (engine/headers.py)
            return super().getresponse(*args, **kwargs)


class _WatchedHTTPPool(AWSHTTPConnectionPool):
    ConnectionCls = _WatchedHTTP


class _WatchedHTTPSPool(AWSHTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPS


def watched_pools(session: Any, timeout: float) -> None:
    """Make a botocore URLLib3Session's connections watch the thread's deadline, and give every
    send that runs outside one (a scenario calling a client directly) a deadline of its own."""
    classes = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
    if hasattr(session, "_pool_classes_by_scheme"):
        session._pool_classes_by_scheme = classes
        session._manager.pool_classes_by_scheme = classes
    send = getattr(session, "send", None)
    if send is None:
        return

    def send_within(request: Any) -> Any:
        with within(timeout):
            return send(request)

    session.send = send_within


# -- urllib.request (engine/rawhttp.py) ----------------------------------------------------------
class _WatchedStdHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        watch(self)
        super().connect()


class _WatchedStdHTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        watch(self)
        super().connect()


class WatchedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: Any) -> Any:
        return self.do_open(_WatchedStdHTTP, req)


class WatchedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, context: Any = None) -> None:
        super().__init__(context=context)
        self._ctx = context

    def https_open(self, req: Any) -> Any:
        return self.do_open(_WatchedStdHTTPS, req, context=self._ctx)
