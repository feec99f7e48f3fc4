"""Migrations on both databases, bulk ingest, and the worker's queue: claiming, recovery of runs
orphaned by a stopped server, periodic re-rating."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from service_helpers import make_config
from sqlalchemy import func, select, update

import awscompat.service
from awscompat.engine.events import CaseFinished, RunFinished, RunStarted
from awscompat.engine.target import Credentials
from awscompat.results.outcome import CaseResult
from awscompat.service.core import Service
from awscompat.service.db import Database
from awscompat.service.ingest import DbIngestReporter, Ingester
from awscompat.service.models import Base, Provider, Result, Run, Target, utcnow
from awscompat.service.worker import claim_next, recover_orphans, schedule_rerates


def test_migrations_make_exactly_the_models(db_url) -> None:
    db = Database(db_url)
    db.migrate()
    db.migrate()  # idempotent
    versions = Path(awscompat.service.__file__).parent / "migrations" / "versions"
    heads = sorted(p.name.split("_", 1)[0] for p in versions.glob("0*.py"))
    assert heads and db.current_revision() == heads[-1]  # upgraded to the newest migration
    assert set(db.tables()) >= {"accounts", "api_tokens", "providers", "targets", "runs", "results", "ratings",
                                "attestations", "alembic_version"}
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    db.dispose()


def _service(db_url, tmp_path, **kw) -> Service:
    return Service(make_config(db_url, tmp_path / "data", **kw))


def _run_row(svc: Service, status: str = "queued", **values) -> int:
    with svc.db.write() as s:
        p = s.scalars(select(Provider).where(Provider.name == "p")).first()
        if p is None:
            p = Provider(name="p", title="p", homepage="", contact="")
            s.add(p)
            s.flush()
            s.add(Target(provider_id=p.id, name="t", endpoint="https://public.example", endpoints={},
                         profiles=["s3-core-2026.11"], secret=svc.box.seal(Credentials("a", "b"))))
            s.flush()
        t = s.scalars(select(Target).where(Target.provider_id == p.id)).one()
        run = Run(provider_id=p.id, target_id=t.id, status=status, profiles=["s3-core-2026.11"], **values)
        s.add(run)
        s.flush()
        return run.id


def _results(n: int) -> list[CaseResult]:
    return [CaseResult(id=f"s3/Op/case-{i}", outcome="fail" if i % 7 == 0 else "pass", duration_ms=1.0, service="s3",
                       operations=["Op"], feature="s3/objects", severity="required", provenance={}, family="f",
                       message="m", evidence={"request": {"method": "GET"}} if i % 7 == 0 else None)
            for i in range(n)]


def test_bulk_ingest_through_the_reporter(db_url, tmp_path) -> None:
    svc = _service(db_url, tmp_path)
    run_id = _run_row(svc, "running")
    reporter = DbIngestReporter(Ingester(svc.db, run_id, batch=1000))
    reporter.handle(RunStarted("abc", 2500, "sha256:x", {"name": "t"}, "/tmp"))
    for r in _results(2500):
        reporter.handle(CaseFinished(r))
    reporter.handle(RunFinished({}, False, False, 1.0))
    with svc.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Result).where(Result.run_id == run_id)) == 2500
        run = s.get(Run, run_id)
        assert run.results_count == 2500 and run.total == 2500 and run.engine_run_id == "abc"
        evidence = s.scalars(select(Result.evidence).where(Result.run_id == run_id, Result.outcome == "fail")).first()
        passes = s.scalars(select(Result.evidence).where(Result.run_id == run_id, Result.outcome == "pass")).first()
    assert '"request"' in evidence and passes is None
    svc.db.dispose()


def test_claim_is_exclusive_and_in_order(db_url, tmp_path) -> None:
    svc = _service(db_url, tmp_path, owner_slots=2)
    first, second = _run_row(svc), _run_row(svc)
    assert claim_next(svc) == first
    assert claim_next(svc) == second
    assert claim_next(svc) is None
    with svc.db.read() as s:
        run = s.get(Run, first)
    assert run.status == "running" and run.attempts == 1 and run.claimed_by == svc.instance_id
    svc.db.dispose()


def test_claims_are_fair_per_owner(db_url, tmp_path) -> None:
    """Round-robin over owners with a cap of running runs per owner (issue 14, finding 2); on
    PostgreSQL under the claim's advisory lock."""
    from awscompat.service.models import Account

    svc = _service(db_url, tmp_path, workers=3)  # owner cap: workers - 1 = 2
    with svc.db.write() as s:
        alice, bob = Account(name="alice", role="owner"), Account(name="bob", role="owner")
        s.add_all([alice, bob])
        s.flush()
        ids = {}
        for who in (alice, bob):
            p = Provider(name=f"p-{who.name}", title="", homepage="", contact="", owner_id=who.id)
            s.add(p)
            s.flush()
            t = Target(provider_id=p.id, name="t", endpoint="https://public.example", endpoints={},
                       profiles=["s3-core-2026.11"], secret=svc.box.seal(Credentials("a", "b")))
            s.add(t)
            s.flush()
            ids[who.name] = (p.id, t.id)
        runs = []
        for name in ("alice", "alice", "alice", "bob"):  # alice queued three before bob's one
            run = Run(provider_id=ids[name][0], target_id=ids[name][1], profiles=["s3-core-2026.11"])
            s.add(run)
            s.flush()
            runs.append(run.id)
    a1, a2, a3, b1 = runs
    assert claim_next(svc) == a1
    assert claim_next(svc) == b1  # bob has fewer running: his turn, though his run is younger
    assert claim_next(svc) == a2
    assert claim_next(svc) is None  # alice is at her cap of 2 running
    with svc.db.write() as s:
        s.execute(update(Run).where(Run.id == a1).values(status="finished"))
    assert claim_next(svc) == a3
    svc.db.dispose()


