"""Typed events the engine emits; reporters consume them (execution and reporting never mix)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from awscompat.results.outcome import CaseResult


@dataclass(frozen=True)
class RunStarted:
    run_id: str
    total: int
    digest: str
    target: dict
    out_dir: str


@dataclass(frozen=True)
class Notice:
    level: str  # info | warning | error
    message: str


@dataclass(frozen=True)
class CaseFinished:
    result: CaseResult


@dataclass(frozen=True)
class RunFinished:
    counts: dict[str, int]
    incomplete: bool
    interrupted: bool
    duration_s: float
    leftovers: list[str] = field(default_factory=list)


Event = RunStarted | Notice | CaseFinished | RunFinished


class Reporter(Protocol):
    def handle(self, event: Event) -> None: ...


class Bus:
    def __init__(self, reporters: list[Reporter] | None = None) -> None:
        self.reporters = list(reporters or [])

    def emit(self, event: Event) -> None:
        for reporter in self.reporters:
            reporter.handle(event)
