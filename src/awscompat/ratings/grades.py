"""Grades and the score records (DESIGN 3.4): what ratings/score.py (rules 2026.11) and
ratings/method.py (rules 2027.01) both produce. Re-exported by ratings/score.py."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

GRADES = (("AAA", 99.0), ("AA", 95.0), ("A", 90.0), ("BBB", 80.0), ("BB", 70.0), ("B", 50.0), ("C", 0.0))
WEIGHT = {"required": 3, "advisory": 1}


def grade_for(score: float) -> str:
    for grade, floor in GRADES:
        if score >= floor:
            return grade
    return "C"


@dataclass
class CapabilityScore:
    id: str
    title: str
    status: str
    counts: dict[str, int]
    score: float | None
    failed_required: int
    axis: str = ""  # rules 2027.01 from here on
    weight: float = 1.0
    graded: bool = True
    units: int = 0
    judged_units: int = 0


@dataclass
class Score:
    profile: str
    score: float
    grade: str
    compliant: bool
    reasons: list[str]
    counts: dict[str, int]
    cases: int
    failed: list[str]
    flagged: list[str]
    capabilities: list[CapabilityScore] = field(default_factory=list)
    rules: str = "2026.11"
    klass: str = "cloud"  # the provider class the rating is for (cloud | emulator)
    rated: bool = True  # False: `not rated` (grade "not rated"); the score is then not a rating
    completeness: float | None = None  # rules 2027.01: judged share of the graded weight (0..1)
    axes: dict[str, float | None] = field(default_factory=dict)
    pinned_digest: str = ""
    mark: str = ""  # compliant | AWS-compatible emulator | not compliant

    def to_dict(self) -> dict:
        out = asdict(self)
        out["class"] = out.pop("klass")
        if not self.rated:
            out["score"] = None
        return out

    @property
    def shown_score(self) -> str:
        return f"{self.score:.2f}" if self.rated else "—"
