"""Accounts and API tokens: the first admin, issuing and revoking tokens, and who a token is."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from awscompat.service.config import ConfigError
from awscompat.service.models import Account, ApiToken, utcnow
from awscompat.service.security import Principal, hash_token, new_token, token_display_prefix

if TYPE_CHECKING:
    from awscompat.service.db import Database
    from awscompat.service.state import ServiceState

log = logging.getLogger("awscompat.service")
MIN_TOKEN = 20


def bootstrap_admin(svc: ServiceState) -> str | None:
    """Make sure an admin can log in. With AWSCOMPAT_ADMIN_TOKEN (or admin_token in the config
    file) that token is an admin token; otherwise the first start makes one and writes it to
    <data_dir>/admin.token (mode 0600). Returns the path written, if any."""
    seeded = svc.cfg.admin_token
    if seeded is not None and len(seeded) < MIN_TOKEN:
        raise ConfigError(f"AWSCOMPAT_ADMIN_TOKEN must be at least {MIN_TOKEN} characters")
    with svc.db.write() as s:
        admin = s.scalars(select(Account).where(Account.role == "admin").order_by(Account.id)).first()
        fresh = admin is None
        if admin is None:
            admin = Account(name="admin", role="admin")
            s.add(admin)
            s.flush()
        if seeded is not None:
            if s.scalars(select(ApiToken).where(ApiToken.token_hash == hash_token(seeded))).first() is None:
                s.add(ApiToken(account_id=admin.id, name="seeded", token_hash=hash_token(seeded),
                               prefix=token_display_prefix(seeded)))
            return None
        if not fresh:
            return None
        token = new_token()
        s.add(ApiToken(account_id=admin.id, name="bootstrap", token_hash=hash_token(token),
                       prefix=token_display_prefix(token)))
    path = svc.cfg.data_dir / "admin.token"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, (token + "\n").encode("ascii"))
    finally:
        os.close(fd)
    log.warning("made the first admin account; its API token is in %s (mode 0600)", path)
    return str(path)


def issue_token(db: Database, account_id: int, name: str) -> tuple[ApiToken, str]:
    token = new_token()
    with db.write() as s:
        row = ApiToken(account_id=account_id, name=name, token_hash=hash_token(token),
                       prefix=token_display_prefix(token))
        s.add(row)
        s.flush()
    return row, token


def create_account(db: Database, name: str, role: str) -> tuple[Account, ApiToken, str]:
    with db.write() as s:
        account = Account(name=name, role=role)
        s.add(account)
        s.flush()
    token_row, token = issue_token(db, account.id, "initial")
    return account, token_row, token


SESSION_TOKEN = "web session"  # the name of the tokens the web sign-in issues


def authenticate(db: Database, token: str | None, session_hours: float = 12.0) -> Principal | None:
    """The principal a token stands for; None when the token is unknown or revoked, or is a web
    session older than session_hours (expired on the server, whatever the cookie says: it is
    revoked then)."""
    if not token:
        return None
    digest = hash_token(token)
    with db.read() as s:
        row = s.execute(select(ApiToken.id, ApiToken.revoked_at, ApiToken.last_used_at, Account.id, Account.name,
                               Account.role, ApiToken.name, ApiToken.created_at)
                        .join(Account, Account.id == ApiToken.account_id)
                        .where(ApiToken.token_hash == digest)).first()
    if row is None or row[1] is not None:
        return None
    token_id, _revoked, last_used, account_id, name, role, token_name, created = row
    now = utcnow()
    if token_name == SESSION_TOKEN and (now - created).total_seconds() > session_hours * 3600:
        with db.write() as s:
            s.execute(update(ApiToken).where(ApiToken.id == token_id).values(revoked_at=now))
        return None
    if last_used is None or (now - last_used).total_seconds() > 60:
        try:
            with db.write() as s:
                s.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        except Exception:  # noqa: BLE001 - bookkeeping only
            log.debug("could not record token use")
    return Principal(account_id, name, role, digest)
