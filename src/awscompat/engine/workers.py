"""Worker processes: one run's cases spread over several processes (RunOptions.workers).

A botocore call costs 1-3 ms of client CPU (endpoint rules, serialisation, signing, HTTP), and
one Python process runs Python code on one core at a time: against a fast endpoint, or with many
cases waiting on a slow one, the client becomes the bottleneck. With workers > 1 the run's
concurrency is split over that many processes (spawned, each with its own transport and
clients); this process keeps everything else: the catalog, preflight, events and reporters,
the final sweep.

- Cases travel pickled; a scenario (whose function may be a closure) travels as its ID and the
  worker takes it from its own scenario registry.
- Every worker appends to the run's one ledger (whole lines on an O_APPEND descriptor, entry
  numbers k+1, k+1+n, ...) and names resources in the run's namespace with serials k+1, k+1+n,
  ...: nothing collides, and `awscompat cleanup` reads one ledger as before.
- Workers die with this process, even on SIGKILL (PR_SET_PDEATHSIG), and ignore Ctrl-C: on
  stop they finish the cases they hold (with their teardown) and take no more.
- Each worker has its own pipes (no lock shared between processes, which a killed process could
  leave held), and this process knows which cases each one holds: a worker that dies takes its
  cases with it, and each one is reported as an `error` (a harness fault, never a verdict on the
  provider) while the others go on.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awscompat.engine.embedded import die_with_parent
from awscompat.results.case import Case
from awscompat.results.outcome import ERROR, CaseResult

if TYPE_CHECKING:
    from awscompat.engine.runner import Runner, RunOptions
    from awscompat.engine.target import Target

START_TIMEOUT = 120.0  # seconds for the workers to import, load models and build their clients
POLL = 0.5  # seconds between liveness checks while waiting for results


class WorkerError(Exception):
    """The worker processes could not be started."""


@dataclass
class WorkerSpec:
    target: Target
    options: RunOptions
    out_dir: Path
    ledger: Path
    run_id: str
    services: list[str]
    index: int
    count: int


def shares(concurrency: int, workers: int) -> list[int]:
    """Split concurrency over at most `workers` processes, none with nothing to do."""
    n = max(1, min(workers, concurrency))
    return [concurrency // n + (i < concurrency % n) for i in range(n)]


@dataclass
class _Worker:
    proc: Any
    tasks: Any  # the parent's sending end of this worker's task pipe
    results: Any  # the parent's receiving end of this worker's result pipe
    share: int
    held: dict[int, Case] = field(default_factory=dict)
    sent: dict[int, float] = field(default_factory=dict)  # serial -> monotonic time it was sent
    ready: bool = False
    finished: bool = False
    gone: bool = False  # exited, or its pipe broke


class WorkerPool:
    """The parent's side. Each worker has its own pair of pipes (no lock shared between
    processes: a worker killed mid-message breaks only its own channel), and the parent knows
    which cases each worker holds."""

    def __init__(self, runner: Runner, ledger: Path) -> None:
        self.runner = runner
        self.ledger = ledger
        self._ctx = mp.get_context("spawn")
        self._workers: list[_Worker] = []
        self._why_failed = ""

    @property
    def pids(self) -> list[int]:
        return [w.proc.pid for w in self._workers]

    # -- lifecycle --------------------------------------------------------------------------
    def start(self, timeout: float = START_TIMEOUT) -> None:
        runner = self.runner
        split = shares(runner.options.concurrency, runner.options.workers)
        for index, share in enumerate(split):
            spec = WorkerSpec(runner.target, replace(runner.options, concurrency=share, workers=1), runner.out_dir,
                              self.ledger, runner.ns.run_id, list(runner.services), index, len(split))
            task_r, task_w = self._ctx.Pipe(duplex=False)
            result_r, result_w = self._ctx.Pipe(duplex=False)
            proc = self._ctx.Process(target=worker_main, args=(spec, task_r, result_w),
                                     name=f"awscompat-worker-{index}", daemon=True)
            proc.start()
            task_r.close()  # the child's ends: closed here, so a dead child reads as end-of-file
            result_w.close()
            self._workers.append(_Worker(proc, task_w, result_r, share))
        deadline = time.monotonic() + timeout
        while not all(w.ready for w in self._workers):
            failed = [w for w in self._workers if w.gone]
            if failed or time.monotonic() > deadline:
                self.close()
                raise WorkerError(f"worker process could not start: {self._why_failed or 'not ready'}")
            list(self._pump(POLL))

    def close(self, grace: float = 60.0) -> None:
        """Stop the workers: they finish the cases they hold, then exit; stragglers are killed."""
        for w in self._workers:
            self._send(w, None)
        deadline = time.monotonic() + grace
        for w in self._workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(5)
            for conn in (w.tasks, w.results):
                with contextlib.suppress(OSError):
                    conn.close()

    # -- execution --------------------------------------------------------------------------
    def execute(self, cases: Iterable[Case], early: Callable[[Case], CaseResult | None],
                stopping: Callable[[], bool]) -> Iterator[CaseResult]:
        """Results in completion order; each worker holds at most 2 x its concurrency cases.
        Raises WorkerError when every worker has died while cases remained to run."""
        serial = 0
        for case in cases:
            if stopping():
                break
            result = early(case)
            if result is None:
                try:
                    kind, payload = _encode(case)
                except Exception as exc:  # noqa: BLE001 - a case that cannot travel is a harness fault
                    result = _error(case, f"harness error: the case cannot be sent to a worker process ({exc})")
            if result is not None:
                yield result
                continue
            while True:
                free = [w for w in self._workers if not w.gone and len(w.held) < 2 * w.share]
                if free:
                    break
                if not any(not w.gone for w in self._workers):
                    raise WorkerError("every worker process died; the run stopped")
                yield from self._pump(POLL)
            worker = min(free, key=lambda w: len(w.held) / w.share)
            serial += 1
            worker.held[serial] = case
            worker.sent[serial] = time.monotonic()
            if not self._send(worker, (serial, kind, payload)):
                yield from self._lost(worker)
        for w in self._workers:
            self._send(w, None)  # no more: each worker finishes what it holds, then exits
        while True:
            for w in self._workers:
                if w.gone and w.held:
                    yield from self._lost(w)
            if not any(w.held for w in self._workers):
                return
            yield from self._pump(POLL)

    def oldest(self) -> tuple[str, float] | None:
        """(case id, seconds) of the case a worker has held longest (the progress line's slowest)."""
        found: tuple[str, float] | None = None
        now = time.monotonic()
        for w in self._workers:
            for serial, at in list(w.sent.items())[:1]:
                case = w.held.get(serial)
                if case is not None and (found is None or now - at > found[1]):
                    found = (case.id, now - at)
        return found

    def _send(self, worker: _Worker, message: Any) -> bool:
        if worker.gone:
            return False
        try:
            worker.tasks.send(message)
        except (OSError, ValueError):
            worker.gone = True
            return False
        return True

    def _pump(self, timeout: float) -> Iterator[CaseResult]:
        """Handle what the workers sent within timeout; a worker found dead gives up its cases."""
        live = {w.results: w for w in self._workers if not w.gone}
        if not live:
            return
        for conn in mp_connection.wait(list(live), timeout):
            worker = live[conn]
            try:
                message = conn.recv()
            except (EOFError, OSError):
                yield from self._lost(worker)
                continue
            kind = message[0]
            if kind == "ready":
                worker.ready = True
            elif kind == "failed":
                self._why_failed = message[2]
                worker.gone = True
            elif kind == "finished":
                worker.finished = True
            else:
                case = worker.held.pop(message[1], None)
                worker.sent.pop(message[1], None)
                if case is not None:
                    yield message[2] if kind == "result" else _error(case, f"harness error: {message[2]}")

    def _lost(self, worker: _Worker) -> Iterator[CaseResult]:
        """A worker whose pipe ended: if it had not finished, each case it held is an error."""
        worker.gone = True
        worker.proc.join(5)
        code = worker.proc.exitcode
        for case in worker.held.values():
            yield _error(case, f"harness error: a worker process died (exit code {code}) holding this case")
        worker.held.clear()
        worker.sent.clear()


def _encode(case: Case) -> tuple[str, Any]:
    if case.family == "scenario":
        return "scenario", case.id
    return "case", pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)


