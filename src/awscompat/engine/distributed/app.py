"""The Celery side: the app, the shard task, and what a worker process keeps between shards.

`awscompat worker --broker URL` runs one Celery worker on the solo pool (one shard at a time per
process; run one process per core) with `threads` cases in flight inside the shard. The task:

1. reads the run's spec from Redis (a run gone or stopped: nothing to do);
2. rebuilds the shard's cases from its own catalog (a case whose id@revision differs from the
   plan is recorded as `error`: the worker runs another awscompat version);
3. claims each case (store.claim), runs the ones it got with the engine's own Runner._run_one,
   each holding a slot of the target's semaphore, and records each result once (HSETNX);
4. waits for cases claimed by other live workers (a redelivered copy of a shard still running
   elsewhere), taking over those whose worker died.

The worker's ledger entries go to a local file (<dir>/<run>/ledger-<token>.jsonl) and to the
run's ledger list in Redis, before each create is sent; entry numbers and resource names come
from run-wide counters, so the coordinator's merged ledger has no collisions.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import redis
from celery import Celery

from awscompat.engine import outcomes
from awscompat.engine.distributed.store import BrokerError, Store, _fernet, open_target, slot
from awscompat.engine.ledger import Ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.outcomes import ERROR

QUEUE = "awscompat"
TASK = "awscompat.shard"
DEFAULT_VISIBILITY = 3600.0

log = logging.getLogger("awscompat.worker")
app = Celery("awscompat", set_as_current=False)


def configure(broker: str, visibility_timeout: float = DEFAULT_VISIBILITY) -> Celery:
    """Point the app at a broker: late acks, one message reserved at a time, redelivery after
    visibility_timeout, results (task states) in the same Redis."""
    vt = float(visibility_timeout)
    transport = {"visibility_timeout": vt, "unacked_restore_interval": max(1, min(10, int(vt / 10))),
                 "unacked_restore_throttle": 1}
    app.conf.update(
        broker_url=broker, result_backend=broker, task_default_queue=QUEUE,
        task_acks_late=True, task_reject_on_worker_lost=True, task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1, broker_transport_options=transport,
        result_backend_transport_options={"retry_policy": {"timeout": 60.0}}, result_expires=7 * 86400,
        broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        task_serializer="json", result_serializer="json", accept_content=["json"],
        worker_hijack_root_logger=False, worker_send_task_events=False, task_track_started=True,
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    return app


@dataclass
class WorkerSettings:
    threads: int = 8
    lease: float = 30.0  # heartbeat and slot lease (a dead worker's claims free up after this)
    scratch: Path = Path("awscompat-worker")
    token: str = field(default_factory=lambda: f"{socket.gethostname()[:24]}-{os.getpid()}-{os.urandom(3).hex()}")


SETTINGS = WorkerSettings()


class MirroredLedger(Ledger):
    """The engine's ledger, local file as usual, each line also pushed to the run's ledger in
    Redis (before the create call is sent); entry numbers from the run-wide counter."""

    def __init__(self, path: Path, ns: Namespace, store: Store, run: str) -> None:
        self._mirror: tuple[Store, str] | None = None
        super().__init__(path, ns, header=True)
        self._seqs = store.counter(run, "seq")  # type: ignore[assignment]
        self._mirror = (store, run)

    def _flush(self) -> None:
        lines = [ln.rstrip("\n") for ln in self._later]
        super()._flush()
        if self._mirror is not None and lines:
            store, run = self._mirror
            store.push_ledger(run, lines)


class SharedNamespace(Namespace):
    """The run's namespace with serial numbers from the run-wide counter."""

    def __init__(self, run: str, store: Store) -> None:
        super().__init__(run)
        self._counter = store.counter(run, "serial")  # type: ignore[assignment]


@dataclass
class RunContext:
    run: str
    spec: dict
    runner: object
    ledger: MirroredLedger
    cases: dict[str, object] = field(default_factory=dict)
    built: set[str] = field(default_factory=set)


