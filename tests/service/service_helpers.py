"""Helpers of the service tests (imported by conftest.py and the tests)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from awscompat.service.config import ServiceConfig

ADMIN = "acs_test-admin-token-0123456789abcdef"
SECRET_KEY = Fernet.generate_key().decode()


def fake_resolver(table: dict[str, list[str]]) -> Callable:
    """A getaddrinfo stand-in: host -> addresses (and IP literals as themselves)."""
    def resolve(host, port, family=0, type_=0, *args):
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in table[host]]

    return resolve


HOSTS = {
    "public.example": ["93.184.216.34"],
    "mixed.example": ["93.184.216.34", "10.0.0.7"],
    "metadata.example": ["169.254.169.254"],
    "internal.example": ["192.168.1.20"],
    "v6loop.example": ["::1"],
    "localhost": ["127.0.0.1"],
}


def make_config(db_url: str, data_dir: Path, **overrides) -> ServiceConfig:
    cfg = ServiceConfig(db_url=db_url, data_dir=data_dir, secret_keys=[SECRET_KEY], allow_networks=["127.0.0.1/32"],
                        workers=2, concurrency=16, rerate_interval=0, stale_after=5, poll_interval=0.1,
                        admin_token=ADMIN)
    for key, value in overrides.items():
        setattr(cfg, key, value)
    return cfg


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ADMIN_H = auth(ADMIN)


def make_owner(client: TestClient, name: str) -> dict[str, str]:
    r = client.post("/api/v1/accounts", json={"name": name, "role": "owner"}, headers=ADMIN_H)
    assert r.status_code == 201, r.text
    return auth(r.json()["token"])


def wait_run(client: TestClient, run_id: int, timeout: float = 120, until=("finished", "failed", "cancelled")) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = client.get(f"/api/v1/runs/{run_id}").json()
        if run["status"] in until:
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"run {run_id} still {run['status']} after {timeout}s: {run}")
        time.sleep(0.2)


ADMIN_H = auth(ADMIN)