class _Decoder:
    def __init__(self) -> None:
        self._scenarios: dict[str, Case] | None = None

    def __call__(self, kind: str, payload: Any) -> Case:
        if kind == "case":
            return pickle.loads(payload)
        if self._scenarios is None:
            from awscompat.catalog.registry import load_scenarios

            self._scenarios = {c.id: c for c in load_scenarios()}
        return self._scenarios[payload]


def _error(case: Case, message: str) -> CaseResult:
    from awscompat.engine.runner import _result

    return _result(case, ERROR, 0.0, message)


# -- the worker process -----------------------------------------------------------------------
def worker_main(spec: WorkerSpec, tasks: Any, results: Any) -> None:  # pragma: no cover - child
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    lock = threading.Lock()

    def send(message: tuple) -> None:
        with lock:
            results.send(message)

    try:
        from awscompat.engine.events import Bus
        from awscompat.engine.ledger import Ledger
        from awscompat.engine.namespace import Namespace
        from awscompat.engine.runner import Runner

        ns = Namespace(spec.run_id, start=spec.index + 1, step=spec.count)
        runner = Runner(spec.target, [], spec.out_dir, spec.options, Bus([]), ns, services=spec.services)
        if spec.options.budget is not None:  # cases queued here when the run's budget runs out are not started
            runner._spent_at = time.monotonic() + spec.options.budget
        for service in spec.services:
            runner.transport.client(service)
        ledger = Ledger(spec.ledger, ns, header=False, seq_start=spec.index + 1, seq_step=spec.count)
        decode = _Decoder()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        send(("failed", spec.index, f"{type(exc).__name__}: {exc}"))
        return
    send(("ready", spec.index, None))
    slots = threading.Semaphore(2 * spec.options.concurrency)
    with ThreadPoolExecutor(max_workers=spec.options.concurrency, thread_name_prefix="case") as pool:
        while True:
            slots.acquire()
            try:
                item = tasks.recv()
            except (EOFError, OSError):
                break  # the parent is gone
            if item is None:
                break
            serial, kind, payload = item
            try:
                case = decode(kind, payload)
            except Exception as exc:  # noqa: BLE001
                slots.release()
                send(("lost", serial, f"the worker could not rebuild the case: {type(exc).__name__}: {exc}"))
                continue
            pool.submit(runner._run_case, case, ledger).add_done_callback(partial(_report, send, serial, slots))
    ledger.close()
    send(("finished", spec.index, None))


def _report(send: Callable[[tuple], None], serial: int, slots: threading.Semaphore,
            fut: Future) -> None:  # pragma: no cover - child
    slots.release()
    try:
        send(("result", serial, fut.result()))
    except BaseException as exc:  # noqa: BLE001 - never lose a case
        send(("lost", serial, f"{type(exc).__name__}: {exc}"))
