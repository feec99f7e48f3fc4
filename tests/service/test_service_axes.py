"""Methodology v2 in the service (docs/methodology.md): a rating carries its provider class, its axes
and its completeness; the provider page, the run page, the market table and the API show them; a
result that is `not rated` shows no score, no compliant mark, no attestation and a grey badge.

Real runs through the service's worker pool on SQLite: an emulator target on a real moto server
(s3-core-2027.01), and a cloud target on a server that answers every request with a 307 redirect."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from service_helpers import HOSTS, fake_resolver, make_config, make_owner, wait_run

from awscompat.ratings import load_profile, score_run
from awscompat.service.app import create_app
from awscompat.service.core import Service
from awscompat.service.models import Run

PROFILE = "s3-core-2027.01"
AXES = {"behaviour", "errors", "routing", "authentication", "confidence"}


@contextmanager
def redirecting() -> Iterator[str]:
    """A real loopback HTTP server answering every request with a 307 redirect (to a closed port)."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def service(moto, tmp_path_factory) -> Iterator[tuple[TestClient, dict]]:
    tmp = tmp_path_factory.mktemp("axes")
    with redirecting() as down:
        allow = [f"127.0.0.1:{urlsplit(moto.url).port}", f"127.0.0.1:{urlsplit(down).port}"]
        svc = Service(make_config(f"sqlite:///{tmp / 'service.db'}", tmp / "data", allow_networks=allow),
                      resolver=fake_resolver(HOSTS))
        with TestClient(create_app(svc), raise_server_exceptions=False) as client:
            owner = make_owner(client, "axes-owner")
            runs = {}
            for name, endpoint, klass in (("emu", moto.url, "emulator"), ("down", down, "cloud")):
                assert client.post("/api/v1/providers", json={"name": name}, headers=owner).status_code == 201
                target = {"name": "main", "endpoint": endpoint, "profiles": [PROFILE], "class": klass,
                          "credentials": {"access_key_id": "testing", "secret_access_key": "testing-secret-value"}}
                r = client.post(f"/api/v1/providers/{name}/targets", json=target, headers=owner)
                assert r.status_code == 201, r.text
                r = client.post(f"/api/v1/providers/{name}/targets/main/runs", headers=owner)
                assert r.status_code == 202, r.text
                runs[name] = r.json()["id"]
            for name, run_id in runs.items():
                run = wait_run(client, run_id, timeout=300)
                assert run["status"] == "finished", (name, run)
            yield client, runs


def test_a_rating_carries_class_axes_and_completeness_as_the_cli_scores_them(service) -> None:
    client, runs = service
    [rating] = client.get("/api/v1/providers/emu/ratings").json()
    with client.app.state.svc.db.read() as s:
        run_dir = s.get(Run, runs["emu"]).run_dir
    expected = score_run(load_profile(PROFILE), Path(run_dir), klass="emulator")
    assert expected.rated  # moto answers: the profile is judged
    assert rating["class"] == "emulator" and rating["grade"] == expected.grade and rating["score"] == expected.score
    assert rating["axes"] == expected.axes and set(rating["axes"]) == AXES
    assert rating["completeness"] == expected.completeness >= 0.95


def test_the_provider_page_shows_the_axes_and_the_class(service) -> None:
    client, _ = service
    page = client.get("/providers/emu").text
    [rating] = client.get("/api/v1/providers/emu/ratings").json()
    row = page[page.index(f'<tr data-profile="{PROFILE}"'):page.index("</tr>", page.index(f'data-profile="{PROFILE}"'))]
    assert "<td>emulator</td>" in row and f">{rating['grade']}</span>" in row and f"{rating['score']:.2f}" in row
    for axis, value in rating["axes"].items():
        shown = "—" if value is None else f"{value:.0f}"
        assert f'<dd data-axis="{axis}">{shown}' in row, (axis, row)
    assert "(not graded)" in row  # an emulator's authentication axis is outside its grade


def test_not_rated_shows_no_score_no_mark_no_attestation_and_a_grey_badge(service) -> None:
    client, runs = service
    [rating] = client.get("/api/v1/providers/down/ratings").json()
    assert rating["grade"] == "not rated" and rating["score"] is None and not rating["compliant"]
    assert rating["class"] == "cloud" and rating["completeness"] < 0.95
    assert rating["reasons"][0].startswith("not rated") and rating["attestation"] is None
    assert client.get(f"/api/v1/providers/down/attestations/{PROFILE}").status_code == 404
    badge = client.get(f"/badge/down/{PROFILE}.json").json()
    assert badge["message"] == "not rated" and badge["color"] == "lightgrey"
    page = client.get("/providers/down").text
    row = page[page.index(f'<tr data-profile="{PROFILE}"'):page.index("</tr>", page.index(f'data-profile="{PROFILE}"'))]
    assert 'data-grade="not rated"' in row and "g-not-rated" in row and "judged (needs 95%)" in row
    assert "yes ✓" not in row and "no ✗" not in row and "envelope" not in row
    assert rating["reasons"][0] in page.replace("&#39;", "'")  # the reason is stated
    run_page = client.get(f"/runs/{runs['down']}").text
    assert "not rated</span>" in run_page and "(no score)" in run_page


def test_the_market_shows_not_rated_apart_and_the_axes_of_a_grade(service) -> None:
    client, _ = service
    market = client.get("/api/v1/market").json()
    cells = {row["provider"]: row["cells"][PROFILE] for row in market["rows"]}
    assert cells["down"]["grade"] == "not rated" and cells["down"]["score"] is None
    assert cells["down"]["trend"] == "none" and cells["down"]["class"] == "cloud"
    assert cells["emu"]["class"] == "emulator" and set(cells["emu"]["axes"]) == AXES
    # sorted by the profile's score, a result that is not rated comes last in either order
    for order in ("asc", "desc"):
        rows = client.get("/api/v1/market", params={"sort": PROFILE, "order": order}).json()["rows"]
        assert [r["provider"] for r in rows][-1] == "down"
    table = client.get("/fragments/market").text
    down = table[table.index('data-provider="down"'):]
    assert 'class="cell unrated"' in down[:down.index("</tr>")] and "g-not-rated" in down[:down.index("</tr>")]
    emu = table[table.index('data-provider="emu"'):]
    assert 'data-class="emulator"' in emu[:emu.index("</tr>")] and 'data-axis="behaviour"' in emu[:emu.index("</tr>")]
