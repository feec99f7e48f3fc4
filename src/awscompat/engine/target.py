"""Where a run goes: endpoint, per-service overrides, region, credentials, addressing, TLS."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
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
    # Called for every connection the run opens (engine/connguard.py): (host, port) -> the IP
    # addresses it may use, or raise to refuse. The service's SSRF guard; None elsewhere.
    connect_guard: Callable[[str, int], list[str]] | None = field(default=None, repr=False, compare=False)

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
        return check_region(explicit)
    for var in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(var):
            return check_region(os.environ[var])
    try:
        region = botocore.session.get_session().get_config_variable("region")
    except Exception:
        region = None
    return check_region(region or DEFAULT_REGION)


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
    from awscompat.spec import get_spec

    out: dict[str, str] = {}
    known = set(get_spec().service_names)
    for value in values:
        service, sep, url = value.partition("=")
        service = service.strip()
        if not sep or not service or not url.strip():
            raise TargetError(f"--endpoint-for expects SERVICE=URL, got {value!r}")
        if service not in known:
            raise TargetError(f"--endpoint-for {value!r}: unknown service {service!r} (see `awscompat list --stats`)")
        if service in out:
            raise TargetError(f"--endpoint-for gives {service!r} twice")
        out[service] = check_url(url)
    return out


def check_url(url: str) -> str:
    """An endpoint as botocore will accept it, or a TargetError saying what is wrong with it."""
    from urllib.parse import urlsplit

    from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

    example = "an http(s) URL such as http://127.0.0.1:9000"
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number or out of range
    except ValueError as exc:
        raise TargetError(f"endpoint {url!r} is not {example}: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetError(f"endpoint must be {example}, got {url!r}")
    if parts.username is not None or parts.password is not None:
        raise TargetError(f"endpoint {_strip_userinfo(url)!r} carries credentials: give them in AWS_ACCESS_KEY_ID / "
                          "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), never in the URL")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise TargetError(f"endpoint {url!r} has a query or fragment: give only scheme, host, port (and path)")
    if port == 0:
        raise TargetError(f"endpoint {url!r}: port 0 is not a port a server listens on")
    if not (is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url)):
        raise TargetError(f"endpoint {url!r} is not {example}: {parts.hostname!r} is not a valid host name")
    return url.rstrip("/")


def _strip_userinfo(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return scheme + sep + rest.rpartition("@")[2]


_REGION = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")  # a DNS label, as botocore needs


def check_region(region: str) -> str:
    if not _REGION.match(region):
        raise TargetError(f"region {region!r} is not a region name such as us-east-1")
    return region
