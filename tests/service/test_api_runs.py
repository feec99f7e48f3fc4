"""Runs end to end against a real moto: queue, execute with the engine, ingest, rate, attest,
badge, compare; and the errors around them."""

from __future__ import annotations

import base64
import json
import os
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from service_helpers import ADMIN_H, HOSTS, fake_resolver, make_config, make_owner, wait_run

from awscompat.ratings import load_profile, score_run
from awscompat.service.app import create_app
from awscompat.service.core import Service

PROFILE = "s3-core-2026.11"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def rated(request, moto, tmp_path_factory):
    """A provider with a target on moto (allow-listed by address and port) and one finished run,
    shared by the tests of this module (they read it; the last ones add runs)."""
    tmp = tmp_path_factory.mktemp("rated")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'service.db'}"
    else:
        url = request.getfixturevalue("postgres").create_database(f"rated_{os.getpid()}")
    port = urlsplit(moto.url).port
    svc = Service(make_config(url, tmp / "data", allow_networks=[f"127.0.0.1:{port}"]), resolver=fake_resolver(HOSTS))
    with TestClient(create_app(svc), raise_server_exceptions=False) as client:
        owner = make_owner(client, "acme-owner")
        assert client.post("/api/v1/providers", json={"name": "acme"}, headers=owner).status_code == 201
        target = {"name": "main", "endpoint": moto.url, "profiles": [PROFILE],
                  "credentials": {"access_key_id": "testing", "secret_access_key": "testing-secret-value"}}
        r = client.post("/api/v1/providers/acme/targets", json=target, headers=owner)
        assert r.status_code == 201, r.text
        r = client.post("/api/v1/providers/acme/targets/main/runs", headers=owner)
        assert r.status_code == 202, r.text
        assert r.json()["status"] == "queued"
        run = wait_run(client, r.json()["id"])
        assert run["status"] == "finished", run
        yield client, owner, run


def test_a_run_is_executed_ingested_and_rated(rated) -> None:
    client, _owner, run = rated
    svc = client.app.state.svc
    assert run["results_count"] == run["total"] == sum(run["counts"].values()) > 100
    assert run["attempts"] == 1 and run["suite_digest"].startswith("sha256:")
    # the stored results are exactly those of the run folder the engine wrote
    from awscompat.service.models import Run

    with svc.db.read() as s:
        run_dir = s.get(Run, run["id"]).run_dir
    from pathlib import Path

    from awscompat.results.runfolder import iter_results

    folder = {r["id"]: r["outcome"] for r in iter_results(Path(run_dir))}
    page = client.get(f"/api/v1/runs/{run['id']}/results", params={"limit": 1000}).json()
    assert page["total"] == len(folder) and {r["case_id"]: r["outcome"] for r in page["items"]} == folder
    # the rating is the CLI's score of the same run folder
    ratings = client.get("/api/v1/providers/acme/ratings").json()
    assert len(ratings) == 1
    expected = score_run(load_profile(PROFILE), Path(run_dir))
    assert ratings[0]["score"] == expected.score and ratings[0]["grade"] == expected.grade
    assert ratings[0]["compliant"] == expected.compliant and ratings[0]["run_id"] == run["id"]


def test_results_features_and_failures(rated) -> None:
    client, _owner, run = rated
    rid = run["id"]
    failed = client.get(f"/api/v1/runs/{rid}/results", params={"outcome": "failed"}).json()
    assert failed["total"] == run["counts"]["fail"] + run["counts"]["unsupported"] + run["counts"]["error"]
    assert all(r["outcome"] in ("fail", "unsupported", "error") for r in failed["items"])
    # most important first, as every report lists them: required, then fail/unsupported/error, then id
    keys = [(r["severity"] != "required", {"fail": 0, "unsupported": 1}.get(r["outcome"], 2), r["case_id"])
            for r in failed["items"]]
    assert keys == sorted(keys) and len({k[0] for k in keys}) == 2, keys[:5]
    with_evidence = [r for r in failed["items"] if r["evidence"]]
    assert with_evidence and "request" in with_evidence[0]["evidence"]
    assert "testing-secret-value" not in json.dumps(failed)
    matrix = client.get(f"/api/v1/runs/{rid}/features").json()
    assert sum(sum(row["counts"].values()) for row in matrix) == run["total"]
    assert {row["feature"] for row in matrix} >= {"s3/buckets", "s3/objects"}
    one = matrix[0]["feature"]
    page = client.get(f"/api/v1/runs/{rid}/results", params={"feature": one, "limit": 2, "offset": 1}).json()
    assert page["limit"] == 2 and page["offset"] == 1 and len(page["items"]) <= 2
    assert all(r["feature"] == one for r in page["items"])
    runs = client.get("/api/v1/runs", params={"provider": "acme", "status": "finished"}).json()
    assert runs["total"] == 1 and runs["items"][0]["id"] == rid
    for bad in ({"limit": 0}, {"limit": 5000}, {"offset": -1}, {"outcome": "maybe"}):
        assert client.get(f"/api/v1/runs/{rid}/results", params=bad).status_code == 422, bad
    assert client.get("/api/v1/runs", params={"status": "done"}).status_code == 422
    assert client.get("/api/v1/runs/999999").status_code == 404
    assert client.get("/api/v1/runs/0").status_code == 422
    assert client.get("/api/v1/runs/abc").status_code == 422
    assert client.get("/api/v1/runs/999999/results").status_code == 404


