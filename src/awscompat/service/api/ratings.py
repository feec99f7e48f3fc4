"""Ratings, the market table, attestations (signed with the service's key), verification, the
public key, badges and the health check."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import text

from awscompat.ratings import ProfileError, list_profiles, load_profile
from awscompat.ratings.attest import VerifyError, verify_envelope
from awscompat.service import market as ops
from awscompat.service.api.deps import E404, E422, ProfileName, ProviderName, Svc
from awscompat.service.errors import Invalid
from awscompat.service.schemas import (
    PROFILE,
    Health,
    KeyOut,
    Keys,
    Market,
    ProfileOut,
    RatingOut,
    VerifyIn,
    VerifyOut,
)
from awscompat.version import __version__

router = APIRouter(tags=["ratings"])
ProfileQuery = Annotated[str | None, Query(pattern=PROFILE, max_length=80)]


@router.get("/api/v1/health", response_model=Health, tags=["service"])
def health(svc: Svc) -> Health:
    with svc.db.read() as s:
        s.execute(text("SELECT 1"))
    return Health(status="ok", database=svc.db.dialect, version=__version__, workers=svc.cfg.workers,
                  active_runs=svc.worker.active_ids)


@router.get("/api/v1/profiles", response_model=list[ProfileOut])
def profiles() -> list[ProfileOut]:
    """The rating profiles a target can be rated against."""
    out = []
    for name in list_profiles():
        p = load_profile(name)
        out.append(ProfileOut(name=p.name, title=p.title, status=p.status, services=p.services,
                              capabilities=len(p.capabilities)))
    return out


@router.get("/api/v1/market", response_model=Market, responses=E422)
def market(svc: Svc, sort: Annotated[str, Query(max_length=80, pattern=r"^(provider|last_run|" + PROFILE[1:-1] + ")$")]
           = "provider", order: Literal["asc", "desc"] = "asc") -> Market:
    """Every provider's latest grade, score and compliant mark per profile, with the trend."""
    return ops.market(svc, sort, order)


@router.get("/api/v1/providers/{name}/ratings", response_model=list[RatingOut], tags=["ratings"],
            responses={**E404, **E422})
def ratings(name: ProviderName, svc: Svc, profile: ProfileQuery = None,
            limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[RatingOut]:
    """The provider's rating history, newest first."""
    return ops.history(svc, name, profile, limit)


@router.get("/api/v1/providers/{name}/attestations/{profile}", responses={**E404, **E422})
def attestation(name: ProviderName, profile: ProfileName, svc: Svc,
                rating: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None) -> dict:
    """The signed attestation (DSSE envelope) of the provider's latest rating for the profile
    (or of the rating given). Verify it offline with `awscompat verify FILE --pubkey KEY`, the
    key from /.well-known/awscompat/keys."""
    return ops.attestation(svc, name, profile, rating)


@router.post("/api/v1/verify", response_model=VerifyOut, responses=E422)
def verify(body: VerifyIn, svc: Svc) -> VerifyOut:
    """Verify an attestation against this service's key: signature, expiry and profile digest."""
    text_ = body.envelope if isinstance(body.envelope, str) else json.dumps(body.envelope)
    if len(text_) > 5_000_000:
        raise Invalid("the envelope is larger than 5 MB")
    try:
        verified = verify_envelope(text_, svc.signing_key.public_key())
    except VerifyError as exc:
        return VerifyOut(valid=False, reason=str(exc))
    except (ProfileError, RecursionError, ValueError, TypeError, KeyError) as exc:
        return VerifyOut(valid=False, reason=f"malformed statement ({type(exc).__name__})")
    return VerifyOut(valid=True, keyid=verified.keyid, summary=verified.summary(), statement=verified.statement)


@router.get("/.well-known/awscompat/keys", response_model=Keys, tags=["service"])
def keys(svc: Svc) -> Keys:
    """The public key(s) the service signs attestations with."""
    return Keys(keys=[KeyOut(keyid=svc.keyid, alg="Ed25519", public_key_pem=svc.public_key_pem())])


def _badge(request: Request, svc, provider: str, profile: str, kind: str) -> Response:
    key = (provider, profile, kind)
    cached = svc.badges.get(key)
    if cached is None:
        made, known = ops.badge(svc, provider, profile)
        if kind == "svg":
            body, media = made.svg(), "image/svg+xml"
        else:
            body, media = json.dumps(made.endpoint_json(), ensure_ascii=False), "application/json"
        status = "200" if known else "404"
        cached = (body, media + "|" + status)
        svc.badges.put(key, cached)
    body, meta = cached
    media, status = meta.split("|")
    etag = '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32] + '"'
    headers = {"Cache-Control": f"public, max-age={svc.cfg.badge_cache_seconds}", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=int(status), media_type=media, headers=headers)


@router.get("/badge/{name}/{profile}.svg", tags=["badges"], response_class=Response,
            responses={200: {"content": {"image/svg+xml": {}}, "description": "The badge"},
                       404: {"content": {"image/svg+xml": {}}, "description": "Unknown provider (grey badge)"},
                       **E422})
def badge_svg(name: ProviderName, profile: ProfileName, request: Request, svc: Svc) -> Response:
    """The provider's latest rating for the profile as a flat SVG badge (cached)."""
    return _badge(request, svc, name, profile, "svg")


@router.get("/badge/{name}/{profile}.json", tags=["badges"], response_class=Response,
            responses={200: {"content": {"application/json": {}}, "description": "shields.io endpoint JSON"},
                       404: {"content": {"application/json": {}}, "description": "Unknown provider"}, **E422})
def badge_json(name: ProviderName, profile: ProfileName, request: Request, svc: Svc) -> Response:
    """shields.io endpoint JSON: https://img.shields.io/endpoint?url=<this URL>."""
    return _badge(request, svc, name, profile, "json")
