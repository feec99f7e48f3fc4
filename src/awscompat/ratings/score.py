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
from pathlib import Path

from awscompat.ratings.grades import GRADES, WEIGHT, CapabilityScore, Score, grade_for
from awscompat.ratings.method import score_v2
from awscompat.ratings.profiles import RULES_2026, Profile
from awscompat.results.digest import digest_line, digest_of_lines, suite_digest
from awscompat.results.runfolder import iter_results, read_meta


def score_results(profile: Profile, results: Iterable[dict], on: dt.date | None = None,
                  expected: dict[str, str] | None = None, klass: str | None = None) -> Score:
    """expected: the profile's cases in the catalog (id -> severity); required ones missing from
    the results make the run not compliant (rules 2026.11; a pinned profile uses its lock file).
    klass: the provider class (cloud | emulator; default cloud)."""
    if profile.rules != RULES_2026:
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
    klass = read_meta(run_dir).get("class")
    return klass if klass in ("cloud", "emulator") else None


def score_run(profile: Profile, run_dir: Path, on: dt.date | None = None, klass: str | None = None) -> Score:
    """Score a run folder; klass defaults to the class the run declares, else cloud."""
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

    from awscompat.engine.clients import satisfies

    problem = satisfies(read_meta(run_dir).get("client"), profile.client)
    if not problem:
        return score
    return dataclasses.replace(score, grade="not rated", rated=False, compliant=False, mark="not compliant",
                               reasons=[f"not rated: {problem}", *score.reasons])


def profile_digest(profile: Profile, results: Iterable[dict]) -> str:
    """The suite digest (DESIGN 3.1) of the results a profile selects: id@revision lines."""
    return digest_of_lines(digest_line(r["id"], r.get("revision", 1)) for r in results
                           if (cap := profile.capability_for(r["id"])) is not None and cap.status != "deprecated")


def catalog_digest(profile: Profile) -> str:
    """The digest of the cases the profile selects in this installation's catalog."""
    from awscompat.catalog import build_catalog
    from awscompat.ratings.select import profile_selection

    return suite_digest(build_catalog(profile_selection(profile)))


__all__ = ["GRADES", "WEIGHT", "CapabilityScore", "Score", "catalog_digest", "grade_for", "profile_digest",
           "run_class", "score_results", "score_run"]
