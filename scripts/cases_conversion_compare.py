"""Before/after outcomes of the scenarios converted to case files (docs/cases-conversion.md).

Usage: [CASES_COMPARE_SELECT='GLOB ...'] python scripts/cases_conversion_compare.py BASE_SRC OUT_DIR [PROVIDER...]
BASE_SRC is the `src` folder of the code before the conversion (e.g. `git archive main src | tar -x`);
the "after" run uses the installed awscompat. For each provider (default: moto ministack seaweedfs; SeaweedFS serves S3 only, so its SQS cases are `error` on both sides) a fresh
server is started on loopback for each side, the converted selection is run, and the server is
stopped; prints a Markdown table of the outcomes per case id and exits 1 if any differs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from awscompat.providers import get_provider

# The converted selection; CASES_COMPARE_SELECT (globs separated by spaces) names another.
SELECT = os.environ.get("CASES_COMPARE_SELECT", "s3/scenario/buckets/* sqs/scenario/tags/* dynamodb/scenario/items/*").split()


def run_side(provider: str, base_src: str, out: Path) -> dict[str, str]:
    work = Path(tempfile.mkdtemp(prefix=f"cases-{provider}-"))
    with get_provider(provider).start(work) as running:
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
        env.update(running.credentials)
        if base_src:
            env["PYTHONPATH"] = base_src
        argv = [sys.executable, "-m", "awscompat.cli", "run", "--endpoint", running.url, "--out", str(out)]
        for glob in SELECT:
            argv += ["--select", glob]
        subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, check=False)
    return {r["id"]: r["outcome"] for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())}


def main() -> int:
    base_src, out_dir, *providers = sys.argv[1:]
    differ = False
    print("| provider | case id | before | after | source after |")
    print("|---|---|---|---|---|")
    from awscompat.catalog.registry import load_scenarios

    source = {c.id: c.source.split("awscompat/")[-1] for c in load_scenarios()}
    for provider in providers or ["moto", "ministack", "seaweedfs"]:
        before = run_side(provider, base_src, Path(out_dir) / f"{provider}-before")
        after = run_side(provider, "", Path(out_dir) / f"{provider}-after")
        for case_id in sorted(set(before) | set(after)):
            b, a = before.get(case_id, "-"), after.get(case_id, "-")
            differ |= a != b
            print(f"| {provider} | `{case_id}` | {b} | {a} | {source.get(case_id, '')} |")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
