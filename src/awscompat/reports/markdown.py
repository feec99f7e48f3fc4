"""A Markdown summary of a run folder that leads (reports/leading.py): a banner when the run was
killed, interrupted or incomplete; counts; a per-service rollup above the family and feature
tables; the required cases that did not pass, most important first. Every cut list ends with how
many more there are and where to find them (the run folder's results.jsonl, the HTML report)."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

from awscompat.reports.leading import banner, by_service, failure_key, more_line

OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")
MAX_FEATURES = 60  # rows of the feature table: the features with the most non-passing cases first


def _row(key: str, c: Counter) -> str:
    judged = c["pass"] + c["fail"] + c["unsupported"]
    rate = f"{100 * c['pass'] / judged:.1f}%" if judged else "-"
    return f"| {key} | " + " | ".join(str(c[o]) for o in OUTCOMES) + f" | {rate} |"


def _table(title: str, rows: dict[str, Counter], keys: list[str] | None = None) -> list[str]:
    out = [f"| {title} | " + " | ".join(OUTCOMES) + " | pass rate |", "|---|" + "---:|" * (len(OUTCOMES) + 1)]
    return out + [_row(key, rows[key]) for key in (sorted(rows) if keys is None else keys)]


class _Worst:
    """The n most important results by failure_key, in bounded memory."""

    def __init__(self, n: int) -> None:
        self.n, self.seen, self._heap = n, 0, []

    def add(self, r: dict) -> None:
        self.seen += 1
        item = {"id": r.get("id", "?"), "outcome": r.get("outcome"), "severity": r.get("severity"),
                "message": str(r.get("message", ""))[:200]}
        self._heap.append(item)
        if len(self._heap) > 4 * max(self.n, 1):
            self._heap = heapq.nsmallest(self.n, self._heap, key=failure_key)

    def items(self) -> list[dict]:
        return heapq.nsmallest(self.n, self._heap, key=failure_key)


def markdown_summary(meta: dict, results: Iterable[dict], max_failures: int = 15, run_dir: str | None = None) -> str:
    by_family: dict[str, Counter] = defaultdict(Counter)
    by_feature: dict[str, Counter] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    required = _Worst(max_failures)
    advisory = 0
    for r in results:
        family = r.get("family", "?").split("/")[0]
        by_family[family][r["outcome"]] += 1
        by_feature[r["feature"]][r["outcome"]] += 1
        totals[r["outcome"]] += 1
        if r["outcome"] in ("fail", "unsupported"):
            if r.get("severity") == "required":
                required.add(r)
            else:
                advisory += 1
    where = f"`{run_dir}/results.jsonl`" if run_dir else "the run folder's `results.jsonl`"
    html_hint = f"`awscompat report {run_dir} --html report.html`" if run_dir else "`awscompat report DIR --html FILE`"
    target = meta.get("target", {})
    endpoints = target.get("endpoint") or ", ".join(f"{k}={v}" for k, v in (target.get("endpoints") or {}).items()) \
        or "AWS"
    lines = [f"## awscompat run {meta.get('run_id', '?')}", ""]
    warn = banner(meta, totals)
    if warn:
        lines += [f"> [!WARNING]\n> **{warn}**", ""]
    lines += [
        f"Target: `{endpoints}` ({target.get('name')}, {target.get('region')}) · "
        f"{meta.get('started', '?')} · suite `{str(meta.get('suite_digest', ''))[:19]}…` · "
        f"awscompat {meta.get('tool', {}).get('version', '?')}",
        "",
        "**" + (", ".join(f"{totals[o]} {o}" for o in OUTCOMES if totals[o]) or "no result recorded") + "**",
        "",
        "### By service",
        "",
        *_table("service", by_service(by_feature)),
        "",
        *_table("family", by_family),
        "",
    ]
    ranked = sorted(by_feature, key=lambda k: (-(by_feature[k]["fail"] + by_feature[k]["unsupported"]
                                                 + by_feature[k]["error"]), k))
    shown_features = sorted(ranked[:MAX_FEATURES])
    lines += [*_table("feature", by_feature, shown_features)]
    more = more_line(len(shown_features), len(by_feature),
                     f"the features with fewest non-passing cases are left out; all are in {html_hint}")
    if more:
        lines += ["", more]
    lines.append("")
    worst = required.items()
    if worst:
        lines += ["### Required cases that did not pass", ""]
        lines += [f"- `{r['id']}` ({r['outcome']}): {r['message']}" for r in worst]
        more = more_line(len(worst), required.seen, f"every one is in {where}; {html_hint} shows them with evidence")
        if more:
            lines.append(f"- {more}")
        lines.append("")
    if advisory:
        lines += [f"{advisory} advisory case(s) also did not pass (in {where}).", ""]
    return "\n".join(lines)
