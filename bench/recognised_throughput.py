"""Throughput of the `recognised` family through the awscompat engine versus a bare botocore
loop issuing the same calls (same operations, parameters from the same ValueMaker, same
botocore Config, same concurrency), against moto and ministack started on loopback.

Each round resets the server, then runs engine and bare back to back, alternating which goes
first. Engine throughput counts the execution phase (preflight + cases, up to the last case
result); the final sweep of what mutating probes created is reported separately.

    .venv/bin/python bench/recognised_throughput.py [--rounds 5] [--concurrency 8 16] [--servers moto ministack]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import botocore.session
from _common import (
    SERVERS,
    loadavg,
    median,
    print_table,
    proc_cpu,
    reset,
    start_server,
    system_busy,
    write_result,
)
from botocore import xform_name
from botocore.exceptions import ClientError

from awscompat.catalog import Selection, build_catalog, suite_digest
from awscompat.catalog.case import Case
from awscompat.engine.embedded import ServerProcess
from awscompat.engine.events import Bus, CaseFinished, Event, RunStarted
from awscompat.engine.namespace import Namespace
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.engine.transport import Transport
from awscompat.families.values import ValueMaker
from awscompat.spec import get_spec

SERVICES = ("s3", "sqs", "dynamodb", "sns", "kms", "iam", "sts")
TIMEOUT = 30.0
BUDGET_S = 140.0  # for everything after the catalog is built; a round that starts in time still finishes
QUIET = 0.10  # a pair is "quiet" when other processes used < 10% of the machine during both passes
Call = tuple[str, str, dict[str, Any]]


class Requests:
    """Counts HTTP requests sent (a botocore before-send handler; returns None: the send goes on)."""

    def __init__(self) -> None:
        self.n = 0
        self._lock = threading.Lock()

    def __call__(self, **_: Any) -> None:
        with self._lock:
            self.n += 1


class Stamps:
    """A Bus reporter that only takes readings when the last case finishes (no output, no files)."""

    def __init__(self, requests: Requests, server_pid: int) -> None:
        self.requests = requests
        self.server_pid = server_pid
        self.total = self.seen = 0
        self.at_last_case: tuple[float, float, float, int] = (0.0, 0.0, 0.0, 0)  # wall, cpu, server cpu, requests

    def handle(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self.total = event.total
        elif isinstance(event, CaseFinished):
            self.seen += 1
            if self.seen == self.total:
                self.at_last_case = (time.perf_counter(), time.process_time(), proc_cpu(self.server_pid),
                                     self.requests.n)


def target_for(kind: str, url: str) -> Target:
    return Target(name=kind, endpoint=url, region="us-east-1", addressing="path", disposable=True,
                  credentials=Credentials("testing", "testing", None, "bench"))


def run_engine(target: Target, cases: list[Case], digest: str, concurrency: int, retries: int,
               pid: int) -> dict[str, Any]:
    out_dir = Path(tempfile.mkdtemp(prefix="awscompat-bench-"))
    requests = Requests()
    stamps = Stamps(requests, pid)
    runner = Runner(target, cases, out_dir, RunOptions(concurrency, TIMEOUT, retries), Bus([stamps]))
    # Handlers registered on the session are copied into every client the transport creates.
    runner.transport._session.register("before-send", requests)
    busy0, cpu0, srv0, t0 = system_busy(), time.process_time(), proc_cpu(pid), time.perf_counter()
    try:
        summary = runner.run(digest)
    finally:
        wall = time.perf_counter() - t0
        cpu, srv, busy = time.process_time() - cpu0, proc_cpu(pid) - srv0, system_busy() - busy0
        shutil.rmtree(out_dir, ignore_errors=True)
    last_wall, last_cpu, last_srv, last_requests = stamps.at_last_case
    exec_s = last_wall - t0
    return {"mode": "engine", "cases": len(cases), "exec_s": exec_s, "total_s": wall,
            "cases_per_s": len(cases) / exec_s, "requests_exec": last_requests,
            "requests_sweep": requests.n - last_requests, "client_cpu_s": last_cpu - cpu0,
            "client_cpu_total_s": cpu, "server_cpu_s": last_srv - srv0, "server_cpu_total_s": srv,
            "other_cpu_share": _other_share(busy, cpu, srv, wall),
            "outcomes": {k: v for k, v in summary.counts.items() if v}}


def _other_share(busy: float, client: float, server: float, wall: float) -> float:
    """Share of the machine's CPU used by processes other than this client and the server."""
    return max(0.0, busy - client - server) / (wall * (os.cpu_count() or 1))


