"""Results into the database in bulk, as the engine produces them.

The engine's events go to a `DbIngestReporter`: each CaseFinished becomes a row in a buffer;
the buffer is written with one executemany per batch (a Core insert with a list of rows), and
the run's progress (results_count) is updated in the same transaction. The run only becomes
`finished` after the last batch is in and the stored count matches what the engine produced
(worker.py), so a run is never shown finished with missing results.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable

from sqlalchemy import update

from awscompat.engine.events import CaseFinished, Event, RunFinished, RunStarted
from awscompat.results.outcome import CaseResult
from awscompat.service.db import Database
from awscompat.service.models import Run

BATCH = 10000
FLUSH_SECONDS = 1.0
WITH_EVIDENCE = ("fail", "unsupported", "error")
MESSAGE_CHARS = 4000


COLUMNS = ("run_id", "case_id", "outcome", "duration_ms", "service", "feature", "severity", "family", "revision",
           "message", "evidence")


def row_of(run_id: int, r: CaseResult | dict) -> tuple:
    """A results row (in COLUMNS order) from a CaseResult or a results.jsonl record."""
    if isinstance(r, dict):
        outcome, evidence, message = r.get("outcome"), r.get("evidence"), r.get("message") or ""
        return (run_id, r.get("id"), outcome, float(r.get("duration_ms") or 0.0), r.get("service") or "",
                r.get("feature") or "", r.get("severity") or "required", r.get("family") or "",
                int(r.get("revision") or 1), message[:MESSAGE_CHARS],
                json.dumps(evidence, default=str) if evidence and outcome in WITH_EVIDENCE else None)
    outcome, evidence = str(r.outcome), r.evidence  # an Outcome is stored as its plain string
    return (run_id, r.id, outcome, float(r.duration_ms), r.service, r.feature or "", r.severity, r.family,
            r.revision, r.message[:MESSAGE_CHARS] if r.message else "",
            json.dumps(evidence, default=str) if evidence and outcome in WITH_EVIDENCE else None)


def insert_sql(dialect_paramstyle: str) -> str:
    mark = "?" if dialect_paramstyle == "qmark" else "%s"
    return f"INSERT INTO results ({', '.join(COLUMNS)}) VALUES ({', '.join([mark] * len(COLUMNS))})"


class Ingester:
    """Buffers result rows and writes them in batches: one executemany each on the driver's own
    cursor (SQLAlchemy's per-row parameter processing would cost more than the insert), or one
    COPY on PostgreSQL."""

    def __init__(self, db: Database, run_id: int, batch: int = BATCH, flush_seconds: float = FLUSH_SECONDS,
                 on_flush: Callable[[int], None] | None = None) -> None:
        self.db = db
        self.run_id = run_id
        self.batch = batch
        self.flush_seconds = flush_seconds
        self.on_flush = on_flush
        self.buffer: list[tuple] = []
        self.written = 0
        self._last = time.monotonic()
        self._sql = insert_sql(db.engine.dialect.paramstyle)
        # PostgreSQL with psycopg: COPY, several times faster than an executemany of INSERTs
        self._copy = (f"COPY results ({', '.join(COLUMNS)}) FROM STDIN"
                      if db.engine.dialect.name == "postgresql" and db.engine.dialect.driver == "psycopg" else None)

    def add(self, r: CaseResult | dict) -> None:
        self.buffer.append(row_of(self.run_id, r))
        if len(self.buffer) >= self.batch or time.monotonic() - self._last >= self.flush_seconds:
            self.flush()

    def add_many(self, results: Iterable[CaseResult | dict]) -> None:
        for r in results:
            self.add(r)

    def flush(self) -> None:
        self._last = time.monotonic()
        if not self.buffer:
            return
        rows, self.buffer = self.buffer, []
        with self.db.write_connection() as conn:
            if self._copy:
                with conn.connection.cursor() as cur, cur.copy(self._copy) as copy:  # type: ignore[attr-defined]
                    for row in rows:
                        copy.write_row(row)
            else:
                conn.exec_driver_sql(self._sql, rows)
            self.written += len(rows)
            conn.execute(update(Run).where(Run.id == self.run_id).values(results_count=self.written))
        if self.on_flush is not None:
            self.on_flush(self.written)


class DbIngestReporter:
    """An engine reporter (events.Reporter) that streams a run's results into the database."""

    def __init__(self, ingester: Ingester) -> None:
        self.ingester = ingester
        self.emitted = 0
        self.started: RunStarted | None = None
        self.finished: RunFinished | None = None

    def handle(self, event: Event) -> None:
        if isinstance(event, CaseFinished):
            self.emitted += 1
            self.ingester.add(event.result)
        elif isinstance(event, RunStarted):
            self.started = event
            with self.ingester.db.write() as s:
                s.execute(update(Run).where(Run.id == self.ingester.run_id).values(
                    engine_run_id=event.run_id, suite_digest=event.digest, total=event.total,
                    target_descriptor=event.target))
        elif isinstance(event, RunFinished):
            self.finished = event
            self.ingester.flush()
