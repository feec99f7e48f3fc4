"""The FastAPI application: the JSON API under /api/v1 (OpenAPI at /openapi.json, docs at /docs),
badges, the public key, and the server-rendered web pages."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from awscompat.service import apiproto
from awscompat.service.core import Service
from awscompat.service.errors import OpError
from awscompat.version import __version__

log = logging.getLogger("awscompat.service")
MAX_BODY = 10 * 1024 * 1024
API_PREFIXES = ("/api/", "/badge/", "/.well-known/", "/openapi.json", "/docs", "/redoc")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")

# Swagger UI and ReDoc: their pages start them with inline scripts and styles, ReDoc runs a worker
# from a blob; nothing may load from anywhere else (ReDoc's bundle names a Redocly logo on a CDN).
DOCS_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")

DESCRIPTION = """
The awscompat compatibility service: providers register AWS-compatible endpoints (targets),
the service runs the awscompat suite against them, rates each run against dated profiles and
publishes grades, signed attestations and badges.

Reading is public. Changing needs an API token (`Authorization: Bearer acs_...`): admins manage
accounts; a provider owner manages only their own providers, targets and runs.
"""


def is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES)


def _clean_errors(errors) -> list[dict]:
    """Validation errors without the offending input (it may be a secret) and without ctx objects."""
    out = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ())]
        out.append({"loc": loc, "msg": str(e.get("msg", "invalid")), "type": str(e.get("type", "value_error"))})
    return out


def create_app(svc: Service, manage_lifecycle: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if manage_lifecycle:
            svc.start()
        try:
            yield
        finally:
            if manage_lifecycle:
                svc.stop()

    app = FastAPI(title="awscompat service", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None,  # served below from local assets, not a CDN
                  openapi_tags=[{"name": n} for n in ("providers", "runs", "ratings", "badges", "accounts",
                                                     "service")])
    app.state.svc = svc
    app.middleware("http")(apiproto.auth_first)  # inside guard: its answers get guard's headers too

    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return JSONResponse({"detail": f"the request body is larger than {MAX_BODY} bytes"}, status_code=413)
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy", DOCS_CSP)
        else:
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    @app.exception_handler(OpError)
    async def op_error(request: Request, exc: OpError):
        if is_api(request.url.path):
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=headers)
        from awscompat.service.web.common import error_page

        return error_page(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errors = _clean_errors(exc.errors())
        if any(e["type"] == "json_invalid" for e in errors) and is_api(request.url.path):
            return JSONResponse({"detail": "the request body is not parseable JSON"}, status_code=400)
        if is_api(request.url.path) or request.method != "GET":
            return JSONResponse({"detail": errors}, status_code=422)
        from awscompat.service.web.common import error_page

        text = "; ".join(f"{'.'.join(e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in errors)
        return error_page(request, 422, f"invalid request: {text}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        headers = dict(exc.headers or {})
        if exc.status_code == 405 and (allowed := apiproto.allowed_methods(request.app, request.url.path)):
            headers["Allow"] = ", ".join(allowed)
        if is_api(request.url.path):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers or None)
        from awscompat.service.web.common import error_page

        page = error_page(request, exc.status_code, str(exc.detail))
        page.headers.update(headers)
        return page

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__,
                  exc_info=(type(exc), exc, exc.__traceback__))
        return JSONResponse({"detail": "internal error"}, status_code=500)

    from awscompat.service.api import accounts, providers, ratings, runs
    from awscompat.service.web import forms, pages

    for module in (providers, runs, ratings, accounts):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.include_router(forms.router)
    static = resources.files("awscompat") / "data" / "templates" / "service" / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _api_docs(app)
    apiproto.complete_openapi(app)
    return app


def _api_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc with their scripts and styles served by the service itself
    from the `fastapi-offline` package's copies (MIT), so both work offline and load nothing
    from a CDN (nor Google Fonts)."""
    import fastapi_offline
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html

    assets = resources.files(fastapi_offline) / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="awscompat service API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
                                   oauth2_redirect_url="/docs/oauth2-redirect")

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def swagger_redirect() -> Response:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> Response:
        return get_redoc_html(openapi_url="/openapi.json", title="awscompat service API",
                              redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png", with_google_fonts=False)


DOCS_ASSETS = "/docs-assets"
