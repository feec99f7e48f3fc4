"""Accounts and tokens: who may do what, tokens stored hashed, revocation, auth failures."""

from __future__ import annotations

from service_helpers import ADMIN, ADMIN_H, auth, make_owner
from sqlalchemy import select

from awscompat.service.models import ApiToken
from awscompat.service.security import hash_token


def test_me_needs_a_valid_token(client) -> None:
    assert client.get("/api/v1/me").status_code == 401
    r = client.get("/api/v1/me", headers=auth("acs_not-a-real-token-at-all-000000"))
    assert r.status_code == 401 and r.json()["detail"] == "unknown or revoked API token"
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.get("/api/v1/me", headers={"Authorization": "Basic YWRtaW46YWRtaW4="})
    assert r.status_code == 401 and "Bearer" in r.json()["detail"]
    r = client.get("/api/v1/me", headers=ADMIN_H)
    assert r.status_code == 200 and r.json() == {"name": "admin", "role": "admin"}


def test_admin_makes_accounts_and_the_token_is_stored_hashed(client) -> None:
    r = client.post("/api/v1/accounts", json={"name": "acme", "role": "owner"}, headers=ADMIN_H)
    assert r.status_code == 201
    token = r.json()["token"]
    assert token.startswith("acs_") and r.json()["account"]["role"] == "owner"
    assert client.get("/api/v1/me", headers=auth(token)).json() == {"name": "acme", "role": "owner"}
    svc = client.app.state.svc
    with svc.db.read() as s:
        stored = list(s.scalars(select(ApiToken.token_hash)))
    assert hash_token(token) in stored and token not in stored and ADMIN not in stored
    names = [a["name"] for a in client.get("/api/v1/accounts", headers=ADMIN_H).json()]
    assert names == ["acme", "admin"]


def test_accounts_are_admin_only(client) -> None:
    owner = make_owner(client, "acme")
    assert client.get("/api/v1/accounts").status_code == 401
    assert client.get("/api/v1/accounts", headers=owner).status_code == 403
    r = client.post("/api/v1/accounts", json={"name": "evil", "role": "admin"}, headers=owner)
    assert r.status_code == 403 and r.json()["detail"] == "only an admin may do this"
    assert client.delete("/api/v1/accounts/admin", headers=owner).status_code == 403


def test_account_validation_and_conflicts(client) -> None:
    for body in ({"name": "Bad Name"}, {"name": "ok", "role": "root"}, {"name": "ok", "extra": 1}, {}, {"name": "-x"}):
        r = client.post("/api/v1/accounts", json=body, headers=ADMIN_H)
        assert r.status_code == 422, body
        assert all({"loc", "msg", "type"} <= set(e) for e in r.json()["detail"])
    make_owner(client, "acme")
    r = client.post("/api/v1/accounts", json={"name": "acme"}, headers=ADMIN_H)
    assert r.status_code == 409 and "already exists" in r.json()["detail"]
    r = client.post("/api/v1/accounts", content=b"{not json", headers={**ADMIN_H, "Content-Type": "application/json"})
    assert r.status_code == 400  # unparseable: a documented 400 (issue 14, finding 8); invalid JSON values are 422


def test_delete_account(client) -> None:
    owner = make_owner(client, "acme")
    assert client.delete("/api/v1/accounts/nobody", headers=ADMIN_H).status_code == 404
    assert client.delete("/api/v1/accounts/admin", headers=ADMIN_H).status_code == 409
    assert client.delete("/api/v1/accounts/Bad_Name", headers=ADMIN_H).status_code == 422
    assert client.delete("/api/v1/accounts/acme", headers=ADMIN_H).status_code == 204
    assert client.get("/api/v1/me", headers=owner).status_code == 401


def test_tokens_made_listed_and_revoked(client) -> None:
    owner = make_owner(client, "acme")
    r = client.post("/api/v1/tokens", json={"name": "ci"}, headers=owner)
    assert r.status_code == 201
    second, info = r.json()["token"], r.json()["info"]
    assert info["prefix"] == second[:10] and info["revoked"] is False
    listed = client.get("/api/v1/tokens", headers=owner).json()
    assert [t["name"] for t in listed] == ["initial", "ci"]
    assert all("token" not in t and "hash" not in str(t) for t in listed)
    # another owner may not revoke it; the admin may
    other = make_owner(client, "other")
    assert client.delete(f"/api/v1/tokens/{info['id']}", headers=other).status_code == 403
    assert client.delete("/api/v1/tokens/999999", headers=owner).status_code == 404
    assert client.delete("/api/v1/tokens/0", headers=owner).status_code == 422
    assert client.delete(f"/api/v1/tokens/{info['id']}", headers=owner).status_code == 204
    assert client.get("/api/v1/me", headers=auth(second)).status_code == 401
    assert client.get("/api/v1/me", headers=owner).status_code == 200  # the first token still works
    assert client.post("/api/v1/tokens", json={"name": ""}, headers=owner).status_code == 422
    assert client.post("/api/v1/tokens", json={"name": "x"}).status_code == 401
    assert client.get("/api/v1/tokens").status_code == 401
