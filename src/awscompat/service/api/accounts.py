"""Accounts and API tokens. Admins make accounts (admin or provider owner); everyone with a token
manages their own tokens. A token is shown once, when it is made; the service keeps its hash."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from sqlalchemy import select, update

from awscompat.service.accounts import create_account, issue_token
from awscompat.service.api.deps import E401, E403, E404, E409, E422, Svc, Who
from awscompat.service.errors import Conflict, Forbidden, NotFound
from awscompat.service.models import Account, ApiToken, utcnow
from awscompat.service.providers import require_admin, require_login
from awscompat.service.schemas import (
    SLUG,
    AccountCreated,
    AccountIn,
    AccountOut,
    Me,
    TokenCreated,
    TokenIn,
    TokenOut,
)

router = APIRouter(prefix="/api/v1", tags=["accounts"])
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _token_out(t: ApiToken) -> TokenOut:
    return TokenOut(id=t.id, name=t.name, prefix=t.prefix, created_at=t.created_at, last_used_at=t.last_used_at,
                    revoked=t.revoked_at is not None)


def _account_out(a: Account) -> AccountOut:
    return AccountOut(id=a.id, name=a.name, role=a.role, created_at=a.created_at)


@router.get("/me", response_model=Me, responses=E401)
def me(who: Who) -> Me:
    """Who the token belongs to."""
    require_login(who)
    return Me(name=who.name, role=who.role)


@router.get("/accounts", response_model=list[AccountOut], responses={**E401, **E403})
def list_accounts(svc: Svc, who: Who) -> list[AccountOut]:
    """Every account (admins only)."""
    require_admin(who)
    with svc.db.read() as s:
        return [_account_out(a) for a in s.scalars(select(Account).order_by(Account.name))]


@router.post("/accounts", response_model=AccountCreated, status_code=201, responses={**E401, **E403, **E409, **E422})
def new_account(body: AccountIn, svc: Svc, who: Who) -> AccountCreated:
    """Make an account (admins only); the answer carries its first token, shown once."""
    require_admin(who)
    with svc.db.read() as s:
        if s.scalars(select(Account.id).where(Account.name == body.name)).first() is not None:
            raise Conflict(f"an account named {body.name!r} already exists")
    account, _row, token = create_account(svc.db, body.name, body.role)
    return AccountCreated(account=_account_out(account), token=token)


@router.delete("/accounts/{name}", status_code=204, responses={**E401, **E403, **E404, **E409, **E422})
def delete_account(name: Annotated[str, Path(pattern=SLUG, max_length=64)], svc: Svc, who: Who) -> Response:
    """Delete an account and its tokens (admins only); its providers stay, without owner."""
    require_admin(who)
    with svc.db.write() as s:
        account = s.scalars(select(Account).where(Account.name == name)).first()
        if account is None:
            raise NotFound(f"no account named {name!r}")
        if account.id == who.account_id:
            raise Conflict("an admin cannot delete their own account")
        s.delete(account)
    return Response(status_code=204)


@router.get("/tokens", response_model=list[TokenOut], responses=E401)
def list_tokens(svc: Svc, who: Who) -> list[TokenOut]:
    """Your tokens (their prefixes only)."""
    require_login(who)
    with svc.db.read() as s:
        rows = s.scalars(select(ApiToken).where(ApiToken.account_id == who.account_id).order_by(ApiToken.id))
        return [_token_out(t) for t in rows]


@router.post("/tokens", response_model=TokenCreated, status_code=201, responses={**E401, **E422})
def new_token(body: TokenIn, svc: Svc, who: Who) -> TokenCreated:
    """Make another token for your account; it is shown once."""
    require_login(who)
    assert who.account_id is not None
    row, token = issue_token(svc.db, who.account_id, body.name)
    return TokenCreated(token=token, info=_token_out(row))


@router.delete("/tokens/{token_id}", status_code=204, responses={**E401, **E403, **E404, **E422})
def revoke_token(token_id: TokenId, svc: Svc, who: Who) -> Response:
    """Revoke a token: yours, or anyone's for an admin."""
    require_login(who)
    with svc.db.write() as s:
        row = s.get(ApiToken, token_id)
        if row is None or (row.account_id != who.account_id and not who.is_admin):
            if row is not None and not who.is_admin:
                raise Forbidden("you may revoke only your own tokens")
            raise NotFound(f"no token {token_id}")
        s.execute(update(ApiToken).where(ApiToken.id == token_id).values(revoked_at=row.revoked_at or utcnow()))
    return Response(status_code=204)
