"""The coordinator's side of a distributed run: the engine Runner's pool when RunOptions.broker
is set (the same interface as engine/workers.WorkerPool: start, execute, close).

execute() takes the cases the Runner gives it (after its early results), plans shards, publishes
the run and queues one Celery task per shard, then tails the run's results in Redis and yields
each once, in the order the workers recorded them, while it merges the workers' ledger lines
into the run folder's one ledger.jsonl. A case never recorded is settled by the coordinator, as
`error` with the reason, through the same idempotent record (so a late worker cannot add a
second result): when every shard task has ended without recording it, or when no result at all
arrived for `stall` seconds (workers gone, or a shard lost with a broker that kept no data).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import redis

from awscompat.engine.distributed import shards as sharding
from awscompat.engine.distributed.store import BrokerError, Store, redacted, seal_target, target_key
from awscompat.engine.events import Notice
from awscompat.engine.workers import WorkerError
from awscompat.results.case import Case
from awscompat.results.outcome import ERROR, CaseResult

if TYPE_CHECKING:
    from awscompat.engine.runner import Runner

POLL = 0.2
LOCK_TTL = 120  # seconds; renewed every LOCK_TTL / 4 while the run goes on
TOKEN = f"coordinator-{os.getpid()}"


class BrokerPool:
    def __init__(self, runner: Runner, ledger: Path) -> None:
        self.runner = runner
        self.ledger_path = ledger
        opts = runner.options
        self.url = opts.broker or ""
        self.vt = float(opts.visibility_timeout)
        self.stall = float(opts.stall_timeout or (self.vt * 2 + 60))
        self.run = runner.ns.run_id
        self.tkey = target_key(runner.target)
        self.store: Store | None = None
        self.shard_count = 0
        self._ledger_offset = 0
        self._stop_lock = threading.Event()
        self._locker: threading.Thread | None = None
        self._locked = False

    @property
    def pids(self) -> list[int]:
        return []

    def oldest(self) -> tuple[str, float] | None:
        """The progress line's slowest case: not tracked across workers."""
        return None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        try:
            store = Store(self.url, patience=10)
            store.ping()
            seal_target(self.runner.target)  # fails early without the sealing key
            holder = store.lock_target(self.tkey, self.run, LOCK_TTL)
        except (BrokerError, redis.RedisError) as exc:
            raise WorkerError(str(exc)) from exc
        if holder is not None:
            raise WorkerError(f"the target is being rated by run {holder} (one run per target at a time); "
                              "try again when it has finished")
        self.store = Store(self.url)
        self._locked = True
        self._locker = threading.Thread(target=self._keep_lock, name="awscompat-target-lock", daemon=True)
        self._locker.start()

    def _keep_lock(self) -> None:
        assert self.store is not None
        while not self._stop_lock.wait(LOCK_TTL / 4):
            with contextlib.suppress(redis.RedisError):
                self.store.renew_target(self.tkey, self.run, LOCK_TTL)

    def close(self, grace: float = 0.0) -> None:
        if self.store is None:
            return
        with contextlib.suppress(redis.RedisError, OSError):
            self._merge_ledger()
        self._stop_lock.set()
        if self._locked:
            with contextlib.suppress(redis.RedisError):
                self.store.unlock_target(self.tkey, self.run)
            self._locked = False

    # -- the run --------------------------------------------------------------------------------
    def execute(self, cases: Iterable[Case], early: Callable[[Case], CaseResult | None],
                stopping: Callable[[], bool]) -> Iterator[CaseResult]:
        assert self.store is not None
        store, runner, opts = self.store, self.runner, self.runner.options
        refs: dict[str, sharding.CaseRef] = {}
        meta: dict[str, Case] = {}
        for case in cases:
            result = early(case)
            if result is not None:
                yield result
                continue
            refs[case.id] = sharding.CaseRef(case.id, case.revision, case.service, case.feature, case.family)
            meta[case.id] = case
        if not refs:
            return
        cost = sharding.CostModel.load(opts.durations)
        planned = sharding.plan_shards(list(refs.values()), cost, opts.shards, max_shard_s=self.vt / 4)
        self.shard_count = len(planned)
        spec = {
            "run": self.run, "target": seal_target(runner.target), "services": sorted({r.service for r in refs.values()}),
            "selection": _selection_of(refs.values(), opts.read_only), "timeout": opts.timeout,
            "retries": opts.retries, "read_only": opts.read_only, "limit": opts.concurrency,
            "slots": Store.slots_key(self.tkey),
        }
        from awscompat.engine.distributed.app import QUEUE, TASK, configure

        celery = configure(self.url, self.vt)
        try:
            store.publish(self.run, spec, [[r.line for r in s.refs] for s in planned])
            tasks = [celery.send_task(TASK, args=[self.run, i], queue=QUEUE) for i in range(len(planned))]
        except (redis.RedisError, OSError) as exc:
            raise WorkerError(f"could not queue the shards on {redacted(self.url)}: {exc}") from exc
        longest = max(s.estimate_ms for s in planned) / 1000
        runner.bus.emit(Notice("info", f"queued {len(planned)} shard(s) of {len(refs)} case(s) on "
                                       f"{redacted(self.url)} (costs from {cost.source}; longest shard ~{longest:.0f} s,"
                                       f" visibility timeout {self.vt:.0f} s); waiting for workers"))
        seen: set[str] = set()
        offset, last_progress, last_check = 0, time.monotonic(), 0.0
        while len(seen) < len(refs):
            if stopping():
                with contextlib.suppress(redis.RedisError):
                    store.stop(self.run)
                return
            try:
                batch = store.tail(self.run, offset)
                self._merge_ledger()
            except redis.RedisError as exc:
                runner.bus.emit(Notice("warning", f"broker unreachable, still waiting: {exc}"))
                time.sleep(1.0)
                continue
            offset += len(batch) if batch else 0
            for case_id, data in batch:
                if case_id in seen or case_id not in refs:
                    continue
                seen.add(case_id)
                yield _to_result(data, meta[case_id])
            now = time.monotonic()
            if batch:
                last_progress = now
                continue
            if now - last_check > 5.0:
                last_check = now
                reason = self._settle_reason(tasks, now - last_progress)
                if reason:
                    missing = [cid for cid in refs if cid not in seen]
                    for cid in missing:
                        with contextlib.suppress(redis.RedisError):
                            store.record(self.run, cid, _bare_error(cid, reason), TOKEN)
                    last_progress = now
            time.sleep(POLL)
        with contextlib.suppress(redis.RedisError):
            self._merge_ledger()
            store.expire_run(self.run)

    def _settle_reason(self, tasks: list, idle: float) -> str:
        if idle > self.stall:
            return (f"harness error: no worker recorded a result for {idle:.0f} s (no worker running, or its shard"
                    " was lost by the broker); the case was not run")
        try:
            ended = all(t.state in ("SUCCESS", "FAILURE", "REVOKED") for t in tasks)
        except (redis.RedisError, OSError):
            return ""
        if ended:
            return "harness error: every shard task ended, and none recorded this case"
        return ""

    def _merge_ledger(self) -> None:
        """Append the workers' ledger lines to the run folder's ledger.jsonl (whole lines, one
        write, O_APPEND: the Runner's own ledger writes to the same file)."""
        assert self.store is not None
        lines = self.store.ledger_lines(self.run, self._ledger_offset)
        if not lines:
            return
        fd = os.open(self.ledger_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, ("\n".join(lines) + "\n").encode("utf-8"))
        finally:
            os.close(fd)
        self._ledger_offset += len(lines)


def _selection_of(refs: Iterable[sharding.CaseRef], read_only: bool) -> dict:
    """What a worker builds its catalog from: the services and families of the run's cases (the
    shards' id lists decide which cases run)."""
    refs = list(refs)
    return {"services": sorted({r.service for r in refs}), "families": sorted({r.family.split("/", 1)[0] for r in refs}),
            "features": [], "select": [], "read_only": read_only}


def _to_result(data: dict, case: Case) -> CaseResult:
    from awscompat.engine.runner import _result

    if data.get("bare"):
        return _result(case, data.get("outcome", ERROR), float(data.get("duration_ms") or 0.0), data.get("message", ""))
    fields = {k: data.get(k) for k in ("id", "outcome", "duration_ms", "service", "operations", "feature", "severity",
                                       "provenance", "family", "revision", "message", "evidence")}
    return CaseResult(**fields, teardown=list(data.get("teardown") or []), exchanges=data.get("exchanges"))


def _bare_error(case_id: str, message: str) -> dict:
    return {"id": case_id, "outcome": ERROR, "duration_ms": 0.0, "message": message, "evidence": None, "bare": True}
