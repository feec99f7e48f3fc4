"""Request and response bodies of the JSON API (pydantic). Requests forbid unknown fields;
secrets are SecretStr, so they never show in a repr, a log line or an error message."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

SLUG = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
PROFILE = r"^[a-z0-9][a-z0-9-]{0,60}-\d{4}\.\d{2}$"
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,60}$")


def _no_nul(value: Any, depth: int = 0) -> None:
    """NUL characters cannot be stored in PostgreSQL text; refuse them anywhere in a body."""
    if depth > 20:
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text may not contain NUL (\\u0000) characters")
    elif isinstance(value, dict):
        for k, v in value.items():
            _no_nul(k, depth + 1)
            _no_nul(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _no_nul(v, depth + 1)


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        _no_nul(data)
        return data


def _check_homepage(value: str) -> str:
    if value and not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError("homepage must be an http(s) URL")
    return value


def _check_contact(value: str) -> str:
    if value and not (_EMAIL.match(value) or re.match(r"^https?://\S+$", value)):
        raise ValueError("contact must be an e-mail address or an http(s) URL")
    return value


class ProviderIn(In):
    name: str = Field(pattern=SLUG, description="URL name: lowercase letters, digits and dashes")
    title: str = Field(default="", max_length=200)
    homepage: str = Field(default="", max_length=500)
    contact: str = Field(default="", max_length=254)
    owner: str | None = Field(default=None, pattern=SLUG, description="Owning account (admins only)")

    _homepage = field_validator("homepage")(_check_homepage)
    _contact = field_validator("contact")(_check_contact)


class ProviderPatch(In):
    title: str | None = Field(default=None, max_length=200)
    homepage: str | None = Field(default=None, max_length=500)
    contact: str | None = Field(default=None, max_length=254)
    owner: str | None = Field(default=None, pattern=SLUG)

    @field_validator("homepage")
    @classmethod
    def _hp(cls, v: str | None) -> str | None:
        return None if v is None else _check_homepage(v)

    @field_validator("contact")
    @classmethod
    def _ct(cls, v: str | None) -> str | None:
        return None if v is None else _check_contact(v)


class CredentialsIn(In):
    access_key_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9+/=_.-]+$")
    secret_access_key: SecretStr = Field(min_length=1, max_length=256)
    session_token: SecretStr | None = Field(default=None, max_length=4096)


Addressing = Literal["path", "virtual", "auto"]


class TargetIn(In):
    name: str = Field(pattern=SLUG)
    endpoint: str | None = Field(default=None, max_length=500, description="Endpoint for every service")
    endpoints: dict[str, str] = Field(default_factory=dict, max_length=64, description="Per-service endpoints")
    region: str = Field(default="us-east-1", pattern=r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")
    addressing: Addressing = "path"
    verify_tls: bool = True
    profiles: list[str] = Field(min_length=1, max_length=32)
    credentials: CredentialsIn | None = None
    provider_class: Literal["cloud", "emulator"] = Field(
        default="cloud", alias="class", description="Provider class the target is rated as (docs/methodology.md)")

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    @field_validator("profiles")
    @classmethod
    def _profiles(cls, v: list[str]) -> list[str]:
        return _check_profiles(v)


class TargetPatch(In):
    endpoint: str | None = Field(default=None, max_length=500)
    endpoints: dict[str, str] | None = Field(default=None, max_length=64)
    region: str | None = Field(default=None, pattern=r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")
    addressing: Addressing | None = None
    verify_tls: bool | None = None
    profiles: list[str] | None = Field(default=None, min_length=1, max_length=32)
    credentials: CredentialsIn | None = None

    @field_validator("profiles")
    @classmethod
    def _profiles(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _check_profiles(v)


def _check_profiles(names: list[str]) -> list[str]:
    from awscompat.ratings import ProfileError, load_profile

    out: list[str] = []
    for name in names:
        if not re.match(PROFILE, name):
            raise ValueError(f"{name[:80]!r} is not a profile name such as s3-core-2026.11")
        try:
            load_profile(name)
        except ProfileError as exc:
            raise ValueError(f"unknown profile {name!r} (GET /api/v1/profiles lists them)") from exc
        if name not in out:
            out.append(name)
    return out


class RunIn(In):
    profiles: list[str] | None = Field(default=None, min_length=1, max_length=32,
                                       description="Default: the target's profiles")

    @field_validator("profiles")
    @classmethod
    def _profiles(cls, v: list[str] | None) -> list[str] | None:
        return None if v is None else _check_profiles(v)


class AccountIn(In):
    name: str = Field(pattern=SLUG)
    role: Literal["admin", "owner"] = "owner"


class TokenIn(In):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[\w .-]+$")


class VerifyIn(In):
    envelope: dict[str, Any] | str = Field(description="The DSSE envelope (JSON object or its text)")


# -- responses ------------------------------------------------------------------------------
class AccountOut(BaseModel):
    id: int
    name: str
    role: str
    created_at: dt.datetime


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool


class TokenCreated(BaseModel):
    token: str = Field(description="Shown once: the service keeps only its hash")
    info: TokenOut


class AccountCreated(BaseModel):
    account: AccountOut
    token: str = Field(description="Shown once: the service keeps only its hash")


class Me(BaseModel):
    name: str
    role: str


class CredentialsOut(BaseModel):
    set: bool
    access_key_id: str | None = Field(description="Masked: the first four characters")


class TargetOut(BaseModel):
    id: int
    provider: str
    name: str
    endpoint: str | None
    endpoints: dict[str, str]
    region: str
    addressing: str
    verify_tls: bool
    profiles: list[str]
    credentials: CredentialsOut
    disposable: bool
    provider_class: str = Field(default="cloud", serialization_alias="class")
    created_at: dt.datetime


class ProviderOut(BaseModel):
    name: str
    title: str
    homepage: str
    contact: str
    owner: str | None
    demo: bool
    created_at: dt.datetime
    targets: list[TargetOut]


class RunOut(BaseModel):
    id: int
    provider: str
    target: str
    status: str
    profiles: list[str]
    reason: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    attempts: int
    total: int
    results_count: int
    counts: dict[str, int]
    incomplete: bool
    error: str
    suite_digest: str | None
    cancel_requested: bool


class ResultOut(BaseModel):
    case_id: str
    outcome: str
    duration_ms: float
    service: str
    feature: str
    severity: str
    family: str
    message: str
    evidence: dict[str, Any] | None


class Page(BaseModel):
    total: int
    limit: int
    offset: int


class ResultsPage(Page):
    items: list[ResultOut]


class RunsPage(Page):
    items: list[RunOut]


class FeatureRow(BaseModel):
    feature: str
    counts: dict[str, int]
    pass_rate: float | None


class RatingOut(BaseModel):
    id: int
    provider: str
    profile: str
    score: float | None = Field(description="null when the grade is `not rated` (nothing to grade)")
    grade: str
    compliant: bool
    reasons: list[str]
    counts: dict[str, int]
    cases: int
    run_id: int
    created_at: dt.datetime
    capabilities: list[dict[str, Any]]
    attestation: str | None = Field(default=None, description="URL of the signed attestation, if any")
    rating_class: str | None = Field(default=None, serialization_alias="class",
                                     description="the provider class rated as (cloud | emulator; rules 2027.01)")
    axes: dict[str, float | None] | None = Field(default=None, description="axis -> 0..100 or null (rules 2027.01)")
    completeness: float | None = Field(default=None, description="share of the profile's weight judged (0..1)")


class MarketCell(BaseModel):
    grade: str
    score: float | None  # null: not rated
    compliant: bool
    run_id: int
    rated_at: dt.datetime
    previous_score: float | None
    trend: Literal["up", "down", "same", "new", "none"]  # none: not rated (no score to compare)
    rating_class: str | None = Field(default=None, serialization_alias="class")
    axes: dict[str, float | None] | None = None


class MarketRow(BaseModel):
    provider: str
    title: str
    last_run: dt.datetime | None
    cells: dict[str, MarketCell]


class Market(BaseModel):
    profiles: list[str]
    rows: list[MarketRow]


class ChangeOut(BaseModel):
    id: str
    old: str | None
    new: str | None
    message: str


class CompareOut(BaseModel):
    base: int
    new: int
    summary: dict[str, int]
    regressions: list[ChangeOut]
    fixes: list[ChangeOut]
    added: list[ChangeOut]
    removed: list[ChangeOut]
    changed: list[ChangeOut]


class VerifyOut(BaseModel):
    valid: bool
    reason: str | None = None
    keyid: str | None = None
    summary: str | None = None
    statement: dict[str, Any] | None = None


class ProfileOut(BaseModel):
    name: str
    title: str
    status: str
    services: list[str]
    capabilities: int


class KeyOut(BaseModel):
    keyid: str
    alg: str
    public_key_pem: str


class Keys(BaseModel):
    keys: list[KeyOut]


class Health(BaseModel):
    status: str
    database: str
    version: str
    workers: int
    active_runs: list[int]
