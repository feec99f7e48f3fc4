"""The advice as Markdown: a summary table, then per provider its operations and what would break,
with each failing case's evidence (request, answer, expected / observed, a line to reproduce it)."""

from __future__ import annotations

from typing import Any

from awscompat.advisor.advise import Advice, OperationAdvice, ProviderAdvice

_STATUS = {"pass": "pass", "fail-required": "**FAIL (required)**", "fail-advisory": "fail (advisory)",
           "incomplete": "incomplete", "untested": "never tested"}


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _seen(op: OperationAdvice, limit: int = 3) -> str:
    parts = []
    for w in op.entry["seen"][:limit]:
        name = str(w.get("file", "")).rsplit("/", 1)[-1]
        if w.get("source") == "cloudtrail":
            parts.append(f"CloudTrail {name} ×{w.get('count', 1)}")
        elif w.get("source") == "cloudformation":
            parts.append(f"{name}:{w.get('line') or '?'} {w.get('resource', '')}".rstrip())
        elif w.get("source") == "iam-policy":
            parts.append(f"policy {name} `{w.get('action')}`")
        else:
            parts.append(f"{name}:{w.get('line')}")
    more = len(op.entry["seen"]) - limit
    return ", ".join(parts) + (f" +{more}" if more > 0 else "")


def _cases(op: OperationAdvice) -> str:
    return ", ".join(f"{n} {o}" for o, n in sorted(op.outcomes.items())) or "none"


def summary_table(advice: Advice) -> list[str]:
    lines = ["| provider | verdict | operations used | all cases pass | failing required | failing advisory "
             "| never tested | incomplete |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for p in advice.providers:
        c = p.counts
        lines.append(f"| {_cell(p.provider.name)} | **{p.verdict}** | {c['used']} | {c['pass']} | {c['fail-required']} "
                     f"| {c['fail-advisory']} | {c['untested']} | {c['incomplete']} |")
    return lines


def _evidence(r: dict[str, Any]) -> list[str]:
    ev = r.get("evidence") or {}
    out = []
    prov = r.get("provenance") or {}
    if prov:
        out.append(f"  - expectation from {prov.get('kind')}: {_cell(prov.get('ref', ''))}")
    req = ev.get("request") or {}
    if req:
        out.append(f"  - request: `{req.get('method', '')} {_cell(req.get('url', ''))}`")
    resp = ev.get("response") or {}
    if resp:
        body = str(resp.get("body") or "").strip().replace("\n", " ")
        body = body[:160] + ("…" if len(body) > 160 else "")
        out.append(f"  - answer: HTTP {resp.get('status')}" + (f" `{_cell(body)}`" if body else ""))
    if "expected" in ev or "observed" in ev:
        out.append(f"  - expected `{_cell(ev.get('expected'))}`, observed `{_cell(ev.get('observed'))}`")
    repro = (ev.get("reproduce") or {}).get("boto3")
    if repro:
        out.append(f"  - reproduce: `{_cell(repro)}`")
    return out


def provider_section(p: ProviderAdvice, max_cases: int) -> list[str]:
    meta = p.provider.meta
    target = meta.get("target") or {}
    lines = [f"## {p.provider.name}: {p.verdict}", "",
             f"Results: `{p.provider.source}` (run {meta.get('run_id', '?')}, target {target.get('name', '?')} "
             f"`{target.get('endpoint') or 'AWS'}`, {meta.get('status', '?')}, finished {meta.get('finished', '?')})", ""]
    lines += [f"- {r}" for r in p.reasons] + [""]
    lines += ["| operation | usage | confidence | seen in | cases | status |", "|---|---|---|---|---|---|"]
    for op in p.operations:
        lines.append(f"| `{op.name}` | {op.entry['usage']} | {op.entry['confidence']} | {_cell(_seen(op))} "
                     f"| {_cases(op)} | {_STATUS[op.status]} |")
    lines.append("")
    broken = [op for op in p.operations if op.failures]
    if broken:
        lines += ["### What would break", ""]
        for op in broken:
            lines.append(f"#### `{op.name}` ({_STATUS[op.status]})")
            lines.append("")
            for r in op.failures[:max_cases]:
                lines.append(f"- `{r['id']}` **{r['outcome']}** ({r.get('severity')}, {r.get('feature')}): "
                             f"{_cell(r.get('message') or '')}")
                lines += _evidence(r)
            if len(op.failures) > max_cases:
                lines.append(f"- … and {len(op.failures) - max_cases} more failing case(s) (see the JSON output)")
            lines.append("")
    untested = [op.name for op in p.operations if op.status == "untested"]
    if untested:
        lines += ["### Never tested", "", "No case decided anything for: " + ", ".join(f"`{n}`" for n in untested)
                  + ". Run a selection that covers them to know.", ""]
    return lines


def render_markdown(advice: Advice, *, command: str | None = None, max_cases: int = 5) -> str:
    fp = advice.footprint
    crit = advice.criteria
    lines = ["# Portability advice", ""]
    if command:
        lines += ["```", command, "```", ""]
    judged = len(advice.providers[0].operations) if advice.providers else 0
    lines.append(f"Footprint `{advice.footprint_path}`: {judged} operation(s) judged (usage `used`"
                 f"{' or `permitted`' if crit.include_permitted else ''}, confidence ≥ {crit.min_confidence}).")
    if advice.left_out:
        lines.append("Not judged: " + ", ".join(f"{n} {why}" for why, n in sorted(advice.left_out.items())) + ".")
    if fp.unresolved:
        lines.append(f"{len(fp.unresolved)} call(s) could not be resolved to an operation (see the footprint's "
                     "`unresolved`): the workload may use more than is judged here.")
    if fp.problems:
        lines.append(f"{len(fp.problems)} input file(s) could not be read (see the footprint's `problems`).")
    lines += ["", *summary_table(advice), ""]
    for p in advice.providers:
        lines += provider_section(p, max_cases)
    return "\n".join(lines).rstrip() + "\n"
