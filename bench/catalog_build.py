"""Benchmark: building the whole catalog (every family, every service) — wall time and peak RSS.

    .venv/bin/python bench/catalog_build.py            # warm model cache (the usual case)
    .venv/bin/python bench/catalog_build.py --cold     # empty model cache (first run after install)

Each measurement runs in a fresh process, so imports and model loading are counted.
Writes bench/results/catalog_build.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from awscompat.catalog import Selection, build_catalog
from collections import Counter
families = Counter()
n = 0
for case in build_catalog(Selection()):
    n += 1
    families[case.family.split("/")[0]] += 1
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"cases": n, "seconds": round(elapsed, 2), "peak_rss_mb": round(rss, 1), "by_family": families}))
"""


def measure(env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", action="store_true", help="use an empty model cache")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    env = dict(os.environ)
    runs = []
    for _ in range(args.repeat):
        if args.cold:
            env["AWSCOMPAT_CACHE"] = tempfile.mkdtemp(prefix="awscompat-cold-")
        runs.append(measure(env))
    best = min(runs, key=lambda r: r["seconds"])
    result = {"mode": "cold" if args.cold else "warm", "runs": [r["seconds"] for r in runs],
              "best_seconds": best["seconds"], "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
              "cases": best["cases"], "by_family": best["by_family"], "nproc": os.cpu_count(),
              "date": time.strftime("%Y-%m-%d")}
    print(json.dumps(result, indent=2))
    out = Path(__file__).parent / "results" / f"catalog_build_{result['mode']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
