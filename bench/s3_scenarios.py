"""Seconds per case of the S3 scenarios (`awscompat run -s s3 -f scenario`) against moto, at
concurrency 16 and 1.

Runs whatever S3 scenarios exist (the count is reported), with the exact command: each run
starts its own embedded moto on loopback and stops it. "s/case" is the run's own duration
(run.json: preflight, cases, final sweep) over the number of cases; the command's wall time
adds the interpreter, imports, catalog, moto's start and the reports. Rounds alternate the
order and stop when the next would not fit in ~2.5 minutes. --teardown-split adds one
in-process run (its own moto) counting the requests of scenario bodies versus their teardown.

    .venv/bin/python bench/s3_scenarios.py [--rounds 3] [--concurrency 16 1] [--teardown-split]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _common import median, print_table, start_server, write_result

from awscompat.catalog import Selection, build_catalog, suite_digest
from awscompat.engine.context import CaseContext
from awscompat.engine.events import Bus
from awscompat.engine.runner import Runner, RunOptions
from awscompat.engine.target import Credentials, Target
from awscompat.results.runfolder import RunFolderError, iter_results, load_run

BUDGET_S = 150.0  # a new round starts only if, at the pace so far, it ends within this
CLI = str(Path(sys.executable).parent / "awscompat")
ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
       "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": os.devnull,
       "AWS_SHARED_CREDENTIALS_FILE": os.devnull}


def run_cli(concurrency: int, endpoint: str | None) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix="awscompat-bench-s3-")) / "run"
    argv = [CLI, "run", "-s", "s3", "-f", "scenario", "-c", str(concurrency), "-q", "--out", str(out)]
    if endpoint:
        argv[2:2] = ["--endpoint", endpoint]
    t0 = time.perf_counter()
    proc = subprocess.run(argv, env=ENV, capture_output=True, text=True, timeout=300, check=False)
    wall = time.perf_counter() - t0
    try:
        meta = load_run(out)
        results = list(iter_results(out))
    except (OSError, ValueError, RunFolderError) as exc:
        raise SystemExit(f"awscompat run failed (exit {proc.returncode}): {exc}\n{proc.stderr[-2000:]}") from exc
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
    durations = sorted(r["duration_ms"] / 1000 for r in results)
    n = len(results)
    return {
        "concurrency": concurrency, "embedded": endpoint is None, "exit_code": proc.returncode, "cases": n,
        "process_wall_s": wall, "run_duration_s": meta["duration_s"], "s_per_case": meta["duration_s"] / n,
        "case_mean_s": statistics.fmean(durations), "case_median_s": statistics.median(durations),
        "case_p95_s": durations[min(n - 1, int(0.95 * n))], "case_max_s": durations[-1],
        "outcomes": dict(Counter(r["outcome"] for r in results)),
        "slowest": [(r["id"], round(r["duration_ms"], 1))
                    for r in sorted(results, key=lambda r: -r["duration_ms"])[:5]],
    }


def teardown_share(url: str) -> dict[str, Any]:
    """One in-process run at concurrency 1 (CLI defaults otherwise): HTTP requests and seconds
    spent in each scenario's body versus its teardown (CaseContext.teardown, timed in place)."""
    phase = threading.local()
    counts: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    original = CaseContext.teardown

    def timed_teardown(self: CaseContext) -> list[str]:
        phase.name, t0 = "teardown", time.perf_counter()
        try:
            return original(self)
        finally:
            seconds["teardown"] += time.perf_counter() - t0
            phase.name = None

    def count(model: Any, **_: Any) -> None:  # before-call: once per request (botocore retries are off)
        where = getattr(phase, "name", None) or (
            "run" if threading.current_thread() is threading.main_thread() else "body")
        counts[where] += 1
        counts[f"{where}:{model.name}"] += 1

    cases = list(build_catalog(Selection(services=["s3"], families=["scenario"])))
    target = Target(name="moto", endpoint=url, disposable=False, credentials=Credentials("testing", "testing"))
    out = Path(tempfile.mkdtemp(prefix="awscompat-bench-s3-"))
    runner = Runner(target, cases, out, RunOptions(1, 30.0, 2), Bus([]))
    runner.transport._session.register("before-call", count)
    CaseContext.teardown = timed_teardown  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        runner.run(suite_digest(cases))
        total = time.perf_counter() - t0
    finally:
        CaseContext.teardown = original  # type: ignore[method-assign]
        shutil.rmtree(out, ignore_errors=True)
    n = len(cases)
    return {"cases": n, "run_s": total, "teardown_s": seconds["teardown"],
            "requests_per_case": {k: counts[k] / n for k in ("body", "teardown")},
            "requests_outside_cases": counts["run"],
            "teardown_requests_by_operation": {k.split(":", 1)[1]: v for k, v in counts.most_common()
                                               if k.startswith("teardown:")}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concurrency", nargs="+", type=int, default=[16, 1])
    ap.add_argument("--rounds", type=int, default=3, help="at most; a round starts only if it fits the budget")
    ap.add_argument("--teardown-split", action="store_true",
                    help="also one in-process run at concurrency 1 counting body vs teardown requests")
    args = ap.parse_args()
    listed = subprocess.run([CLI, "list", "-s", "s3", "-f", "scenario"], env=ENV, capture_output=True, text=True,
                            check=True).stdout.split("\n")
    count = sum(1 for line in listed if line.strip())
    print(f"{count} S3 scenarios; concurrency {args.concurrency}; up to {args.rounds} rounds", flush=True)
    started = time.monotonic()
    runs: list[dict[str, Any]] = []
    for rnd in range(args.rounds):
        spent = time.monotonic() - started
        if rnd and spent + spent / rnd > BUDGET_S:  # the next round would not fit in the budget
            print(f"  time budget: stopping after {rnd} round(s)")
            break
        for conc in (args.concurrency if rnd % 2 == 0 else args.concurrency[::-1]):
            res = {**run_cli(conc, None), "round": rnd}  # the exact command, with its embedded moto
            runs.append(res)
            print(f"  c={conc:<3} round {rnd}: {res['cases']} cases in {res['run_duration_s']:.2f}s "
                  f"({res['s_per_case']:.4f} s/case), process {res['process_wall_s']:.2f}s", flush=True)
    split: dict[str, Any] = {}
    if args.teardown_split:
        server = start_server("moto")
        try:
            split = teardown_share(server.url)
        finally:
            server.stop()
        print(f"  in-process, c=1: {split['requests_per_case']['body']:.1f} requests/case in the scenario body, "
              f"{split['requests_per_case']['teardown']:.1f} in its teardown; teardown "
              f"{split['teardown_s']:.2f}s of {split['run_s']:.2f}s; teardown requests: "
              + ", ".join(f"{k} {v}" for k, v in split["teardown_requests_by_operation"].items()), flush=True)
    rows = []
    for conc in args.concurrency:
        mine = [r for r in runs if r["concurrency"] == conc]
        rows.append({
            "concurrency": conc, "cases": mine[0]["cases"], "rounds": len(mine),
            "s_per_case": median([r["s_per_case"] for r in mine]),
            "run_duration_s": median([r["run_duration_s"] for r in mine]),
            "process_wall_s": median([r["process_wall_s"] for r in mine]),
            "case_median_s": median([r["case_median_s"] for r in mine]),
            "case_p95_s": median([r["case_p95_s"] for r in mine]),
            "outcomes": mine[0]["outcomes"],
        })
    print()
    print_table(["conc", "cases", "rounds", "s/case (run/cases)", "run s", "command s (with moto start)",
                 "case median s", "case p95 s", "outcomes"],
                [[r["concurrency"], r["cases"], r["rounds"], f"{r['s_per_case']:.4f}", r["run_duration_s"],
                  r["process_wall_s"], f"{r['case_median_s']:.4f}", f"{r['case_p95_s']:.4f}",
                  " ".join(f"{k}={v}" for k, v in sorted(r["outcomes"].items()))] for r in rows])
    path = write_result("s3_scenarios", {"scenarios_listed": count, "elapsed_s": time.monotonic() - started,
                                         "summary": rows, "runs": runs, "teardown_share_c1": split})
    print(f"\nwrote {path} ({time.monotonic() - started:.0f}s)")


if __name__ == "__main__":
    main()
