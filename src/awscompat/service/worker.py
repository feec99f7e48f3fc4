"""The in-process worker pool: runs are a queue in the database (status `queued`), claimed by
workers of any service process, executed with the engine, ingested, then rated.

    queued -> running -> finished | failed | cancelled

The queue is fair per owner (claim_next): round-robin over owners, each capped at
`owner_cap` running runs, so one owner's runs cannot hold every slot. Cancel acts at once: the
runner stops starting cases and cuts off the requests in flight (engine/connguard.py), so a
target that trickles or hangs cannot hold a slot after a cancel.

A running run carries the claiming process's id and a heartbeat. A run whose heartbeat is
older than `stale_after` (its process died) is orphaned: recovery deletes its partial results
and queues it again while it has attempts left, and marks it failed otherwise. A run is marked
finished only once every result the engine produced is stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, text, update

from awscompat.engine.runner import Runner, RunOptions
from awscompat.service.execution import ExecutionError, run_engine, selection_for, sweep_leftovers
from awscompat.service.ingest import DbIngestReporter, Ingester
from awscompat.service.models import Provider, Result, Run, Target, utcnow
from awscompat.service.rating import compute_ratings, store_ratings

if TYPE_CHECKING:
    from awscompat.service.state import ServiceState

log = logging.getLogger("awscompat.service")
CANCEL_POLL = 1.0  # seconds between looks for cancel requests made through another process


class _Active:
    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.runner: Runner | None = None
        self.stop_reason: str | None = None  # cancel | shutdown

    def stop(self, reason: str) -> None:
        self.stop_reason = self.stop_reason or reason
        if self.runner is not None:
            self.runner.request_stop()


class WorkerPool:
    def __init__(self, service: ServiceState) -> None:
        self.svc = service
        self.cfg = service.cfg
        self.db = service.db
        self._executor: ThreadPoolExecutor | None = None
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._active: dict[int, _Active] = {}
        self._futures: set[Future] = set()
        self._last_schedule = 0.0
        self._last_recover = 0.0

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        self._executor = ThreadPoolExecutor(self.cfg.workers, thread_name_prefix="awscompat-run")
        for name, fn in (("dispatch", self._dispatch_loop), ("heartbeat", self._heartbeat_loop)):
            t = threading.Thread(target=fn, name=f"awscompat-{name}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        with self._lock:
            for active in self._active.values():
                active.stop("shutdown")
        for t in self._threads:
            t.join(timeout)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            unstarted, self._active = list(self._active), {}
        for run_id in unstarted:  # claimed, but its thread never ran: back to the queue
            requeue(self.svc, run_id, "the server stopped before the run started; queued again")

    def wake(self) -> None:
        self._wake.set()

    @property
    def active_ids(self) -> list[int]:
        with self._lock:
            return sorted(self._active)

    def cancel(self, run_id: int) -> None:
        with self._lock:
            active = self._active.get(run_id)
        if active is not None:
            active.stop("cancel")

    # -- loops --------------------------------------------------------------------------
    def _dispatch_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the loop must survive a database hiccup
                log.exception("worker dispatch failed; retrying")
            self._wake.wait(self.cfg.poll_interval)
            self._wake.clear()

    def tick(self) -> None:
        now = time.monotonic()
        if now - self._last_recover >= min(5.0, self.cfg.stale_after / 2):
            self._last_recover = now
            recover_orphans(self.svc)
        if self.cfg.rerate_interval > 0 and now - self._last_schedule >= min(30.0, self.cfg.rerate_interval / 4):
            self._last_schedule = now
            schedule_rerates(self.svc)
        while not self._stop.is_set():
            with self._lock:
                if len(self._active) >= self.cfg.workers:
                    return
            run_id = claim_next(self.svc)
            if run_id is None:
                return
            with self._lock:
                self._active[run_id] = _Active(run_id)
            assert self._executor is not None
            try:
                self._executor.submit(self._process, run_id)
            except RuntimeError:  # shutting down
                with self._lock:
                    self._active.pop(run_id, None)
                requeue(self.svc, run_id, "the server stopped before the run started; queued again")
                return

    def _heartbeat_loop(self) -> None:
        """Every CANCEL_POLL seconds: cancel requests made through another service process (the
        database's cancel_requested) reach the runner; every stale_after / 4: the heartbeat."""
        interval = max(0.2, self.cfg.stale_after / 4)
        last_beat = 0.0
        while not self._stop.wait(min(interval, CANCEL_POLL)):
            ids = self.active_ids
            if not ids:
                continue
            try:
                if time.monotonic() - last_beat >= interval:
                    last_beat = time.monotonic()
                    with self.db.write() as s:
                        s.execute(update(Run).where(Run.id.in_(ids), Run.claimed_by == self.svc.instance_id)
                                  .values(heartbeat_at=utcnow()))
                with self.db.read() as s:
                    cancelled = s.scalars(select(Run.id).where(Run.id.in_(ids), Run.cancel_requested.is_(True))).all()
                for run_id in cancelled:
                    self.cancel(run_id)
            except Exception:  # noqa: BLE001
                log.exception("heartbeat failed")

    # -- one run ------------------------------------------------------------------------
    def _process(self, run_id: int) -> None:
        try:
            execute_run(self.svc, run_id, self._register_runner(run_id))
        except Exception as exc:  # noqa: BLE001 - any failure ends the run as failed, never silently
            log.exception("run %s failed", run_id)
            finish(self.svc, run_id, "failed", error=f"internal error: {type(exc).__name__}",
                   owner=self.svc.instance_id)
        finally:
            with self._lock:
                self._active.pop(run_id, None)
            self._wake.set()

    def _register_runner(self, run_id: int):
        def on_runner(runner: Runner) -> None:
            with self._lock:
                active = self._active.get(run_id)
            if active is not None:
                active.runner = runner
                if active.stop_reason:
                    runner.request_stop()

        def stop_reason() -> str | None:
            with self._lock:
                active = self._active.get(run_id)
            return active.stop_reason if active else None

        on_runner.stop_reason = stop_reason  # type: ignore[attr-defined]
        return on_runner


CLAIM_LOCK = 0x61777363  # PostgreSQL advisory lock: one claim at a time across service processes


def claim_next(svc: ServiceState) -> int | None:
    """Claim the next queued run, fair per owner: among owners below their cap of running runs
    (ServiceConfig.owner_cap, counted across every service process), the owner with the fewest
    running runs goes first (round-robin), and within an owner the oldest run. A provider without
    an owner is an owner of its own."""
    owner = func.coalesce(Provider.owner_id, -Provider.id).label("owner")
    cap = svc.cfg.owner_cap
    with svc.db.write() as s:
        if s.get_bind().dialect.name == "postgresql":
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})
        per_owner = select(owner, func.count(Run.id)).select_from(Run).join(Provider, Provider.id == Run.provider_id)
        running = dict(s.execute(per_owner.where(Run.status == "running").group_by(owner)).all())
        heads = s.execute(select(owner, func.min(Run.id)).select_from(Run).join(Provider, Provider.id == Run.provider_id)
                          .where(Run.status == "queued").group_by(owner)).all()
        order = sorted((running.get(o, 0), first, o) for o, first in heads if running.get(o, 0) < cap)
        for _, run_id, _ in order:
            run = s.scalars(select(Run).where(Run.id == run_id, Run.status == "queued")
                            .with_for_update(skip_locked=True)).first()
            if run is None:
                continue
            now = utcnow()
            run.status, run.claimed_by, run.started_at, run.heartbeat_at = "running", svc.instance_id, now, now
            run.attempts += 1
            return run.id
        return None


