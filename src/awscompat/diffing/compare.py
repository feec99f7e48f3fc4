"""Comparing two sets of case snapshots (snapshot.py): a reference and a candidate.

Per case: the outcome; then the exchanges, paired in order per operation (the k-th PutObject of
the reference with the k-th PutObject of the candidate); for each pair the HTTP status, the
error code and the members (after normalisation), path by path. Calls that only one side made
(a case that stopped early, an extra step) are listed once per case. The result is plain data:
`DiffResult.to_dict()` for JSON, `markdown()` for people.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("outcome", "status", "error-code", "member-value", "member-missing", "member-extra", "fault",
         "calls-missing", "calls-extra", "case-missing", "case-extra")
KIND_TEXT = {
    "outcome": "outcome differs",
    "status": "HTTP status differs",
    "error-code": "error code differs",
    "member-value": "member value differs",
    "member-missing": "member only in the reference",
    "member-extra": "member only in the candidate",
    "fault": "transport fault on one side",
    "calls-missing": "calls only the reference made",
    "calls-extra": "calls only the candidate made",
    "case-missing": "case only in the reference",
    "case-extra": "case only in the candidate",
}


@dataclass
class Difference:
    case: str
    kind: str
    operation: str | None = None  # "s3:PutObject" or "s3:PutObject#2" for the second call
    path: str | None = None
    reference: Any = None
    candidate: Any = None

    def sides(self) -> tuple[str, str]:
        """Both values as text; the side that has no such member or call shows "(absent)"."""
        ref = "(absent)" if self.kind in ("member-extra", "calls-extra", "case-extra") else _short(self.reference)
        cand = "(absent)" if self.kind in ("member-missing", "calls-missing", "case-missing") else _short(self.candidate)
        return ref, cand

    def line(self) -> str:
        where = " ".join(x for x in (self.operation, self.path) if x)
        ref, cand = self.sides()
        return f"{self.case}: {KIND_TEXT.get(self.kind, self.kind)}" + (f" [{where}]" if where else "") + f": {ref} -> {cand}"


@dataclass
class DiffResult:
    reference: dict
    candidate: dict
    compared: int = 0
    identical: int = 0
    differences: list[Difference] = field(default_factory=list)
    features: dict[str, str] = field(default_factory=dict)  # case id -> feature

    @property
    def cases_with_differences(self) -> list[str]:
        return list(dict.fromkeys(d.case for d in self.differences))

    def by_kind(self) -> dict[str, int]:
        got = Counter(d.kind for d in self.differences)
        return {k: got[k] for k in KINDS if got.get(k)}

    def summary(self) -> str:
        n = len(self.cases_with_differences)
        kinds = ", ".join(f"{k} {v}" for k, v in self.by_kind().items())
        return (f"{self.compared} cases compared: {self.identical} identical after normalisation, {n} with"
                f" differences ({len(self.differences)} differences" + (f": {kinds}" if kinds else "") + ")")

    def to_dict(self) -> dict:
        return {
            "reference": self.reference, "candidate": self.candidate, "compared": self.compared,
            "identical": self.identical, "cases_with_differences": len(self.cases_with_differences),
            "by_kind": self.by_kind(), "differences": [asdict(d) for d in self.differences],
        }


def _short(value: Any, limit: int = 120) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _keyed(exchanges: list[dict]) -> dict[str, dict]:
    """{"s3:PutObject": first, "s3:PutObject#2": second, ...} in call order."""
    seen: Counter[str] = Counter()
    out: dict[str, dict] = {}
    for ex in exchanges:
        op = ex.get("operation") or "?"
        seen[op] += 1
        out[op if seen[op] == 1 else f"{op}#{seen[op]}"] = ex
    return out


def compare_exchange(case: str, label: str, ref: dict, cand: dict) -> list[Difference]:
    out: list[Difference] = []
    if bool(ref.get("fault")) != bool(cand.get("fault")) or (ref.get("fault") and ref["fault"] != cand["fault"]):
        out.append(Difference(case, "fault", label, None, ref.get("fault"), cand.get("fault")))
    if ref.get("status") != cand.get("status"):
        out.append(Difference(case, "status", label, None, ref.get("status"), cand.get("status")))
    if ref.get("error_code") != cand.get("error_code"):
        out.append(Difference(case, "error-code", label, None, ref.get("error_code"), cand.get("error_code")))
    rm, cm = ref.get("members") or {}, cand.get("members") or {}
    for path in list(dict.fromkeys([*rm, *cm])):
        if path not in cm:
            out.append(Difference(case, "member-missing", label, path, rm[path], None))
        elif path not in rm:
            out.append(Difference(case, "member-extra", label, path, None, cm[path]))
        elif rm[path] != cm[path]:
            out.append(Difference(case, "member-value", label, path, rm[path], cm[path]))
    return out


def compare_case(ref: dict, cand: dict) -> list[Difference]:
    case = ref["id"]
    out: list[Difference] = []
    if ref.get("outcome") != cand.get("outcome"):
        out.append(Difference(case, "outcome", None, None,
                              _with_message(ref.get("outcome"), ref.get("message")),
                              _with_message(cand.get("outcome"), cand.get("message"))))
    rx, cx = _keyed(ref.get("exchanges") or []), _keyed(cand.get("exchanges") or [])
    for label, ex in rx.items():
        if label in cx:
            out.extend(compare_exchange(case, label, ex, cx[label]))
    missing = [label for label in rx if label not in cx]
    extra = [label for label in cx if label not in rx]
    if missing:
        out.append(Difference(case, "calls-missing", None, None, missing, None))
    if extra:
        out.append(Difference(case, "calls-extra", None, None, None, extra))
    return out


def _with_message(outcome: Any, message: Any) -> str:
    return f"{outcome}: {message}" if message else str(outcome)


def compare_snapshots(reference: dict[str, dict], candidate: dict[str, dict], *, reference_info: dict | None = None,
                      candidate_info: dict | None = None) -> DiffResult:
    """Compare {case id: case snapshot} of two sides; cases are taken in the reference's order,
    then those only the candidate has."""
    result = DiffResult(reference_info or {}, candidate_info or {})
    for case_id, ref in reference.items():
        result.features[case_id] = ref.get("feature") or ""
        cand = candidate.get(case_id)
        if cand is None:
            result.differences.append(Difference(case_id, "case-missing", reference=ref.get("outcome")))
            continue
        result.compared += 1
        if ref.get("revision", 1) != cand.get("revision", 1):
            # the expectation changed between the two suites: the outcomes say different things
            result.differences.append(Difference(case_id, "outcome", None, "revision", ref.get("revision"),
                                                 cand.get("revision")))
            continue
        diffs = compare_case(ref, cand)
        result.differences.extend(diffs)
        if not diffs:
            result.identical += 1
    for case_id, cand in candidate.items():
        if case_id not in reference:
            result.features[case_id] = cand.get("feature") or ""
            result.differences.append(Difference(case_id, "case-extra", candidate=cand.get("outcome")))
    return result


# -- Markdown -------------------------------------------------------------------------------
def _cell(text: str) -> str:
    return _short(text, 90).replace("|", "\\|").replace("\n", " ")


def _describe(side: dict) -> str:
    target = side.get("target") or {}
    where = target.get("endpoint") or ", ".join(f"{k}={v}" for k, v in (target.get("endpoints") or {}).items())
    name = side.get("label") or target.get("name") or "?"
    return f"{name} ({where or 'AWS'})" + (f", snapshots {side['snapshots']}" if side.get("snapshots") else "")


def markdown(result: DiffResult, limit: int = 40) -> str:
    """A report: summary, counts per kind and per feature, then each case's differences
    (at most `limit` lines per case)."""
    lines = ["# awscompat diff", "",
             f"- reference: {_describe(result.reference)}",
             f"- candidate: {_describe(result.candidate)}", "",
             result.summary(), ""]
    if not result.differences:
        return "\n".join([*lines, "No differences after normalisation.", ""])
    lines += ["| kind | differences |", "|---|---|"]
    lines += [f"| {KIND_TEXT[k]} (`{k}`) | {v} |" for k, v in result.by_kind().items()]
    per_feature: Counter[str] = Counter(result.features.get(c, "") for c in result.cases_with_differences)
    lines += ["", "| feature | cases with differences |", "|---|---|"]
    lines += [f"| {f or '?'} | {n} |" for f, n in sorted(per_feature.items())]
    lines += ["", "## Cases", ""]
    grouped: dict[str, list[Difference]] = {}
    for d in result.differences:
        grouped.setdefault(d.case, []).append(d)
    for case, diffs in grouped.items():
        lines += [f"### `{case}`", "", "| what | where | reference | candidate |", "|---|---|---|---|"]
        for d in diffs[:limit]:
            where = " ".join(f"`{x}`" for x in (d.operation, d.path) if x)
            ref, cand = d.sides()
            lines.append(f"| {d.kind} | {where} | {_cell(ref)} | {_cell(cand)} |")
        if len(diffs) > limit:
            lines.append(f"| … | {len(diffs) - limit} more | | |")
        lines.append("")
    return "\n".join(lines)
