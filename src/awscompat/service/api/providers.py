"""Providers and their targets. Reading is public; changing needs the owner's or an admin's
token. Credentials go in, never out: a target shows only whether it has them and a masked key id."""

from __future__ import annotations

from fastapi import APIRouter, Response

from awscompat.service import providers as ops
from awscompat.service.api.deps import E404, E409, E422, WRITE, ProviderName, Svc, TargetName, Who
from awscompat.service.schemas import ProviderIn, ProviderOut, ProviderPatch, TargetIn, TargetOut, TargetPatch

router = APIRouter(prefix="/api/v1/providers", tags=["providers"])


@router.get("", response_model=list[ProviderOut])
def list_providers(svc: Svc) -> list[ProviderOut]:
    """Every registered provider with its targets."""
    return ops.list_providers(svc)


@router.post("", response_model=ProviderOut, status_code=201, responses={**WRITE, **E409})
def create_provider(body: ProviderIn, svc: Svc, who: Who) -> ProviderOut:
    """Register a provider; you own it (an admin may name another owner)."""
    return ops.create_provider(svc, who, body)


@router.get("/{name}", response_model=ProviderOut, responses={**E404, **E422})
def get_provider(name: ProviderName, svc: Svc) -> ProviderOut:
    return ops.get_provider(svc, name)


@router.patch("/{name}", response_model=ProviderOut, responses=WRITE)
def update_provider(name: ProviderName, body: ProviderPatch, svc: Svc, who: Who) -> ProviderOut:
    return ops.update_provider(svc, who, name, body)


@router.delete("/{name}", status_code=204, responses=WRITE)
def delete_provider(name: ProviderName, svc: Svc, who: Who) -> Response:
    """Delete a provider with its targets, runs and ratings."""
    ops.delete_provider(svc, who, name)
    return Response(status_code=204)


@router.get("/{name}/targets", response_model=list[TargetOut], responses={**E404, **E422})
def list_targets(name: ProviderName, svc: Svc) -> list[TargetOut]:
    return ops.get_provider(svc, name).targets


@router.post("/{name}/targets", response_model=TargetOut, status_code=201, responses={**WRITE, **E409})
def create_target(name: ProviderName, body: TargetIn, svc: Svc, who: Who) -> TargetOut:
    """Add a target: endpoint (or per-service endpoints), region, addressing, profiles to rate
    against and credentials (stored encrypted). Endpoints on loopback, private, link-local or
    metadata addresses are refused unless the operator allow-listed them."""
    return ops.create_target(svc, who, name, body)


@router.get("/{name}/targets/{target}", response_model=TargetOut, responses={**E404, **E422})
def get_target(name: ProviderName, target: TargetName, svc: Svc) -> TargetOut:
    return ops.get_target(svc, name, target)


@router.patch("/{name}/targets/{target}", response_model=TargetOut, responses=WRITE)
def update_target(name: ProviderName, target: TargetName, body: TargetPatch, svc: Svc, who: Who) -> TargetOut:
    return ops.update_target(svc, who, name, target, body)


@router.delete("/{name}/targets/{target}", status_code=204, responses=WRITE)
def delete_target(name: ProviderName, target: TargetName, svc: Svc, who: Who) -> Response:
    ops.delete_target(svc, who, name, target)
    return Response(status_code=204)


__all__ = ["router", "E422"]