def finish(svc: ServiceState, run_id: int, status: str, error: str = "", owner: str | None = None, **values) -> bool:
    """Set a run's final status; with owner, only while that process still holds the claim."""
    stmt = update(Run).where(Run.id == run_id)
    if owner is not None:
        stmt = stmt.where(Run.claimed_by == owner, Run.status == "running")
    with svc.db.write() as s:
        done = s.execute(stmt.values(status=status, error=error, finished_at=utcnow(), **values)).rowcount
    svc.badges.clear()
    if not done:
        log.warning("run %s was taken over by recovery; its result here is dropped", run_id)
    return bool(done)


def execute_run(svc: ServiceState, run_id: int, on_runner) -> None:
    me = svc.instance_id
    with svc.db.read() as s:
        run = s.get(Run, run_id)
        if run is None:
            return
        target = s.get(Target, run.target_id)
        profiles, attempt = list(run.profiles), run.attempts
        cancel = run.cancel_requested
    if cancel:
        finish(svc, run_id, "cancelled", error="cancelled before it started", owner=me)
        return
    try:
        engine_target = svc.engine_target(target)
        selection = selection_for(profiles)
    except Exception as exc:  # noqa: BLE001 - a refused target, missing credentials, an unknown profile
        finish(svc, run_id, "failed", error=str(exc), owner=me)
        return
    out_dir = svc.cfg.runs_dir / str(run_id) / f"attempt-{attempt}"
    with svc.db.write() as s:
        s.execute(update(Run).where(Run.id == run_id).values(run_dir=str(out_dir), selection=selection.to_dict()))
    ingester = Ingester(svc.db, run_id)
    reporter = DbIngestReporter(ingester)
    options = RunOptions(svc.cfg.concurrency, svc.cfg.case_timeout, 2, False, broker=svc.cfg.broker,
                         visibility_timeout=svc.cfg.broker_visibility_timeout)  # broker: shards on `awscompat worker`s
    try:
        done = run_engine(engine_target, selection, out_dir, options, [reporter], on_runner,
                          extra_meta={"service": {"run": run_id, "attempt": attempt}})
    except ExecutionError as exc:
        finish(svc, run_id, "failed", error=str(exc), owner=me)
        return
    ingester.flush()
    summary = done.summary
    reason = on_runner.stop_reason() if hasattr(on_runner, "stop_reason") else None
    with svc.db.read() as s:
        stored = s.scalar(select(func.count()).select_from(Result).where(Result.run_id == run_id)) or 0
    values = {"counts": summary.counts, "incomplete": summary.incomplete, "results_count": stored}
    if summary.interrupted and reason == "shutdown":
        requeue(svc, run_id, f"attempt {attempt} stopped by a server shutdown; queued again")
        return
    if summary.interrupted:
        finish(svc, run_id, "cancelled", error="cancelled during the run", owner=me, **values)
        return
    if stored != reporter.emitted or stored != sum(summary.counts.values()):
        finish(svc, run_id, "failed", error=f"stored {stored} of {reporter.emitted} results", owner=me, **values)
        return
    finish_rated(svc, run_id, me, values)


