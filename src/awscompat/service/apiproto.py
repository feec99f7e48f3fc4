"""The JSON API's HTTP contract, beyond what the routes declare (finding 8 of issue 14):

- Authentication comes first: a write (POST, PUT, PATCH, DELETE) to an /api/ route that needs an
  account is answered 401 when the Authorization header is missing or its token is unknown,
  revoked or expired, before the body is read or validated (an anonymous write with a bad body
  gets 401, not 422). The public writes (PUBLIC_WRITES) are exempt.
- A body that is not parseable JSON is 400 (validation of parsed JSON stays 422).
- 405 answers carry an `Allow` header listing every method the path has (Starlette names only
  the first route matching the path).
- The OpenAPI document lists what the middleware and handlers return: 400 and 413 on every
  operation with a body, 401 on every operation that takes a token, 422 on every operation with
  input.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

WRITES = ("POST", "PUT", "PATCH", "DELETE")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
PUBLIC_WRITES = {("POST", "/api/v1/verify")}
ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}


def _templates(app: FastAPI) -> list[tuple[re.Pattern, set[str]]]:
    cached = getattr(app.state, "path_methods", None)
    if cached is None:
        cached = []
        for path, item in app.openapi().get("paths", {}).items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            methods = {m.upper() for m in item if m.upper() in METHODS}
            if "GET" in methods:
                methods.add("HEAD")
            cached.append((pattern, methods))
        app.state.path_methods = cached
    return cached


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method the API document gives path (HEAD with GET); [] for a path it does not have."""
    methods: set[str] = set()
    for pattern, ms in _templates(app):
        if pattern.match(path):
            methods |= ms
    return sorted(methods)


def _has_route(app: FastAPI, method: str, path: str) -> bool:
    return method in allowed_methods(app, path)


def _unauthorized(message: str) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


async def auth_first(request: Request, call_next):
    method, path = request.method, request.url.path
    if method not in WRITES or not path.startswith("/api/") or (method, path) in PUBLIC_WRITES:
        return await call_next(request)
    if not _has_route(request.app, method, path):  # 404 / 405: answered by the router
        return await call_next(request)
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        return _unauthorized("this needs an API token: Authorization: Bearer acs_...")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorized("the Authorization header must be: Bearer <token>")
    from awscompat.service.accounts import authenticate

    svc = request.app.state.svc
    who = await run_in_threadpool(authenticate, svc.db, token.strip(), svc.cfg.session_hours)
    if who is None:
        return _unauthorized("unknown or revoked API token")
    return await call_next(request)


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


def complete_openapi(app: FastAPI) -> None:
    """Wrap app.openapi so that the document lists every status code the API returns."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = build()
        for path, item in doc.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                responses = op["responses"]
                if "requestBody" in op:
                    responses.setdefault("400", _error("The body is not parseable JSON"))
                    responses.setdefault("413", _error("The body is too large"))
                    responses.setdefault("422", _error("Invalid input"))
                needs_token = (method.upper() in WRITES and (method.upper(), path) not in PUBLIC_WRITES) or any(
                    "HTTPBearer" in req for req in op.get("security", []))
                if needs_token:
                    responses.setdefault("401", _error("No, unknown, revoked or expired API token"))
                if op.get("parameters") or "requestBody" in op:
                    responses.setdefault("422", _error("Invalid input"))
        app.openapi_schema = doc
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
