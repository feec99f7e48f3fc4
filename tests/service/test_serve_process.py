"""`awscompat serve` as a real process: the no-argument demo fills the market table, and a server
killed (SIGKILL) during a run resumes that run after a restart; it is never shown finished with
missing results."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from service_helpers import ADMIN, SECRET_KEY, auth

from awscompat.engine.embedded import ServerProcess, free_port

CLI = [sys.executable, "-m", "awscompat.cli"]


def serve(tmp: Path, *args: str, log: str = "serve.log", cwd: Path | None = None, secrets: bool = True) -> ServerProcess:
    port = free_port()
    env = {"PYTHONUNBUFFERED": "1"}
    if secrets:
        env.update(AWSCOMPAT_ADMIN_TOKEN=ADMIN, AWSCOMPAT_SECRET_KEY=SECRET_KEY)
    proc = ServerProcess([*CLI, "serve", "--port", str(port), *args], f"http://127.0.0.1:{port}", env=env,
                         log=tmp / log, ready_path="/api/v1/health", cwd=cwd or tmp, grace=10)
    return proc.start(wait=120)


def kill(server: ServerProcess) -> None:
    """SIGKILL to the server's process group: no shutdown handler runs."""
    proc = server.proc
    assert proc is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    server.proc = None


def poll(fn, timeout: float, what: str, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def test_serve_without_arguments_fills_the_market(tmp_path: Path) -> None:
    started = time.monotonic()
    server = serve(tmp_path, secrets=False)  # no --db, --config or --data-dir: SQLite and the demo in ./awscompat-data
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            health = http.get("/api/v1/health").json()
            assert health["database"] == "sqlite"

            def rated():
                rows = http.get("/api/v1/market").json()["rows"]
                return rows if rows and len(rows[0]["cells"]) == 3 else None

            rows = poll(rated, 240, "the demo provider's ratings")
            elapsed = time.monotonic() - started
            print(f"demo market filled {elapsed:.1f}s after start")
            assert rows[0]["provider"] == "demo-moto"
            page = http.get("/")
            assert page.status_code == 200 and "demo-moto" in page.text and "s3-core-2026.11" in page.text
            assert http.get("/badge/demo-moto/s3-core-2026.11.svg").status_code == 200
        data = tmp_path / "awscompat-data"
        assert (data / "awscompat.db").is_file() and (data / "signing.key").is_file()
        for made in ("secret.key", "admin.token", "signing.key"):  # made on first start, private
            assert oct((data / made).stat().st_mode & 0o777) == "0o600", made
    finally:
        server.stop()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=[pytest.mark.slow, pytest.mark.skipif(
    os.environ.get("AWSCOMPAT_SLOW") != "1", reason="the PostgreSQL variant is opt-in: AWSCOMPAT_SLOW=1")])])
def test_killed_server_resumes_the_run(backend: str, tmp_path: Path, moto, request) -> None:
    if backend == "sqlite":
        db = f"sqlite:///{tmp_path / 'service.db'}"
    else:
        db = request.getfixturevalue("postgres").create_database(f"kill_{os.getpid()}")
    args = ["--db", db, "--data-dir", str(tmp_path / "data"), "--no-demo", "--workers", "1", "--concurrency", "2",
            "--stale-after", "2", "--allow-network", f"127.0.0.1:{urlsplit(moto.url).port}"]
    server = serve(tmp_path, *args, log="first.log")
    h = auth(ADMIN)
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            assert http.post("/api/v1/providers", json={"name": "acme"}, headers=h).status_code == 201
            target = {"name": "main", "endpoint": moto.url, "profiles": ["s3-core-2026.11"],
                      "credentials": {"access_key_id": "testing", "secret_access_key": "testing"}}
            assert http.post("/api/v1/providers/acme/targets", json=target, headers=h).status_code == 201
            run_id = http.post("/api/v1/providers/acme/targets/main/runs", headers=h).json()["id"]

            def midway():
                run = http.get(f"/api/v1/runs/{run_id}").json()
                assert run["status"] in ("queued", "running"), run  # finished before it could be killed
                return run if run["status"] == "running" and 0 < run["results_count"] < run["total"] else None

            before = poll(midway, 120, "the run to be half done", step=0.05)
        kill(server)
    finally:
        server.stop()
    server = serve(tmp_path, *args, log="second.log")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            seen: set[str] = set()

            def done():
                run = http.get(f"/api/v1/runs/{run_id}").json()
                seen.add(run["status"])
                if run["status"] == "finished":  # never finished with results missing
                    assert run["results_count"] == run["total"] == sum(run["counts"].values()), run
                return run if run["status"] in ("finished", "failed", "cancelled") else None

            after = poll(done, 240, "the resumed run to end")
            assert after["status"] == "finished", after
            assert after["attempts"] == 2 and after["results_count"] == after["total"] > before["results_count"]
            page = http.get(f"/api/v1/runs/{run_id}/results", params={"limit": 1000}).json()
            ids = [r["case_id"] for r in page["items"]]
            assert len(ids) == len(set(ids)) == after["total"]
            assert http.get("/api/v1/providers/acme/ratings").json()[0]["run_id"] == run_id
    finally:
        server.stop()
