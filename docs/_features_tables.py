"""Per-feature tables of the scenario results in docs/market/runs (used for docs/scenarios-by-provider.md).

    .venv/bin/python docs/_features_tables.py > docs/scenarios-by-provider.md
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from pathlib import Path

RUNS = Path(__file__).parent / "market" / "runs"
ORDER = ["moto", "ministack", "localstack", "seaweedfs", "s3rver", "radosgw", "dynalite", "kinesalite"]


def main() -> None:
    market = json.loads((RUNS.parent / "market.json").read_text())
    versions = {p["name"]: p.get("version", "?") for p in market["providers"]}
    table: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for provider in ORDER:
        path = RUNS / provider / "results.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r.get("family") == "scenario":
                    table[r["feature"]][provider][r["outcome"]] += 1
    present = [p for p in ORDER if any(p in row for row in table.values())]
    print("# Scenario results per feature and provider\n")
    print(f"From the market run of {market['date']} (`{market['command']}`, awscompat {market['tool_version']}, "
          f"revision {market['revision']}); run folders in [market/runs/](market/runs/). Versions: "
          + ", ".join(f"{p} {versions.get(p, '?')}" for p in present) + ".\n")
    print("Each cell: pass / fail / unsupported / error / skip. A provider's row is empty where its "
          "profiles do not cover the service. Regenerate with `.venv/bin/python docs/_features_tables.py`.\n")
    print("| feature | " + " | ".join(present) + " |")
    print("|---|" + "---|" * len(present))
    for feature in sorted(table):
        cells = []
        for p in present:
            c = table[feature].get(p)
            cells.append(f"{c['pass']}/{c['fail']}/{c['unsupported']}/{c['error']}/{c['skip']}" if c else "—")
        print(f"| {feature} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
