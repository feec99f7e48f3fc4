"""Per-service, per-feature tables of the scenario results in docs/market/runs (docs/scenarios-by-provider.md).

    .venv/bin/python docs/_features_tables.py > docs/scenarios-by-provider.md

One section per service: first every provider that serves it, each with its version, the date of its
run, the profiles that rated it and the command; then one row per feature of the closed list
(src/awscompat/catalog/features.py) and one column per provider.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

RUNS = Path(__file__).parent / "market" / "runs"
ORDER = ["moto", "ministack", "localstack", "seaweedfs", "s3rver", "radosgw", "dynalite", "kinesalite"]
SERVICES = ["s3", "sqs", "sns", "dynamodb", "kinesis", "kms", "secretsmanager", "iam", "sts", "ec2"]


def _features() -> dict[str, list[str]]:
    try:
        from awscompat.catalog.features import FEATURES
    except ImportError:  # run without the package installed: the features seen in the runs
        return {}
    return {svc: list(feats) for svc, feats in FEATURES.items()}


def _when(run: dict) -> str:
    start = str(run.get("started", "?")).replace("T", " ")[:16]
    return f"{start} UTC" + (f", {run['duration_s']:.0f} s" if isinstance(run.get("duration_s"), int | float) else "")


def main() -> None:
    market = json.loads((RUNS.parent / "market.json").read_text())
    provs = {p["name"]: p for p in market["providers"]}
    table: dict[str, dict[str, dict[str, Counter]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(Counter)))
    runs: dict[str, dict] = {}
    for provider in ORDER:
        path = RUNS / provider / "results.jsonl.gz"
        if not path.exists() or not provs.get(provider, {}).get("ratings"):
            continue
        runs[provider] = json.loads((RUNS / provider / "run.json").read_text())
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r.get("family") == "scenario":
                    service, _, feature = r["feature"].partition("/")
                    table[service][feature][provider][r["outcome"]] += 1
    features = _features()
    print("# Scenario results per service, feature and provider\n")
    print(f"From the market run of {market['date']} (`{market['command']}`, awscompat {market['tool_version']}, "
          f"revision {market['revision']}); run folders, signed attestations and badges in "
          "[market/runs/](market/runs/), grades in [market/README.md](market/README.md).\n")
    print("Each cell: pass / fail / unsupported / error / skip, counting the hand-written scenarios of that feature "
          "(`awscompat list -f scenario --feature <service>/<feature>`). — : the provider's run has no case of that "
          "feature. A provider appears under a service when one of its rating profiles covers the service's "
          "scenarios. Regenerate with `.venv/bin/python docs/_features_tables.py > docs/scenarios-by-provider.md`.\n")
    for service in [s for s in SERVICES if s in table] + sorted(set(table) - set(SERVICES)):
        present = [p for p in ORDER if any(p in row for row in table[service].values())]
        print(f"## {service}\n")
        print("| provider | version | run (UTC start, duration) | rated by | command |")
        print("|---|---|---|---|---|")
        for p in present:
            prov = provs[p]
            rated = ", ".join(f"`{r['profile']}` {r['grade']} {r['score']:.1f}" for r in prov["ratings"]
                              if r["profile"].split("-")[0] in (service, "iam" if service == "sts" else service))
            print(f"| {p} | {prov.get('version', '?')} | {_when(runs[p])} | {rated or '—'} | "
                  f"`{market['command']}`; alone: `awscompat market --providers {p}` |")
        print()
        print("| feature | " + " | ".join(present) + " |")
        print("|---|" + "---|" * len(present))
        names = features.get(service) or sorted(table[service])
        for feature in names + sorted(set(table[service]) - set(names)):
            cells = []
            for p in present:
                c = table[service][feature].get(p)
                cells.append(f"{c['pass']}/{c['fail']}/{c['unsupported']}/{c['error']}/{c['skip']}" if c else "—")
            print(f"| {service}/{feature} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
