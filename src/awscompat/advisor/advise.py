"""Footprint x providers' results: per provider, the status of each operation the workload uses
and a verdict.

An operation's status on a provider, from the cases that exercise it (skips ignored):
- `pass`: at least one case passed and none failed, was unsupported or errored;
- `fail-required`: a required case failed or was unsupported;
- `fail-advisory`: only advisory cases failed or were unsupported;
- `incomplete`: cases passed, others ended in a harness error (undecided), none failed;
- `untested`: no case decided anything (none ran, or all were skipped or errored).

Verdict: `cannot move` when any operation is `fail-required`; `can move with caveats` when any is
`fail-advisory`, `incomplete` or `untested`, or the run itself is not complete; `can move` when
every operation passes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from awscompat.advisor.footprint import CONFIDENCES, Footprint
from awscompat.advisor.providers import Provider

CAN_MOVE, CAVEATS, CANNOT_MOVE = "can move", "can move with caveats", "cannot move"
VERDICTS = (CAN_MOVE, CAVEATS, CANNOT_MOVE)
STATUSES = ("pass", "fail-required", "fail-advisory", "incomplete", "untested")
FAILED = ("fail", "unsupported")
FORMAT = "awscompat-advice/1"


@dataclass
class Criteria:
    min_confidence: str = "medium"
    include_permitted: bool = False


@dataclass
class OperationAdvice:
    service: str
    operation: str
    entry: dict[str, Any]
    status: str = "untested"
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)  # required first

    @property
    def name(self) -> str:
        return f"{self.service}.{self.operation}"


@dataclass
class ProviderAdvice:
    provider: Provider
    operations: list[OperationAdvice]
    verdict: str
    reasons: list[str]

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(o.status for o in self.operations)
        return {"used": len(self.operations), **{s: c.get(s, 0) for s in STATUSES}}


@dataclass
class Advice:
    footprint: Footprint
    footprint_path: str
    criteria: Criteria
    providers: list[ProviderAdvice]
    left_out: dict[str, int]  # operations of the footprint not judged, by why

    def provider(self, name: str) -> ProviderAdvice | None:
        return next((p for p in self.providers if p.provider.name == name), None)


def selected_operations(fp: Footprint, criteria: Criteria) -> tuple[list[tuple[str, str]], dict[str, int]]:
    chosen = fp.operations(min_confidence=criteria.min_confidence, include_permitted=criteria.include_permitted)
    everything = fp.operations(include_permitted=True)
    left: Counter[str] = Counter()
    chosen_set = set(chosen)
    for key in everything:
        if key in chosen_set:
            continue
        entry = fp.entry(*key)
        left["permitted only" if entry["usage"] == "permitted" and not criteria.include_permitted
             else f"confidence below {criteria.min_confidence}"] += 1
    return chosen, dict(left)


def judge(op: OperationAdvice, results: list[dict[str, Any]]) -> None:
    for r in results:
        op.outcomes[r["outcome"]] += 1
        if r["outcome"] in FAILED:
            op.failures.append(r)
    op.failures.sort(key=lambda r: (r.get("severity") != "required", r["id"]))
    o = op.outcomes
    if any(f.get("severity") == "required" for f in op.failures):
        op.status = "fail-required"
    elif op.failures:
        op.status = "fail-advisory"
    elif o["pass"] and o["error"]:
        op.status = "incomplete"
    elif o["pass"]:
        op.status = "pass"
    else:
        op.status = "untested"


def advise_provider(fp: Footprint, provider: Provider, chosen: list[tuple[str, str]]) -> ProviderAdvice:
    by_op: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in provider.results:
        for op in r.get("operations") or []:
            by_op.setdefault((r["service"], op), []).append(r)
    ops = []
    for service, operation in chosen:
        advice = OperationAdvice(service, operation, fp.entry(service, operation))
        judge(advice, by_op.get((service, operation), []))
        ops.append(advice)
    counts = Counter(o.status for o in ops)
    reasons = []
    if counts["fail-required"]:
        verdict = CANNOT_MOVE
        reasons.append(f"{counts['fail-required']} used operation(s) fail a required case")
    elif counts["fail-advisory"] or counts["untested"] or counts["incomplete"] or not ops:
        verdict = CAVEATS
    else:
        verdict = CAN_MOVE
        reasons.append(f"every one of the {len(ops)} used operations has cases and all of them pass")
    if counts["fail-advisory"]:
        reasons.append(f"{counts['fail-advisory']} operation(s) fail advisory cases only")
    if counts["untested"]:
        missing = sorted({o.service for o in ops if o.status == "untested" and o.service not in provider.services})
        extra = f" (services not in the run at all: {', '.join(missing)})" if missing else ""
        reasons.append(f"{counts['untested']} operation(s) were never tested{extra}")
    if counts["incomplete"]:
        reasons.append(f"{counts['incomplete']} operation(s) have cases that ended in a harness error")
    if not ops:
        reasons.append("the footprint names no operation that meets the criteria")
    status = provider.meta.get("status")
    if status and status != "complete":
        reasons.append(f"the run is {status}: results may be missing")
        if verdict == CAN_MOVE:
            verdict = CAVEATS
    return ProviderAdvice(provider, ops, verdict, reasons)


def advise(fp: Footprint, footprint_path: str, providers: list[Provider], criteria: Criteria) -> Advice:
    if criteria.min_confidence not in CONFIDENCES:
        raise ValueError(f"min_confidence must be one of {CONFIDENCES}")
    chosen, left = selected_operations(fp, criteria)
    return Advice(fp, footprint_path, criteria, [advise_provider(fp, p, chosen) for p in providers], left)


# -- JSON -------------------------------------------------------------------------------------------
def _brief_seen(entry: dict[str, Any]) -> list[str]:
    out = []
    for w in entry["seen"]:
        line = f":{w['line']}" if w.get("line") else ""
        extra = f" ({w['resource']})" if w.get("resource") else (f" x{w['count']}" if w.get("count") else "")
        out.append(f"{w.get('source')} {w.get('file')}{line}{extra}")
    return out


def to_json(advice: Advice, gate: dict[str, Any] | None = None) -> dict[str, Any]:
    fp = advice.footprint
    return {
        "format": FORMAT,
        "footprint": advice.footprint_path,
        "criteria": {"min_confidence": advice.criteria.min_confidence,
                     "include_permitted": advice.criteria.include_permitted},
        "operations_judged": len(advice.providers[0].operations) if advice.providers else None,
        "left_out": advice.left_out,
        "unresolved": len(fp.unresolved),
        "problems": len(fp.problems),
        "providers": [
            {
                "name": p.provider.name,
                "source": p.provider.source,
                "run_id": p.provider.meta.get("run_id"),
                "target": {k: v for k, v in (p.provider.meta.get("target") or {}).items()
                           if k in ("name", "endpoint", "region")},
                "run_status": p.provider.meta.get("status"),
                "verdict": p.verdict,
                "reasons": p.reasons,
                "counts": p.counts,
                "operations": [
                    {"service": o.service, "operation": o.operation, "usage": o.entry["usage"],
                     "confidence": o.entry["confidence"], "status": o.status, "cases": dict(sorted(o.outcomes.items())),
                     "seen": _brief_seen(o.entry), "failing_cases": [f["id"] for f in o.failures]}
                    for o in p.operations
                ],
                "failing_cases": list({f["id"]: f for o in p.operations for f in o.failures}.values()),
            }
            for p in advice.providers
        ],
        "gate": gate,
    }
