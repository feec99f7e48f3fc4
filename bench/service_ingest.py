"""Ingest throughput of the service: a run of 250,000 results streamed through the same path as a
real run (engine events -> DbIngestReporter -> batched executemany inserts -> final count check),
into a fresh database. The budget is 15 s on SQLite.

    .venv/bin/python bench/service_ingest.py [--results 250000] [--rounds 3] [--fail-rate 0.1]
                                             [--db postgresql+psycopg://user@127.0.0.1:5432/db]

Without --db, a temporary SQLite file (WAL, synchronous=NORMAL) is used. The results are
synthetic but shaped like real ones (ids, features, messages; every failure carries evidence of
about 1 kB, as the engine writes it).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import loadavg, median, print_table, write_result
from sqlalchemy import delete, func, select

from awscompat.engine.events import CaseFinished, RunFinished, RunStarted
from awscompat.results.outcome import CaseResult
from awscompat.service.db import Database
from awscompat.service.ingest import DbIngestReporter, Ingester
from awscompat.service.models import Provider, Result, Run, Target

BUDGET_S = 15.0
FEATURES = [f"{svc}/{feat}" for svc in ("s3", "sqs", "dynamodb", "ec2", "iam") for feat in
            ("contract", "listing", "versioning", "multipart", "errors", "queues", "items", "instances")]
OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")


def evidence(i: int) -> dict[str, Any]:
    return {
        "operation": "s3:PutObject",
        "request": {"method": "PUT", "url": f"http://127.0.0.1:9000/awscompat-bench-{i:06x}/key",
                    "headers": {"X-Amz-Date": "20261122T000000Z", "Authorization": "AWS4-HMAC-SHA256 <redacted>",
                                "Content-Length": "11"}, "body": "hello world"},
        "attempts": 1,
        "response": {"status": 400, "headers": {"Content-Type": "application/xml"},
                     "body": "<Error><Code>InvalidArgument</Code><Message>" + "x" * 400 + "</Message></Error>"},
        "reproduce": {"curl": f"curl -sS -i --aws-sigv4 aws:amz:us-east-1:s3 -X PUT http://127.0.0.1:9000/b{i}/key",
                      "boto3": "boto3.client('s3').put_object(Bucket='b', Key='key')"},
        "expected": "NoSuchBucket", "observed": "InvalidArgument",
    }


def make_results(n: int, fail_rate: float, seed: int = 7) -> list[CaseResult]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        feature = FEATURES[i % len(FEATURES)]
        service = feature.split("/", 1)[0]
        outcome = "pass" if rng.random() >= fail_rate else rng.choice(OUTCOMES[1:4])
        out.append(CaseResult(
            id=f"{service}/Operation{i // 50}/family/member-{i}", outcome=outcome, duration_ms=rng.random() * 50,
            service=service, operations=[f"Operation{i // 50}"], feature=feature, severity="required",
            provenance={"kind": "model"}, family="required", message="" if outcome == "pass" else
            "expected error code NoSuchBucket, got InvalidArgument (HTTP 400)",
            evidence=evidence(i) if outcome != "pass" else None))
    return out


def one_round(db: Database, results: list[CaseResult]) -> dict[str, float]:
    with db.write() as s:
        p = s.scalars(select(Provider).where(Provider.name == "bench")).first()
        if p is None:
            p = Provider(name="bench", title="bench", homepage="", contact="")
            s.add(p)
            s.flush()
            t = Target(provider_id=p.id, name="t", endpoint="http://127.0.0.1:9", endpoints={}, profiles=[])
            s.add(t)
            s.flush()
        else:
            t = s.scalars(select(Target).where(Target.provider_id == p.id)).one()
        run = Run(provider_id=p.id, target_id=t.id, status="running", profiles=[])
        s.add(run)
        s.flush()
        run_id = run.id
    reporter = DbIngestReporter(Ingester(db, run_id))
    start, cpu = time.perf_counter(), time.process_time()
    reporter.handle(RunStarted("bench", len(results), "sha256:0", {"name": "bench"}, "/tmp"))
    for r in results:
        reporter.handle(CaseFinished(r))
    reporter.handle(RunFinished({}, False, False, 0.0))
    with db.read() as s:
        stored = s.scalar(select(func.count()).select_from(Result).where(Result.run_id == run_id))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if stored != len(results):
        raise SystemExit(f"stored {stored} of {len(results)} results")
    with db.write() as s:
        s.execute(delete(Result).where(Result.run_id == run_id))
    return {"seconds": elapsed, "cpu_seconds": cpu, "rows_per_s": len(results) / elapsed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", type=int, default=250_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--fail-rate", type=float, default=0.1)
    ap.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--no-save", action="store_true", help="do not write bench/results/service_ingest.json")
    args = ap.parse_args(argv)
    results = make_results(args.results, args.fail_rate)
    with tempfile.TemporaryDirectory(prefix="awscompat-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        db = Database(url)
        db.migrate()
        rounds = [one_round(db, results) for _ in range(args.rounds)]
        db.dispose()
    secs = [r["seconds"] for r in rounds]
    dialect = url.split(":", 1)[0].split("+", 1)[0]
    print_table(["round", "wall s", "cpu s", "rows/s"],
                [(i + 1, r["seconds"], r["cpu_seconds"], round(r["rows_per_s"])) for i, r in enumerate(rounds)])
    best, med = min(secs), median(secs)
    verdict = "within" if max(secs) <= BUDGET_S else "OVER"
    print(f"{args.results} results on {dialect}: median {med:.2f} s, worst {max(secs):.2f} s ({verdict} the"
          f" {BUDGET_S:.0f} s budget); load average now {loadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if not args.no_save:
        write_result("service_ingest", {"database": dialect, "results": args.results, "fail_rate": args.fail_rate,
                                        "rounds": rounds, "median_s": med, "best_s": best, "worst_s": max(secs),
                                        "budget_s": BUDGET_S, "loadavg_after": loadavg()})
    return 0 if max(secs) <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
