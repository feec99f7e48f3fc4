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
import urllib.request
from collections.abc import Sequence
from pathlib import Path

PR_SET_PDEATHSIG = 1


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Ask the kernel to kill the server when awscompat dies, even by SIGKILL."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    os.setsid()


class ServerProcess:
    """A server started on loopback, waited for, and stopped by PID with escalation."""

    def __init__(self, argv: Sequence[str], url: str, *, env: dict | None = None, log: Path | None = None,
                 ready_path: str = "/", tie_to_parent: bool = True) -> None:
        self.argv = list(argv)
        self.url = url
        self.env = env
        self.log = log
        self.ready_path = ready_path
        self.tie_to_parent = tie_to_parent
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 30.0) -> ServerProcess:
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, **(self.env or {})},
            preexec_fn=_die_with_parent if self.tie_to_parent else os.setsid,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.argv[0]} exited with {self.proc.returncode} before answering")
            try:
                urllib.request.urlopen(self.url + self.ready_path, timeout=1).close()
                return self
            except urllib.error.HTTPError:
                return self  # it answers, even if with an error status
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.argv[0]} did not answer on {self.url} within {wait:.0f}s")

    def stop(self, grace: float = 5.0) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
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
