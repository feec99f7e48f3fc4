"""Where a run goes: endpoint, per-service overrides, region, credentials, addressing, TLS."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import botocore.exceptions
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
    # The principal's ARN as a bucket policy names it, when the endpoint cannot say (no STS
    # GetCallerIdentity): AWS_SECOND_PRINCIPAL_ARN for the second principal.
    principal_arn: str | None = None


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
    # A second principal (AWS_SECOND_* variables) for the s3/cross-account scenarios; none: they skip.
    second_credentials: Credentials | None = field(default=None, repr=False)

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


def aws_session(profile: str | None = None) -> botocore.session.Session:
    """A botocore session as boto3 makes one: `profile` is boto3's profile_name (--profile),
    else AWS_PROFILE / the default profile. An unknown profile is a TargetError."""
    session = botocore.session.Session(profile=profile) if profile else botocore.session.get_session()
    if profile:
        try:
            session.get_scoped_config()
        except botocore.exceptions.ProfileNotFound as exc:
            raise unknown_profile_error(profile) from exc
    return session


def unknown_profile_error(profile: str | None) -> TargetError:
    """The one message for an AWS profile (--profile or AWS_PROFILE) that the shared
    config/credentials files do not hold, naming the profiles they do hold."""
    try:
        known = ", ".join(botocore.session.Session(profile=None).available_profiles) or "none"
    except Exception:  # an unreadable config file: the profile is still unknown
        known = "none"
    source = "" if profile is None or os.environ.get("AWS_PROFILE") != profile else " (AWS_PROFILE)"
    return TargetError(f"AWS profile {profile!r}{source} not found in the shared config/credentials files "
                       f"(known: {known})")


def resolve_region(explicit: str | None, profile: str | None = None) -> str:
    """boto3's order: the flag, then AWS_REGION / AWS_DEFAULT_REGION, then the shared config."""
    if explicit:
        return check_region(explicit)
    for var in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(var):
            return check_region(os.environ[var])
    try:
        region = aws_session(profile).get_config_variable("region")
    except TargetError:
        raise
    except Exception:
        region = None
    return check_region(region or DEFAULT_REGION)


@dataclass
class ConfiguredEndpoints:
    """Endpoints configured outside the command line, as boto3 finds them."""

    endpoint: str | None = None  # for every service (AWS_ENDPOINT_URL, or endpoint_url in the profile)
    endpoints: dict[str, str] = field(default_factory=dict)  # per service, where it differs
    sources: dict[str, str] = field(default_factory=dict)  # "*" or service -> where it came from


_SOURCE = {"environment_service": "AWS_ENDPOINT_URL_{SVC}", "environment_global": "AWS_ENDPOINT_URL",
           "config_service": "services section of the AWS config file",
           "config_global": "endpoint_url of the AWS config file"}


def configured_endpoints(services: list[str], profile: str | None = None,
                         environ: dict[str, str] | None = None) -> ConfiguredEndpoints:
    """boto3's documented precedence for each service: AWS_ENDPOINT_URL_<SERVICE>, then
    AWS_ENDPOINT_URL, then the profile's `services` section, then its `endpoint_url`; nothing
    when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the config's ignore_configured_endpoint_urls)
    is true. botocore's own lookup does the work (ConfiguredEndpointProvider), so the variable
    names (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SECRETS_MANAGER...) are exactly boto3's."""
    from botocore.configprovider import ConfiguredEndpointProvider

    env = os.environ if environ is None else environ
    session = aws_session(profile)
    out = ConfiguredEndpoints()
    try:
        if session.get_config_variable("ignore_configured_endpoint_urls"):
            return out
        full, scoped = session.full_config, session.get_scoped_config()
    except botocore.exceptions.BotoCoreError as exc:
        raise TargetError(f"could not read the AWS config: {exc}") from exc
    found: dict[str, tuple[str, str]] = {}
    for service in services:
        provider = ConfiguredEndpointProvider(full, scoped, service, env)
        for location in provider._ENDPOINT_URL_LOOKUP_ORDER:
            try:
                url = getattr(provider, f"_get_endpoint_url_{location}")()
            except botocore.exceptions.BotoCoreError as exc:
                raise TargetError(f"could not read the AWS config: {exc}") from exc
            if url:
                source = _SOURCE.get(location, location).replace("{SVC}", provider._transformed_service_id.upper())
                found[service] = (check_url(url), source)
                break
    global_url = env.get("AWS_ENDPOINT_URL") or scoped.get("endpoint_url")
    if global_url:
        out.endpoint = check_url(global_url)
        out.sources["*"] = "AWS_ENDPOINT_URL" if env.get("AWS_ENDPOINT_URL") else _SOURCE["config_global"]
    for service, (url, source) in found.items():
        if url != out.endpoint:
            out.endpoints[service] = url
            out.sources[service] = source
    return out


def resolve_credentials(embedded: bool, profile: str | None = None) -> Credentials | None:
    """boto3's default chain (environment, shared files, SSO, process...), in `profile` when one
    is named (--profile, as boto3's profile_name).

    An embedded server accepts anything, so it gets fixed test credentials when none are set.
    """
    session = aws_session(profile)
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


SECOND_VARS = ("AWS_SECOND_ACCESS_KEY_ID", "AWS_SECOND_SECRET_ACCESS_KEY", "AWS_SECOND_SESSION_TOKEN")
SECOND_ARN_VAR = "AWS_SECOND_PRINCIPAL_ARN"


def resolve_second_credentials(embedded: bool) -> Credentials | None:
    """The optional second principal: AWS_SECOND_ACCESS_KEY_ID, AWS_SECOND_SECRET_ACCESS_KEY and
    AWS_SECOND_SESSION_TOKEN (environment only, never a flag). It should be a principal of another
    account (or one without S3 permissions). An embedded server accepts any key, so it gets a
    second fixed test key when none is set. AWS_SECOND_PRINCIPAL_ARN names the principal for an
    endpoint without STS GetCallerIdentity (e.g. `arn:aws:iam:::user/<uid>` for a radosgw user)."""
    key, secret, token = (os.environ.get(v) for v in SECOND_VARS)
    if key and secret:
        return Credentials(key, secret, token or None, "env-second", os.environ.get(SECOND_ARN_VAR) or None)
    if embedded:
        return Credentials("testing-second", "testing-second", None, "embedded")
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
