"""Footprint extraction over a generated Python tree (default 10,000 files): wall time of
`awscompat footprint TREE --out FILE` as a user runs it (a subprocess, so interpreter start-up
and model loading are included): by default (worker processes; files that name no SDK are read
but not parsed), with one process, and with --parse-all (every file parsed). Also recorded:
the CPU seconds the command and its workers used, and the machine's 1-minute load average (on a
shared machine, wall time depends on what else runs; CPU time much less).

The tree is generated deterministically (seeded): packages of modules of ~200 lines each; one
module in five uses boto3 (clients and resources of a dozen services, passed through attributes,
parameters and return values, paginators, waiters, one dynamic client per module), the others are
plain application code (classes, comprehensions, string handling) that the analysis must still
parse and walk.

    .venv/bin/python bench/footprint_tree.py [--files 10000] [--rounds 3] [--keep DIR] [--modes default single]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import loadavg, median, print_table, write_result

SERVICES = {
    "s3": ["put_object", "get_object", "head_object", "delete_object", "list_buckets", "copy_object"],
    "dynamodb": ["put_item", "get_item", "query", "scan", "update_item", "describe_table"],
    "sqs": ["send_message", "receive_message", "delete_message", "get_queue_url"],
    "sns": ["publish", "create_topic", "subscribe"],
    "kms": ["encrypt", "decrypt", "generate_data_key"],
    "lambda": ["invoke", "get_function", "list_functions"],
    "secretsmanager": ["get_secret_value", "put_secret_value"],
    "ssm": ["get_parameter", "get_parameters_by_path"],
    "sts": ["get_caller_identity", "assume_role"],
    "kinesis": ["put_record", "get_records", "describe_stream"],
    "events": ["put_events"],
    "logs": ["put_log_events", "create_log_stream"],
}
PAGINATED = {"s3": "list_objects_v2", "dynamodb": "scan", "sqs": "list_queues", "lambda": "list_functions",
             "ssm": "get_parameters_by_path", "logs": "describe_log_groups"}


def aws_module(rng: random.Random, n: int) -> str:
    a, b = rng.sample(sorted(SERVICES), 2)
    lines = ["import json", "import os", "", "import boto3", "from boto3.session import Session", "",
             f'SERVICE = "{a}"', f"_{a.upper()} = boto3.client(SERVICE)",
             'session = Session(region_name=os.environ.get("AWS_REGION", "us-east-1"))', ""]
    lines += [f"class Repo{n}:", "    def __init__(self, client, prefix):",
              "        self.client = client", "        self.prefix = prefix", ""]
    for i, method in enumerate(rng.sample(SERVICES[a], min(3, len(SERVICES[a])))):
        lines += [f"    def op_{i}(self, **kwargs):", f"        reply = self.client.{method}(**kwargs)",
                  "        return json.dumps(reply, default=str)", ""]
    lines += [f"def make_{b}():", f'    return session.client("{b}")', "",
              "def work(client, items):", "    out = []", "    for item in items:"]
    for method in rng.sample(SERVICES[b], min(2, len(SERVICES[b]))):
        lines.append(f"        out.append(client.{method}(Name=item))")
    lines += ["    return out", "", "def run(items):", f"    repo = Repo{n}(_{a.upper()}, 'p')",
              "    repo.op_0(Key='k')", f"    return work(make_{b}(), items)", ""]
    if a in PAGINATED:
        lines += ["def pages():", f'    for page in _{a.upper()}.get_paginator("{PAGINATED[a]}").paginate():',
                  "        yield page", ""]
    lines += ["def dynamic(name):", "    return boto3.client(name).close()", ""]
    return "\n".join(lines) + "\n" + plain_module(rng, n, 120)


def plain_module(rng: random.Random, n: int, target_lines: int = 200) -> str:
    out = ['"""Generated application code (no AWS)."""', "", "import dataclasses", "import re", ""]
    i = 0
    while len(out) < target_lines:
        i += 1
        out += ["@dataclasses.dataclass", f"class Model{n}_{i}:", "    name: str", "    size: int = 0", "",
                "    def label(self) -> str:", "        parts = [p.strip() for p in self.name.split(',') if p]",
                f"        return '-'.join(sorted(parts)) + str(self.size * {rng.randint(2, 9)})", "",
                f"def helper_{n}_{i}(rows, limit={rng.randint(5, 500)}):", "    seen = {}",
                "    for row in rows[:limit]:", "        key = re.sub(r'\\W+', '', str(row)).lower()",
                "        if key in seen:", "            seen[key] += 1", "        elif len(key) > 3:",
                "            seen[key] = 1", "        else:", "            continue",
                "    return {k: v for k, v in seen.items() if v > 1}", ""]
    return "\n".join(out) + "\n"


def generate(root: Path, files: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for n in range(files):
        pkg = root / f"pkg{n // 100:03d}"
        pkg.mkdir(parents=True, exist_ok=True)
        text = aws_module(rng, n) if n % 5 == 0 else plain_module(rng, n)
        (pkg / f"mod{n:05d}.py").write_text(text, encoding="utf-8")
        total += text.count("\n")
    return total


MODES = {"default": [], "single": ["--jobs", "1"], "parse-all": ["--parse-all"],
         "parse-all-single": ["--parse-all", "--jobs", "1"]}


def run_footprint(tree: Path, out: Path, extra: list[str]) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of the command and its workers, footprint summary)."""
    argv = [sys.executable, "-m", "awscompat.cli", "footprint", str(tree), "--out", str(out), "-q", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, json.loads(out.read_text(encoding="utf-8"))["summary"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Generate the tree here and keep it.")
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES),
                        help="default: worker processes; single: --jobs 1; parse-all: every file parsed.")
    args = parser.parse_args()
    tree = args.keep or Path(tempfile.mkdtemp(prefix="footprint-tree-"))
    try:
        start = time.perf_counter()
        lines = generate(tree, args.files)
        print(f"generated {args.files} files, {lines} lines in {time.perf_counter() - start:.1f}s: {tree}")
        rows, data = [], {}
        for label in args.modes:
            extra = MODES[label]
            times, cpus, loads, summary = [], [], [], {}
            for _ in range(args.rounds):
                load = loadavg()[0]
                seconds, cpu, summary = run_footprint(tree, tree.parent / f"{tree.name}-footprint.json", extra)
                times.append(seconds)
                cpus.append(cpu)
                loads.append(max(load, loadavg()[0]))
            data[label] = {"seconds": [round(t, 2) for t in times], "median_s": round(median(times), 2),
                           "cpu_seconds": [round(c, 2) for c in cpus], "loadavg_1m": loads, "summary": summary}
            rows.append([label, median(times), min(times), max(times), median(cpus), max(loads),
                         summary["operations"], summary["unresolved"]])
        print_table(["mode", "median s", "min s", "max s", "CPU s", "load", "operations", "unresolved"], rows)
        path = write_result("footprint_tree", {"files": args.files, "lines": lines, "rounds": args.rounds,
                                               "limit_s": 30, "results": data})
        print(f"wrote {path}")
    finally:
        if args.keep is None:
            shutil.rmtree(tree, ignore_errors=True)
            (tree.parent / f"{tree.name}-footprint.json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
