"""The web UI in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright): log in,
register a provider, add a target, start a run, watch the market table update by itself, fetch
the badge."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from service_helpers import ADMIN_H, make_config

from awscompat.engine.embedded import free_port
from awscompat.service.app import create_app
from awscompat.service.core import Service

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PROFILE = "s3-core-2026.11"


def chromium_path() -> str:
    found = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if not found:
        pytest.fail("chromium is not installed (no /usr/bin/chromium): run `bash scripts/install-system.sh`",
                    pytrace=False)
    return found


@pytest.fixture
def live(tmp_path: Path, moto) -> Iterator[str]:
    """The service on a loopback port (uvicorn in a thread), moto allow-listed."""
    cfg = make_config(f"sqlite:///{tmp_path / 'service.db'}", tmp_path / "data",
                      allow_networks=[f"127.0.0.1:{urlsplit(moto.url).port}"])
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


def test_register_run_watch_market_and_badge(live: str, moto, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    owner = httpx.post(f"{live}/api/v1/accounts", json={"name": "acme-owner"}, headers=ADMIN_H).json()["token"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            page.goto(f"{live}/login")
            page.get_by_label("API token").fill(owner)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("heading", name="acme-owner")).to_be_visible()

            page.get_by_label("Name", exact=False).first.fill("acme")
            page.get_by_label("Display name").fill("Acme Cloud")
            page.get_by_label("Homepage").fill("https://acme.example")
            page.get_by_role("button", name="Register provider").click()
            expect(page.get_by_role("heading", name="Acme Cloud", level=1)).to_be_visible()

            page.get_by_label("Target name").fill("main")
            page.get_by_label("Endpoint URL").fill(moto.url)
            page.get_by_label("Profiles (comma-separated)").fill(PROFILE)
            page.get_by_label("Access key id").fill("testing")
            page.get_by_label("Secret access key").fill("browser-secret")
            page.get_by_role("button", name="Add target").click()
            expect(page.get_by_role("button", name="Run main now")).to_be_visible()
            assert "browser-secret" not in page.content()

            page.get_by_role("button", name="Run main now").click()
            expect(page.get_by_role("heading", name="Run #1")).to_be_visible()

            market = browser.new_page()
            market.goto(f"{live}/")
            row = market.locator('tr[data-provider="acme"]')
            expect(row).to_be_visible()
            assert row.locator("td[data-grade]").count() == 0  # not rated yet
            market.evaluate("window.__notReloaded = true")
            cell = row.locator("td[data-grade]")
            expect(cell).to_have_count(1, timeout=180_000)  # the table refreshes itself when the run is rated
            assert market.evaluate("window.__notReloaded") is True
            grade = cell.get_attribute("data-grade")
            expect(market.get_by_role("status")).to_contain_text("Market table updated")
            market.screenshot(path=str(tmp_path / "market.png"), full_page=True)

            # sorting by the profile's score is a link (works without script)
            market.get_by_role("link", name=PROFILE).click()
            expect(market.locator("table#market")).to_have_attribute("data-sort", PROFILE)

            badge = market.request.get(f"{live}/badge/acme/{PROFILE}.svg")
            assert badge.ok and badge.headers["content-type"].startswith("image/svg+xml")
            assert f">{grade} " in badge.text()
            shield = market.request.get(f"{live}/badge/acme/{PROFILE}.json").json()
            assert shield["schemaVersion"] == 1 and shield["message"].startswith(grade)

            page.goto(f"{live}/providers/acme")
            img = page.locator(f'img[src="/badge/acme/{PROFILE}.svg"]')
            expect(img).to_be_visible()
            assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", img.element_handle())
        finally:
            browser.close()
