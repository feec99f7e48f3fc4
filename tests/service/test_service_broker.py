"""The service with a broker (issue 17): a run queued through the API is executed as shards by a
real `awscompat worker` (redis-server as the broker), its results stored in PostgreSQL once
each, and the rating is made when it completes."""

from __future__ import annotations

import os
from collections import Counter
from urllib.parse import urlsplit

from fastapi.testclient import TestClient
from service_helpers import HOSTS, fake_resolver, make_config, make_owner, wait_run
from sqlalchemy import create_engine, text

from awscompat.service.app import create_app
from awscompat.service.core import Service
from brokers import RedisServer, Worker

PROFILE = "sqs-core-2026.11"


def test_service_runs_become_shards_on_the_broker(postgres, moto, tmp_path, monkeypatch) -> None:
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    monkeypatch.setenv("AWSCOMPAT_SECRET_KEY", key)
    broker = RedisServer(tmp_path / "redis").start()
    worker = Worker(broker.url, tmp_path / "w", {**os.environ, "AWSCOMPAT_SECRET_KEY": key}, visibility=30)
    try:
        worker.wait_ready()
        url = postgres.create_database(f"broker_{os.getpid()}")
        port = urlsplit(moto.url).port
        cfg = make_config(url, tmp_path / "data", allow_networks=[f"127.0.0.1:{port}"], broker=broker.url,
                          broker_visibility_timeout=30.0)
        svc = Service(cfg, resolver=fake_resolver(HOSTS))
        with TestClient(create_app(svc), raise_server_exceptions=False) as client:
            owner = make_owner(client, "acme-owner")
            assert client.post("/api/v1/providers", json={"name": "acme"}, headers=owner).status_code == 201
            target = {"name": "main", "endpoint": moto.url, "profiles": [PROFILE],
                      "credentials": {"access_key_id": "testing", "secret_access_key": "testing-secret-value"}}
            assert client.post("/api/v1/providers/acme/targets", json=target, headers=owner).status_code == 201
            r = client.post("/api/v1/providers/acme/targets/main/runs", headers=owner)
            assert r.status_code == 202, r.text
            run = wait_run(client, r.json()["id"], timeout=240)
            assert run["status"] == "finished", run
            engine = create_engine(url)
            with engine.connect() as conn:
                ids = [row[0] for row in conn.execute(text("SELECT case_id FROM results WHERE run_id = :r"),
                                                      {"r": run["id"]})]
                ratings = conn.execute(text("SELECT count(*) FROM ratings WHERE run_id = :r"), {"r": run["id"]}).scalar()
                engine_run = conn.execute(text("SELECT engine_run_id FROM runs WHERE id = :r"), {"r": run["id"]}).scalar()
            engine.dispose()
            assert ids and max(Counter(ids).values()) == 1 and len(ids) == run["total"]
            assert ratings == 1  # rated when the shards completed
            recorded = broker.client().hvals(f"awscompat:run:{engine_run}:by")
            assert len(recorded) == len(ids) and all(tok.startswith(worker.token_prefix) for tok in recorded)
    finally:
        worker.stop()
        broker.stop()
