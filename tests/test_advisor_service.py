"""`awscompat advise --service-url` against the real compatibility service (its FastAPI app on a
SQLite database, through Starlette's test client): providers, newest finished run per target,
results by service and page, operations from the catalog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from awscompat.advisor import providers as providers_module
from awscompat.advisor.advise import CAN_MOVE, CANNOT_MOVE, CAVEATS, Criteria, advise
from awscompat.advisor.footprint import Footprint
from awscompat.advisor.providers import from_service
from test_advisor_advise import PROVIDERS, make_footprint

pytest.importorskip("fastapi")
pytest.importorskip("sqlalchemy")


@pytest.fixture
def service_get(tmp_path: Path):
    from fastapi.testclient import TestClient

    from awscompat.service.app import create_app
    from awscompat.service.config import ServiceConfig
    from awscompat.service.core import Service
    from awscompat.service.ingest import COLUMNS, row_of
    from awscompat.service.models import Provider, Result, Run, Target

    svc = Service(ServiceConfig(data_dir=tmp_path / "svc"))
    svc.db.migrate()
    now = dt.datetime.now(dt.UTC)
    with svc.db.write() as s:
        for name, (_target, results) in PROVIDERS.items():
            p = Provider(name=name, title=name)
            s.add(p)
            s.flush()
            t = Target(provider_id=p.id, name="main", endpoint=f"http://127.0.0.1:{4000 + len(name)}", endpoints={},
                       profiles=[])
            s.add(t)
            s.flush()
            old = Run(provider_id=p.id, target_id=t.id, status="finished", profiles=[],
                      finished_at=now - dt.timedelta(days=1))
            new = Run(provider_id=p.id, target_id=t.id, status="finished", profiles=[], finished_at=now)
            s.add_all([old, new])
            s.flush()
            # the old run passed everything; the newest one has the results under test
            for r in results:
                s.add(Result(**dict(zip(COLUMNS, row_of(old.id, {**r, "outcome": "pass"}), strict=True))))
                s.add(Result(**dict(zip(COLUMNS, row_of(new.id, r), strict=True))))
    client = TestClient(create_app(svc, manage_lifecycle=False))

    def get(url: str) -> Any:
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.text)
        return resp.json()

    yield get
    client.close()


def test_advice_from_the_service(tmp_path: Path, service_get, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(providers_module, "PAGE", 2)  # several pages per service
    fp = Footprint.load(make_footprint(tmp_path / "fp.json"))
    providers = from_service("http://testserver", set(fp.operations(include_permitted=True)), get=service_get)
    assert sorted(p.name for p in providers) == sorted(PROVIDERS)
    advice = advise(fp, "fp.json", providers, Criteria())
    assert {p.provider.name: p.verdict for p in advice.providers} == {
        "good": CAN_MOVE, "caveats": CAVEATS, "bad": CANNOT_MOVE, "flaky": CAVEATS}
    bad = advice.provider("bad")
    assert bad is not None and bad.provider.source.endswith(f"/api/v1/runs/{bad.provider.meta['run_id']}")
    put = next(o for o in bad.operations if o.operation == "PutObject")
    assert put.status == "fail-required" and put.failures[0]["evidence"]["expected"] == "2xx"