def test_market_badges_and_cache(rated) -> None:
    client, _owner, run = rated
    market = client.get("/api/v1/market").json()
    assert market["profiles"] == [PROFILE]
    cell = market["rows"][0]["cells"][PROFILE]
    assert market["rows"][0]["provider"] == "acme" and cell["run_id"] == run["id"] and cell["trend"] == "new"
    svg = client.get(f"/badge/acme/{PROFILE}.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and f"{cell['grade']} " in svg.text
    assert "max-age=" in svg.headers["cache-control"] and svg.headers["etag"]
    again = client.get(f"/badge/acme/{PROFILE}.svg", headers={"If-None-Match": svg.headers["etag"]})
    assert again.status_code == 304
    shield = client.get(f"/badge/acme/{PROFILE}.json")
    assert shield.status_code == 200
    doc = shield.json()
    assert doc["schemaVersion"] == 1 and doc["label"] == PROFILE and doc["message"].startswith(cell["grade"])
    assert client.get("/badge/acme/sqs-core-2026.11.json").json()["message"] == "not rated"
    assert client.get(f"/badge/nobody/{PROFILE}.svg").status_code == 404
    assert client.get("/badge/acme/not-a-profile.svg").status_code == 422
    assert client.get("/api/v1/market", params={"sort": PROFILE, "order": "desc"}).status_code == 200
    assert client.get("/api/v1/market", params={"sort": "nonsense"}).status_code == 422


def test_attestation_signed_by_the_service_and_verified(rated) -> None:
    client, _owner, _run = rated
    keys = client.get("/.well-known/awscompat/keys").json()["keys"]
    assert len(keys) == 1 and keys[0]["alg"] == "Ed25519" and "BEGIN PUBLIC KEY" in keys[0]["public_key_pem"]
    env = client.get(f"/api/v1/providers/acme/attestations/{PROFILE}").json()
    assert env["signatures"][0]["keyid"] == keys[0]["keyid"]
    statement = json.loads(base64.b64decode(env["payload"]))
    assert statement["predicate"]["profile"]["name"] == PROFILE
    ok = client.post("/api/v1/verify", json={"envelope": env}).json()
    assert ok["valid"] is True and ok["keyid"] == keys[0]["keyid"] and PROFILE in ok["summary"]
    assert client.post("/api/v1/verify", json={"envelope": json.dumps(env)}).json()["valid"] is True
    # offline, with the published key: the command line's verifier agrees
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    from awscompat.ratings.attest import verify_envelope

    verify_envelope(json.dumps(env), load_pem_public_key(keys[0]["public_key_pem"].encode()))
    tampered = dict(env, payload=base64.b64encode(json.dumps({**statement, "subject": []}).encode()).decode())
    bad = client.post("/api/v1/verify", json={"envelope": tampered}).json()
    assert bad["valid"] is False and "signature" in bad["reason"]
    assert client.post("/api/v1/verify", json={"envelope": "{not json"}).json()["valid"] is False
    assert client.post("/api/v1/verify", json={"envelope": 42}).status_code == 422
    assert client.post("/api/v1/verify", json={}).status_code == 422
    assert client.get("/api/v1/providers/acme/attestations/sqs-core-2026.11").status_code == 404
    assert client.get("/api/v1/providers/nobody/attestations/s3-core-2026.11").status_code == 404


def test_compare_two_runs(rated) -> None:
    client, owner, first = rated
    r = client.post("/api/v1/providers/acme/targets/main/runs", json={"profiles": [PROFILE]}, headers=owner)
    second = wait_run(client, r.json()["id"])
    assert second["status"] == "finished"
    comp = client.get("/api/v1/compare", params={"base": first["id"], "new": second["id"]}).json()
    s = comp["summary"]
    assert s["base_cases"] == s["new_cases"] == first["total"]
    assert s["unchanged"] + s["regressions"] + s["fixes"] + s["other_changes"] == first["total"]
    assert client.get("/api/v1/compare", params={"base": first["id"], "new": 999999}).status_code == 404
    assert client.get("/api/v1/compare", params={"base": first["id"]}).status_code == 422
    market = client.get("/api/v1/market").json()
    assert market["rows"][0]["cells"][PROFILE]["trend"] in ("up", "down", "same")
    assert len(client.get("/api/v1/providers/acme/ratings", params={"profile": PROFILE}).json()) == 2


def test_run_permissions_and_cancel(make_client) -> None:
    client = make_client()
    client.app.state.svc.worker.stop()  # nothing picks queued runs up: they stay queued
    owner, other = make_owner(client, "acme-owner"), make_owner(client, "other")
    assert client.post("/api/v1/providers", json={"name": "acme"}, headers=owner).status_code == 201
    target = {"name": "main", "endpoint": "https://public.example", "profiles": [PROFILE]}
    assert client.post("/api/v1/providers/acme/targets", json=target, headers=owner).status_code == 201
    r = client.post("/api/v1/providers/acme/targets/main/runs", headers=owner)
    assert r.status_code == 422 and "no credentials" in r.json()["detail"]
    creds = {"credentials": {"access_key_id": "AKIA1", "secret_access_key": "x"}}
    assert client.patch("/api/v1/providers/acme/targets/main", json=creds, headers=owner).status_code == 200
    assert client.post("/api/v1/providers/acme/targets/main/runs").status_code == 401
    assert client.post("/api/v1/providers/acme/targets/main/runs", headers=other).status_code == 403
    assert client.post("/api/v1/providers/acme/targets/nope/runs", headers=owner).status_code == 404
    assert client.post("/api/v1/providers/acme/targets/main/runs", json={"profiles": ["bogus-2026.11"]},
                       headers=owner).status_code == 422
    assert client.post("/api/v1/providers/acme/targets/main/runs", json={"profiles": []},
                       headers=owner).status_code == 422
    queued = client.post("/api/v1/providers/acme/targets/main/runs", headers=owner).json()
    assert queued["status"] == "queued" and queued["profiles"] == [PROFILE]
    assert client.post(f"/api/v1/runs/{queued['id']}/cancel", headers=other).status_code == 403
    assert client.post(f"/api/v1/runs/{queued['id']}/cancel").status_code == 401
    assert client.post("/api/v1/runs/999999/cancel", headers=owner).status_code == 404
    r = client.post(f"/api/v1/runs/{queued['id']}/cancel", headers=ADMIN_H)
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    r = client.post(f"/api/v1/runs/{queued['id']}/cancel", headers=owner)
    assert r.status_code == 409 and "already cancelled" in r.json()["detail"]
    for _ in range(3):
        assert client.post("/api/v1/providers/acme/targets/main/runs", headers=owner).status_code == 202
    r = client.post("/api/v1/providers/acme/targets/main/runs", headers=owner)
    assert r.status_code == 409 and "queued or running" in r.json()["detail"]
    # a target or provider with runs waiting cannot be deleted under them
    r = client.delete("/api/v1/providers/acme/targets/main", headers=owner)
    assert r.status_code == 409 and "cancel it first" in r.json()["detail"]
    assert client.delete("/api/v1/providers/acme", headers=owner).status_code == 409


def test_the_guard_runs_again_when_a_run_starts(make_client, moto) -> None:
    """A target saved while its address was allow-listed is refused at run time once it is not."""
    port = urlsplit(moto.url).port
    client = make_client(allow_networks=[f"127.0.0.1:{port}"])
    client.post("/api/v1/providers", json={"name": "acme"}, headers=ADMIN_H)
    target = {"name": "main", "endpoint": moto.url, "profiles": [PROFILE],
              "credentials": {"access_key_id": "testing", "secret_access_key": "testing"}}
    assert client.post("/api/v1/providers/acme/targets", json=target, headers=ADMIN_H).status_code == 201
    client.app.state.svc.allow = []  # the operator removed the entry
    run = client.post("/api/v1/providers/acme/targets/main/runs", headers=ADMIN_H).json()
    run = wait_run(client, run["id"], timeout=60)
    assert run["status"] == "failed" and "loopback" in run["error"] and run["results_count"] == 0
