"""What the web pages share: templates, the session cookie, CSRF tokens and error pages.

Logging in exchanges an API token for a separate web-session token, kept in an HttpOnly,
SameSite=Strict cookie. The server ends a session: logout revokes it, and it expires after
`session_hours` (ServiceConfig) whatever the cookie says. Every form that changes something carries a CSRF token
derived from the session, and a POST from another origin is refused.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from awscompat.service.accounts import authenticate
from awscompat.service.core import Service
from awscompat.service.errors import Forbidden
from awscompat.service.security import ANONYMOUS, Principal, csrf_ok, csrf_token
from awscompat.version import __version__

COOKIE = "awscompat_session"
TEMPLATES = resources.files("awscompat") / "data" / "templates" / "service"


def _env() -> Environment:
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(TEMPLATES))]),
                      autoescape=select_autoescape(["html", "svg"], default_for_string=True, default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = when
    env.filters["ago"] = ago
    env.filters["pct"] = lambda v: "—" if v is None else f"{v:.1f}"
    return env


def when(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def ago(value: dt.datetime | None) -> str:
    if value is None:
        return "never"
    seconds = int((dt.datetime.now(dt.UTC) - value).total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


templates = Jinja2Templates(env=_env())


def service(request: Request) -> Service:
    return request.app.state.svc


def principal(request: Request) -> Principal:
    token = request.cookies.get(COOKIE)
    if not token:
        return ANONYMOUS
    svc = service(request)
    return authenticate(svc.db, token, svc.cfg.session_hours) or ANONYMOUS


def csrf_for(request: Request, who: Principal) -> str:
    return csrf_token(service(request).session_secret, who.token_hash) if who.authenticated else ""


def check_post(request: Request, who: Principal, form: dict) -> None:
    """A state-changing form: same origin, and (when logged in) the session's CSRF token."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and origin != "null":
        host = urlsplit(origin).netloc
        if host and host != request.headers.get("host", request.url.netloc):
            raise Forbidden("this form was sent from another site")
    if who.authenticated and not csrf_ok(service(request).session_secret, who.token_hash, form.get("csrf")):
        raise Forbidden("the form's CSRF token is missing or stale: reload the page and try again")


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    who = context.pop("who", None) or principal(request)
    svc = service(request)
    context.update(request=request, who=who, csrf=csrf_for(request, who), version=__version__,
                   demo=svc.cfg.demo)
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    titles = {400: "Bad request", 401: "Log in needed", 403: "Not allowed", 404: "Not found", 409: "Conflict",
              413: "Too large", 422: "Invalid input"}
    try:
        return render(request, "error.html", status=status, title=titles.get(status, "Error"), message=message)
    except Exception:  # noqa: BLE001 - never fail while reporting a failure
        return HTMLResponse(f"<!doctype html><title>Error {status}</title><p>{status}</p>", status_code=status)
