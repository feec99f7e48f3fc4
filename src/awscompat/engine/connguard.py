"""The connection hook: one place every TCP connection of a run passes through.

Contract (engine side; the service's SSRF guard is the one user of the guard callback):

- A `Scope` belongs to one Transport (one run). While a scope is active on a thread, every
  connection that thread opens through the standard library (`socket.create_connection`, which
  http.client and urllib use) or urllib3 (`urllib3.util.connection.create_connection`, which
  botocore uses) goes through `Scope.connect`. Transport activates its scope around every
  attempt (botocore and raw HTTP) and around every `send` of its botocore clients, so direct
  client calls made by scenarios are covered too.
- `guard(host, port) -> list[str]` (optional): called at connection time with the exact host the
  connection is for (a virtual-hosted `<bucket>.<host>`, a per-service endpoint). It resolves the name itself and returns the IP addresses the connection may use, or
  raises to refuse. The connection is made only to the returned addresses, by number: what was
  checked is what is connected to, so a DNS answer that changes between check and connect
  (rebinding) cannot reach anything else. A refusal raises `GuardRefused` (not an OSError, so
  no layer turns it into a plain "connection refused"); its message is the guard's. Transport
  turns it into TransportFault kind `refused`, never retried; on raw HTTP it reaches the case as
  a harness error with that message.
- `abort()` shuts down every socket the scope opened that is still open (a request blocked on a
  provider that trickles its answer ends at once) and refuses new connections until `resume()`.
  The runner aborts on a stop request and resumes before its final sweep.
- Threads without an active scope are untouched (the service's database, its web server).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import urllib3.util.connection as _u3conn

Guard = Callable[[str, int], list[str]]

_tl = threading.local()
_install_lock = threading.Lock()
_installed = False
_ORIGINALS: dict[str, Callable[..., socket.socket]] = {}


class GuardRefused(Exception):
    """The connection guard refused a connection (the message says which host and why)."""


class RunAborted(ConnectionAbortedError):
    """A new connection after the run was asked to stop."""


class Scope:
    def __init__(self, guard: Guard | None = None) -> None:
        self.guard = guard
        self._sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.aborted = False

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Route this thread's connections through this scope for the duration."""
        install()
        previous = getattr(_tl, "scope", None)
        _tl.scope = self
        try:
            yield
        finally:
            _tl.scope = previous

    def abort(self) -> None:
        with self._lock:
            self.aborted = True
            open_now = list(self._sockets)
        for sock in open_now:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def resume(self) -> None:
        with self._lock:
            self.aborted = False

    def connect(self, original: Callable[..., socket.socket], address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if self.aborted:
            raise RunAborted("the run was stopped: no new connections")
        host, port = str(address[0]), int(address[1])
        if self.guard is None:
            addresses = [host]
        else:
            previous, _tl.scope = getattr(_tl, "scope", None), None  # the guard resolves unguarded
            try:
                addresses = list(self.guard(host.strip("[]"), port))
            except Exception as exc:  # noqa: BLE001 - any refusal, whatever the guard raises
                raise GuardRefused(f"connection to {host}:{port} refused: {exc}") from exc
            finally:
                _tl.scope = previous
            if not addresses:
                raise GuardRefused(f"connection to {host}:{port} refused: no address allowed")
        last: OSError | None = None
        for ip in addresses:
            try:
                sock = original((ip, port), *args, **kwargs)
            except OSError as exc:
                last = exc
                continue
            with self._lock:
                self._sockets.add(sock)
                aborted = self.aborted
            if aborted:
                with contextlib.suppress(OSError):
                    sock.close()
                raise RunAborted("the run was stopped: no new connections")
            return sock
        assert last is not None
        raise last


def current() -> Scope | None:
    return getattr(_tl, "scope", None)


def _wrap(name: str, original: Callable[..., socket.socket]) -> Callable[..., socket.socket]:
    _ORIGINALS[name] = original

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        scope = getattr(_tl, "scope", None)
        if scope is None:
            return original(address, *args, **kwargs)
        return scope.connect(original, address, *args, **kwargs)

    create_connection.__wrapped__ = original  # type: ignore[attr-defined]
    return create_connection


def install() -> None:
    """Wrap the two connection functions once per process (idempotent; a pass-through on
    threads without an active scope)."""
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        socket.create_connection = _wrap("socket", socket.create_connection)  # type: ignore[assignment]
        _u3conn.create_connection = _wrap("urllib3", _u3conn.create_connection)  # type: ignore[assignment]
        _installed = True


def attach(client: Any, scope: Scope) -> None:
    """Activate scope around every send of a botocore client (calls made straight on it)."""
    session = getattr(getattr(client, "_endpoint", None), "http_session", None)
    send = getattr(session, "send", None)
    if send is None:
        return

    def guarded_send(request: Any) -> Any:
        with scope.active():
            return send(request)

    session.send = guarded_send
