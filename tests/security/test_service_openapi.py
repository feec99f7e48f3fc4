"""Finding 8: schemathesis over the whole API, with the conformance checks (every status code
returned is documented, content types and bodies match the document, 405 answers carry the right
`Allow`, authentication is not ignored), bounded examples per operation (more with
AWSCOMPAT_SLOW=1); plus the three concrete answers the finding names."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import checks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "service"))
from service_helpers import ADMIN, ADMIN_H, make_config  # noqa: E402
from sqlalchemy import update  # noqa: E402
from test_service_schemathesis import _seed  # noqa: E402

from awscompat.service.accounts import bootstrap_admin  # noqa: E402
from awscompat.service.app import create_app  # noqa: E402
from awscompat.service.core import Service  # noqa: E402
from awscompat.service.models import ApiToken  # noqa: E402
from awscompat.service.security import hash_token  # noqa: E402

EXAMPLES = 100 if os.environ.get("AWSCOMPAT_SLOW") else 6
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_headers_conformance, checks.response_schema_conformance, checks.unsupported_method,
          checks.ignored_auth, checks.allow_header_conformance]

APP = create_app(None, manage_lifecycle=False)  # type: ignore[arg-type]
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def service(tmp_path_factory):
    tmp: Path = tmp_path_factory.mktemp("openapi")
    svc = Service(make_config(f"sqlite:///{tmp / 'service.db'}", tmp / "data"))
    bootstrap_admin(svc)  # no worker pool: queued runs stay queued
    _seed(svc)
    APP.state.svc = svc
    yield svc
    svc.stop()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_document(case) -> None:
    _keep_admin(APP.state.svc)  # a generated DELETE may have revoked the token the run uses
    case.call_and_validate(headers=ADMIN_H, checks=CHECKS)


def _keep_admin(svc: Service) -> None:
    with svc.db.write() as s:
        s.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(ADMIN)).values(revoked_at=None))
    bootstrap_admin(svc)


@pytest.fixture
def client(service) -> TestClient:
    _keep_admin(service)
    return TestClient(APP, raise_server_exceptions=False)


def test_authentication_comes_before_body_validation(client: TestClient) -> None:
    for body in (b"{not json", b'{"name": 5}', b"[]"):
        r = client.post("/api/v1/providers", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", (body, r.text)
    r = client.post("/api/v1/providers", content=b'{"name": 5}',
                    headers={"content-type": "application/json", "Authorization": "Bearer acs_unknown-token-000000"})
    assert r.status_code == 401
    # the one public write still validates
    assert client.post("/api/v1/verify", content=b"{not json", headers={"content-type": "application/json"}
                       ).status_code == 400


def test_unparseable_bodies_are_a_documented_400(client: TestClient) -> None:
    r = client.post("/api/v1/providers", content=b"{not json", headers={"content-type": "application/json", **ADMIN_H})
    assert r.status_code == 400 and "not parseable JSON" in r.json()["detail"]
    doc = client.get("/openapi.json").json()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if "requestBody" in op:
                assert {"400", "413", "422"} <= set(op["responses"]), (method, path)
            if method in ("post", "put", "patch", "delete") and path != "/api/v1/verify":
                assert "401" in op["responses"], (method, path)


@pytest.mark.parametrize("method,path,allow", [
    ("PUT", "/api/v1/providers/acme", "DELETE, GET, HEAD, PATCH"),
    ("PUT", "/api/v1/providers", "GET, HEAD, POST"),
    ("POST", "/api/v1/runs/1", "GET, HEAD"),
    ("DELETE", "/api/v1/verify", "POST"),
])
def test_405_names_every_allowed_method(client: TestClient, method: str, path: str, allow: str) -> None:
    r = client.request(method, path, headers=ADMIN_H)
    assert r.status_code == 405 and r.headers["allow"] == allow
