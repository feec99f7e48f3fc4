"""Fixtures of the service tests: a real PostgreSQL (Debian's packages, started on loopback in a
temporary data directory and stopped at the end), the database URL for each backend, a moto
server, and a Service with a test client. API tests run on both SQLite and PostgreSQL."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from service_helpers import HOSTS, fake_resolver, make_config
from sqlalchemy import create_engine, text

from awscompat.engine.embedded import ServerProcess, free_port, start_moto
from awscompat.service.app import create_app
from awscompat.service.core import Service

INSTALL_HINT = "run `bash scripts/install-system.sh` (installs Debian's postgresql)"


# -- PostgreSQL -----------------------------------------------------------------------------
def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    path = found[-1] if found else shutil.which(name)
    if not path:
        pytest.fail(f"PostgreSQL's {name} is not installed; {INSTALL_HINT}", pytrace=False)
    return path


class Postgres:
    """initdb + pg_ctl in a temporary directory, listening on 127.0.0.1 only, as a non-root
    user (postgres refuses to run as root)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="awscompat-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.user = "awscompat"
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail("running as root and there is no `postgres` user to run PostgreSQL as; " + INSTALL_HINT)
            shutil.chown(self.dir, "postgres")
            self.run_as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *argv: str, timeout: float = 60) -> None:
        done = subprocess.run([*self.run_as, *argv], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            pytest.fail(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}", pytrace=False)

    def start(self) -> Postgres:
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust", "-E", "UTF8",
                  "--no-sync", timeout=120)
        opts = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off -c full_page_writes=off -c max_connections=200"
        self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.dir / "log"), "-w", "-t", "60",
                  "start", timeout=90)
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.run_as, _pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{db}"

    def create_database(self, name: str) -> str:
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    pg = Postgres()
    try:
        yield pg.start()
    finally:
        pg.stop()


@pytest.fixture(scope="session")
def shared_pg(postgres: Postgres) -> Iterator[tuple[str, object]]:
    """One migrated PostgreSQL database for the API tests, emptied before each (TRUNCATE is much
    cheaper than a database per test)."""
    from awscompat.service.db import Database

    url = postgres.create_database(f"svc_{os.getpid()}")
    db = Database(url)
    db.migrate()
    db.dispose()
    engine = create_engine(url)
    yield url, engine
    engine.dispose()


def _empty(engine) -> None:
    from awscompat.service.models import Base

    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'service.db'}"
    url, engine = request.getfixturevalue("shared_pg")
    _empty(engine)
    return url


# -- servers --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_moto(log=tmp_path_factory.mktemp("moto") / "moto.log")
    try:
        yield server
    finally:
        server.stop()


# -- the service ----------------------------------------------------------------------------
@pytest.fixture
def make_client(db_url: str, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """make_client(**config overrides) -> a started TestClient (worker pool running)."""
    clients: list[TestClient] = []

    def make(**overrides) -> TestClient:
        cfg = make_config(db_url, tmp_path / f"data{len(clients)}", **overrides)
        svc = Service(cfg, resolver=fake_resolver(HOSTS))
        client = TestClient(create_app(svc), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in reversed(clients):
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


