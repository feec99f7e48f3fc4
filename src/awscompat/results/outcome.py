"""Outcomes (DESIGN 3.3) and the per-case result record.

Contract:
- `Outcome` is a `StrEnum`: each member *is* its string ("pass", "fail", "unsupported", "error",
  "skip"), so it compares equal to the strings stored in run folders, databases and JSON, and
  `json.dumps`, f-strings and SQL parameters write exactly those strings. Records read back from a
  run folder carry plain strings; `Outcome(value)` turns one into a member.
- `PASS`, `FAIL`, `UNSUPPORTED`, `ERROR`, `SKIP` are the members; `OUTCOMES` lists them in that
  order (the order reports count them in).
- `CaseResult.to_dict()` is the results.jsonl record (DESIGN 7); its keys and their order are a
  contract, and its `outcome` is a plain `str`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNSUPPORTED = "unsupported"
    ERROR = "error"
    SKIP = "skip"


PASS, FAIL, UNSUPPORTED, ERROR, SKIP = Outcome.PASS, Outcome.FAIL, Outcome.UNSUPPORTED, Outcome.ERROR, Outcome.SKIP
OUTCOMES: tuple[Outcome, ...] = (PASS, FAIL, UNSUPPORTED, ERROR, SKIP)


@dataclass(slots=True)
class CaseResult:
    id: str
    outcome: str  # an Outcome (a str)
    duration_ms: float
    service: str
    operations: list[str]
    feature: str
    severity: str
    provenance: dict
    family: str
    revision: int = 1
    message: str = ""
    evidence: dict | None = None
    teardown: list[str] = field(default_factory=list)
    exchanges: list[dict] | None = None  # only with RunOptions.keep_exchanges (awscompat record/diff)
    # --rerun-failures: the outcome of every attempt, in order, when the case was re-run; flaky when
    # they differ. A flaky case keeps its first (non-pass) outcome: flaky never counts as pass.
    attempts: list[str] | None = None
    flaky: bool = False

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "outcome": str(self.outcome),
            "duration_ms": round(self.duration_ms, 2),
            "service": self.service,
            "operations": self.operations,
            "family": self.family,
            "revision": self.revision,
            "feature": self.feature,
            "severity": self.severity,
            "provenance": self.provenance,
            "message": self.message,
            "evidence": self.evidence,
        }
        if self.teardown:
            out["teardown"] = self.teardown
        if self.attempts is not None:
            out["attempts"] = [str(a) for a in self.attempts]
            out["flaky"] = self.flaky
        if self.exchanges is not None:
            out["exchanges"] = self.exchanges
        return out
