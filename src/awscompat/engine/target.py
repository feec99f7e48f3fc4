"""Where a run goes: endpoint, per-service overrides, region, credentials, addressing, TLS."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

import botocore.session

DEFAULT_REGION = "us-east-1"


class TargetError(Exception):
    """A target that cannot be used as configured (a usage error, exit 2)."""


@dataclass
class Credentials:
    access_key: str
    secret_key: str = field(repr=False)
    token: str | None = field(default=None, repr=False)
    source: str = ""


@dataclass
class Target:
    name: str = "custom"
    endpoint: str | None = None
    endpoints: dict[str, str] = field(default_factory=dict)
    region: str = DEFAULT_REGION
    addressing: str = "path"
    verify_tls: bool | str = True
    disposable: bool = False
    credentials: Credentials | None = None

    def endpoint_for(self, service: str) -> str | None:
        return self.endpoints.get(service, self.endpoint)

    def descriptor(self) -> dict:
        """The target without secrets: what run.json, reports and attestations carry."""
        return {
            "name": self.name,
            "endpoint": self.endpoint,
            "endpoints": dict(sorted(self.endpoints.items())),
            "region": self.region,
            "addressing": self.addressing,
            "verify_tls": self.verify_tls,
            "disposable": self.disposable,
            "access_key_id": _mask(self.credentials.access_key) if self.credentials else None,
        }

    def digest(self) -> str:
        d = self.descriptor()
        d.pop("access_key_id", None)
        return "sha256:" + hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()


def _mask(key: str) -> str:
    return key[:4] + "…" if len(key) > 4 else "…"


def resolve_region(explicit: str | None) -> str:
    """boto3's order: the flag, then AWS_REGION / AWS_DEFAULT_REGION, then the shared config."""
    if explicit:
        return explicit
    for var in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        region = botocore.session.get_session().get_config_variable("region")
    except Exception:
        region = None
    return region or DEFAULT_REGION


def resolve_credentials(embedded: bool) -> Credentials | None:
    """boto3's default chain (environment, shared files, SSO, process...).

    An embedded server accepts anything, so it gets fixed test credentials when none are set.
    """
    session = botocore.session.get_session()
    try:
        creds = session.get_credentials()
    except Exception as exc:  # a malformed shared config, an expired SSO session...
        if embedded:
            creds = None
        else:
            raise TargetError(f"could not load AWS credentials: {exc}") from exc
    if creds is not None:
        frozen = creds.get_frozen_credentials()
        if frozen.access_key and frozen.secret_key:
            return Credentials(frozen.access_key, frozen.secret_key, frozen.token, getattr(creds, "method", ""))
    if embedded:
        return Credentials("testing", "testing", None, "embedded")
    return None


def parse_endpoint_overrides(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        service, sep, url = value.partition("=")
        if not sep or not service or not url:
            raise TargetError(f"--endpoint-for expects SERVICE=URL, got {value!r}")
        out[service.strip()] = check_url(url.strip())
    return out


def check_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TargetError(f"endpoint must be an http(s) URL such as http://127.0.0.1:9000, got {url!r}")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        raise TargetError(f"endpoint {url!r}: {exc}") from exc
    return url.rstrip("/")
