"""Finding 7: web sessions end on the server (logout revokes, expiry refuses), the data files are
private (0600 files, 0700 folders), and /docs and /redoc render offline from the service's own
assets (headless Chromium with every request off the service's host blocked)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import update

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))
from service_helpers import ADMIN, make_config  # noqa: E402

from awscompat.engine.embedded import free_port  # noqa: E402
from awscompat.service.app import create_app  # noqa: E402
from awscompat.service.core import Service  # noqa: E402
from awscompat.service.models import ApiToken, utcnow  # noqa: E402
from awscompat.service.web.common import COOKIE  # noqa: E402


def _login(client: TestClient) -> str:
    r = client.post("/login", data={"token": ADMIN}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.cookies[COOKIE]


def _signed_in(client: TestClient, cookie: str) -> bool:
    client.cookies.clear()
    r = client.get("/account", cookies={COOKIE: cookie}, follow_redirects=False)
    return r.status_code == 200


def test_sessions_expire_and_logout_revokes(tmp_path: Path) -> None:
    cfg = make_config(f"sqlite:///{tmp_path / 'service.db'}", tmp_path / "data", session_hours=1)
    with TestClient(create_app(Service(cfg)), raise_server_exceptions=False) as client:
        cookie = _login(client)
        assert _signed_in(client, cookie)
        # the server ends the session after session_hours, whatever the browser keeps
        svc = client.app.state.svc
        with svc.db.write() as s:
            s.execute(update(ApiToken).where(ApiToken.name == "web session")
                      .values(created_at=utcnow() - dt.timedelta(hours=1, minutes=1)))
        assert not _signed_in(client, cookie)
        assert client.get("/api/v1/accounts", headers={"Authorization": f"Bearer {cookie}"}).status_code == 401
        # logout revokes a fresh session on the server: the old cookie no longer works
        client.cookies.clear()
        cookie = _login(client)
        assert _signed_in(client, cookie)
        page = client.get("/account", cookies={COOKIE: cookie})
        csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        assert client.post("/logout", data={"csrf": csrf}, cookies={COOKIE: cookie},
                           follow_redirects=False).status_code == 303
        assert not _signed_in(client, cookie)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask: the service must not depend on the caller's
    try:
        data = tmp_path / "data"
        cfg = make_config(f"sqlite:///{data / 'awscompat.db'}", data)
        with TestClient(create_app(Service(cfg)), raise_server_exceptions=False) as client:
            assert client.post("/api/v1/providers", json={"name": "acme"},
                               headers={"Authorization": f"Bearer {ADMIN}"}).status_code == 201
            db = data / "awscompat.db"
            files = [db, *(p for p in (data / "awscompat.db-wal", data / "awscompat.db-shm") if p.exists())]
            assert len(files) == 3, files  # WAL mode: both side files exist while the service runs
            for f in files:
                assert _mode(f) == 0o600, (f, oct(_mode(f)))
            for d in (data, data / "runs"):
                assert _mode(d) == 0o700, (d, oct(_mode(d)))
    finally:
        os.umask(old)


# -- /docs and /redoc offline --------------------------------------------------------------------
def _chromium() -> str:
    found = "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which("chromium")
    if not found:
        pytest.fail("chromium is not installed: run `bash scripts/install-system.sh`", pytrace=False)
    return found


@pytest.fixture
def live(tmp_path: Path) -> Iterator[str]:
    cfg = make_config(f"sqlite:///{tmp_path / 'service.db'}", tmp_path / "data")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Service(cfg)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(60)


def test_api_docs_render_offline(live: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    elsewhere: list[str] = []

    def only_the_service(route) -> None:
        if route.request.url.startswith(live + "/"):
            route.continue_()
        else:  # offline: nothing but the service itself answers
            elsewhere.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.route("**/*", only_the_service)
            page.goto(f"{live}/docs")
            expect(page.locator(".swagger-ui .info .title")).to_contain_text("awscompat service")
            expect(page.locator(".opblock").first).to_be_visible()  # the operations are listed
            page.goto(f"{live}/redoc")
            expect(page.locator("h1").first).to_contain_text("awscompat service")
            expect(page.get_by_text("Create Provider").first).to_be_attached()  # the operations are listed
        finally:
            browser.close()
    assert elsewhere == []
