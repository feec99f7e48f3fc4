"""Rating methodology v2 (rules 2027.01; docs/methodology.md is the public text).

Contract (score_v2):
- The rated cases are the profile's pinned set (ratings/pinned.py). A result counts only for a pinned
  id at the pinned revision; a pinned case without such a result is `not run`.
- Units: a scenario case is one unit; generated cases are grouped per operation and family
  (`<service>/<Operation>/<family>`): a unit passes when all its cases pass, fails when any case
  fails or is unsupported, and is otherwise not judged (error, skip, not run). Flagged cases and
  deprecated capabilities are left out.
- A capability's score is passed units / all its units; its weight is declared in the profile
  (default 1), never derived from its size. Graded capabilities: every non-deprecated one, except
  the `authentication` axis for class `emulator` (reported as an axis, outside the grade).
- Score = Σ weight × capability score / Σ weight. A unit that was not judged earns nothing, so
  turning a fail into an error never raises the score; it lowers the completeness.
- Completeness = judged weight / graded weight (a unit's weight: its capability's weight divided by
  the capability's unit count). Rated only when completeness ≥ 95 %; otherwise the grade is
  `not rated` with the reason.
- Axes (0..100 or None when the profile has nothing on it): behaviour, errors, routing,
  authentication, each the weighted score of its capabilities; confidence, the share of the judged
  weight whose provenance is AWS-authored (recorded AWS behaviour, an AWS smoke or protocol test).
- Compliant: rated, the profile active, and every required case of every required graded
  capability (flags aside) passed. The mark reads `compliant` (cloud) or `AWS-compatible emulator`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from awscompat.ratings.grades import CapabilityScore, Score, grade_for
from awscompat.ratings.lock import AWS_AUTHORED, read_lock
from awscompat.ratings.profiles import Profile

CLASSES = ("cloud", "emulator")
AXES = ("behaviour", "errors", "routing", "authentication", "confidence")
COMPLETENESS = 0.95
MARKS = {"cloud": "compliant", "emulator": "AWS-compatible emulator"}


def unit_of(case_id: str) -> str:
    """The unit a case is judged in: itself for a scenario, its operation and family otherwise."""
    parts = case_id.split("/")
    if len(parts) < 3 or parts[1] == "scenario":
        return case_id
    return "/".join(parts[:3])


def _unit_outcome(outcomes: list[str]) -> str:
    if any(o in ("fail", "unsupported") for o in outcomes):
        return "fail"
    if all(o == "pass" for o in outcomes):
        return "pass"
    return "unjudged"


def score_v2(profile: Profile, results: Iterable[dict], on: dt.date | None = None, klass: str = "cloud"):
    """Score results (dicts with id, outcome, revision) against a pinned profile; returns ratings.score.Score."""
    on = on or dt.date.today()
    klass = klass if klass in CLASSES else "cloud"
    pinned = read_lock(profile)
    got: dict[str, str] = {}
    stale = 0
    for r in results:
        pin = pinned.get(r["id"])
        if pin is None:
            continue
        if int(r.get("revision", 1) or 1) != pin.revision:
            stale += 1
            continue
        got[r["id"]] = r["outcome"]
    counts: Counter[str] = Counter(got.values())
    not_run = Counter()  # why the unjudged units were not judged
    failed: list[str] = []
    flagged: list[str] = []
    caps: list[CapabilityScore] = []
    graded_w = judged_w = passed_w = confident_w = 0.0
    axis_num: Counter[str] = Counter()
    axis_den: Counter[str] = Counter()
    compliant_ok = True
    by_cap: dict[str, list] = {c.id: [] for c in profile.capabilities}
    for pin in pinned.values():
        cap = profile.capability_for(pin.id)
        if cap is not None:
            by_cap[cap.id].append(pin)
    for cap in profile.capabilities:
        units: dict[str, list] = {}
        cap_counts: Counter[str] = Counter()
        failed_required = 0
        for pin in by_cap[cap.id]:
            outcome = got.get(pin.id, "not run")
            cap_counts[outcome] += 1
            if profile.flag_for(pin.id, on):
                flagged.append(pin.id)
                continue
            units.setdefault(unit_of(pin.id), []).append((pin, outcome))
            if outcome != "pass" and cap.status == "required" and pin.severity == "required":
                if outcome in ("fail", "unsupported"):
                    failed.append(pin.id)
                    failed_required += 1
                graded_cap = not (klass == "emulator" and cap.axis == "authentication")
                if graded_cap:
                    compliant_ok = False
        if cap.status == "deprecated" or not units:
            caps.append(CapabilityScore(cap.id, cap.title, cap.status, dict(cap_counts), None, failed_required,
                                        axis=cap.axis, weight=cap.weight, graded=False))
            continue
        n = len(units)
        passed = judged = conf = 0.0
        for members in units.values():
            outcome = _unit_outcome([o for _, o in members])
            if outcome == "unjudged":
                for _, o in members:
                    if o not in ("pass", "fail", "unsupported"):
                        not_run[o] += 1
                continue
            judged += 1
            conf += sum(1 for p, _ in members if p.provenance in AWS_AUTHORED) / len(members)
            passed += outcome == "pass"
        cap_score = 100.0 * passed / n
        graded = not (klass == "emulator" and cap.axis == "authentication")
        w = cap.weight
        axis_num[cap.axis] += w * cap_score
        axis_den[cap.axis] += w
        if graded:
            graded_w += w
            passed_w += w * passed / n
            judged_w += w * judged / n
            confident_w += w * conf / n
        caps.append(CapabilityScore(cap.id, cap.title, cap.status, dict(cap_counts), round(cap_score, 2),
                                    failed_required, axis=cap.axis, weight=w, graded=graded,
                                    units=n, judged_units=int(judged)))
    score = round(100.0 * passed_w / graded_w, 2) if graded_w else 0.0
    completeness = round(judged_w / graded_w, 4) if graded_w else 0.0
    axes: dict[str, float | None] = {a: (round(axis_num[a] / axis_den[a], 1) if axis_den[a] else None)
                                     for a in AXES[:-1]}
    axes["confidence"] = round(100.0 * confident_w / judged_w, 1) if judged_w else None
    reasons: list[str] = []
    rated = bool(graded_w) and completeness >= COMPLETENESS
    if not rated:
        why = ", ".join(f"{n} {o if o != 'not run' else 'not run'}" for o, n in sorted(not_run.items())) or "nothing"
        reasons.append(f"not rated: only {100 * completeness:.1f}% of the profile's weight was judged (needs "
                       f"{100 * COMPLETENESS:.0f}%); not judged: {why}")
    if stale:
        reasons.append(f"{stale} result(s) are of another revision than the pinned one (counted as not run)")
    if failed:
        reasons.append(f"{len(failed)} required case(s) did not pass")
    if profile.status != "active":
        reasons.append(f"profile {profile.name} is retired")
    compliant = rated and compliant_ok and profile.status == "active"
    if rated and not compliant_ok and not failed:
        reasons.append("required case(s) were not judged (error, skip or not run)")
    return Score(profile.name, score, grade_for(score) if rated else "not rated", compliant, reasons, dict(counts),
                 sum(counts.values()), sorted(failed), sorted(flagged), caps, rules=profile.rules, klass=klass,
                 rated=rated, completeness=completeness, axes=axes, pinned_digest=profile.pinned_digest,
                 mark=MARKS[klass] if compliant else "not compliant")
