"""Providers and targets: create, change, delete, with ownership checks and target validation
(URL syntax, known services, the SSRF guard). Used by both the JSON API and the web forms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from awscompat.engine.target import Credentials, TargetError, check_url
from awscompat.service.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from awscompat.service.models import ACTIVE, Account, Provider, Run, Target
from awscompat.service.schemas import (
    CredentialsIn,
    CredentialsOut,
    ProviderIn,
    ProviderOut,
    ProviderPatch,
    TargetIn,
    TargetOut,
    TargetPatch,
)
from awscompat.service.security import Principal, mask_access_key

if TYPE_CHECKING:
    from awscompat.service.core import Service


def require_login(who: Principal) -> None:
    if not who.authenticated:
        raise Unauthorized("this needs an API token: send Authorization: Bearer <token>")


def require_admin(who: Principal) -> None:
    require_login(who)
    if not who.is_admin:
        raise Forbidden("only an admin may do this")


def require_manager(who: Principal, provider: Provider) -> None:
    require_login(who)
    if not who.can_manage(provider.owner_id):
        raise Forbidden(f"only the owner of provider {provider.name!r} or an admin may change it")


# -- serialisation ------------------------------------------------------------------------
def target_out(t: Target, provider_name: str) -> TargetOut:
    return TargetOut(id=t.id, provider=provider_name, name=t.name, endpoint=t.endpoint, endpoints=dict(t.endpoints),
                     region=t.region, addressing=t.addressing, verify_tls=t.verify_tls, profiles=list(t.profiles),
                     credentials=CredentialsOut(set=t.secret is not None, access_key_id=t.access_key_hint or None),
                     disposable=t.disposable, provider_class=t.provider_class or "cloud", created_at=t.created_at)


def provider_out(p: Provider) -> ProviderOut:
    return ProviderOut(name=p.name, title=p.title, homepage=p.homepage, contact=p.contact,
                       owner=p.owner.name if p.owner else None, demo=p.demo, created_at=p.created_at,
                       targets=[target_out(t, p.name) for t in p.targets])


# -- lookups ------------------------------------------------------------------------------
def load_provider(s: Session, name: str) -> Provider:
    p = s.scalars(select(Provider).where(Provider.name == name)
                  .options(selectinload(Provider.targets), selectinload(Provider.owner))).first()
    if p is None:
        raise NotFound(f"no provider named {name!r}")
    return p


def load_target(s: Session, provider: Provider, name: str) -> Target:
    t = s.scalars(select(Target).where(Target.provider_id == provider.id, Target.name == name)).first()
    if t is None:
        raise NotFound(f"provider {provider.name!r} has no target named {name!r}")
    return t


def list_providers(svc: Service) -> list[ProviderOut]:
    with svc.db.read() as s:
        rows = s.scalars(select(Provider).order_by(Provider.name)
                         .options(selectinload(Provider.targets), selectinload(Provider.owner))).all()
        return [provider_out(p) for p in rows]


def get_provider(svc: Service, name: str) -> ProviderOut:
    with svc.db.read() as s:
        return provider_out(load_provider(s, name))


# -- providers ----------------------------------------------------------------------------
def _owner_id(s: Session, who: Principal, owner: str | None) -> int | None:
    if owner is None:
        return who.account_id
    if not who.is_admin:
        raise Forbidden("only an admin may set a provider's owner")
    account = s.scalars(select(Account).where(Account.name == owner)).first()
    if account is None:
        raise Invalid(f"no account named {owner!r}")
    return account.id


def create_provider(svc: Service, who: Principal, data: ProviderIn) -> ProviderOut:
    require_login(who)
    try:
        with svc.db.write() as s:
            if s.scalars(select(Provider.id).where(Provider.name == data.name)).first() is not None:
                raise Conflict(f"a provider named {data.name!r} already exists")
            p = Provider(name=data.name, title=data.title or data.name, homepage=data.homepage, contact=data.contact,
                         owner_id=_owner_id(s, who, data.owner))
            s.add(p)
    except IntegrityError as exc:
        raise Conflict(f"a provider named {data.name!r} already exists") from exc
    return get_provider(svc, data.name)


def update_provider(svc: Service, who: Principal, name: str, data: ProviderPatch) -> ProviderOut:
    require_login(who)
    with svc.db.write() as s:
        p = load_provider(s, name)
        require_manager(who, p)
        for field in ("title", "homepage", "contact"):
            value = getattr(data, field)
            if value is not None:
                setattr(p, field, value)
        if data.owner is not None:
            p.owner_id = _owner_id(s, who, data.owner)
    svc.badges.clear()
    return get_provider(svc, name)


def _refuse_if_busy(s: Session, what: str, condition) -> None:
    busy = s.scalars(select(Run.id).where(condition, Run.status.in_(ACTIVE)).limit(1)).first()
    if busy is not None:
        raise Conflict(f"{what} has a queued or running run (#{busy}): cancel it first")


def delete_provider(svc: Service, who: Principal, name: str) -> None:
    require_login(who)
    with svc.db.write() as s:
        p = load_provider(s, name)
        require_manager(who, p)
        _refuse_if_busy(s, f"provider {name!r}", Run.provider_id == p.id)
        s.delete(p)
    svc.badges.clear()


# -- targets ------------------------------------------------------------------------------
def check_endpoints(svc: Service, endpoint: str | None, endpoints: dict[str, str]) -> tuple[str | None, dict[str, str]]:
    from awscompat.spec import get_spec

    if not endpoint and not endpoints:
        raise Invalid("a target needs an endpoint (or per-service endpoints)")
    known = set(get_spec().service_names)
    clean: dict[str, str] = {}
    try:
        url = check_url(endpoint) if endpoint else None
        for service, value in endpoints.items():
            if service not in known:
                raise Invalid(f"endpoints: unknown service {service[:64]!r}")
            clean[service] = check_url(value)
    except TargetError as exc:
        raise Invalid(str(exc)) from exc
    from awscompat.service.core import TargetRefused

    try:
        svc.check_urls([u for u in [url, *clean.values()] if u])
    except TargetRefused as exc:
        raise Invalid(str(exc)) from exc
    return url, clean


def _seal(svc: Service, t: Target, creds: CredentialsIn) -> None:
    token = creds.session_token.get_secret_value() if creds.session_token else None
    t.secret = svc.box.seal(Credentials(creds.access_key_id, creds.secret_access_key.get_secret_value(), token))
    t.access_key_hint = mask_access_key(creds.access_key_id)


def create_target(svc: Service, who: Principal, provider: str, data: TargetIn) -> TargetOut:
    require_login(who)
    url, endpoints = check_endpoints(svc, data.endpoint, data.endpoints)
    with svc.db.write() as s:
        p = load_provider(s, provider)
        require_manager(who, p)
        if any(t.name == data.name for t in p.targets):
            raise Conflict(f"provider {provider!r} already has a target named {data.name!r}")
        t = Target(provider_id=p.id, name=data.name, endpoint=url, endpoints=endpoints, region=data.region,
                   addressing=data.addressing, verify_tls=data.verify_tls, profiles=list(data.profiles),
                   provider_class=data.provider_class)
        if data.credentials is not None:
            _seal(svc, t, data.credentials)
        s.add(t)
        s.flush()
        return target_out(t, p.name)


def get_target(svc: Service, provider: str, name: str) -> TargetOut:
    with svc.db.read() as s:
        p = load_provider(s, provider)
        return target_out(load_target(s, p, name), p.name)


def update_target(svc: Service, who: Principal, provider: str, name: str, data: TargetPatch) -> TargetOut:
    require_login(who)
    with svc.db.write() as s:
        p = load_provider(s, provider)
        require_manager(who, p)
        t = load_target(s, p, name)
        if data.endpoint is not None or data.endpoints is not None:
            endpoint = data.endpoint if data.endpoint is not None else t.endpoint
            endpoints = data.endpoints if data.endpoints is not None else dict(t.endpoints)
            t.endpoint, t.endpoints = check_endpoints(svc, endpoint or None, endpoints)
        for field in ("region", "addressing", "verify_tls", "profiles"):
            value = getattr(data, field)
            if value is not None:
                setattr(t, field, list(value) if field == "profiles" else value)
        if data.credentials is not None:
            _seal(svc, t, data.credentials)
        s.flush()
        return target_out(t, p.name)


def delete_target(svc: Service, who: Principal, provider: str, name: str) -> None:
    require_login(who)
    with svc.db.write() as s:
        p = load_provider(s, provider)
        require_manager(who, p)
        t = load_target(s, p, name)
        _refuse_if_busy(s, f"target {name!r}", Run.target_id == t.id)
        s.delete(t)
    svc.badges.clear()
