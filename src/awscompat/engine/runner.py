"""The engine: runs selected cases against a target with bounded concurrency and isolation."""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from awscompat.catalog.case import Case
from awscompat.engine import outcomes
from awscompat.engine.context import CaseContext
from awscompat.engine.events import Bus, CaseFinished, Notice, RunFinished, RunStarted
from awscompat.engine.evidence import redact
from awscompat.engine.ledger import Ledger, read_ledger
from awscompat.engine.namespace import Namespace
from awscompat.engine.outcomes import OUTCOMES, PASS, CaseResult
from awscompat.engine.preflight import Verdict, preflight
from awscompat.engine.sweep import Sweeper
from awscompat.engine.target import Target
from awscompat.engine.transport import CLIENT_CACHE, Transport, set_sink
from awscompat.engine.workers import WorkerError, WorkerPool

if TYPE_CHECKING:
    from awscompat.engine.distributed.pool import BrokerPool


@dataclass
class RunOptions:
    concurrency: int = 16
    timeout: float = 30.0
    retries: int = 2
    read_only: bool = False
    rerun_failures: int = 0  # re-run a non-passing case up to N times; a changing outcome marks it flaky
    workers: int = 1  # processes the cases are spread over (engine/workers.py)
    keep_exchanges: bool = False  # every case's exchanges in its result (awscompat record/diff)
    budget: float | None = None  # wall-clock seconds for the run: cases not started by then are `error`
    # distributed runs (engine/distributed): shards queued on a Celery/Redis broker
    broker: str | None = None
    shards: int = 0  # 0: sized from recorded case durations
    visibility_timeout: float = 3600.0  # the workers' redelivery delay; each shard stays under a quarter of it
    stall_timeout: float = 0.0  # no result at all for this long: the rest become errors (0: 2 x visibility + 60 s)
    durations: list[str] = field(default_factory=list)  # run folders whose durations size the shards
    # generated cases' requests: "lean" (built once by botocore, sent on the lean path,
    # engine/prepared.py) or "sdk" (every request through a botocore client method)
    request_path: str = "lean"
    client: str = "botocore"  # who sends the requests (engine/clients.py): botocore, js-v3, awscli


@dataclass
class RunSummary:
    counts: dict[str, int]
    incomplete: bool
    interrupted: bool
    preflight_problems: list[str]
    leftovers: list[str]

    @property
    def exit_code(self) -> int:
        return outcomes.exit_code(self.counts, incomplete=self.incomplete, interrupted=self.interrupted)


