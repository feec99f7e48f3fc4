"""Outcomes (DESIGN 3.3), the exceptions a case raises to reach them, and the result record."""

from __future__ import annotations

from typing import Any

# The outcomes and the result record live in the results package (bottom layer); re-exported here.
from awscompat.results.outcome import ERROR, FAIL, OUTCOMES, PASS, SKIP, UNSUPPORTED, CaseResult, Outcome

__all__ = ["ERROR", "FAIL", "OUTCOMES", "PASS", "SKIP", "UNSUPPORTED", "CaseResult", "CaseSignal", "CheckFailed",
           "FixtureError", "HarnessError", "Outcome", "Skipped", "Unsupported"]


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
