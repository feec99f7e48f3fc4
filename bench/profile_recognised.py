"""Where the client-side CPU goes on the `recognised` family, engine versus bare loop.

Wraps the engine's parts in-process (nothing under src/ changes) and charges each part the
CPU time of the thread that runs it (time.thread_time: waiting for the GIL, a lock or the
server costs nothing), over alternating engine/bare passes on one server. With --cprofile,
one more engine pass and one bare pass run under cProfile (thread CPU timer) for the detail.
A third mode, "engine, clients prebuilt", is a what-if for the main hot spot found: the
engine with its botocore clients made up front from a session sharing the Spec's loader.

    .venv/bin/python bench/profile_recognised.py [--server ministack] [--concurrency 8] [--rounds 4]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import io
import pstats
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import botocore.client
import botocore.session
from _common import SERVERS, median, print_table, reset, start_server, write_result
from recognised_throughput import SERVICES, make_calls, run_bare, run_engine, target_for

import awscompat.engine.context as context_mod
import awscompat.engine.evidence as evidence_mod
import awscompat.engine.ledger as ledger_mod
import awscompat.engine.runner as runner_mod
import awscompat.engine.sweep as sweep_mod
import awscompat.engine.transport as transport_mod
import awscompat.families.values as values_mod
from awscompat.catalog import Selection, build_catalog, suite_digest

_acc: dict[str, float] = {}
_lock = threading.Lock()
_profiles: list[cProfile.Profile] = []


def _charge(name: str, seconds: float) -> None:
    where = "main" if threading.current_thread() is threading.main_thread() else "worker"
    with _lock:
        _acc[f"{where}: {name}"] = _acc.get(f"{where}: {name}", 0.0) + seconds


def timed(name: str, fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _charge(name, time.thread_time() - t0)

    return wrapper


def timed_generator(name: str, fn: Callable[..., Iterator]) -> Callable[..., Iterator]:
    """The main thread's share of a generator (its own steps, not the consumer's)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Iterator:
        gen = fn(*args, **kwargs)
        while True:
            t0 = time.thread_time()
            try:
                item = next(gen)
            except StopIteration:
                return
            finally:
                _charge(name, time.thread_time() - t0)
            yield item

    return wrapper


def instrument() -> Callable[[], None]:
    """Patch the engine's parts with timers; return the function that patches the bare call."""
    R, T = runner_mod.Runner, transport_mod.Transport
    R.run = timed("Runner.run (whole run)", R.run)
    R._run_one = timed("Runner._run_one (whole case)", R._run_one)
    R._execute = timed_generator("Runner._execute (submit/wait loop)", R._execute)
    T._once = staticmethod(timed("Transport._once (the botocore call)", T._once))
    T.client = timed("Transport.client (lookup + creation)", T.client)
    for hook in ("_on_call", "_on_send", "_on_parse"):  # looked up when a client is created
        setattr(transport_mod, hook, timed(f"capture hook {hook}", getattr(transport_mod, hook)))
    for name in ("record", "done", "annotate"):
        setattr(ledger_mod.Ledger, name, timed(f"Ledger.{name}", getattr(ledger_mod.Ledger, name)))
    values_mod.ValueMaker.required_params = timed("ValueMaker.required_params",
                                                  values_mod.ValueMaker.required_params)
    evidence_mod.Exchange.to_dict = timed("Exchange.to_dict (evidence)", evidence_mod.Exchange.to_dict)
    context_mod.CaseContext.teardown = timed("CaseContext.teardown", context_mod.CaseContext.teardown)
    sweep_mod.Sweeper.sweep = timed("Sweeper.sweep (final sweep)", sweep_mod.Sweeper.sweep)
    botocore.session.Session.create_client = timed("botocore Session.create_client",  # type: ignore[method-assign]
                                                   botocore.session.Session.create_client)
    plain = botocore.client.BaseClient._make_api_call
    bare = timed("bare: botocore _make_api_call", plain)

    def set_bare(on: bool) -> None:
        botocore.client.BaseClient._make_api_call = bare if on else plain  # type: ignore[method-assign]

    return set_bare  # type: ignore[return-value]


PREBUILT = "engine, clients prebuilt"
MODES = ("engine", "bare", PREBUILT)


def prebuilt_clients(run: Callable) -> Callable:
    """A what-if, patched in-process: the transport's session shares the Spec's data loader
    (models already parsed by build_catalog) and the run's clients are made before the pool."""
    from awscompat.spec import get_spec

    def wrapper(self: runner_mod.Runner, digest: str) -> Any:
        self.transport._session.register_component("data_loader", get_spec()._loader)
        for service in self.services:
            self.transport.client(service)
        return run(self, digest)

    return wrapper