class Runner:
    def __init__(self, target: Target, cases: Iterable[Case] | Callable[[], Iterable[Case]], out_dir: Path,
                 options: RunOptions, bus: Bus, namespace: Namespace | None = None, *, total: int | None = None,
                 services: list[str] | None = None) -> None:
        """cases: a list, or a function returning a fresh iterator (then give total and services,
        and the cases are streamed: memory stays flat however many there are)."""
        self.target = target
        if callable(cases):
            self._cases = cases
        else:
            listed = list(cases)
            self._cases = lambda: listed
            total = len(listed) if total is None else total
            services = sorted({c.service for c in listed}) if services is None else services
        self.total = total or 0
        self.services = services or []
        self.out_dir = out_dir
        self.options = options
        self.bus = bus
        self.ns = namespace or Namespace()
        self.transport = Transport(target, timeout=options.timeout, retries=options.retries,
                                   pool=options.concurrency, client=options.client,
                                   # the lean path sends without the SDK: with the JS SDK every request goes through it
                                   lean=options.request_path == "lean" and options.client != "js-v3")
        self._stop = threading.Event()
        self._pool: WorkerPool | BrokerPool | None = None
        self._spent_at: float | None = None  # monotonic time the budget runs out (set by run())
        self._running: dict[str, float] = {}  # case id -> monotonic start, cases in flight in this process

    def start_workers(self) -> None:
        """Start the worker processes now (run() does it when needed): with options.workers > 1,
        or the broker's pool with options.broker."""
        if self._pool is None and self.options.broker:
            from awscompat.engine.distributed.pool import BrokerPool

            self.out_dir.mkdir(parents=True, exist_ok=True)
            broker = BrokerPool(self, self.out_dir / "ledger.jsonl")
            broker.start()
            self._pool = broker
        elif self._pool is None and self.options.workers > 1:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            pool = WorkerPool(self, self.out_dir / "ledger.jsonl")
            pool.start()
            self._pool = pool

    def slowest(self) -> tuple[str, float] | None:
        """(case id, seconds) of the case running longest now, in this process (the progress line
        names it); with worker processes, the case a worker has held longest. None when none runs."""
        pool = self._pool
        if pool is not None:
            return pool.oldest()
        try:
            cid, started = min(list(self._running.items()), key=lambda item: item[1])
        except ValueError:
            return None
        return cid, time.monotonic() - started

    def request_stop(self, *_: object) -> None:
        """Stop the run: no new case starts, and requests in flight are cut off at once (their
        connections are shut down); the final sweep still runs."""
        self._stop.set()
        self.transport.connections.abort()

    def run(self, digest: str) -> RunSummary:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        ledger = Ledger(self.out_dir / "ledger.jsonl", self.ns)
        started = time.monotonic()
        if self.options.budget is not None:
            self._spent_at = started + self.options.budget
        self.bus.emit(RunStarted(self.ns.run_id, self.total, digest, self.target.descriptor(), str(self.out_dir)))
        services = self.services
        for service in services[:CLIENT_CACHE]:  # clients made up front, on this thread, not under the pool's lock
            self.transport.client(service)
        verdicts = preflight(self.transport, services) if services else {}
        problems = sorted({v.problem for v in verdicts.values() if not v.ok})
        for problem in problems:
            self.bus.emit(Notice("error", problem))
        counts: Counter[str] = Counter()
        previous = self._install_signal_handlers()
        try:
            self.start_workers()
            if self._pool is not None:
                results = self._pool.execute(self._cases(), lambda c: self._early_result(c, verdicts),
                                             self._stop.is_set)
            else:
                results = self._execute(self._cases(), ledger, verdicts)
            for result in results:
                counts[result.outcome] += 1
                self.bus.emit(CaseFinished(result))
        except KeyboardInterrupt:
            self._stop.set()
        except WorkerError as exc:
            self.bus.emit(Notice("error", str(exc)))
            self._stop.set()
        finally:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
            self._restore_signal_handlers(previous)
            self.transport.connections.resume()  # the sweep may connect again after a stop
            leftovers = Sweeper(self.transport, self.ns, ledger).sweep(ledger.pending())
            ledger.close()
            surveyed = self._survey(verdicts, leftovers)
        for line in self._leftover_notices(leftovers):
            self.bus.emit(Notice("warning", line))
        for line in surveyed:
            self.bus.emit(Notice("warning", f"still on the target after the sweep: {line}"))
        leftovers += surveyed
        interrupted = self._stop.is_set()
        summary = RunSummary({o: counts.get(o, 0) for o in OUTCOMES}, outcomes.incomplete(counts), interrupted,
                             problems, leftovers)
        self.bus.emit(RunFinished(summary.counts, summary.incomplete, interrupted, time.monotonic() - started,
                                  leftovers))
        return summary

    def _survey(self, verdicts: dict[str, Verdict], known: list[str]) -> list[str]:
        """What of the run's namespace is still on the services it reached (engine/survey.py),
        beyond what the sweep already reported. A read-only run created nothing."""
        from awscompat.engine.ledger import read_ledger
        from awscompat.engine.survey import survey

        if self.options.read_only:
            return []
        _, entries = read_ledger(self.out_dir / "ledger.jsonl")
        touched = {s for s in self.services if verdicts.get(s) is None or verdicts[s].ok}
        touched |= {e.service for e in entries}
        lines = survey(self.transport, self.ns, sorted(touched))
        return [line for line in lines if not any(line.split(": ", 1)[-1].split(" ", 1)[0] in k for k in known)]

    def _leftover_notices(self, leftovers: list[str]) -> list[str]:
        """One line per resource left behind, with cleanup advice only where `awscompat cleanup`
        can act: an open ledger entry on a target that outlives the run."""
        if not leftovers:
            return []
        if self.target.name == "moto" and self.target.disposable:
            return [f"left on the embedded moto server, which stopped with the run (nothing to clean): {line}"
                    for line in leftovers]
        try:
            _, open_entries = read_ledger(self.out_dir / "ledger.jsonl")
        except Exception:  # noqa: BLE001 - advice only; the lines are still reported
            open_entries = []
        if open_entries:
            advice = f"`awscompat cleanup {self.out_dir}` retries the {len(open_entries)} open ledger entr" \
                     f"{'y' if len(open_entries) == 1 else 'ies'}"
            return [f"left behind ({advice}): {line}" for line in leftovers]
        return [f"left behind (not in the ledger's open entries: remove it by hand): {line}" for line in leftovers]

    # -- execution ------------------------------------------------------------------------
    def _execute(self, cases: Iterable[Case], ledger: Ledger, verdicts: dict[str, Verdict]):
        """Results in completion order. Up to 2 x concurrency cases are queued ahead of the
        workers; each finished case puts itself on a completion queue, so the loop takes one
        result per case (no wait over all pending futures)."""
        limit = max(1, self.options.concurrency)
        finished: queue.SimpleQueue[Future] = queue.SimpleQueue()
        with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="case") as pool:
            in_flight = 0
            for case in cases:
                if self._stop.is_set():
                    break
                early = self._early_result(case, verdicts)
                if early is not None:
                    yield early
                    continue
                pool.submit(self._run_case, case, ledger).add_done_callback(finished.put)
                in_flight += 1
                if in_flight >= limit * 2:
                    in_flight -= 1
                    yield finished.get().result()
            while in_flight:
                in_flight -= 1
                yield finished.get().result()

    def _run_case(self, case: Case, ledger: Ledger) -> CaseResult:
        """Run a case; with rerun_failures, re-run a fail/unsupported/error up to N times. The
        result keeps the first attempt's outcome and evidence, lists every attempt's outcome, and
        is flaky when they differ (reruns stop at the first different outcome). A case that
        passes on a rerun is never reported as pass."""
        result = self._run_one(case, ledger)
        if self.options.rerun_failures <= 0 or result.outcome not in outcomes.RERUN or self._stop.is_set():
            return result
        attempts = [result.outcome]
        for _ in range(self.options.rerun_failures):
            again = self._run_one(case, ledger)
            attempts.append(again.outcome)
            if again.outcome != result.outcome or self._stop.is_set():
                break
        result.attempts = attempts
        result.flaky = outcomes.flaky(attempts)
        if result.flaky:
            result.message = f"flaky: outcomes {' -> '.join(attempts)} over identical attempts; {result.message}"
        return result

    def _early_result(self, case: Case, verdicts: dict[str, Verdict]) -> CaseResult | None:
        """The result of a case that is not run (engine/outcomes.py `not_run` decides), or None."""
        cannot_express = None
        if self.options.client == "js-v3":
            from awscompat.engine.jsdriver import CANNOT_EXPRESS

            cannot_express = CANNOT_EXPRESS.get(case.id)
        verdict = verdicts.get(case.service)
        failed = verdict is not None and not verdict.ok
        decided = outcomes.not_run(budget_spent=self._spent(), budget=self.options.budget, client=self.options.client,
                                   case_id=case.id, cannot_express=cannot_express, read_only=self.options.read_only,
                                   mutating=case.mutating, preflight=verdict.problem if failed else None)
        if decided is None:
            return None
        evidence = None
        if failed and decided.message.startswith("preflight:") and verdict.exchange:
            evidence = verdict.exchange.to_dict(self.target.region, case.service)
        return _result(case, decided.outcome, 0.0, decided.message, evidence)

    def _spent(self) -> bool:
        return self._spent_at is not None and time.monotonic() >= self._spent_at

    def _run_one(self, case: Case, ledger: Ledger) -> CaseResult:
        if self._spent():  # queued before the budget ran out
            decided = outcomes.not_run(budget_spent=True, budget=self.options.budget)
            return _result(case, decided.outcome, 0.0, decided.message)
        ctx = CaseContext(case, self.transport, ledger, self.ns, timeout=min(case.timeout, self.options.timeout * 4),
                          disposable=self.target.disposable)
        set_sink(ctx.exchanges)
        self._running[case.id] = time.monotonic()
        start = time.perf_counter()
        outcome, message, exchange, expected, observed = PASS, "", None, None, None
        try:
            case.run(ctx)
        except Exception as exc:  # noqa: BLE001 - engine/outcomes.py decides what it means
            outcome, message, exchange, expected, observed = outcomes.from_exception(exc, ctx.last)
        finally:
            set_sink(None)
        try:
            teardown = ctx.teardown()
        finally:
            self._running.pop(case.id, None)
        duration = (time.perf_counter() - start) * 1000
        evidence = None
        if outcome in outcomes.WITH_EVIDENCE and (exchange is not None or expected is not None):
            evidence = exchange.to_dict(self.target.region, _signing_name(exchange.service or case.service)) if exchange else {}
            if expected is not None or observed is not None:
                evidence["expected"] = _plain(expected)
                evidence["observed"] = _plain(observed)
        result = _result(case, outcome, duration, message, evidence, teardown)
        if self.options.keep_exchanges:
            result.exchanges = [_kept(ex, self.target.region, case.service) for ex in ctx.exchanges]
        return result

    # -- signals --------------------------------------------------------------------------
    def _install_signal_handlers(self):
        if threading.current_thread() is not threading.main_thread():
            return None
        previous = signal.getsignal(signal.SIGTERM)

        def on_term(signum, frame):
            self._stop.set()
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, on_term)
        return previous

    @staticmethod
    def _restore_signal_handlers(previous) -> None:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _signing_name(service: str) -> str:
    from awscompat.spec import get_spec

    try:
        return get_spec().service(service).signing_name
    except KeyError:
        return service


