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
- A worker that dies takes its cases with it: each one it held is reported as an `error`
  (a harness fault, never a verdict on the provider).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import pickle
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awscompat.catalog.case import Case
from awscompat.engine.outcomes import ERROR, CaseResult

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


class WorkerPool:
    def __init__(self, runner: Runner, ledger: Path) -> None:
        self.runner = runner
        self.ledger = ledger
        self._ctx = mp.get_context("spawn")
        self._tasks: Any = self._ctx.Queue()
        self._results: Any = self._ctx.Queue()
        self._stop = self._ctx.Event()
        self._procs: list[Any] = []
        self._finished: set[int] = set()

    # -- lifecycle --------------------------------------------------------------------------
    def start(self, timeout: float = START_TIMEOUT) -> None:
        runner = self.runner
        split = shares(runner.options.concurrency, runner.options.workers)
        for index, share in enumerate(split):
            spec = WorkerSpec(runner.target, replace(runner.options, concurrency=share, workers=1), runner.out_dir,
                              self.ledger, runner.ns.run_id, list(runner.services), index, len(split))
            proc = self._ctx.Process(target=worker_main, args=(spec, self._tasks, self._results, self._stop),
                                     name=f"awscompat-worker-{index}", daemon=True)
            proc.start()
            self._procs.append(proc)
        ready: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(ready) < len(self._procs):
            try:
                kind, index, detail = self._results.get(timeout=POLL)
            except queue.Empty:
                dead = [p for p in self._procs if p.exitcode is not None]
                if dead or time.monotonic() > deadline:
                    self.close()
                    why = f"exited with code {dead[0].exitcode}" if dead else f"not ready after {timeout:.0f} s"
                    raise WorkerError(f"worker process {why}") from None
                continue
            if kind == "failed":
                self.close()
                raise WorkerError(f"worker process {index} could not start: {detail}")
            ready.add(index)

    def close(self, grace: float = 60.0) -> None:
        """Stop the workers: they finish the cases they hold, then exit; stragglers are killed."""
        self._stop.set()
        for _ in self._procs:
            with contextlib.suppress(Exception):
                self._tasks.put(None)
        deadline = time.monotonic() + grace
        for proc in self._procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(5)
        for q in (self._tasks, self._results):
            q.cancel_join_thread()
            q.close()

    # -- execution --------------------------------------------------------------------------
    def execute(self, cases: Iterable[Case], early: Callable[[Case], CaseResult | None],
                stopping: Callable[[], bool]) -> Iterator[CaseResult]:
        """Results in completion order; at most 2 x concurrency cases handed out at a time.
        Raises WorkerError when every worker has died while cases remained to run."""
        limit = 2 * max(1, self.runner.options.concurrency)
        held: dict[int, Case] = {}
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
            serial += 1
            held[serial] = case
            self._tasks.put((serial, kind, payload))
            while len(held) >= limit:
                yield from self._take(held, stopping())
                if not self._alive():
                    raise WorkerError("every worker process died; the run stopped")
        if stopping():
            self._stop.set()  # workers finish what they hold and take nothing more
        for _ in self._procs:
            self._tasks.put(None)
        while held:
            yield from self._take(held, stopping())

    def _alive(self) -> bool:
        return any(p.exitcode is None and i not in self._finished for i, p in enumerate(self._procs))

    def _take(self, held: dict[int, Case], stopping: bool) -> Iterator[CaseResult]:
        """One message from the workers; when none is left to send one, the cases still held:
        dropped if the run is stopping (never run), else errors (they died with a worker)."""
        try:
            kind, serial, payload = self._results.get(timeout=POLL)
        except queue.Empty:
            if not self._alive():
                if not stopping:
                    codes = sorted({str(p.exitcode) for p in self._procs if p.exitcode})
                    why = f"a worker process died (exit code {', '.join(codes) or '?'}) holding this case"
                    for case in held.values():
                        yield _error(case, f"harness error: {why}")
                held.clear()
            return
        if kind == "finished":
            self._finished.add(serial)
            return
        case = held.pop(serial, None)
        if case is not None:
            yield payload if kind == "result" else _error(case, f"harness error: {payload}")


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
def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def worker_main(spec: WorkerSpec, tasks: Any, results: Any, stop: Any) -> None:  # pragma: no cover - child
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    try:
        from awscompat.engine.events import Bus
        from awscompat.engine.ledger import Ledger
        from awscompat.engine.namespace import Namespace
        from awscompat.engine.runner import Runner

        ns = Namespace(spec.run_id, start=spec.index + 1, step=spec.count)
        runner = Runner(spec.target, [], spec.out_dir, spec.options, Bus([]), ns, services=spec.services)
        for service in spec.services:
            runner.transport.client(service)
        ledger = Ledger(spec.ledger, ns, header=False, seq_start=spec.index + 1, seq_step=spec.count)
        decode = _Decoder()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        results.put(("failed", spec.index, f"{type(exc).__name__}: {exc}"))
        return
    results.put(("ready", spec.index, None))
    slots = threading.Semaphore(2 * spec.options.concurrency)
    with ThreadPoolExecutor(max_workers=spec.options.concurrency, thread_name_prefix="case") as pool:
        while not stop.is_set():
            slots.acquire()
            item = tasks.get()
            if item is None:
                break
            serial, kind, payload = item
            try:
                case = decode(kind, payload)
            except Exception as exc:  # noqa: BLE001
                slots.release()
                results.put(("lost", serial, f"the worker could not rebuild the case: {type(exc).__name__}: {exc}"))
                continue
            pool.submit(runner._run_one, case, ledger).add_done_callback(partial(_report, results, serial, slots))
    ledger.close()
    results.put(("finished", spec.index, None))


def _report(results: Any, serial: int, slots: threading.Semaphore, fut: Future) -> None:  # pragma: no cover
    slots.release()
    try:
        results.put(("result", serial, fut.result()))
    except BaseException as exc:  # noqa: BLE001 - never lose a case
        results.put(("lost", serial, f"{type(exc).__name__}: {exc}"))
