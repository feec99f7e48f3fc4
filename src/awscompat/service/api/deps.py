"""What every API route needs: the service, who is asking, and the shapes of error answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from awscompat.service.accounts import authenticate
from awscompat.service.core import Service
from awscompat.service.schemas import PROFILE, SLUG
from awscompat.service.security import ANONYMOUS, Principal

bearer = HTTPBearer(auto_error=False, description="An API token: Authorization: Bearer acs_...")


class ErrorOut(BaseModel):
    detail: str | list


def get_service(request: Request) -> Service:
    return request.app.state.svc


def get_principal(request: Request,
                  creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    header = request.headers.get("authorization")
    if creds is None:
        if header:
            raise HTTPException(401, "the Authorization header must be: Bearer <token>",
                                headers={"WWW-Authenticate": "Bearer"})
        return ANONYMOUS
    svc = get_service(request)
    who = authenticate(svc.db, creds.credentials, svc.cfg.session_hours)
    if who is None:
        raise HTTPException(401, "unknown or revoked API token", headers={"WWW-Authenticate": "Bearer"})
    return who


Svc = Annotated[Service, Depends(get_service)]
Who = Annotated[Principal, Depends(get_principal)]
ProviderName = Annotated[str, Path(pattern=SLUG, max_length=64, description="Provider name")]
TargetName = Annotated[str, Path(pattern=SLUG, max_length=64, description="Target name")]
ProfileName = Annotated[str, Path(pattern=PROFILE, max_length=80, description="Profile name, e.g. s3-core-2026.11")]
RunId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Run id")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]

E401 = {401: {"model": ErrorOut, "description": "No, unknown or revoked API token"}}
E403 = {403: {"model": ErrorOut, "description": "Not allowed for this account"}}
E404 = {404: {"model": ErrorOut, "description": "Not found"}}
E409 = {409: {"model": ErrorOut, "description": "Conflicts with the current state"}}
E422 = {422: {"model": ErrorOut, "description": "Invalid input"}}
WRITE = {**E401, **E403, **E404, **E422}
