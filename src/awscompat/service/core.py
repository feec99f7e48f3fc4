"""The service object: configuration, database, credential box, signing key, SSRF guard, badge
cache and worker pool, shared by the API, the web pages and the worker."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from awscompat.engine.target import Credentials, Target
from awscompat.ratings.attest import keyid, load_private_key, write_keypair
from awscompat.service import netguard
from awscompat.service.config import ServiceConfig
from awscompat.service.db import Database
from awscompat.service.execution import engine_target
from awscompat.service.models import Target as TargetRow
from awscompat.service.security import CredentialBox, load_or_create_secret

log = logging.getLogger("awscompat.service")


class TargetRefused(Exception):
    """A target the service will not run against (SSRF guard, no credentials)."""


class BadgeCache:
    """Rendered badges by (provider, profile, kind); cleared whenever a rating may change."""

    def __init__(self, size: int = 4096) -> None:
        self._data: dict[tuple, tuple[str, str]] = {}
        self._lock = threading.Lock()
        self.size = size
        self.generation = 0

    def get(self, key: tuple) -> tuple[str, str] | None:
        with self._lock:
            return self._data.get(key)

    def put(self, key: tuple, value: tuple[str, str]) -> None:
        with self._lock:
            if len(self._data) >= self.size:
                self._data.clear()
            self._data[key] = value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.generation += 1


class Service:
    def __init__(self, cfg: ServiceConfig, resolver: Callable = socket.getaddrinfo) -> None:
        from awscompat.service.worker import WorkerPool

        self.cfg = cfg
        _private_dir(cfg.data_dir)
        _private_dir(cfg.runs_dir)
        self.db = Database(cfg.database_url)
        self.db.migrate()
        self.box = CredentialBox(cfg.secret_keys or load_or_create_secret(cfg.data_dir))
        self.allow = netguard.parse_allow_list(cfg.allow_networks)
        self.resolver = resolver
        self.signing_key = _signing_key(cfg.signing_key_path)
        raw = self.signing_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                             serialization.NoEncryption())
        self.session_secret = hashlib.sha256(b"awscompat-web-session:" + raw).digest()
        self.keyid = keyid(self.signing_key.public_key())
        self.instance_id = f"{socket.gethostname()[:32]}-{os.getpid()}-{secrets.token_hex(3)}"
        self.badges = BadgeCache()
        self.worker = WorkerPool(self)
        self.demo_server = None
        self.started = False

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        from awscompat.service.accounts import bootstrap_admin

        bootstrap_admin(self)
        if self.cfg.demo:
            from awscompat.service.demo import start_demo

            try:
                start_demo(self)
            except RuntimeError as exc:  # moto would not start: serve the rest anyway
                log.error("demo: could not start the embedded moto server: %s", exc)
        self.worker.start()
        self.started = True

    def stop(self) -> None:
        if self.started:
            self.worker.stop()
            self.started = False
        if self.demo_server is not None:
            self.demo_server.stop()
            self.demo_server = None
        self.db.dispose()

    # -- targets ------------------------------------------------------------------------
    def allow_address(self, entry: str) -> None:
        """Let one more network through the SSRF guard (the demo's own moto)."""
        self.allow = self.allow + netguard.parse_allow_list([entry])

    def check_urls(self, urls: list[str]) -> None:
        try:
            netguard.check_target_urls(urls, self.allow, self.resolver)
        except netguard.Refused as exc:
            raise TargetRefused(str(exc)) from exc

    def engine_target(self, row: TargetRow) -> Target:
        """The engine's Target for a stored one: checked by the SSRF guard again (names may
        resolve elsewhere now), with the guard on every connection the run opens
        (netguard.ConnectionGuard), and with its credentials decrypted, in memory only."""
        urls = [u for u in [row.endpoint, *row.endpoints.values()] if u]
        if not urls:
            raise TargetRefused("the target has no endpoint")
        self.check_urls(urls)
        if row.secret is None:
            if not row.disposable:
                raise TargetRefused("the target has no credentials: set access_key_id and secret_access_key")
            creds = Credentials("testing", "testing", None, "embedded")
        else:
            creds = self.box.open(row.secret)
        target = engine_target(row.name, row.endpoint, row.endpoints, row.region, row.addressing, row.verify_tls,
                               row.disposable, creds)
        target.connect_guard = netguard.ConnectionGuard(tuple(self.allow), self.resolver)
        return target

    def public_key_pem(self) -> str:
        return self.signing_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def _private_dir(path: Path) -> None:
    """A folder only the service's user can enter (0700): data, keys, run folders."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)


def _signing_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_keypair(path)
        log.warning("made the service's attestation signing key %s (public key %s.pub)", path, path)
    return load_private_key(path)
