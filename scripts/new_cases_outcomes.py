"""Outcomes of issue 16's behaviour cases for the services new to the catalog (ssm, logs, events,
cloudwatch, stepfunctions) on moto and ministack: docs/cases-new-services-ops.md.

Usage: python scripts/new_cases_outcomes.py OUT.md [PROVIDER...]
For each provider (default: moto ministack) a fresh server is started on loopback, the selection
is run with `awscompat run`, and the server is stopped; OUT.md gets a Markdown page: counts per
service and outcome, then one row per case id (severity, provenance kind, outcome on each
provider), and the cases that fail on every provider (red flags to re-check against AWS)."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from awscompat.providers import get_provider

SERVICES = ("ssm", "logs", "events", "cloudwatch", "stepfunctions")
SELECT = [f"{s}/scenario/*" for s in SERVICES]
NOTE = """On moto 5.2.6, LabelParameterVersion of a missing parameter leaves an empty entry behind, after which
every DescribeParameters of the account answers 500: moto's outcomes of the ssm cases that call
DescribeParameters depend on whether `ssm/scenario/versions/label-absent-parameter` ran before them."""


def run(provider: str) -> tuple[dict[str, dict], str]:
    work = Path(tempfile.mkdtemp(prefix=f"new-cases-{provider}-"))
    with get_provider(provider).start(work) as running:
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
        env.update(running.credentials)
        out = work / "run"
        argv = [sys.executable, "-m", "awscompat.cli", "run", "--endpoint", running.url, "--out", str(out),
                "-q", "-c", "16"]
        for glob in SELECT:
            argv += ["-k", glob]
        subprocess.run(argv, env=env, check=False, stdout=subprocess.DEVNULL)
        version = running.version
    results = {}
    for line in (out / "results.jsonl").read_text().splitlines():
        record = json.loads(line)
        results[record["id"]] = record
    return results, version


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    target, providers = Path(argv[0]), argv[1:] or ["moto", "ministack"]
    runs = {p: run(p) for p in providers}
    ids = sorted(set().union(*(r.keys() for r, _ in runs.values())))
    first = next(iter(runs.values()))[0]
    lines = ["# Behaviour cases for ssm, logs, events, cloudwatch and stepfunctions: outcomes", "",
             "Issue 16's cases for services new to the catalog, written as data (docs/cases.md), run on the",
             "loopback servers awscompat rates. Produced by `python scripts/new_cases_outcomes.py "
             "docs/cases-new-services-ops.md` (" + ", ".join(f"{p} {v}" for p, (_, v) in runs.items()) + ").",
             "A `fail` is a departure from what AWS is recorded or documented to do (the case's provenance);",
             "a case that fails on every provider is listed at the end with why it is kept.", "",
             *NOTE.splitlines(), "",
             "## Counts", "", "| service | cases | " + " | ".join(f"{p} pass / fail / other" for p in runs) + " |",
             "|---|---|" + "---|" * len(runs)]
    for service in SERVICES:
        own = [i for i in ids if i.startswith(service + "/")]
        cells = []
        for results, _ in runs.values():
            c = collections.Counter(results[i]["outcome"] for i in own if i in results)
            cells.append(f"{c['pass']} / {c['fail']} / {sum(c.values()) - c['pass'] - c['fail']}")
        lines.append(f"| {service} | {len(own)} | " + " | ".join(cells) + " |")
    lines += ["", "## Every case", "", "| case | severity | evidence | " + " | ".join(runs) + " |",
              "|---|---|---|" + "---|" * len(runs)]
    for i in ids:
        rec = first.get(i) or next(r[i] for r, _ in runs.values() if i in r)
        outs = [results.get(i, {}).get("outcome", "-") for results, _ in runs.values()]
        lines.append(f"| `{i}` | {rec.get('severity', '')} | {rec.get('provenance', {}).get('kind', '')} | "
                     + " | ".join(outs) + " |")
    red = [i for i in ids if all(results.get(i, {}).get("outcome") == "fail" for results, _ in runs.values())]
    lines += ["", f"## Failing on every provider ({len(red)})", ""]
    lines += ["Each asserts what its provenance cites: a recorded AWS answer, an AWS document, or a constraint",
              "of the botocore model (AWS services enforce their models' lengths, ranges and enums; moto and",
              "ministack mostly skip that validation). Evidence and what the first provider answered:", ""]
    for i in red:
        rec = first.get(i, {})
        prov = rec.get("provenance", {})
        lines.append(f"- `{i}` ({rec.get('severity', '')}; {prov.get('kind', '')}: {prov.get('ref', '')}): "
                     + " ".join(str(rec.get("message", "")).split())[:200])
    target.write_text("\n".join(lines) + "\n")
    print(f"wrote {target}: {len(ids)} cases, {len(red)} failing on every provider")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
