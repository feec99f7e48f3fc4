"""Distributed runs (issue 17): the full S3 + SQS + DynamoDB catalog through a Celery/Redis
broker with 1 and with 2 `awscompat worker` processes, against moto, ministack, and ministack
behind the fault proxy at 50 ms latency; all on this machine, the ratio measured in one go.

    .venv/bin/python bench/distributed.py [--targets moto,ministack,ministack+50ms] [--workers 1,2]
                                          [--threads 8] [--concurrency 16] [--write-costs]

Each configuration gets a fresh server, a fresh redis-server and fresh workers (started before
the clock starts); the time is the `awscompat run --broker` wall time. --write-costs writes the
per-family median case durations of the first moto run to src/awscompat/data/case_costs.json
(the shipped table the shard planner sizes shards from).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import loadavg, machine, print_table, start_server, versions, write_result
from cryptography.fernet import Fernet

from awscompat.engine.embedded import free_port
from awscompat.results.runfolder import iter_results, load_run

BIN = Path(sys.executable).parent
SERVICES = ["s3", "sqs", "dynamodb"]
COSTS = Path(__file__).resolve().parent.parent / "src" / "awscompat" / "data" / "case_costs.json"


def _group(argv: list[str], log: Path, env: dict) -> subprocess.Popen:
    with open(log, "ab") as fh:
        return subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def one(target: str, workers: int, args: argparse.Namespace, tmp: Path) -> dict:
    kind, _, fault = target.partition("+")
    server = start_server(kind)
    port = free_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_REGION": "us-east-1", "AWSCOMPAT_SECRET_KEY": Fernet.generate_key().decode()}
    folder = tmp / f"{target}-{workers}"
    folder.mkdir()
    redis_proc = _group(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
                         "--appendonly", "yes", "--save", ""], folder / "redis.log", env)
    procs: list[subprocess.Popen] = []
    try:
        broker = f"redis://127.0.0.1:{port}/0"
        for i in range(workers):
            procs.append(_group([str(BIN / "awscompat"), "worker", "--broker", broker, "--threads", str(args.threads),
                                 "--dir", str(folder / f"w{i}"), "--log-level", "warning"], folder / f"w{i}.log", env))
        time.sleep(8)  # workers import and connect before the clock starts
        out = folder / "run"
        argv = [str(BIN / "awscompat"), "run", "--endpoint", server.url, "--quiet", "--out", str(out),
                "--concurrency", str(args.concurrency), "--broker", broker]
        for s in SERVICES:
            argv += ["--service", s]
        if fault:
            argv += ["--fault", f"latency={fault}"]
        load = loadavg()
        start = time.monotonic()
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=3600)
        wall = time.monotonic() - start
        meta = load_run(out)
        durations = [r["duration_ms"] for r in iter_results(out)]
        return {"target": target, "workers": workers, "wall_s": round(wall, 2), "exit": done.returncode,
                "cases": len(durations), "counts": meta.get("counts"), "status": meta.get("status"),
                "mean_case_ms": round(statistics.mean(durations), 2), "loadavg_before": load, "run": str(out)}
    finally:
        for p in procs:
            _stop(p)
        _stop(redis_proc)
        server.stop()


def write_costs(run: Path) -> None:
    by_family: dict[str, list[float]] = defaultdict(list)
    for rec in iter_results(run):
        if rec["outcome"] != "skip":
            by_family[rec["family"].split("/", 1)[0]].append(rec["duration_ms"])
    COSTS.write_text(json.dumps({
        "source": "bench/distributed.py against moto (median ms per case family, S3+SQS+DynamoDB)",
        "family_ms": {k: round(statistics.median(v), 1) for k, v in sorted(by_family.items())},
    }, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", default="moto,ministack,ministack+50ms")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--write-costs", action="store_true")
    args = ap.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is not installed: bash scripts/install-system.sh")
    tmp = Path(tempfile.mkdtemp(prefix="awscompat-bench-dist-"))
    rows = []
    for target in args.targets.split(","):
        for n in (int(x) for x in args.workers.split(",")):
            rows.append(one(target, n, args, tmp))
            print(json.dumps(rows[-1]), flush=True)
            if args.write_costs and target == "moto" and n == 1:
                write_costs(Path(rows[-1]["run"]))
    ratios = {}
    for target in args.targets.split(","):
        walls = {r["workers"]: r["wall_s"] for r in rows if r["target"] == target}
        if 1 in walls and 2 in walls:
            ratios[target] = round(walls[1] / walls[2], 2)
    print_table(["target", "workers", "cases", "wall s", "mean case ms", "status"],
                [[r["target"], r["workers"], r["cases"], r["wall_s"], r["mean_case_ms"], r["status"]] for r in rows])
    print("speed-up 1 -> 2 workers:", ratios)
    write_result("distributed", {
        "benchmark": "distributed", "command": " ".join([".venv/bin/python", *sys.argv]),
        "machine": machine(), "versions": versions(), "threads_per_worker": args.threads,
        "concurrency": args.concurrency, "services": SERVICES, "runs": rows, "speedup_2_over_1": ratios,
        "note": "shared machine: other engineers' jobs ran at the same time (see loadavg_before)",
    })
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
