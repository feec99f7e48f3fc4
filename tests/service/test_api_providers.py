"""Providers and targets: ownership, validation, credentials never returned, the SSRF guard."""

from __future__ import annotations

import json

from service_helpers import ADMIN_H, make_owner
from sqlalchemy import select

from awscompat.service.models import Target

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TARGET = {"name": "main", "endpoint": "https://public.example", "region": "eu-west-1", "addressing": "virtual",
          "profiles": ["s3-core-2026.11"],
          "credentials": {"access_key_id": "AKIAEXAMPLE123", "secret_access_key": SECRET}}


def provider(client, headers, name="acme", **extra):
    r = client.post("/api/v1/providers", json={"name": name, "title": "Acme Cloud", "homepage": "https://acme.example",
                                               "contact": "ops@acme.example", **extra}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def test_provider_crud_by_its_owner(client) -> None:
    owner = make_owner(client, "acme-owner")
    p = provider(client, owner)
    assert p["owner"] == "acme-owner" and p["targets"] == [] and p["demo"] is False
    assert client.get("/api/v1/providers").json()[0]["name"] == "acme"
    assert client.get("/api/v1/providers/acme").json()["title"] == "Acme Cloud"
    r = client.patch("/api/v1/providers/acme", json={"title": "Acme", "homepage": ""}, headers=owner)
    assert r.status_code == 200 and r.json()["title"] == "Acme" and r.json()["homepage"] == ""
    assert client.delete("/api/v1/providers/acme", headers=owner).status_code == 204
    assert client.get("/api/v1/providers/acme").status_code == 404


def test_owners_manage_only_their_own_providers(client) -> None:
    a, b = make_owner(client, "a"), make_owner(client, "b")
    provider(client, a)
    for method, url, body in (("patch", "/api/v1/providers/acme", {"title": "x"}),
                              ("delete", "/api/v1/providers/acme", None),
                              ("post", "/api/v1/providers/acme/targets", TARGET)):
        kwargs = {"json": body} if body is not None else {}
        r = client.request(method.upper(), url, headers=b, **kwargs)
        assert r.status_code == 403, (method, url, r.text)
        assert "owner" in r.json()["detail"]
        r = client.request(method.upper(), url, **kwargs)  # anonymous
        assert r.status_code == 401, (method, url)
    # an owner may not hand a provider to someone else, an admin may
    assert client.patch("/api/v1/providers/acme", json={"owner": "b"}, headers=a).status_code == 403
    r = client.patch("/api/v1/providers/acme", json={"owner": "b"}, headers=ADMIN_H)
    assert r.status_code == 200 and r.json()["owner"] == "b"
    assert client.patch("/api/v1/providers/acme", json={"title": "now b's"}, headers=b).status_code == 200
    assert client.patch("/api/v1/providers/acme", json={"owner": "nobody"}, headers=ADMIN_H).status_code == 422
    assert client.post("/api/v1/providers", json={"name": "x", "owner": "a"}, headers=b).status_code == 403


def test_provider_validation(client) -> None:
    owner = make_owner(client, "o")
    bad = [{"name": "UPPER"}, {"name": "a" * 65}, {"name": "ok", "homepage": "javascript:alert(1)"},
           {"name": "ok", "contact": "not an address"}, {"name": "ok", "unknown": True}, {"title": "no name"},
           {"name": "ok", "title": "x" * 201}, {"name": ["list"]}, {"name": "ok", "title": "nul\u0000byte"}]
    for body in bad:
        r = client.post("/api/v1/providers", json=body, headers=owner)
        assert r.status_code == 422, body
        assert r.json()["detail"][0]["msg"]
    provider(client, owner)
    assert client.post("/api/v1/providers", json={"name": "acme"}, headers=owner).status_code == 409
    assert client.get("/api/v1/providers/NOT_A_SLUG").status_code == 422
    assert client.patch("/api/v1/providers/acme", json={"contact": "bad"}, headers=owner).status_code == 422
    assert client.patch("/api/v1/providers/nope", json={}, headers=owner).status_code == 404


def test_target_credentials_are_encrypted_and_never_returned(client) -> None:
    owner = make_owner(client, "o")
    provider(client, owner)
    r = client.post("/api/v1/providers/acme/targets", json=TARGET, headers=owner)
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["credentials"] == {"set": True, "access_key_id": "AKIA…"}
    assert t["endpoint"] == "https://public.example" and t["addressing"] == "virtual" and t["region"] == "eu-west-1"
    for url in ("/api/v1/providers/acme/targets", "/api/v1/providers/acme/targets/main", "/api/v1/providers/acme",
                "/api/v1/providers"):
        body = client.get(url).text
        assert SECRET not in body and "AKIAEXAMPLE123" not in body, url
    svc = client.app.state.svc
    with svc.db.read() as s:
        row = s.scalars(select(Target)).one()
    assert SECRET.encode() not in row.secret and b"AKIAEXAMPLE123" not in row.secret
    assert svc.box.open(row.secret).secret_key == SECRET
    # rotating credentials keeps them sealed
    r = client.patch("/api/v1/providers/acme/targets/main", headers=owner,
                     json={"credentials": {"access_key_id": "AKIAOTHER", "secret_access_key": "s3cr3t-two"}})
    assert r.status_code == 200 and r.json()["credentials"]["access_key_id"] == "AKIA…" and "s3cr3t-two" not in r.text


def test_validation_errors_do_not_echo_secrets(client) -> None:
    owner = make_owner(client, "o")
    provider(client, owner)
    body = {**TARGET, "credentials": {"access_key_id": "bad key!", "secret_access_key": SECRET}}
    r = client.post("/api/v1/providers/acme/targets", json=body, headers=owner)
    assert r.status_code == 422 and SECRET not in r.text
    body = {**TARGET, "credentials": {"access_key_id": "AKIA1", "secret_access_key": SECRET * 10}}
    r = client.post("/api/v1/providers/acme/targets", json=body, headers=owner)
    assert r.status_code == 422 and SECRET not in r.text


def test_target_validation(client) -> None:
    owner = make_owner(client, "o")
    provider(client, owner)
    cases = {
        "no endpoint": {"endpoint": None},
        "bad scheme": {"endpoint": "ftp://public.example"},
        "credentials in URL": {"endpoint": "https://user:pw@public.example"},
        "query": {"endpoint": "https://public.example/?a=b"},
        "unknown service": {"endpoints": {"nosuchservice": "https://public.example"}},
        "unknown profile": {"profiles": ["s3-core-1999.01"]},
        "profile path": {"profiles": ["/etc/passwd"]},
        "no profiles": {"profiles": []},
        "bad region": {"region": "Not A Region"},
        "bad addressing": {"addressing": "sideways"},
        "bad name": {"name": "Main"},
        "unresolvable": {"endpoint": "https://does-not-resolve.example"},
    }
    for label, change in cases.items():
        r = client.post("/api/v1/providers/acme/targets", json={**TARGET, **change}, headers=owner)
        assert r.status_code == 422, (label, r.text)
        detail = r.json()["detail"]
        assert detail if isinstance(detail, list) else detail.strip(), label
    assert client.post("/api/v1/providers/nope/targets", json=TARGET, headers=owner).status_code == 404
    assert client.post("/api/v1/providers/acme/targets", json=TARGET, headers=owner).status_code == 201
    assert client.post("/api/v1/providers/acme/targets", json=TARGET, headers=owner).status_code == 409
    assert client.get("/api/v1/providers/acme/targets/nope").status_code == 404
    r = client.patch("/api/v1/providers/acme/targets/main", json={"profiles": ["sqs-core-2026.11"], "verify_tls": False},
                     headers=owner)
    assert r.status_code == 200 and r.json()["profiles"] == ["sqs-core-2026.11"] and r.json()["verify_tls"] is False
    assert client.delete("/api/v1/providers/acme/targets/main", headers=owner).status_code == 204
    assert client.delete("/api/v1/providers/acme/targets/main", headers=owner).status_code == 404


def test_ssrf_guard_refuses_internal_addresses(make_client) -> None:
    client = make_client(allow_networks=[])
    owner = make_owner(client, "o")
    provider(client, owner)
    refused = {
        "http://127.0.0.1:9000": "loopback",
        "http://localhost:9000": "loopback",
        "http://[::1]:9000": "loopback",
        "http://10.1.2.3": "private",
        "http://172.16.0.1": "private",
        "http://192.168.0.1": "private",
        "http://169.254.169.254": "metadata",
        "http://169.254.10.10": "link-local",
        "http://[fe80::1]": "link-local",
        "http://[::ffff:127.0.0.1]": "loopback",
        "http://100.64.0.1": "shared",
        "http://0.0.0.0:9000": "unspecified",
        "https://metadata.example": "metadata",
        "https://internal.example": "private",
        "https://mixed.example": "private",  # one bad address is enough
        "https://v6loop.example": "loopback",
    }
    for url, why in refused.items():
        r = client.post("/api/v1/providers/acme/targets", json={**TARGET, "endpoint": url}, headers=owner)
        assert r.status_code == 422, url
        assert why in r.json()["detail"] and "allow-list" in r.json()["detail"], (url, r.json())
    r = client.post("/api/v1/providers/acme/targets", headers=owner,
                    json={**TARGET, "endpoints": {"s3": "http://10.0.0.1"}})
    assert r.status_code == 422 and "private" in r.json()["detail"]
    r = client.post("/api/v1/providers/acme/targets", json=TARGET, headers=owner)
    assert r.status_code == 201


def test_ssrf_allow_list_is_explicit(make_client) -> None:
    client = make_client(allow_networks=["127.0.0.1:9000", "10.0.0.0/8"])
    owner = make_owner(client, "o")
    provider(client, owner)
    ok = ["http://127.0.0.1:9000", "http://10.20.30.40"]
    for i, url in enumerate(ok):
        r = client.post("/api/v1/providers/acme/targets", json={**TARGET, "name": f"t{i}", "endpoint": url},
                        headers=owner)
        assert r.status_code == 201, (url, r.text)
    for url in ("http://127.0.0.1:9001", "http://192.168.1.1", "http://169.254.169.254"):
        r = client.post("/api/v1/providers/acme/targets", json={**TARGET, "name": "x", "endpoint": url}, headers=owner)
        assert r.status_code == 422, url
    assert json.dumps(client.get("/api/v1/providers/acme").json()).count("127.0.0.1:9000") == 1


def test_public_service_endpoints(client, db_url) -> None:
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["database"] == db_url.split(":")[0].split("+")[0]
    assert health["active_runs"] == [] and health["workers"] == 2
    profiles = client.get("/api/v1/profiles").json()
    s3 = next(p for p in profiles if p["name"] == "s3-core-2026.11")
    assert s3["services"] == ["s3"] and s3["capabilities"] > 0 and s3["status"] == "active"
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/providers", "/api/v1/runs/{run_id}", "/badge/{name}/{profile}.svg",
            "/.well-known/awscompat/keys"} <= paths
    assert not any(p.startswith(("/login", "/fragments")) for p in paths)  # pages are not API
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert client.get("/api/v1/nothing-here").status_code == 404
    assert client.get("/api/v1/nothing-here").json() == {"detail": "Not Found"}
    r = client.post("/api/v1/providers", content=b"x" * 100, headers={**ADMIN_H, "Content-Length": str(11 * 2**20)})
    assert r.status_code == 413


def test_target_class_is_stored_and_shown(client) -> None:
    """Methodology v2: a target declares its provider class (default cloud); an unknown class is refused."""
    owner = make_owner(client, "cls-owner")
    provider(client, owner)
    r = client.post("/api/v1/providers/acme/targets", json={**TARGET, "class": "emulator"}, headers=owner)
    assert r.status_code == 201, r.text
    assert r.json()["class"] == "emulator"
    r = client.post("/api/v1/providers/acme/targets", json={**TARGET, "name": "other"}, headers=owner)
    assert r.status_code == 201 and r.json()["class"] == "cloud", r.text
    bad = client.post("/api/v1/providers/acme/targets", json={**TARGET, "name": "bad", "class": "toaster"},
                      headers=owner)
    assert bad.status_code == 422, bad.text
    shown = {t["name"]: t["class"] for t in client.get("/api/v1/providers/acme").json()["targets"]}
    assert shown == {"main": "emulator", "other": "cloud"}