def test_orphaned_runs_are_requeued_then_failed(db_url, tmp_path) -> None:
    svc = _service(db_url, tmp_path, max_attempts=2, stale_after=30)
    stale = utcnow() - dt.timedelta(seconds=120)
    fresh = _run_row(svc, "running", heartbeat_at=utcnow(), attempts=1, claimed_by="alive")
    retry = _run_row(svc, "running", heartbeat_at=stale, attempts=1, claimed_by="dead", results_count=3)
    give_up = _run_row(svc, "running", heartbeat_at=stale, attempts=2, claimed_by="dead")
    cancel = _run_row(svc, "running", heartbeat_at=stale, attempts=1, claimed_by="dead", cancel_requested=True)
    with svc.db.write() as s:
        s.add_all([Result(run_id=retry, case_id=f"c{i}", outcome="pass", duration_ms=0, service="s3", feature="f",
                          severity="required", family="f", revision=1, message="") for i in range(3)])
    assert sorted(recover_orphans(svc)) == sorted([retry, give_up, cancel])
    with svc.db.read() as s:
        runs = {r.id: r for r in s.scalars(select(Run))}
        left = s.scalar(select(func.count()).select_from(Result).where(Result.run_id == retry))
    assert runs[fresh].status == "running"
    assert runs[retry].status == "queued" and runs[retry].results_count == 0 and left == 0
    assert "interrupted" in runs[retry].error
    assert runs[give_up].status == "failed" and "incomplete" in runs[give_up].error
    assert runs[cancel].status == "cancelled"
    assert recover_orphans(svc) == []
    svc.db.dispose()


def test_a_run_taken_over_cannot_be_finished_by_its_old_worker(db_url, tmp_path) -> None:
    from awscompat.service.worker import finish, finish_rated

    svc = _service(db_url, tmp_path)
    run_id = _run_row(svc)
    assert claim_next(svc) == run_id
    with svc.db.write() as s:
        s.execute(update(Run).where(Run.id == run_id).values(claimed_by="someone-else"))
    assert finish(svc, run_id, "failed", owner=svc.instance_id) is False
    assert finish_rated(svc, run_id, svc.instance_id, {}) is False
    with svc.db.read() as s:
        assert s.get(Run, run_id).status == "running"
    svc.db.dispose()


def test_periodic_rerating_queues_stale_targets(db_url, tmp_path) -> None:
    svc = _service(db_url, tmp_path, rerate_interval=3600)
    old = _run_row(svc, "finished", created_at=utcnow() - dt.timedelta(hours=2))
    made = schedule_rerates(svc)
    assert len(made) == 1 and made[0] != old
    with svc.db.read() as s:
        assert s.get(Run, made[0]).reason == "schedule" and s.get(Run, made[0]).status == "queued"
    assert schedule_rerates(svc) == []  # one is queued already, and the newest is recent
    svc.db.dispose()