def make_calls(cases: list[Case], target: Target) -> list[Call]:
    """The engine's probe parameters, made the same way (one ValueMaker per case)."""
    spec, ns = get_spec(), Namespace()
    calls = []
    for case in cases:
        op = spec.service(case.service).operation(case.operations[0])
        maker = ValueMaker(ns, target.region, endpoint=target.endpoint_for(case.service))
        calls.append((case.service, xform_name(op.name), maker.required_params(op, case.service)))
    return calls


def run_bare(target: Target, calls: list[Call], concurrency: int, pid: int) -> dict[str, Any]:
    # The very Config the engine's transport would use (no retries, no validation, same pool).
    config = Transport(target, timeout=TIMEOUT, retries=0, pool=concurrency).config()
    creds = target.credentials
    assert creds is not None
    busy0, cpu0, srv0, t0 = system_busy(), time.process_time(), proc_cpu(pid), time.perf_counter()
    session = botocore.session.Session()
    session.set_credentials(creds.access_key, creds.secret_key, creds.token)
    clients = {svc: session.create_client(svc, region_name=target.region, endpoint_url=target.endpoint_for(svc),
                                          verify=target.verify_tls, config=config)
               for svc in sorted({c[0] for c in calls})}

    def one(call: Call) -> str:
        service, method, params = call
        try:
            getattr(clients[service], method)(**params)
            return "ok"
        except ClientError:
            return "error-answer"
        except Exception as exc:  # noqa: BLE001 - counted by kind (e.g. a 500 with a body botocore cannot parse)
            return f"fault:{type(exc).__name__}"

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, calls))
    wall = time.perf_counter() - t0
    cpu, srv, busy = time.process_time() - cpu0, proc_cpu(pid) - srv0, system_busy() - busy0
    return {"mode": "bare", "other_cpu_share": _other_share(busy, cpu, srv, wall), "cases": len(calls), "exec_s": wall, "total_s": wall, "cases_per_s": len(calls) / wall,
            "requests_exec": len(calls), "requests_sweep": 0, "client_cpu_s": cpu, "server_cpu_s": srv,
            "outcomes": {k: results.count(k) for k in sorted(set(results))}}


def bench_server(kind: str, cases: list[Case], digest: str, concurrencies: list[int], rounds: int,
                 retries: int, deadline: float, later_blocks: int) -> list[dict[str, Any]]:
    """Rounds for each concurrency; each block of rounds gets an equal share of the time left
    before deadline (later_blocks: blocks of the servers still to come), and at least one round."""
    server: ServerProcess = start_server(kind)
    runs: list[dict[str, Any]] = []
    try:
        assert server.proc is not None
        pid, url = server.proc.pid, server.url
        target = target_for(kind, url)
        gen0 = time.perf_counter()
        make_calls(cases, target)
        gen_ms = (time.perf_counter() - gen0) * 1000 / len(cases)
        # Warm-up (not counted): loads the server's backends and both client paths.
        for mode in ("bare", "engine"):
            reset(kind, url)
            if mode == "bare":
                run_bare(target, make_calls(cases, target), concurrencies[0], pid)
            else:
                run_engine(target, cases, digest, concurrencies[0], retries, pid)
        for i, conc in enumerate(concurrencies):
            now = time.monotonic()
            block_end = now + max(0.0, deadline - now) / (len(concurrencies) - i + later_blocks)
            for rnd in range(rounds):
                if rnd >= 1 and time.monotonic() > block_end:
                    print(f"  {kind:9} c={conc:<3} time budget reached after {rnd} rounds", flush=True)
                    break
                order = ("engine", "bare") if rnd % 2 == 0 else ("bare", "engine")
                for mode in order:
                    reset(kind, url)
                    if mode == "engine":
                        res = run_engine(target, cases, digest, conc, retries, pid)
                    else:
                        res = run_bare(target, make_calls(cases, target), conc, pid)
                    res.update(server=kind, concurrency=conc, round=rnd, valuemaker_ms_per_case=gen_ms)
                    runs.append(res)
                    print(f"  {kind:9} c={conc:<3} round {rnd} {mode:6} {res['cases_per_s']:7.1f} cases/s "
                          f"({res['exec_s']:.2f}s, client cpu {res['client_cpu_s']:.2f}s, "
                          f"other load {res['other_cpu_share']:.0%})", flush=True)
    finally:
        server.stop()
    return runs


