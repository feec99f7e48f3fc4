"""The server-rendered pages and forms (without a browser): content, escaping, CSRF, errors."""

from __future__ import annotations

import re

import pytest
from service_helpers import ADMIN, ADMIN_H, make_owner

from awscompat.service.web.common import COOKIE


@pytest.fixture
def db_url(tmp_path) -> str:
    """The pages do not depend on the database kind: SQLite only (the API tests cover both)."""
    return f"sqlite:///{tmp_path / 'service.db'}"


def login(client, token: str) -> str:
    r = client.post("/login", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account"
    page = client.get("/account")
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)


def test_pages_render_for_anonymous_visitors(client) -> None:
    for path in ("/", "/providers", "/compare", "/verify", "/login", "/fragments/market", "/docs", "/openapi.json"):
        r = client.get(path)
        assert r.status_code == 200, path
    page = client.get("/")
    assert '<table id="market"' in page.text and "No provider is registered yet." in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    assert '<html lang="en">' in page.text and 'href="#main"' in page.text
    assert client.get("/static/service.css").status_code == 200 and client.get("/static/service.js").status_code == 200
    assert client.get("/account", follow_redirects=False).headers["location"] == "/login"


def test_errors_are_pages_with_status(client) -> None:
    r = client.get("/providers/nobody")
    assert r.status_code == 404 and "no provider named" in r.text and "<h1>Not found</h1>" in r.text
    assert client.get("/runs/999").status_code == 404
    assert client.get("/runs/0").status_code == 422
    assert client.get("/?sort=<script>").status_code == 422
    assert client.get("/compare?base=1&new=2").status_code == 404
    assert client.get("/no/such/page").status_code == 404


def test_login_register_provider_and_target_through_forms(client) -> None:
    owner = make_owner(client, "acme-owner")
    r = client.post("/login", data={"token": "acs_wrong-token-wrong-token-wrong"})
    assert r.status_code == 401 and "unknown or revoked" in r.text
    csrf = login(client, owner["Authorization"].split()[1])
    assert client.cookies.get(COOKIE) != owner["Authorization"].split()[1]  # a separate session token
    # without the CSRF token, or from another site, nothing happens
    assert client.post("/providers", data={"name": "acme"}).status_code == 403
    r = client.post("/providers", data={"name": "acme", "csrf": csrf}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403
    r = client.post("/providers", data={"name": "Bad Name!", "csrf": csrf})
    assert r.status_code == 422 and "The provider was not registered" in r.text and "Bad Name!" in r.text
    r = client.post("/providers", data={"name": "acme", "title": "<b>Acme</b>", "homepage": "https://acme.example",
                                        "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/providers/acme"
    page = client.get("/providers/acme")
    assert "&lt;b&gt;Acme&lt;/b&gt;" in page.text and "<b>Acme</b>" not in page.text  # escaped
    assert "Add a target" in page.text
    r = client.post("/providers/acme/targets", data={"target_name": "main", "endpoint": "http://10.0.0.1",
                                                     "profiles": "s3-core-2026.11", "csrf": csrf})
    assert r.status_code == 422 and "private address" in r.text
    r = client.post("/providers/acme/targets", data={"target_name": "main", "endpoint": "https://public.example",
                                                     "profiles": "s3-core-2026.11", "access_key_id": "AKIAFORM",
                                                     "secret_access_key": "form-secret", "csrf": csrf},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get("/providers/acme")
    assert "public.example" in page.text and "form-secret" not in page.text and "Run now" in page.text
    assert client.post("/providers", data={"name": "acme", "csrf": csrf}).status_code == 409
    # logging out revokes the session token
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert "Log in" in client.get("/").text
    client.cookies.clear()
    assert client.post("/providers", data={"name": "other"}).status_code == 401


def test_other_owners_see_no_management_forms(client) -> None:
    a, _b = make_owner(client, "a"), make_owner(client, "b")
    client.post("/api/v1/providers", json={"name": "acme"}, headers=a)
    client.post("/api/v1/providers/acme/targets", headers=a, json={
        "name": "main", "endpoint": "https://public.example", "profiles": ["s3-core-2026.11"],
        "credentials": {"access_key_id": "AKIA1", "secret_access_key": "x"}})
    csrf = login(client, _b["Authorization"].split()[1])
    page = client.get("/providers/acme")
    assert "Add a target" not in page.text and "Run now" not in page.text
    r = client.post("/providers/acme/targets/main/runs", data={"csrf": csrf})
    assert r.status_code == 403 and "owner" in r.text


def test_verify_page(client) -> None:
    r = client.post("/verify", data={"envelope": '{"payloadType": "x"}'})
    assert r.status_code == 422 and "Not valid" in r.text
    assert "BEGIN PUBLIC KEY" in client.get("/verify").text


def test_admin_session_can_start_a_run_form(client) -> None:
    client.post("/api/v1/providers", json={"name": "acme"}, headers=ADMIN_H)
    client.post("/api/v1/providers/acme/targets", headers=ADMIN_H, json={
        "name": "main", "endpoint": "https://public.example", "profiles": ["s3-core-2026.11"],
        "credentials": {"access_key_id": "AKIA1", "secret_access_key": "x"}})
    client.app.state.svc.worker.stop()
    csrf = login(client, ADMIN)
    r = client.post("/providers/acme/targets/main/runs", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    run_page = client.get(r.headers["location"])
    assert run_page.status_code == 200 and "queued" in run_page.text and "Cancel this run" in run_page.text
    run_id = r.headers["location"].rsplit("/", 1)[1]
    r = client.post(f"/runs/{run_id}/cancel", data={"csrf": csrf}, follow_redirects=True)
    assert r.status_code == 200 and "cancelled" in r.text
