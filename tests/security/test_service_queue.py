"""Finding 2, service part: a provider that stalls cannot hold the service. Real stalling
targets (a loopback server that answers one byte every half second, forever): one owner's runs
cannot take every worker slot while another owner's run waits, and cancel stops a run stuck in
the middle of a request."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from trickle import trickle_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))
from service_helpers import make_config, make_owner, wait_run  # noqa: E402

from awscompat.service.app import create_app  # noqa: E402
from awscompat.service.core import Service  # noqa: E402

PROFILE = "s3-core-2026.11"


@pytest.fixture
def slow():
    with trickle_server(0.5) as server:
        yield server


def _queue(client: TestClient, owner: dict, provider: str, target: str, url: str) -> int:
    if client.get(f"/api/v1/providers/{provider}").status_code == 404:
        assert client.post("/api/v1/providers", json={"name": provider}, headers=owner).status_code == 201
    body = {"name": target, "endpoint": url, "profiles": [PROFILE],
            "credentials": {"access_key_id": "testing", "secret_access_key": "testing-secret"}}
    r = client.post(f"/api/v1/providers/{provider}/targets", json=body, headers=owner)
    assert r.status_code == 201, r.text
    r = client.post(f"/api/v1/providers/{provider}/targets/{target}/runs", headers=owner)
    assert r.status_code == 202, r.text
    return r.json()["id"]


def test_fair_queue_and_prompt_cancel_with_stalling_targets(slow, tmp_path) -> None:
    # a per-read timeout far longer than the test: only an abort can end a request on this server
    cfg = make_config(f"sqlite:///{tmp_path / 'service.db'}", tmp_path / "data", workers=2, case_timeout=600,
                      poll_interval=0.1)
    with TestClient(create_app(Service(cfg)), raise_server_exceptions=False) as client:
        alice, bob = make_owner(client, "alice"), make_owner(client, "bob")
        a1 = _queue(client, alice, "slow-a", "one", slow.url)
        a2 = _queue(client, alice, "slow-a", "two", slow.url)
        b1 = _queue(client, bob, "slow-b", "one", slow.url)
        # bob's run gets a slot although alice queued two stalling runs before it
        assert wait_run(client, b1, timeout=60, until=("running",))["status"] == "running"
        assert wait_run(client, a1, timeout=60, until=("running",))["status"] == "running"
        assert client.get(f"/api/v1/runs/{a2}").json()["status"] == "queued"
        deadline = time.monotonic() + 60
        while slow.connections < 2 and time.monotonic() < deadline:  # both runs blocked on the stalling server
            time.sleep(0.1)
        assert slow.connections >= 2
        time.sleep(1.5)  # a few bytes dripped: the requests are mid-answer
        assert client.get(f"/api/v1/runs/{a2}").json()["status"] == "queued"

        # cancel cuts the stalled requests off: both runs end, within seconds rather than never
        for run_id, who in ((a1, alice), (b1, bob)):
            assert client.post(f"/api/v1/runs/{run_id}/cancel", headers=who).status_code == 200
        for run_id in (a1, b1):
            assert wait_run(client, run_id, timeout=30)["status"] == "cancelled"
        # the freed slot goes to alice's queued run, which is cancelled in turn
        assert wait_run(client, a2, timeout=60, until=("running",))["status"] == "running"
        assert client.post(f"/api/v1/runs/{a2}/cancel", headers=alice).status_code == 200
        assert wait_run(client, a2, timeout=30)["status"] == "cancelled"


def test_cancel_through_another_service_process_acts_within_seconds(slow, tmp_path) -> None:
    """Two service processes share a database; the run executes in the first, the cancel comes
    through the second. The first sees it at its next cancel poll, not at its next heartbeat
    (stale_after / 4 = 30 s here), and cuts the stalled request off."""
    url = f"sqlite:///{tmp_path / 'service.db'}"
    runner_cfg = make_config(url, tmp_path / "data", case_timeout=600, stale_after=120)
    with TestClient(create_app(Service(runner_cfg)), raise_server_exceptions=False) as client:
        alice = make_owner(client, "alice")
        run_id = _queue(client, alice, "slow-a", "one", slow.url)
        assert wait_run(client, run_id, timeout=60, until=("running",))["status"] == "running"
        deadline = time.monotonic() + 60
        while slow.connections < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        other = Service(make_config(url, tmp_path / "data", stale_after=120))  # no worker pool started
        try:
            api = TestClient(create_app(other, manage_lifecycle=False), raise_server_exceptions=False)
            assert api.post(f"/api/v1/runs/{run_id}/cancel", headers=alice).status_code == 200
        finally:
            other.stop()
        assert wait_run(client, run_id, timeout=20)["status"] == "cancelled"
