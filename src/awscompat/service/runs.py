"""Runs: queueing, cancelling and reading them back (results, feature matrix, comparison)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from awscompat.reports.compare import compare_results
from awscompat.reports.leading import case_weight
from awscompat.service.errors import Conflict, Invalid, NotFound
from awscompat.service.models import ACTIVE, Provider, Result, Run, Target, utcnow
from awscompat.service.providers import load_provider, load_target, require_login, require_manager
from awscompat.service.schemas import ChangeOut, CompareOut, FeatureRow, ResultOut, RunOut
from awscompat.service.security import Principal

if TYPE_CHECKING:
    from awscompat.service.core import Service

OUTCOMES = ("pass", "fail", "unsupported", "error", "skip")
FAILED = ("fail", "unsupported", "error")
MAX_QUEUED_PER_TARGET = 3


def run_out(run: Run, provider: str, target: str) -> RunOut:
    return RunOut(id=run.id, provider=provider, target=target, status=run.status, profiles=list(run.profiles),
                  reason=run.reason, created_at=run.created_at, started_at=run.started_at,
                  finished_at=run.finished_at, attempts=run.attempts, total=run.total,
                  results_count=run.results_count, counts=dict(run.counts or {}), incomplete=run.incomplete,
                  error=run.error, suite_digest=run.suite_digest, cancel_requested=run.cancel_requested)


def _load_run(s: Session, run_id: int) -> tuple[Run, str, str]:
    row = s.execute(select(Run, Provider.name, Target.name).join(Provider, Provider.id == Run.provider_id)
                    .join(Target, Target.id == Run.target_id).where(Run.id == run_id)).first()
    if row is None:
        raise NotFound(f"no run {run_id}")
    return row[0], row[1], row[2]


def get_run(svc: Service, run_id: int) -> RunOut:
    with svc.db.read() as s:
        return run_out(*_load_run(s, run_id))


def list_runs(svc: Service, provider: str | None, status: str | None, limit: int, offset: int) -> tuple[int, list[RunOut]]:
    q = (select(Run, Provider.name, Target.name).join(Provider, Provider.id == Run.provider_id)
         .join(Target, Target.id == Run.target_id))
    n = select(func.count()).select_from(Run).join(Provider, Provider.id == Run.provider_id)
    if provider:
        q, n = q.where(Provider.name == provider), n.where(Provider.name == provider)
    if status:
        q, n = q.where(Run.status == status), n.where(Run.status == status)
    with svc.db.read() as s:
        total = s.scalar(n) or 0
        rows = s.execute(q.order_by(Run.id.desc()).limit(limit).offset(offset)).all()
        return total, [run_out(*r) for r in rows]


def queue_run(svc: Service, who: Principal, provider: str, target: str, profiles: list[str] | None,
              reason: str = "api") -> RunOut:
    require_login(who)
    with svc.db.write() as s:
        p = load_provider(s, provider)
        require_manager(who, p)
        t = load_target(s, p, target)
        if t.secret is None and not t.disposable:
            raise Invalid(f"target {target!r} has no credentials: set access_key_id and secret_access_key first")
        waiting = s.scalar(select(func.count()).select_from(Run).where(Run.target_id == t.id,
                                                                        Run.status.in_(ACTIVE))) or 0
        if waiting >= MAX_QUEUED_PER_TARGET:
            raise Conflict(f"target {target!r} already has {waiting} queued or running run(s); wait for them")
        run = Run(provider_id=p.id, target_id=t.id, profiles=list(profiles or t.profiles), reason=reason,
                  requested_by=who.account_id)
        s.add(run)
        s.flush()
        out = run_out(run, p.name, t.name)
    svc.worker.wake()
    return out


def cancel_run(svc: Service, who: Principal, run_id: int) -> RunOut:
    require_login(who)
    with svc.db.write() as s:
        run, pname, tname = _load_run(s, run_id)
        provider = s.get(Provider, run.provider_id)
        assert provider is not None
        require_manager(who, provider)
        if run.status not in ACTIVE:
            raise Conflict(f"run {run_id} is already {run.status}")
        if run.status == "queued":
            s.execute(update(Run).where(Run.id == run_id, Run.status == "queued").values(
                status="cancelled", cancel_requested=True, error="cancelled before it started",
                finished_at=utcnow()))
        else:
            s.execute(update(Run).where(Run.id == run_id).values(cancel_requested=True))
    svc.worker.cancel(run_id)
    return get_run(svc, run_id)


# -- results --------------------------------------------------------------------------------
def result_out(r: Result) -> ResultOut:
    evidence = None
    if r.evidence:
        try:
            evidence = json.loads(r.evidence)
        except ValueError:
            evidence = {"raw": r.evidence[:2000]}
    return ResultOut(case_id=r.case_id, outcome=r.outcome, duration_ms=r.duration_ms, service=r.service,
                     feature=r.feature, severity=r.severity, family=r.family, message=r.message, evidence=evidence)


def list_results(svc: Service, run_id: int, outcome: str | None, feature: str | None, service: str | None,
                 limit: int, offset: int) -> tuple[int, list[ResultOut]]:
    with svc.db.read() as s:
        _load_run(s, run_id)
        cond = [Result.run_id == run_id]
        if outcome:
            cond.append(Result.outcome.in_(FAILED) if outcome == "failed" else Result.outcome == outcome)
        if feature:
            cond.append(Result.feature == feature)
        if service:
            cond.append(Result.service == service)
        total = s.scalar(select(func.count()).select_from(Result).where(*cond)) or 0
        rows = s.scalars(select(Result).where(*cond).order_by(*_IMPORTANT_FIRST).limit(limit).offset(offset)).all()
        return total, [result_out(r) for r in rows]


def feature_matrix(svc: Service, run_id: int) -> list[FeatureRow]:
    with svc.db.read() as s:
        _load_run(s, run_id)
        rows = s.execute(select(Result.feature, Result.outcome, func.count()).where(Result.run_id == run_id)
                         .group_by(Result.feature, Result.outcome)).all()
    by: dict[str, Counter] = defaultdict(Counter)
    for feature, outcome, n in rows:
        by[feature or "(none)"][outcome] += n
    out = []
    for feature in sorted(by):
        c = by[feature]
        judged = c["pass"] + c["fail"] + c["unsupported"]
        out.append(FeatureRow(feature=feature, counts={o: c.get(o, 0) for o in OUTCOMES},
                              pass_rate=round(100 * c["pass"] / judged, 2) if judged else None))
    return out


# Failures as every report lists them (reports/leading.py): required first, fail before
# unsupported before error, then by id (a feature's cases share its weight).
_IMPORTANT_FIRST = (case((Result.severity == "required", 0), else_=1),
                    case((Result.outcome == "fail", 0), (Result.outcome == "unsupported", 1), else_=2), Result.case_id)


def failures_by_feature(svc: Service, run_id: int, per_feature: int = 20) -> dict[str, tuple[int, list[ResultOut]]]:
    """The run's fail/unsupported/error results grouped by feature: (count, the first few), the
    features with required failures first, then by their weight in the rating profiles."""
    with svc.db.read() as s:
        rows = s.execute(select(Result.feature, func.count(), func.min(case((Result.severity == "required", 0), else_=1)),
                                func.min(Result.case_id))
                         .where(Result.run_id == run_id, Result.outcome.in_(FAILED)).group_by(Result.feature)).all()
        counts = {feature: n for feature, n, _, _ in rows}
        order = sorted(rows, key=lambda row: (row[2], -case_weight(row[3] or ""), row[0] or ""))
        out: dict[str, tuple[int, list[ResultOut]]] = {}
        for feature in [row[0] for row in order]:
            rows = s.scalars(select(Result).where(Result.run_id == run_id, Result.outcome.in_(FAILED),
                                                  Result.feature == feature)
                             .order_by(*_IMPORTANT_FIRST).limit(per_feature)).all()
            out[feature or "(none)"] = (counts[feature], [result_out(r) for r in rows])
    return out


def _outcomes(s: Session, run_id: int):
    q = select(Result.case_id, Result.outcome, Result.message).where(Result.run_id == run_id)
    for cid, outcome, message in s.execute(q.execution_options(yield_per=5000)):
        yield {"id": cid, "outcome": outcome, "message": message}


def compare(svc: Service, base: int, new: int, keep: int = 500) -> CompareOut:
    with svc.db.read() as s:
        b, _, _ = _load_run(s, base)
        n, _, _ = _load_run(s, new)
        comp = compare_results(_outcomes(s, base), _outcomes(s, new), {"run_id": base}, {"run_id": new}, keep)

    def changes(bucket) -> list[ChangeOut]:
        return [ChangeOut(id=c.id, old=c.old, new=c.new, message=c.message) for c in bucket.items]

    summary = {name.replace(" ", "_"): bucket.count for name, bucket in comp.categories}
    summary.update(unchanged=comp.unchanged, base_cases=comp.base_cases, new_cases=comp.new_cases)
    return CompareOut(base=b.id, new=n.id, summary=summary, regressions=changes(comp.regressions),
                      fixes=changes(comp.fixes), added=changes(comp.added), removed=changes(comp.removed),
                      changed=changes(comp.changed))
