"""API tokens (stored hashed), the credential box (Fernet, key from the environment or config
file) and the web UI's CSRF tokens.

A token is `acs_` + 32 random bytes (URL-safe base64); only its SHA-256 is stored, which is
enough for a secret of that entropy (no salt or slow hash is needed: it cannot be guessed).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from awscompat.engine.target import Credentials
from awscompat.service.config import SECRET_ENV, ConfigError

TOKEN_PREFIX = "acs_"
log = logging.getLogger("awscompat.service")


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_display_prefix(token: str) -> str:
    return token[:10]


def looks_like_token(token: str) -> bool:
    return token.startswith(TOKEN_PREFIX) and 20 <= len(token) <= 200


@dataclass
class Principal:
    """Who is asking: an account (admin or owner) or anonymous (account_id None)."""

    account_id: int | None = None
    name: str = "anonymous"
    role: str = "anonymous"
    token_hash: str = field(default="", repr=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def authenticated(self) -> bool:
        return self.account_id is not None

    def can_manage(self, owner_id: int | None) -> bool:
        return self.is_admin or (self.authenticated and owner_id is not None and owner_id == self.account_id)


ANONYMOUS = Principal()


class CredentialBox:
    """Encrypts target credentials at rest. Several keys (comma-separated, newest first) let an
    operator rotate: new secrets use the first, old ones still decrypt."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ConfigError(f"no credential key: set {SECRET_ENV} (a Fernet key) or secret_key in the config file")
        try:
            self._fernet = MultiFernet([Fernet(k.encode("ascii")) for k in keys])
        except (ValueError, UnicodeEncodeError):
            raise ConfigError(f"{SECRET_ENV} / secret_key is not a Fernet key (32 url-safe base64 bytes; make one"
                              " with: python -c 'from cryptography.fernet import Fernet;"
                              " print(Fernet.generate_key().decode())')") from None

    def seal(self, creds: Credentials) -> bytes:
        payload = {"access_key": creds.access_key, "secret_key": creds.secret_key, "token": creds.token}
        return self._fernet.encrypt(json.dumps(payload).encode("utf-8"))

    def open(self, sealed: bytes) -> Credentials:
        try:
            data = json.loads(self._fernet.decrypt(sealed))
        except (InvalidToken, ValueError) as exc:
            raise ConfigError("stored credentials cannot be decrypted with the configured key(s)"
                              f" ({SECRET_ENV}); was the key changed without keeping the old one?") from exc
        return Credentials(data["access_key"], data["secret_key"], data.get("token"), "service")


def mask_access_key(key: str) -> str:
    return key[:4] + "…" if len(key) > 4 else "…"


def load_or_create_secret(data_dir: Path) -> list[str]:
    """The key file <data_dir>/secret.key (0600), made on first start when no key is configured."""
    path = data_dir / "secret.key"
    if path.is_file():
        return [k.strip() for k in path.read_text(encoding="ascii").split(",") if k.strip()]
    data_dir.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key + b"\n")
    finally:
        os.close(fd)
    log.warning("no %s configured: made a credential key in %s (keep it: stored credentials need it)",
                SECRET_ENV, path)
    return [key.decode("ascii")]


def csrf_token(secret: bytes, session_hash: str) -> str:
    return hmac.new(secret, ("csrf:" + session_hash).encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, session_hash: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(csrf_token(secret, session_hash), str(given))
