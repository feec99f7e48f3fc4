"""The embedded default target: moto in server mode on a free loopback port."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

PR_SET_PDEATHSIG = 1


def free_port(host: str = "127.0.0.1") -> int:
    return free_ports(1, host)[0]


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """count distinct ports that are free now (all held open together, so none repeats)."""
    socks: list[socket.socket] = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(s)
            s.bind((host, 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Ask the kernel to kill this process when its parent dies, even by SIGKILL."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """A server: dies with awscompat, in a session of its own (stopped by PID, group and all)."""
    die_with_parent()
    os.setsid()


class ServerProcess:
    """A server started on loopback, waited for, and stopped by PID with escalation."""

    def __init__(self, argv: Sequence[str], url: str, *, env: dict | None = None, log: Path | None = None,
                 ready_path: str = "/", tie_to_parent: bool = True, cwd: Path | None = None,
                 ready: Callable[[], bool] | None = None, grace: float = 5.0) -> None:
        """ready, when given, is asked (after the URL answers) until it returns True: for a
        server whose port opens before its storage is usable. The server is tied to the thread
        that starts it when tie_to_parent (PR_SET_PDEATHSIG): start it from a long-lived thread."""
        self.argv = list(argv)
        self.url = url
        self.env = env
        self.log = log
        self.ready_path = ready_path
        self.tie_to_parent = tie_to_parent
        self.cwd = cwd
        self.ready = ready
        self.grace = grace
        self.proc: subprocess.Popen | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def start(self, wait: float = 30.0) -> ServerProcess:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                self.argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={**os.environ, **(self.env or {})}, cwd=self.cwd,
                preexec_fn=_die_with_parent if self.tie_to_parent else os.setsid,
            )
        except OSError as exc:
            raise RuntimeError(f"could not start {self.argv[0]}: {exc.strerror or exc}") from exc
        finally:
            if out is not subprocess.DEVNULL:
                out.close()  # the child has its own copy
        deadline = time.monotonic() + wait
        answered = False
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.proc = None
                hint = f" (see {self.log})" if self.log else ""
                raise RuntimeError(f"{self.argv[0]} exited with {code} before answering{hint}")
            if not answered:
                answered = self._answers()
            if answered and (self.ready is None or self._ready()):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.argv[0]} did not answer on {self.url} within {wait:.0f}s")

    def _answers(self) -> bool:
        # No proxy: the server is on loopback, whatever HTTP_PROXY says.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            opener.open(self.url + self.ready_path, timeout=1).close()
            return True
        except urllib.error.HTTPError:
            return True  # it answers, even if with an error status
        except OSError:
            return False

    def _ready(self) -> bool:
        assert self.ready is not None
        try:
            return bool(self.ready())
        except Exception:  # noqa: BLE001 - not ready yet, whatever the reason
            return False

    def stop(self, grace: float | None = None) -> None:
        """SIGTERM to the server's process group (its PID: it leads its own session), then
        SIGKILL to the group after grace seconds, which also ends anything it forked."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(self.grace if grace is None else grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # an empty group: ESRCH, suppressed
        proc.wait(5)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def moto_command(port: int, host: str = "127.0.0.1") -> list[str]:
    exe = shutil.which("moto_server", path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    if exe:
        return [exe, "-H", host, "-p", str(port)]
    return [sys.executable, "-m", "moto.server", "-H", host, "-p", str(port)]


def start_moto(log: Path | None = None, port: int | None = None) -> ServerProcess:
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    return ServerProcess(moto_command(port), url, log=log, ready_path="/moto-api/").start()
