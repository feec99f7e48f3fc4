"""Scoring a run against a profile (DESIGN 3.4).

Profiles under rules 2027.01 are scored by ratings/method.py (methodology v2, docs/methodology.md).
Profiles under rules 2026.11 keep the rules below, so what was issued under them keeps its meaning:

Each result a capability selects counts with a weight: 3 when both the capability and the case
are required, 1 when either is advisory; deprecated capabilities and unexpired flags excuse a
case. The score is the weighted pass rate over pass / fail / unsupported (errors and skips do not
judge the provider). The run is compliant when every required, unflagged case the profile
selects is present and passed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from awscompat.ratings.profiles import RULES_2026, Profile

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


def score_results(profile: Profile, results: Iterable[dict], on: dt.date | None = None,
                  expected: dict[str, str] | None = None, klass: str | None = None) -> Score:
    """expected: the profile's cases in the catalog (id -> severity); required ones missing from
    the results make the run not compliant (rules 2026.11; a pinned profile uses its lock file).
    klass: the provider class (cloud | emulator; default cloud)."""
    if profile.rules != RULES_2026:
        from awscompat.ratings.method import score_v2

        return score_v2(profile, results, on, klass or "cloud")
    on = on or dt.date.today()
    present: set[str] = set()
    got = {cap.id: Counter() for cap in profile.capabilities}
    num = {cap.id: 0.0 for cap in profile.capabilities}
    den = {cap.id: 0.0 for cap in profile.capabilities}
    failed_required = Counter()
    counts: Counter[str] = Counter()
    failed: list[str] = []
    flagged: list[str] = []
    reasons: list[str] = []
    incomplete = 0
    skipped = 0
    for r in results:
        cap = profile.capability_for(r["id"])
        if cap is None:
            continue
        outcome = r["outcome"]
        present.add(r["id"])
        counts[outcome] += 1
        got[cap.id][outcome] += 1
        if cap.status == "deprecated":
            continue
        if profile.flag_for(r["id"], on):
            flagged.append(r["id"])
            continue
        required = cap.status == "required" and r.get("severity", "required") == "required"
        weight = WEIGHT["required" if required else "advisory"]
        if outcome in ("pass", "fail", "unsupported"):
            den[cap.id] += weight
            if outcome == "pass":
                num[cap.id] += weight
            elif required:
                failed.append(r["id"])
                failed_required[cap.id] += 1
        elif required and outcome == "error":
            incomplete += 1
        elif required:
            skipped += 1
    total_num, total_den = sum(num.values()), sum(den.values())
    score = round(100.0 * total_num / total_den, 2) if total_den else 0.0
    if failed:
        reasons.append(f"{len(failed)} required case(s) did not pass")
    if incomplete:
        reasons.append(f"{incomplete} required case(s) ended in a harness error: the run is incomplete")
    if skipped:  # a skip is a decision (read-only, unsafe here...), not a gap in the run
        reasons.append(f"{skipped} required case(s) were skipped, so not judged")
    if not total_den:
        reasons.append("no case of this profile was judged in this run")
    if expected:
        missing = [cid for cid, sev in expected.items() if cid not in present and sev == "required"
                   and (cap := profile.capability_for(cid)) is not None and cap.status == "required"
                   and not profile.flag_for(cid, on)]
        if missing:
            reasons.append(f"{len(missing)} required case(s) of the profile were not run (e.g. {missing[0]})")
    if profile.status != "active":
        reasons.append(f"profile {profile.name} is retired")
    caps = [
        CapabilityScore(cap.id, cap.title, cap.status, dict(got[cap.id]),
                        round(100.0 * num[cap.id] / den[cap.id], 2) if den[cap.id] else None,
                        failed_required[cap.id])
        for cap in profile.capabilities
    ]
    rated = bool(total_den)  # nothing judged is `not rated`, never a C 0.00
    return Score(profile.name, score, grade_for(score) if rated else "not rated", not reasons, reasons, dict(counts),
                 sum(counts.values()), sorted(failed), sorted(flagged), caps, klass=klass or "cloud", rated=rated,
                 mark="compliant" if not reasons else "not compliant")


def run_class(run_dir: Path) -> str | None:
    """The provider class a run folder declares (`awscompat run --class`), if any."""
    import json

    try:
        meta = json.loads((Path(run_dir) / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    klass = meta.get("class") if isinstance(meta, dict) else None
    return klass if klass in ("cloud", "emulator") else None


def score_run(profile: Profile, run_dir: Path, on: dt.date | None = None, klass: str | None = None) -> Score:
    """Score a run folder; klass defaults to the class the run declares, else cloud."""
    from awscompat.reports.runfolder import iter_results

    klass = klass or run_class(run_dir) or "cloud"
    if profile.rules != RULES_2026:
        return _client_required(profile, run_dir, score_results(profile, iter_results(run_dir), on, klass=klass))
    from awscompat.catalog import build_catalog
    from awscompat.ratings.select import profile_selection

    expected = {c.id: c.severity for c in build_catalog(profile_selection(profile))}
    return _client_required(profile, run_dir, score_results(profile, iter_results(run_dir), on, expected, klass=klass))


def _client_required(profile: Profile, run_dir: Path, score: Score) -> Score:
    """A profile that requires a client (`client: {name, min_version}`) rates only runs by that
    client at that version or later (run.json `client`); any other run is `not rated`, not compliant."""
    if not profile.client:
        return score
    import dataclasses
    import json

    from awscompat.engine.clients import satisfies

    try:
        meta = json.loads((Path(run_dir) / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    problem = satisfies(meta.get("client") if isinstance(meta, dict) else None, profile.client)
    if not problem:
        return score
    return dataclasses.replace(score, grade="not rated", rated=False, compliant=False, mark="not compliant",
                               reasons=[f"not rated: {problem}", *score.reasons])


def profile_digest(profile: Profile, results: Iterable[dict]) -> str:
    """The suite digest (DESIGN 3.1) of the results a profile selects: id@revision lines."""
    import hashlib

    lines = sorted(f"{r['id']}@{r.get('revision', 1)}" for r in results
                   if (cap := profile.capability_for(r["id"])) is not None and cap.status != "deprecated")
    return "sha256:" + hashlib.sha256("".join(line + "\n" for line in lines).encode()).hexdigest()


def catalog_digest(profile: Profile) -> str:
    """The digest of the cases the profile selects in this installation's catalog."""
    from awscompat.catalog import build_catalog, suite_digest
    from awscompat.ratings.select import profile_selection

    return suite_digest(build_catalog(profile_selection(profile)))
