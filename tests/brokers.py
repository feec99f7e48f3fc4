"""A real redis-server (Debian's package) on a free loopback port, restartable on the same port
and data directory (append-only file on), and `awscompat worker` processes; everything stopped
by PID (SIGTERM, then SIGKILL after a timeout)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from awscompat.engine.embedded import free_port

INSTALL_HINT = "run `bash scripts/install-system.sh` (installs Debian's redis-server)"
BIN = Path(sys.executable).parent


def _stop(proc: subprocess.Popen, timeout: float = 10.0, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


class RedisServer:
    def __init__(self, data: Path) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail(f"redis-server is not installed; {INSTALL_HINT}", pytrace=False)
        self.data = data
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.data.mkdir(parents=True, exist_ok=True)
        argv = [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.data),
                "--appendonly", "yes", "--save", "", "--protected-mode", "yes", "--daemonize", "no"]
        with open(self.data / "redis.log", "ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    break
            except redis.RedisError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start: {(self.data / 'redis.log').read_text()[-800:]}")
            time.sleep(0.05)
        client.close()
        return self

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            self.proc = None

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, decode_responses=True)


class Worker:
    """`awscompat worker` in a process group of its own."""

    def __init__(self, broker: str, folder: Path, env: dict[str, str], *, threads: int = 4,
                 visibility: float = 10.0, lease: float = 4.0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / "worker.log"
        argv = [str(BIN / "awscompat"), "worker", "--broker", broker, "--threads", str(threads),
                "--visibility-timeout", str(visibility), "--lease", str(lease), "--dir", str(folder / "scratch"),
                "--log-level", "info"]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=folder,
                                         start_new_session=True)

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while "ready." not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start: {self.log.read_text(errors='replace')[-1500:]}")
            time.sleep(0.2)

    @property
    def token_prefix(self) -> str:
        import socket

        return f"{socket.gethostname()[:24]}-{self.proc.pid}-"

    def kill(self) -> None:
        _stop(self.proc, sig=signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.proc)
