"""The database: engine, sessions and migrations, for SQLite (default) and PostgreSQL.

An SQLite file is created 0600 (its -wal and -shm files take its mode).

SQLite runs in WAL mode with synchronous=NORMAL. Its write transactions begin IMMEDIATE (and
writers in this process take a lock first), so a writer never fails upgrading a read snapshot;
read sessions begin deferred and never wait for writers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def _private_file(path: Path) -> None:
    """Make the SQLite file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the
    database file's mode), and tighten an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import os

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for extra in ("", "-wal", "-shm"):
        target = path.with_name(path.name + extra)
        if target.exists():
            os.chmod(target, 0o600)


class Database:
    def __init__(self, url: str, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            db = parsed.database
            if db and db != ":memory:" and not db.startswith("file:"):
                _private_file(Path(db))
            self.engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30},
                                        pool_size=20, max_overflow=20)
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)
        self._write_engine = self.engine.execution_options(awscompat_write=True)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self._write_engine, expire_on_commit=False)
        self._lock = threading.RLock() if self.is_sqlite else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block (rolls back on error)."""
        if self._lock is not None:
            with self._lock, self._writer() as session, session.begin():
                yield session
        else:
            with self._writer() as session, session.begin():
                yield session

    @contextmanager
    def write_connection(self):
        """A Core connection in a write transaction, for bulk inserts."""
        if self._lock is not None:
            with self._lock, self._write_engine.begin() as conn:
                yield conn
        else:
            with self._write_engine.begin() as conn:
                yield conn

    def migrate(self) -> None:
        """Bring the schema to the newest migration (a new database gets every table)."""
        from alembic import command

        with self.write_connection() as conn:
            command.upgrade(alembic_config(conn), "head")

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun by _sqlite_begin
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000",
                   "temp_store=MEMORY", "cache_size=-65536"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _sqlite_begin(conn) -> None:
    write = conn.get_execution_options().get("awscompat_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def new_database(url: str) -> Database:
    db = Database(url)
    db.migrate()
    return db


__all__ = ["Database", "Engine", "alembic_config", "new_database"]