def finish_rated(svc: ServiceState, run_id: int, owner: str, values: dict) -> bool:
    """Mark the run finished and store its ratings in one transaction: a finished run always has
    its ratings, and a run taken over by recovery gets neither."""
    rated = compute_ratings(svc.db, run_id, svc.signing_key, svc.cfg.attestation_days)
    with svc.db.write() as s:
        done = s.execute(update(Run).where(Run.id == run_id, Run.claimed_by == owner, Run.status == "running")
                         .values(status="finished", error="", finished_at=utcnow(), **values)).rowcount
        if done:
            store_ratings(s, rated, svc.signing_key, svc.cfg.attestation_days)
    svc.badges.clear()
    if not done:
        log.warning("run %s was taken over by recovery; its result here is dropped", run_id)
    return bool(done)


def requeue(svc: ServiceState, run_id: int, note: str) -> None:
    with svc.db.write() as s:
        s.execute(delete(Result).where(Result.run_id == run_id))
        s.execute(update(Run).where(Run.id == run_id).values(
            status="queued", claimed_by=None, heartbeat_at=None, started_at=None, results_count=0, counts={},
            incomplete=False, error=note))


def recover_orphans(svc: ServiceState) -> list[int]:
    """Runs left `running` by a process that stopped: queued again or failed. Returns their ids."""
    cutoff = utcnow() - dt.timedelta(seconds=svc.cfg.stale_after)
    with svc.db.read() as s:
        orphans = s.execute(select(Run.id, Run.attempts, Run.cancel_requested, Run.run_dir, Run.target_id).where(
            Run.status == "running", (Run.heartbeat_at.is_(None)) | (Run.heartbeat_at < cutoff))).all()
    for run_id, attempts, cancel, run_dir, target_id in orphans:
        _sweep_quietly(svc, run_dir, target_id)
        if cancel:
            finish(svc, run_id, "cancelled", error="cancelled; the server stopped during the run")
        elif attempts < svc.cfg.max_attempts:
            requeue(svc, run_id, f"attempt {attempts} was interrupted (the server stopped); queued again")
        else:
            finish(svc, run_id, "failed", error=f"the server stopped during attempt {attempts} of"
                                                f" {svc.cfg.max_attempts}; results are incomplete")
        log.warning("run %s was orphaned by a stopped server (attempt %s)", run_id, attempts)
    return [o[0] for o in orphans]



def _sweep_quietly(svc: ServiceState, run_dir: str | None, target_id: int) -> None:
    if not run_dir:
        return
    try:
        with svc.db.read() as s:
            target = s.get(Target, target_id)
        if target is None or target.disposable:
            return
        left = sweep_leftovers(Path(run_dir), svc.engine_target(target))
        for line in left:
            log.warning("left behind by an interrupted run: %s", line)
    except Exception as exc:  # noqa: BLE001 - cleanup is best effort; the ledger stays on disk
        log.warning("could not sweep %s: %s", run_dir, type(exc).__name__)


def schedule_rerates(svc: ServiceState) -> list[int]:
    """Queue a new run for every target whose latest run is older than the re-rating interval
    (targets never run are left to their owner)."""
    cutoff = utcnow() - dt.timedelta(seconds=svc.cfg.rerate_interval)
    latest = select(Run.target_id, func.max(Run.created_at).label("last")).group_by(Run.target_id).subquery()
    with svc.db.read() as s:
        due = s.execute(select(Target.id, Target.provider_id, Target.profiles).join(latest, latest.c.target_id == Target.id)
                        .where(latest.c.last < cutoff)).all()
        busy = set(s.scalars(select(Run.target_id).where(Run.status.in_(("queued", "running")))).all())
    made = []
    for target_id, provider_id, profiles in due:
        if target_id in busy or not profiles:
            continue
        with svc.db.write() as s:
            run = Run(provider_id=provider_id, target_id=target_id, profiles=list(profiles), reason="schedule")
            s.add(run)
            s.flush()
            made.append(run.id)
    if made:
        svc.worker.wake()
    return made
