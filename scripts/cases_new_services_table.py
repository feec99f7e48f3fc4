"""Write docs/cases-new-services.md: the outcome of every behaviour case of the services issue 16
added as data (Lambda, Route 53, ECR, ACM, API Gateway) on moto and on ministack, from two run
folders of `awscompat run`.

Usage (each server started on loopback as ../shared/clones.md says):

    awscompat run --endpoint-url http://127.0.0.1:PORT_MOTO --out RUN_MOTO \\
        --select 'lambda/scenario/*' --select 'route53/scenario/*' --select 'ecr/scenario/*' \\
        --select 'acm/scenario/*' --select 'apigateway/scenario/*'
    (the same against ministack, --out RUN_MINISTACK)
    python scripts/cases_new_services_table.py RUN_MOTO RUN_MINISTACK "moto 5.2.6" "ministack 1.5.33" \\
        > docs/cases-new-services.md
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

SERVICES = ("lambda", "route53", "ecr", "acm", "apigateway")
SHORT = {"pass": "pass", "fail": "FAIL", "unsupported": "unsupported", "error": "error", "skip": "skip"}


def results(folder: str) -> dict[str, dict]:
    out = {}
    for line in (Path(folder) / "results.jsonl").read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            out[record["id"]] = record
    return out


def main(moto_dir: str, mini_dir: str, moto_name: str, mini_name: str) -> None:
    moto, mini = results(moto_dir), results(mini_dir)
    ids = sorted(i for i in set(moto) | set(mini) if i.split("/", 1)[0] in SERVICES)
    p = print
    p("# New behaviour cases (issue 16): Lambda, Route 53, ECR, ACM, API Gateway")
    p()
    p(f"{len(ids)} behaviour cases written as data (src/awscompat/cases/<service>/<feature>.yaml, "
      "docs/cases.md), each citing the AWS API reference or developer guide (`aws-docs`) or a recorded "
      "AWS answer (`recorded-aws`). Outcomes on two servers that implement these services; regenerate "
      "with the commands in `scripts/cases_new_services_table.py`.")
    p()
    p(f"| service | cases | {moto_name} pass / fail / other | {mini_name} pass / fail / other |")
    p("|---|---|---|---|")
    for svc in SERVICES:
        mine = [i for i in ids if i.startswith(svc + "/")]
        cells = []
        for res in (moto, mini):
            c = Counter(res[i]["outcome"] for i in mine if i in res)
            cells.append(f"{c['pass']} / {c['fail']} / {sum(c.values()) - c['pass'] - c['fail']}")
        p(f"| {svc} | {len(mine)} | {cells[0]} | {cells[1]} |")
    p()
    both = [i for i in ids if moto.get(i, {}).get("outcome") != "pass" and mini.get(i, {}).get("outcome") != "pass"]
    p(f"## Failing on both servers ({len(both)})")
    p()
    p("A case neither server passes was re-checked against its evidence: each is kept because AWS "
      "records or documents the behaviour (the provenance column); cases whose truth is not settled "
      "are `advisory` and say why in their summary.")
    p()
    p("| case | severity | evidence | " + moto_name + " | " + mini_name + " |")
    p("|---|---|---|---|---|")
    for i in both:
        rec = moto.get(i) or mini[i]
        prov = rec.get("provenance") or {}
        where = prov.get("ref", "")
        if prov.get("kind") == "recorded-aws":
            where = f"{where} {prov.get('step', '')}"
        p(f"| `{i}` | {rec.get('severity')} | {prov.get('kind')}: {where} | "
          f"{_cell(moto.get(i))} | {_cell(mini.get(i))} |")
    p()
    p("## Every case")
    by_feature: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        by_feature[(moto.get(i) or mini[i])["feature"]].append(i)
    for feature in sorted(by_feature):
        p()
        p(f"### {feature}")
        p()
        p(f"| case | {moto_name} | {mini_name} |")
        p("|---|---|---|")
        for i in by_feature[feature]:
            p(f"| `{i}` | {_cell(moto.get(i))} | {_cell(mini.get(i))} |")


def _cell(record: dict | None) -> str:
    if record is None:
        return "—"
    outcome = SHORT.get(record["outcome"], record["outcome"])
    if record["outcome"] == "pass":
        return outcome
    message = (record.get("message") or "").splitlines()[0] if record.get("message") else ""
    message = message.replace("|", "\\|")
    return f"{outcome}: {message[:140]}"


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
