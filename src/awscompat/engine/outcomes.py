"""Outcomes (DESIGN 3.3), the exceptions a case raises to reach them, and the result record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, UNSUPPORTED, ERROR, SKIP = "pass", "fail", "unsupported", "error", "skip"
OUTCOMES = (PASS, FAIL, UNSUPPORTED, ERROR, SKIP)


class CaseSignal(Exception):
    """Base of the exceptions that end a case with a decided outcome."""

    outcome = ERROR

    def __init__(self, message: str, *, expected: Any = None, observed: Any = None, exchange=None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.observed = observed
        self.exchange = exchange


class CheckFailed(CaseSignal):
    """The endpoint answered, but not as AWS does."""

    outcome = FAIL


class Unsupported(CaseSignal):
    """The endpoint cleanly refused the operation as not implemented."""

    outcome = UNSUPPORTED


class HarnessError(CaseSignal):
    """The harness could not decide (transport fault, fixture that could not be set up...)."""

    outcome = ERROR


class FixtureError(HarnessError):
    """A setup step failed: the case's own feature was never exercised."""


class Skipped(CaseSignal):
    outcome = SKIP


@dataclass(slots=True)
class CaseResult:
    id: str
    outcome: str
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
            "outcome": self.outcome,
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
            out["attempts"] = self.attempts
            out["flaky"] = self.flaky
        if self.exchanges is not None:
            out["exchanges"] = self.exchanges
        return out