class WorkerState:
    """What one worker process keeps: its store, heartbeat, the current run's context."""

    def __init__(self, store: Store, settings: WorkerSettings) -> None:
        self.store = store
        self.settings = settings
        self.held: set[str] = set()  # semaphore members this process holds
        self.slots_key: str | None = None
        self.ctx: RunContext | None = None
        self._stop = threading.Event()
        self._beat = threading.Thread(target=self._heartbeat, name="awscompat-heartbeat", daemon=True)
        self.store.beat(settings.token, settings.lease, None, [])
        self._beat.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.settings.lease / 4):
            try:
                self.store.beat(self.settings.token, self.settings.lease, self.slots_key, list(self.held))
            except redis.RedisError as exc:
                log.warning("heartbeat failed: %s", exc)

    def close(self) -> None:
        self._stop.set()
        if self.ctx is not None:
            self.ctx.ledger.close()
        try:
            self.store.gone(self.settings.token)
        except redis.RedisError:
            pass

    def context(self, run: str, spec: dict) -> RunContext:
        if self.ctx is not None and self.ctx.run == run:
            return self.ctx
        if self.ctx is not None:
            self.ctx.ledger.close()
        from awscompat.engine.events import Bus
        from awscompat.engine.runner import Runner, RunOptions

        target = open_target(spec["target"])
        ns = SharedNamespace(run, self.store)
        folder = self.settings.scratch / run
        folder.mkdir(parents=True, exist_ok=True)
        options = RunOptions(concurrency=self.settings.threads, timeout=spec["timeout"], retries=spec["retries"],
                             read_only=spec["read_only"])
        runner = Runner(target, [], folder, options, Bus([]), ns, services=spec["services"])
        ledger = MirroredLedger(folder / f"ledger-{self.settings.token}.jsonl", ns, self.store, run)
        self.ctx = RunContext(run, spec, runner, ledger)
        return self.ctx

    def lookup(self, ctx: RunContext, service: str) -> None:
        """Index the run's cases of one service from this worker's catalog."""
        if service in ctx.built:
            return
        from awscompat.catalog import Selection, build_catalog

        sel = ctx.spec["selection"]
        selection = Selection(services=[service], families=sel["families"], features=sel["features"],
                              globs=sel["select"], read_only=sel["read_only"])
        for case in build_catalog(selection):
            ctx.cases[case.id] = case
        ctx.built.add(service)


_STATE: WorkerState | None = None
_STATE_LOCK = threading.Lock()


def state() -> WorkerState:
    global _STATE
    with _STATE_LOCK:
        if _STATE is None:
            _STATE = WorkerState(Store(app.conf.broker_url), SETTINGS)
        return _STATE


@app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_shard(self, run: str, index: int) -> dict:  # pragma: no cover - runs in the worker process
    try:
        return execute_shard(state(), run, index)
    except (redis.RedisError, BrokerError) as exc:
        log.warning("shard %s/%s: %s; trying again", run, index, exc)
        raise self.retry(exc=exc, countdown=5) from exc


def execute_shard(ws: WorkerState, run: str, index: int) -> dict:
    store, token = ws.store, ws.settings.token
    spec = store.spec(run)
    if spec is None or store.stopped(run):
        return {"shard": index, "ran": 0, "note": "run gone or stopped"}
    ctx = ws.context(run, spec)
    ws.slots_key = spec["slots"]
    lines = store.shard(run, index)
    ran = 0
    stop = threading.Event()
    errors: list[BaseException] = []

    def one(line: str) -> None:
        case_id, _, rev = line.rpartition("@")
        result = _run_case(ws, ctx, case_id, int(rev), stop)
        store.record(run, case_id, result, token)

    def done(fut: Future) -> None:
        gate.release()
        if fut.exception() is not None:
            errors.append(fut.exception())  # type: ignore[arg-type]
            stop.set()

    gate = threading.Semaphore(2 * ws.settings.threads)
    deferred: list[str] = []
    with ThreadPoolExecutor(ws.settings.threads, thread_name_prefix="case") as pool:
        pending = list(lines)
        while pending and not stop.is_set():
            for line in pending:
                if stop.is_set() or store.stopped(run):
                    stop.set()
                    break
                case_id = line.rpartition("@")[0]
                got = store.claim(run, case_id, token)
                if got == "mine":
                    gate.acquire()
                    ran += 1
                    pool.submit(one, line).add_done_callback(done)
                elif got == "held":
                    deferred.append(line)
                elif got == "exhausted":
                    store.record(run, case_id, _exhausted(ws, ctx, case_id), token)
            pending, deferred = deferred, []
            if pending:  # held by live workers: wait for them, or for their lease to lapse
                time.sleep(min(2.0, ws.settings.lease / 4))
    if errors:
        raise errors[0]
    return {"shard": index, "ran": ran}


