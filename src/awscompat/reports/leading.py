"""What every report of a run says first, and in which order it lists failures (issue 20, and
issue 14's finding 6). The terminal, Markdown, HTML and JUnit reports all use these, so they
agree:

- `banner(meta, totals)`: one line when the run is not a whole, judged run: killed (run.json
  never finalised), interrupted, or incomplete (harness errors). None for a complete run, and
  never "incomplete" when only skips occurred (a skip is a decision, not a gap).
- `failure_key(r)`: sorts non-passing results required first, then by the weight their feature
  carries in the shipped rating profiles (its capability's share of the profile, the largest
  over profiles), then fail before unsupported before error, then by id.
- `by_service(rows)`: the per-service rollup of per-feature counts.
- `more_line(shown, total, where)`: how every cut list ends: how many more, and where they are.
- `meaning(meta, totals)` and `next_steps(run_dir, services)`: what the result means and
  which command comes next.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from functools import lru_cache

OUTCOME_RANK = {"fail": 0, "unsupported": 1, "error": 2}


def run_state(meta: Mapping) -> str:
    """complete | incomplete | interrupted | killed (a run.json that was never finalised)."""
    status = meta.get("status")
    if status == "running" or (not meta.get("finished") and status != "complete"):
        return "killed"
    if status in ("interrupted", "incomplete", "complete"):
        return status
    return "incomplete" if (meta.get("counts") or {}).get("error") else "complete"


def banner(meta: Mapping, totals: Mapping[str, int] | None = None) -> str | None:
    """The warning a report opens with, or None for a complete run."""
    state = run_state(meta)
    counts = Counter(totals if totals is not None else (meta.get("counts") or {}))
    done, planned = sum(counts.values()), meta.get("cases")
    of = f"{done} of {planned}" if isinstance(planned, int) and planned else f"{done}"
    if state == "killed":
        return (f"INCOMPLETE RUN: the run was killed before it finished ({of} cases recorded; run.json was never "
                "finalised). These results are partial: do not read them as a rating.")
    if state == "interrupted":
        return (f"INCOMPLETE RUN: the run was interrupted ({of} cases finished). These results are partial: "
                "do not read them as a rating.")
    if state == "incomplete" and counts.get("error"):
        return (f"INCOMPLETE RUN: {counts['error']} case(s) ended in a harness error (the harness could not "
                "decide: connection, timeout, set-up). Errors never count against the provider, and the "
                "cases they hide were not judged.")
    return None


@lru_cache(maxsize=1)
def _weighted_patterns() -> tuple[tuple[float, re.Pattern], ...]:
    """(share, compiled selectors) per capability of every shipped, non-contract rating profile."""
    try:
        from awscompat.ratings import list_profiles, load_profile
    except Exception:  # pragma: no cover - the ratings layer is part of the package
        return ()
    out: list[tuple[float, re.Pattern]] = []
    for name in list_profiles():
        try:
            profile = load_profile(name)
        except Exception:  # noqa: BLE001 - a broken profile must not break a report
            continue
        caps = [c for c in profile.capabilities if c.status != "deprecated"]
        weights = [float(getattr(c, "weight", 1.0) or 1.0) * (3 if c.status == "required" else 1) for c in caps]
        total = sum(weights) or 1.0
        for cap, w in zip(caps, weights, strict=True):
            if cap.select:
                out.append((w / total, re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in cap.select))))
    out.sort(key=lambda item: -item[0])
    return tuple(out)


@lru_cache(maxsize=65536)
def case_weight(case_id: str) -> float:
    """The largest share of a rating profile that the case's capability carries (0 when none)."""
    for share, rx in _weighted_patterns():
        if rx.match(case_id):
            return share
    return 0.0


def failure_key(r: Mapping) -> tuple:
    cid = str(r.get("id", ""))
    return (0 if r.get("severity", "required") == "required" else 1, -case_weight(cid),
            OUTCOME_RANK.get(str(r.get("outcome")), 3), cid)


def by_service(rows: Mapping[str, Counter]) -> dict[str, Counter]:
    """Per-feature counts rolled up per service (the feature's prefix before '/')."""
    out: dict[str, Counter] = defaultdict(Counter)
    for feature, c in rows.items():
        out[feature.split("/", 1)[0]].update(c)
    return dict(sorted(out.items()))


def more_line(shown: int, total: int, where: str) -> str | None:
    """'N more …' for a cut list, or None when nothing was cut."""
    if total <= shown:
        return None
    return f"… and {total - shown} more (of {total}): {where}"


def meaning(meta: Mapping, totals: Mapping[str, int]) -> str:
    """One sentence: what the result means."""
    c = Counter(totals)
    judged = c["pass"] + c["fail"] + c["unsupported"]
    state = run_state(meta)
    if state in ("killed", "interrupted"):
        return "The run did not finish: what ran is recorded, but it is no verdict on the target."
    if not judged:
        return "No case was judged (only errors or skips): this run says nothing yet about the target."
    rate = 100 * c["pass"] / judged
    bad = c["fail"] + c["unsupported"]
    head = (f"The target behaved as AWS does in {c['pass']} of {judged} judged cases ({rate:.1f}%)"
            + (f"; {bad} differ from AWS (exit 1)." if bad else ": no difference from AWS was found."))
    if c["error"]:
        head += f" {c['error']} case(s) could not be decided (harness errors, exit 3)."
    return head


def rating_for(services: list[str]) -> str | None:
    """A shipped rating profile that fits the run's services, to suggest with `score`."""
    try:
        from awscompat.ratings import list_profiles
    except Exception:  # pragma: no cover
        return None
    names = list_profiles()
    for service in services:
        for name in names:
            if name.startswith(f"{service}-core-") or (service in ("iam", "sts") and name.startswith("iam-sts-core-")):
                return name
    return None


def next_steps(run_dir: str, services: list[str]) -> list[str]:
    """The commands that come next, for this run folder."""
    steps = [f"awscompat report {run_dir} --html {run_dir}/report.html   # every failure with its evidence"]
    rating = rating_for(services)
    if rating:
        steps.append(f"awscompat score {run_dir} --rating {rating}   # a grade against a rating profile")
    steps.append(f"awscompat compare <earlier run> {run_dir}   # what changed since an earlier run")
    return steps
