"""The FastAPI application: the dashboard pages, their JSON twins, the REST API and exports.

``create_app`` opens the store once and keeps it, the token and the ingest jobs on
``app.state``. One error type renders as HTML for pages and as JSON for the API, the
``.json`` twins and exports (datasette's way). Pages load nothing from other hosts:
a strict Content-Security-Policy says so to the browser too.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sourcetrace import __version__
from sourcetrace.errors import SourcetraceError
from sourcetrace.settings import TOKEN
from sourcetrace.store.db import open_store
from sourcetrace.web.jobs import Jobs
from sourcetrace.web.render import templates

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/export/")) or path.endswith(".json") or path == "/openapi.json"


def _error_response(request: Request, status: int, code: str, message: str,
                    headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status,
                            headers=headers)
    return templates.TemplateResponse(request, "error.html", {"status": status, "code": code, "message": message},
                                      status_code=status, headers=headers)


def _routes(routes: list[Any]) -> list[tuple[Any, set[str]]]:
    """(path regex, methods) of every HTTP route, looking inside included routers."""
    out: list[tuple[Any, set[str]]] = []
    for route in routes:
        regex, methods = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and methods:
            out.append((regex, set(methods)))
        for c in getattr(route, "_effective_candidates", None) or []:
            if getattr(c, "path_regex", None) is not None and getattr(c, "methods", None):
                out.append((c.path_regex, set(c.methods)))
    return out


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    path = request.url.path
    methods: set[str] = set()
    for regex, route_methods in _routes(request.app.router.routes):
        if regex.match(path):
            methods |= route_methods
    return sorted(methods)


def create_app(store_url: str | None = None, token: str | None = None, private: bool = False,
               extract: bool = True) -> FastAPI:
    """The web application over the store at ``store_url``.

    Args:
        store_url: A SQLAlchemy URL or SQLite path (``SOURCETRACE_DB`` when None).
        token: The Bearer token write requests must carry (``SOURCETRACE_TOKEN`` when None);
            with no token, writes are refused.
        private: Require the token for reads as well.
        extract: Run extraction and linking on what the ingest form adds.
    """
    from sourcetrace.web import api, exports, pages

    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(lifespan=lifespan, title="sourcetrace", version=__version__,
                  description="Where did a war claim come from? Documents, their analysis, claim clusters with "
                              "provenance graphs, sources, places and events.",
                  docs_url=None, redoc_url=None)  # Swagger UI would load from a CDN
    app.state.store = store
    app.state.token = token or TOKEN.value()
    app.state.private = private
    app.state.jobs = Jobs(store, extract=extract)

    @app.exception_handler(SourcetraceError)
    async def sourcetrace_error(request: Request, exc: SourcetraceError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _error_response(request, exc.status, exc.code, str(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return _error_response(request, 422, "invalid", problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http")
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return _error_response(request, exc.status_code, code, message, headers or None)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    app.include_router(api.router)
    app.include_router(exports.router)
    app.include_router(pages.public)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


__all__ = ["HTMLResponse", "create_app"]