def summarise(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for kind, conc in sorted({(r["server"], r["concurrency"]) for r in runs}, key=lambda k: (SERVERS.index(k[0]), k[1])):
        eng = [r for r in runs if (r["server"], r["concurrency"], r["mode"]) == (kind, conc, "engine")]
        bare = [r for r in runs if (r["server"], r["concurrency"], r["mode"]) == (kind, conc, "bare")]
        pairs = list(zip(eng, bare, strict=False))  # a round cut by the budget leaves no half pair behind
        paired = [e["cases_per_s"] / b["cases_per_s"] for e, b in pairs]
        quiet = [e["cases_per_s"] / b["cases_per_s"] for e, b in pairs
                 if max(e["other_cpu_share"], b["other_cpu_share"]) < QUIET]
        n = eng[0]["cases"]
        rows.append({
            "server": kind, "concurrency": conc, "cases": n,
            "engine_cases_per_s": median([r["cases_per_s"] for r in eng]),
            "bare_cases_per_s": median([r["cases_per_s"] for r in bare]),
            "ratio_of_medians": median([r["cases_per_s"] for r in eng]) / median([r["cases_per_s"] for r in bare]),
            "paired_ratios": paired, "ratio_paired_median": median(paired), "ratio_min": min(paired),
            "ratio_max": max(paired), "quiet_pairs": len(quiet), "ratio_quiet_median": median(quiet),
            "engine_client_cpu_ms_per_case": median([r["client_cpu_s"] for r in eng]) * 1000 / n,
            "bare_client_cpu_ms_per_case": median([r["client_cpu_s"] for r in bare]) * 1000 / n,
            "cpu_ratio_bare_over_engine": median([r["client_cpu_s"] for r in bare]) / median(
                [r["client_cpu_s"] for r in eng]),
            "engine_server_cpu_ms_per_case": median([r["server_cpu_s"] for r in eng]) * 1000 / n,
            "bare_server_cpu_ms_per_case": median([r["server_cpu_s"] for r in bare]) * 1000 / n,
            "engine_requests_exec": eng[0]["requests_exec"], "engine_requests_sweep": eng[0]["requests_sweep"],
            "engine_sweep_s": median([r["total_s"] - r["exec_s"] for r in eng]),
            "other_cpu_share_median": median([r["other_cpu_share"] for r in eng + bare]),
            "engine_outcomes": eng[0]["outcomes"], "bare_outcomes": bare[0]["outcomes"],
        })
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--servers", nargs="+", default=list(SERVERS), choices=SERVERS)
    ap.add_argument("--services", nargs="+", default=list(SERVICES))
    ap.add_argument("--concurrency", nargs="+", type=int, default=[8, 16])
    ap.add_argument("--rounds", type=int, default=5, help="engine/bare pairs per server and concurrency")
    ap.add_argument("--retries", type=int, default=0,
                    help="engine retries of transient answers (0: exactly one request per case, like bare)")
    args = ap.parse_args()
    cases = list(build_catalog(Selection(services=args.services, families=["recognised"])))
    digest = suite_digest(cases)
    print(f"{len(cases)} recognised cases over {', '.join(args.services)}; rounds={args.rounds}; "
          f"load average {loadavg()}", flush=True)
    load_before = loadavg()
    started = time.monotonic()
    runs: list[dict[str, Any]] = []
    deadline = started + BUDGET_S  # keeps a loaded machine from running past ~3 minutes
    for n, kind in enumerate(args.servers):
        later = (len(args.servers) - n - 1) * len(args.concurrency)
        runs += bench_server(kind, cases, digest, args.concurrency, args.rounds, args.retries, deadline, later)
    rows = summarise(runs)
    print()
    print_table(["server", "conc", "cases", "engine c/s", "bare c/s", "ratio", "paired: median (min..max)",
                 "quiet pairs: n, median", "eng cpu ms/case", "bare cpu ms/case", "cpu bare/eng", "eng reqs (+sweep)", "sweep s",
                 "other load"],
                [[r["server"], r["concurrency"], r["cases"], r["engine_cases_per_s"], r["bare_cases_per_s"],
                  r["ratio_of_medians"], f"{r['ratio_paired_median']:.3f} ({r['ratio_min']:.2f}..{r['ratio_max']:.2f})",
                  f"{r['quiet_pairs']}, {r['ratio_quiet_median']:.3f}",
                  r["engine_client_cpu_ms_per_case"], r["bare_client_cpu_ms_per_case"],
                  r["cpu_ratio_bare_over_engine"],
                  f"{r['engine_requests_exec']} (+{r['engine_requests_sweep']})", r["engine_sweep_s"],
                  f"{r['other_cpu_share_median']:.0%}"]
                 for r in rows])
    path = write_result("recognised_throughput", {
        "services": args.services, "concurrency": args.concurrency, "rounds": args.rounds,
        "engine_retries": args.retries, "elapsed_s": time.monotonic() - started, "load_average_before": load_before,
        "load_average_after": loadavg(), "summary": rows, "runs": runs})
    print(f"\nwrote {path} ({time.monotonic() - started:.0f}s)")


if __name__ == "__main__":
    main()
