"""A Markdown summary of a run folder: counts per family and per feature, top failures."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")


def _table(title: str, rows: dict[str, Counter]) -> list[str]:
    out = [f"| {title} | " + " | ".join(OUTCOMES) + " | pass rate |", "|---|" + "---:|" * (len(OUTCOMES) + 1)]
    for key in sorted(rows):
        c = rows[key]
        judged = c["pass"] + c["fail"] + c["unsupported"]
        rate = f"{100 * c['pass'] / judged:.1f}%" if judged else "-"
        out.append(f"| {key} | " + " | ".join(str(c[o]) for o in OUTCOMES) + f" | {rate} |")
    return out


def markdown_summary(meta: dict, results: Iterable[dict], max_failures: int = 15) -> str:
    by_family: dict[str, Counter] = defaultdict(Counter)
    by_feature: dict[str, Counter] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    failures: list[dict] = []
    for r in results:
        family = r.get("family", "?").split("/")[0]
        by_family[family][r["outcome"]] += 1
        by_feature[r["feature"]][r["outcome"]] += 1
        totals[r["outcome"]] += 1
        if r["outcome"] in ("fail", "unsupported") and r.get("severity") == "required" and len(failures) < max_failures:
            failures.append(r)
    target = meta.get("target", {})
    lines = [
        f"## awscompat run {meta.get('run_id', '?')}",
        "",
        f"Target: `{target.get('endpoint') or 'AWS'}` ({target.get('name')}, {target.get('region')}) · "
        f"{meta.get('started', '?')} · suite `{str(meta.get('suite_digest', ''))[:19]}…` · "
        f"awscompat {meta.get('tool', {}).get('version', '?')}",
        "",
        "**" + ", ".join(f"{totals[o]} {o}" for o in OUTCOMES if totals[o]) + "**",
        "",
        *_table("family", by_family),
        "",
    ]
    if len(by_feature) <= 60:
        lines += [*_table("feature", by_feature), ""]
    if failures:
        lines += ["### Required cases that did not pass", ""]
        lines += [f"- `{r['id']}` ({r['outcome']}): {r.get('message', '')[:200]}" for r in failures]
        lines.append("")
    return "\n".join(lines)
