"""Results per client (issue 18, docs/clients.md): the run folders of one selection run by several
clients (`awscompat run --client all` writes <out>/<client>/ and <out>/clients.json), side by side.

Contract:
- `load_clients(folder)` reads a `--client all` folder (clients.json, or every sub-folder holding a
  run.json): {client name: ClientRun(meta, results by id)}, in the order the runs were made.
- `per_feature(runs)`: rows (feature, {client: Counter of outcomes}) - one column per client.
- `differences(runs)`: the cases whose outcome differs between clients, skips of one client
  included (a case a client cannot express), each with every client's outcome and message;
  `split(differences)`: those two clients that both ran judged differently (listed case by case),
  and the skip reasons of the rest (counted per client and reason).
- `markdown(runs)` and `write_html(runs, path)`: the same, as a Markdown section or one
  self-contained HTML page (Jinja2, autoescaped: messages may hold anything).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, select_autoescape

from awscompat.results.runfolder import RunFolderError, is_run_folder, iter_results, load_run


@dataclass
class ClientRun:
    name: str
    version: str
    meta: dict
    results: dict[str, dict]


def is_clients_folder(folder: Path) -> bool:
    return (folder / "clients.json").is_file() and not is_run_folder(folder)


def load_clients(folder: Path) -> dict[str, ClientRun]:
    names: list[str] = []
    index = folder / "clients.json"
    if index.is_file():
        names = [c["run"] for c in json.loads(index.read_text(encoding="utf-8")).get("clients", [])]
    else:
        names = sorted(p.name for p in folder.iterdir() if is_run_folder(p))
    runs: dict[str, ClientRun] = {}
    for name in names:
        sub = folder / name
        if not is_run_folder(sub):
            continue
        meta = load_run(sub)
        client = meta.get("client") if isinstance(meta.get("client"), dict) else {}
        runs[client.get("name") or name] = ClientRun(client.get("name") or name, str(client.get("version") or ""),
                                                     meta, {r["id"]: r for r in iter_results(sub)})
    if not runs:
        raise RunFolderError(f"{folder} holds no client runs (clients.json or <client>/run.json)")
    return runs


def per_feature(runs: dict[str, ClientRun]) -> list[tuple[str, dict[str, Counter]]]:
    table: dict[str, dict[str, Counter]] = {}
    for name, run in runs.items():
        for r in run.results.values():
            table.setdefault(str(r.get("feature") or "?"), {n: Counter() for n in runs})[name][r["outcome"]] += 1
    return sorted(table.items())


def differences(runs: dict[str, ClientRun]) -> list[dict]:
    ids = sorted({i for run in runs.values() for i in run.results})
    out = []
    for case_id in ids:
        seen = {n: run.results.get(case_id) for n, run in runs.items()}
        outcomes = {n: (r or {}).get("outcome", "—") for n, r in seen.items()}
        if len(set(outcomes.values())) > 1:
            out.append({"id": case_id, "outcomes": outcomes,
                        "messages": {n: str((r or {}).get("message") or "") for n, r in seen.items()}})
    return out


def split(diffs: list[dict]) -> tuple[list[dict], Counter]:
    """(the cases two clients that both ran them judged differently, skip reasons of the others:
    Counter of (client, reason))."""
    judged = [d for d in diffs if len({o for o in d["outcomes"].values() if o not in ("skip", "—")}) > 1]
    reasons: Counter = Counter()
    for d in diffs:
        if d in judged:
            continue
        for n, outcome in d["outcomes"].items():
            if outcome == "skip":
                head = d["messages"][n].split(":")[0]
                reasons[(n, (head if len(head) > 12 else d["messages"][n])[:120])] += 1
    return judged, reasons


def _rate(c: Counter) -> str:
    judged = c["pass"] + c["fail"] + c["unsupported"]
    return f"{100 * c['pass'] / judged:.0f}% of {judged}" if judged else "—"


def markdown(runs: dict[str, ClientRun], title: str = "") -> str:
    names = list(runs)
    lines = [f"### {title}" if title else "", "",
             "| client | version | pass | fail | unsupported | error | skip |", "|---|---|---|---|---|---|---|"]
    for n, run in runs.items():
        c = Counter(r["outcome"] for r in run.results.values())
        lines.append(f"| {n} | {run.version} | {c['pass']} | {c['fail']} | {c['unsupported']} | {c['error']} | "
                     f"{c['skip']} |")
    diffs = differences(runs)
    judged, reasons = split(diffs)
    lines += ["", f"{len(diffs)} case(s) with another outcome for another client: {len(judged)} judged "
              f"differently, {len(diffs) - len(judged)} run by one client and skipped by another.", ""]
    if judged:
        lines += ["| case | " + " | ".join(names) + " | why (message of the client that differs) |",
                  "|---|" + "---|" * len(names) + "---|"]
        for d in judged:
            common = Counter(o for o in d["outcomes"].values() if o != "skip").most_common(1)[0][0]
            why = "; ".join(f"{n}: {m}" for n, m in d["messages"].items()
                            if d["outcomes"][n] not in (common, "skip") and m)
            lines.append(f"| `{d['id']}` | " + " | ".join(d["outcomes"][n] for n in names) + " | "
                         + why.replace("|", "\\|").replace("\n", " ")[:300] + " |")
    if reasons:
        lines += ["", "| skipped by | cases | reason |", "|---|---|---|"]
        lines += [f"| {n} | {k} | {why} |" for (n, why), k in reasons.most_common()]
    return "\n".join(lines).strip() + "\n"


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>awscompat: results per client</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
.pass{color:#1a7f37}.fail{color:#cf222e}.unsupported{color:#8250df}.error{color:#9a6700}.skip{color:#57606a}
code{font-size:12px}</style></head><body>
<h1>Results per client</h1>
<p>Target <code>{{ target }}</code>; the same selection run once per client.</p>
<table><tr><th>client</th><th>version</th>{% for o in outcomes %}<th>{{ o }}</th>{% endfor %}</tr>
{% for n, run in runs.items() %}<tr><td>{{ n }}</td><td>{{ run.version }}</td>
{% for o in outcomes %}<td class="{{ o }}">{{ totals[n][o] }}</td>{% endfor %}</tr>{% endfor %}</table>
<h2>Per feature (pass rate of the judged cases, one column per client)</h2>
<table><tr><th>feature</th>{% for n in runs %}<th>{{ n }}</th>{% endfor %}</tr>
{% for feature, cols in features %}<tr><td>{{ feature }}</td>
{% for n in runs %}<td>{{ rate(cols[n]) }}{% if cols[n]['skip'] %} · {{ cols[n]['skip'] }} skip{% endif %}</td>{% endfor %}
</tr>{% endfor %}</table>
<h2>{{ diffs|length }} case(s) judged differently by two clients that both ran them</h2>
<table><tr><th>case</th>{% for n in runs %}<th>{{ n }}</th>{% endfor %}</tr>
{% for d in diffs %}<tr><td><code>{{ d.id }}</code></td>
{% for n in runs %}<td><span class="{{ d.outcomes[n] }}">{{ d.outcomes[n] }}</span>
{% if d.messages[n] %}<br><small>{{ d.messages[n][:400] }}</small>{% endif %}</td>{% endfor %}</tr>{% endfor %}
</table>
<h2>Cases one client ran and another skipped</h2>
<table><tr><th>skipped by</th><th>cases</th><th>reason</th></tr>
{% for (n, why), k in reasons.most_common() %}<tr><td>{{ n }}</td><td>{{ k }}</td><td>{{ why }}</td></tr>{% endfor %}
</table></body></html>
"""


def write_html(runs: dict[str, ClientRun], path: Path) -> None:
    env = Environment(autoescape=select_autoescape(default_for_string=True, default=True))
    first = next(iter(runs.values())).meta.get("target") or {}
    outcomes = ("pass", "fail", "unsupported", "error", "skip")
    judged, reasons = split(differences(runs))
    page = env.from_string(PAGE).render(
        runs=runs, outcomes=outcomes, target=first.get("endpoint") or first.get("name") or "?",
        totals={n: Counter(r["outcome"] for r in run.results.values()) for n, run in runs.items()},
        features=per_feature(runs), diffs=judged, reasons=reasons, rate=_rate)
    path.write_text(page, encoding="utf-8")