KEPT_BODY = 256 * 1024  # response bodies kept whole up to this size (--keep-exchanges)


def _kept(exchange, region: str, service: str) -> dict:
    """An exchange as evidence (secrets redacted) with its response body kept whole, up to
    KEPT_BODY, for awscompat record/diff; no reproduce lines."""
    import hashlib

    from awscompat.engine.evidence import excerpt

    out = exchange.to_dict(region, _signing_name(exchange.service or service))
    out.pop("reproduce", None)
    body = exchange.params.get("Body") if isinstance(exchange.params, dict) else None  # the payload member
    body = body if isinstance(body, bytes | str) else exchange.request_body
    if isinstance(body, bytes | str) and body != "<stream>":  # an S3 ETag may be the MD5 of this body
        out["request"]["md5"] = hashlib.md5(body.encode() if isinstance(body, str) else body).hexdigest()  # noqa: S324
    if "response" in out:
        out["response"]["body"] = excerpt(exchange.response_body, KEPT_BODY)
    return redact(out)


def _plain(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return repr(value)


def _result(case: Case, outcome: str, duration: float, message: str = "", evidence: dict | None = None,
            teardown: list[str] | None = None) -> CaseResult:
    return CaseResult(
        id=case.id, outcome=outcome, duration_ms=duration, service=case.service,
        operations=list(case.operations), feature=case.feature, severity=case.severity,
        provenance=case.provenance.to_dict(), family=case.family, revision=case.revision, message=redact(message),
        evidence=redact(evidence),
        teardown=teardown or [],
    )