def _run_case(ws: WorkerState, ctx: RunContext, case_id: str, revision: int, stop: threading.Event) -> dict:
    from awscompat.engine.runner import _result

    service = case_id.split("/", 1)[0]
    try:
        ws.lookup(ctx, service)
    except Exception as exc:  # noqa: BLE001 - reported on the case
        return _bare(case_id, f"harness error: the worker could not build its catalog: {type(exc).__name__}: {exc}")
    case = ctx.cases.get(case_id)
    if case is None or case.revision != revision:  # type: ignore[attr-defined]
        have = "no such case" if case is None else f"revision {case.revision}"  # type: ignore[attr-defined]
        return _bare(case_id, f"harness error: this worker's catalog has {have}, the run planned revision {revision}"
                              " (workers and coordinator must run the same awscompat version)")
    early = _early(ctx, case)
    if early is not None:
        return early
    member = f"{ws.settings.token}:{case_id}"
    try:
        with slot(ws.store, ctx.spec["slots"], member, ctx.spec["limit"], ws.settings.lease, ws.held, stop):
            result = ctx.runner._run_one(case, ctx.ledger)  # type: ignore[attr-defined]
    except InterruptedError:
        raise
    except redis.RedisError:
        raise
    except Exception as exc:  # noqa: BLE001 - a harness fault is an error, never a verdict
        decided = outcomes.harness_error(exc)
        result = _result(case, decided.outcome, 0.0, decided.message)
    return result.to_dict()


def _early(ctx: RunContext, case) -> dict | None:
    from awscompat.engine.runner import _result

    decided = outcomes.not_run(read_only=ctx.spec["read_only"], mutating=case.mutating)
    return _result(case, decided.outcome, 0.0, decided.message).to_dict() if decided is not None else None


def _exhausted(ws: WorkerState, ctx: RunContext, case_id: str) -> dict:
    message = ("harness error: started twice on workers that stopped before it finished (killed, or lost their "
               "broker); not started a third time")
    from awscompat.engine.runner import _result

    case = ctx.cases.get(case_id)
    if case is None:
        try:
            ws.lookup(ctx, case_id.split("/", 1)[0])
            case = ctx.cases.get(case_id)
        except Exception:  # noqa: BLE001
            case = None
    return _result(case, ERROR, 0.0, message).to_dict() if case is not None else _bare(case_id, message)


def _bare(case_id: str, message: str) -> dict:
    """A result for a case this worker cannot rebuild; the coordinator fills in its metadata."""
    return {"id": case_id, "outcome": ERROR, "duration_ms": 0.0, "message": message, "evidence": None, "bare": True}


def start_worker(broker: str, settings: WorkerSettings, visibility_timeout: float, loglevel: str = "INFO",
                 name: str | None = None, on_ready: Callable[[], None] | None = None) -> None:
    """Run a Celery worker in this process until it is stopped (SIGTERM: warm shutdown)."""
    global SETTINGS
    SETTINGS = settings
    configure(broker, visibility_timeout)
    _fernet()  # no key, no work: every run's credentials are sealed with it
    store = Store(broker)
    store.ping()
    settings.scratch.mkdir(parents=True, exist_ok=True)
    argv = ["worker", "--pool=solo", "--concurrency=1", "-Q", QUEUE, f"--loglevel={loglevel}",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", name or f"awscompat@{settings.token}"]
    try:
        app.worker_main(argv)
    finally:
        if _STATE is not None:
            _STATE.close()
