"""schemathesis against the service's own OpenAPI document: generated requests to every operation
(as admin and anonymously) must never get a 5xx. Bounded: a fixed number of examples per
operation (more with AWSCOMPAT_SLOW=1)."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from service_helpers import ADMIN_H, make_config
from sqlalchemy import select

from awscompat.engine.events import CaseFinished, RunFinished, RunStarted
from awscompat.results.outcome import CaseResult
from awscompat.service.accounts import bootstrap_admin
from awscompat.service.app import create_app
from awscompat.service.core import Service
from awscompat.service.ingest import DbIngestReporter, Ingester
from awscompat.service.models import Provider, Run, Target
from awscompat.service.worker import finish_rated

EXAMPLES = 200 if os.environ.get("AWSCOMPAT_SLOW") else 8


def _seed(svc: Service) -> None:
    """A provider with a target, a rated run and a queued one, so reads find something."""
    from awscompat.engine.target import Credentials

    with svc.db.write() as s:
        p = Provider(name="acme", title="Acme", homepage="https://acme.example", contact="ops@acme.example")
        s.add(p)
        s.flush()
        t = Target(provider_id=p.id, name="main", endpoint="https://public.example", endpoints={},
                   profiles=["s3-core-2026.11"], secret=svc.box.seal(Credentials("AKIA1", "secret")))
        s.add(t)
        s.flush()
        s.add(Run(provider_id=p.id, target_id=t.id, status="running", profiles=["s3-core-2026.11"],
                  claimed_by=svc.instance_id, attempts=1))
        s.add(Run(provider_id=p.id, target_id=t.id, status="queued", profiles=["s3-core-2026.11"]))
    with svc.db.read() as s:
        run_id = s.scalars(select(Run.id).order_by(Run.id)).first()
    reporter = DbIngestReporter(Ingester(svc.db, run_id))
    reporter.handle(RunStarted("seed", 3, "sha256:0", {"name": "main"}, "/tmp"))
    for i, outcome in enumerate(("pass", "fail", "error")):
        reporter.handle(CaseFinished(CaseResult(
            id=f"s3/scenario/objects/case-{i}", outcome=outcome, duration_ms=1.0, service="s3", operations=["PutObject"],
            feature="s3/objects", severity="required", provenance={}, family="scenario", message="m",
            evidence={"request": {"method": "PUT"}} if outcome != "pass" else None)))
    reporter.handle(RunFinished({}, False, False, 0.1))
    assert finish_rated(svc, run_id, svc.instance_id, {"counts": {"pass": 1, "fail": 1, "error": 1}})


# The schema is read from the app at import; the service behind it is made by the fixture below.
APP = create_app(None, manage_lifecycle=False)  # type: ignore[arg-type]
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def service(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    svc = Service(make_config(f"sqlite:///{tmp / 'service.db'}", tmp / "data"))
    bootstrap_admin(svc)  # the worker pool is not started: queued runs stay queued
    _seed(svc)
    APP.state.svc = svc
    yield svc
    svc.stop()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case) -> None:
    # writes as admin (to reach past authentication); reads alternately as admin and anonymously
    anonymous = case.operation.method.upper() == "GET" and zlib.crc32(case.path.encode()) % 2
    headers = {} if anonymous else ADMIN_H
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
