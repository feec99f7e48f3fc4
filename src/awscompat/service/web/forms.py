"""The web forms: log in and out, your account, register a provider, add a target, start or
cancel a run, verify an attestation. Every form works without JavaScript."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select, update

from awscompat.ratings.attest import VerifyError, verify_envelope
from awscompat.service import providers as provider_ops
from awscompat.service import runs as run_ops
from awscompat.service.accounts import SESSION_TOKEN, authenticate, issue_token
from awscompat.service.errors import OpError
from awscompat.service.models import ApiToken, Provider, utcnow
from awscompat.service.schemas import SLUG, CredentialsIn, ProviderIn, TargetIn
from awscompat.service.security import ANONYMOUS, hash_token
from awscompat.service.web.common import COOKIE, check_post, principal, render, service

router = APIRouter(include_in_schema=False)
MAX_FORM = 1_000_000
Name = Annotated[str, Path(pattern=SLUG, max_length=64)]


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=64, max_part_size=MAX_FORM)
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _errors(exc: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}" for e in exc.errors()]


# -- session --------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", error=None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await _form(request)
    check_post(request, ANONYMOUS, form)
    svc = service(request)
    who = authenticate(svc.db, form.get("token", "").strip(), svc.cfg.session_hours)
    if who is None or who.account_id is None:
        return render(request, "login.html", status=401, error="That token is unknown or revoked.")
    _row, session_token = issue_token(svc.db, who.account_id, SESSION_TOKEN)
    response = _see_other("/account")
    response.set_cookie(COOKIE, session_token, max_age=int(svc.cfg.session_hours * 3600), httponly=True, samesite="strict",
                        secure=svc.cfg.secure_cookies, path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await _form(request)
    who = principal(request)
    check_post(request, who, form)
    if who.authenticated:
        with service(request).db.write() as s:
            s.execute(update(ApiToken).where(ApiToken.token_hash == hash_token(request.cookies.get(COOKIE, "")))
                      .values(revoked_at=utcnow()))
    response = _see_other("/")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request) -> Response:
    who = principal(request)
    if not who.authenticated:
        return _see_other("/login")
    svc = service(request)
    with svc.db.read() as s:
        q = select(Provider.name).order_by(Provider.name)
        if not who.is_admin:
            q = q.where(Provider.owner_id == who.account_id)
        mine = list(s.scalars(q))
    return render(request, "account.html", who=who, mine=mine, errors=[], values={})


# -- providers and targets ------------------------------------------------------------------
@router.post("/providers", response_class=HTMLResponse)
async def new_provider(request: Request) -> Response:
    form = await _form(request)
    who = principal(request)
    check_post(request, who, form)
    svc = service(request)
    values = {k: form.get(k, "") for k in ("name", "title", "homepage", "contact")}
    try:
        data = ProviderIn(**values)
        out = provider_ops.create_provider(svc, who, data)
    except ValidationError as exc:
        return render(request, "account.html", status=422, who=who, mine=[], errors=_errors(exc), values=values)
    except OpError as exc:
        if exc.status in (401, 403):
            raise
        return render(request, "account.html", status=exc.status, who=who, mine=[], errors=[exc.message],
                      values=values)
    return _see_other(f"/providers/{out.name}")


@router.post("/providers/{name}/targets", response_class=HTMLResponse)
async def new_target(request: Request, name: Name) -> Response:
    form = await _form(request)
    who = principal(request)
    check_post(request, who, form)
    svc = service(request)
    profiles = [p.strip() for p in form.get("profiles", "").replace("\n", ",").split(",") if p.strip()]
    creds = None
    try:
        if form.get("access_key_id") or form.get("secret_access_key"):
            creds = CredentialsIn(access_key_id=form.get("access_key_id", ""),
                                  secret_access_key=form.get("secret_access_key", ""))
        data = TargetIn(name=form.get("target_name", ""), endpoint=form.get("endpoint") or None,
                        region=form.get("region") or "us-east-1", addressing=form.get("addressing") or "path",
                        verify_tls=form.get("verify_tls", "on") == "on", profiles=profiles, credentials=creds)
        provider_ops.create_target(svc, who, name, data)
    except ValidationError as exc:
        return _target_form_error(request, name, _errors(exc), 422)
    except OpError as exc:
        if exc.status in (401, 403, 404):
            raise
        return _target_form_error(request, name, [exc.message], exc.status)
    return _see_other(f"/providers/{name}#targets")


def _target_form_error(request: Request, name: str, errors: list[str], status: int) -> HTMLResponse:
    return render(request, "error.html", status=status, title="The target was not added",
                  message="; ".join(errors), back=f"/providers/{name}")


@router.post("/providers/{name}/targets/{target}/runs")
async def start_run(request: Request, name: Name, target: Name) -> Response:
    form = await _form(request)
    who = principal(request)
    check_post(request, who, form)
    run = run_ops.queue_run(service(request), who, name, target, None, reason="web")
    return _see_other(f"/runs/{run.id}")


@router.post("/runs/{run_id}/cancel")
async def cancel_run(request: Request, run_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    form = await _form(request)
    who = principal(request)
    check_post(request, who, form)
    run_ops.cancel_run(service(request), who, run_id)
    return _see_other(f"/runs/{run_id}")


# -- verification ---------------------------------------------------------------------------
@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request) -> HTMLResponse:
    svc = service(request)
    return render(request, "verify.html", result=None, envelope="", keyid=svc.keyid, pem=svc.public_key_pem())


@router.post("/verify", response_class=HTMLResponse)
async def verify(request: Request) -> HTMLResponse:
    form = await _form(request)
    check_post(request, ANONYMOUS, form)
    svc = service(request)
    text = form.get("envelope", "").strip()
    result: dict = {}
    if not text:
        result = {"valid": False, "reason": "paste an attestation (the DSSE envelope JSON) first"}
    else:
        try:
            verified = verify_envelope(text, svc.signing_key.public_key())
            result = {"valid": True, "summary": verified.summary(),
                      "statement": json.dumps(verified.statement, indent=2)}
        except VerifyError as exc:
            result = {"valid": False, "reason": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a malformed statement is an invalid attestation
            result = {"valid": False, "reason": f"malformed attestation ({type(exc).__name__})"}
    return render(request, "verify.html", status=200 if result["valid"] else 422, result=result,
                  envelope=text[:200_000], keyid=svc.keyid, pem=svc.public_key_pem())