def cprofile_pass(fn: Callable[[], Any], top: int) -> str:
    """Run fn with every new thread (and this one) under cProfile, thread CPU timer."""
    def start(*_: Any) -> None:
        prof = cProfile.Profile(time.thread_time)
        with _lock:
            _profiles.append(prof)
        prof.enable()

    _profiles.clear()
    threading.setprofile(start)  # the first event of each new thread starts its own profiler
    start()
    try:
        fn()
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
        for prof in _profiles:
            prof.disable()
    stats = pstats.Stats(_profiles[0])
    for prof in _profiles[1:]:
        stats.add(prof)
    buf = io.StringIO()
    stats.stream = buf  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def client_creation(url: str, rounds: int) -> dict[str, dict[str, float]]:
    """CPU seconds to create the 7 clients: a fresh session (what Transport does on every run)
    versus a session that shares the data loader of awscompat's Spec (models already parsed)."""
    from awscompat.engine.transport import Transport
    from awscompat.spec import get_spec

    config = Transport(target_for("moto", url)).config()
    out: dict[str, dict[str, float]] = {}
    for label in ("fresh session", "session sharing the Spec's data loader"):
        values = []
        for _ in range(rounds + 1):
            t0 = time.process_time()
            session = botocore.session.Session()
            if label != "fresh session":
                session.register_component("data_loader", get_spec()._loader)
            for svc in SERVICES:
                session.create_client(svc, region_name="us-east-1", endpoint_url=url, aws_access_key_id="a",
                                      aws_secret_access_key="b", config=config)
            values.append(time.process_time() - t0)
        out[label] = {"first": values[0], "then": median(values[1:])}  # the first one fills the shared caches
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", default="ministack", choices=SERVERS)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--cprofile", type=int, metavar="TOP", default=0, help="also print cProfile's top TOP functions")
    args = ap.parse_args()
    cases = list(build_catalog(Selection(services=list(SERVICES), families=["recognised"])))
    digest, n = suite_digest(cases), len(cases)
    set_bare = instrument()
    plain_run = runner_mod.Runner.run
    what_if = prebuilt_clients(plain_run)
    samples: dict[tuple[str, str], list[float]] = {}
    speed: dict[str, list[float]] = {}
    texts: dict[str, str] = {}
    server = start_server(args.server)
    try:
        assert server.proc is not None
        target, pid = target_for(args.server, server.url), server.proc.pid
        creation = client_creation(server.url, args.rounds)  # first: before any shared cache is filled
        for rnd in range(args.rounds + 1):  # round 0 warms up and is not kept
            for mode in (MODES if rnd % 2 == 0 else MODES[::-1]):
                reset(args.server, server.url)
                calls = make_calls(cases, target)
                _acc.clear()
                set_bare(mode == "bare")
                runner_mod.Runner.run = what_if if mode == PREBUILT else plain_run  # type: ignore[method-assign]
                res = (run_bare(target, calls, args.concurrency, pid) if mode == "bare"
                       else run_engine(target, cases, digest, args.concurrency, 0, pid))
                set_bare(False)
                runner_mod.Runner.run = plain_run  # type: ignore[method-assign]
                if rnd:
                    speed.setdefault(mode, []).append(res["cases_per_s"])
                    for key, value in {**_acc, "process CPU up to the last case": res["client_cpu_s"]}.items():
                        samples.setdefault((mode, key), []).append(value)
        if args.cprofile:
            reset(args.server, server.url)
            texts["engine"] = cprofile_pass(lambda: run_engine(target, cases, digest, args.concurrency, 0, pid),
                                            args.cprofile)
            reset(args.server, server.url)
            calls = make_calls(cases, target)
            texts["bare"] = cprofile_pass(lambda: run_bare(target, calls, args.concurrency, pid), args.cprofile)
    finally:
        server.stop()
    rows = [{"mode": mode, "part": key, "ms_per_case": median(v) * 1000 / n, "samples_s": v}
            for (mode, key), v in sorted(samples.items())]
    for mode, text in texts.items():
        print(f"== cProfile, {mode} (thread CPU time) ==\n{text}")
    print(f"{n} cases, {args.server}, concurrency {args.concurrency}, {args.rounds} rounds; CPU ms per case (median)")
    print_table(["mode", "part (thread CPU, nested parts overlap)", "ms/case"],
                [[r["mode"], r["part"], r["ms_per_case"]] for r in rows])
    print("\nthroughput, cases/s (median): " + "; ".join(f"{m}: {median(v):.1f}" for m, v in speed.items()))
    print(f"CPU to create the {len(SERVICES)} clients of a run: "
          + "; ".join(f"{k}: {v['first'] * 1000:.0f} ms first, {v['then'] * 1000:.0f} ms then"
                      for k, v in creation.items()))
    path = write_result("profile_recognised", {"server": args.server, "concurrency": args.concurrency,
                                               "rounds": args.rounds, "cases": n, "parts": rows,
                                               "cases_per_s": speed,
                                               "client_creation_cpu_s": creation})
    print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
