"""The local dashboard: a FastAPI app over one workspace (and optionally one scenario).

Thin views over the library: the page is the report's page in ``dashboard`` mode; ``/api/view`` is the report's view
model; ``/api/forecast`` applies what-if edits (``detente.bargain.whatif``) and forecasts again; ``/api/articles``
ingests and extracts uploaded files; ``/api/corrections/...`` (:mod:`detente.web.corrections`) and
``/api/alerts...`` (:mod:`detente.web.alerts`) make analysts' corrections and check the watch rules. Guards, all on by
default:

- ``Host`` must be a loopback name unless remote access was allowed (DNS-rebinding defence);
- with a token, every request needs it (``Authorization: Bearer``, or the cookie set by ``/?token=...``);
- requests that change something need the ``X-Detente`` header, which no cross-site form can send (CSRF defence);
- uploads are size-limited per file, stored under a generated name inside the workspace (no path from the client
  is ever used as a path), and each file is reported as processed or rejected.
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from detente import pipeline
from detente.bargain import forecast
from detente.bargain.whatif import drop_actors, set_value
from detente.defaults import DEFAULT_SEED
from detente.errors import DetenteError
from detente.report.context import with_context
from detente.report.html import DASHBOARD_SCRIPTS, UPLOAD_LIMIT_MB, asset, render
from detente.scenario import load
from detente.scenario.model import Scenario
from detente.store import Workspace, load_corrections
from detente.web.alerts import add_alerts_api
from detente.web.corrections import add_corrections_api
from detente.web.errors import error_body, validation_body
from detente.web.hosts import host_name, is_loopback

STATIC = {name: "text/javascript" for name in DASHBOARD_SCRIPTS}
COOKIE = "detente_token"
DASHBOARD_RUNS = 100
CHUNK = 1 << 16


class Change(BaseModel):
    actor: str
    field: str
    issue: str | None = None
    value: float


class WhatIf(BaseModel):
    model: str = "eum"
    runs: int = Field(default=1, ge=1, le=5000)
    seed: int | None = DEFAULT_SEED
    changes: list[Change] = []
    drop: list[str] = []


@dataclass
class Settings:
    workspace: Path
    scenario: Path | None = None
    token: str | None = None
    allow_remote: bool = False
    upload_limit: int = UPLOAD_LIMIT_MB * 1_000_000
    runs: int = DASHBOARD_RUNS
    models: tuple[str, ...] = ()
    lock: threading.Lock = field(default_factory=threading.Lock)  # one writer at a time within this server
    cache: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)


def _host_ok(settings: Settings, host: str) -> bool:
    if settings.allow_remote:
        return True
    return is_loopback(host_name(host))


def _safe_name(name: str) -> str:
    """A file name from a client, reduced to its last part and to harmless characters (suffix kept)."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")[:120]
    return cleaned or "upload.txt"


def create_app(settings: Settings) -> FastAPI:
    """The dashboard over ``settings.workspace``: the guards, the page and its assets, and the API."""
    app = FastAPI(title="detente dashboard", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    _add_guards(app, settings)
    _add_pages(app, settings)
    _add_api(app, settings)
    add_corrections_api(app, settings)
    add_alerts_api(app, settings)
    return app


def _scenario(settings: Settings) -> Scenario | None:
    return load(settings.scenario) if settings.scenario else None


def _corrections_stamp(ws: Workspace) -> tuple[tuple[int, str | None], ...]:
    """What changes when a correction is made or undone (by this dashboard or by `detente correct`)."""
    return tuple((c.id, c.undone_at) for c in load_corrections(ws, include_undone=True))


def _view(settings: Settings) -> dict[str, Any]:
    """The view model, built again only when the workspace's documents, its corrections or the scenario file
    changed; forecasts come from the workspace's store (computed and stored once when missing)."""
    with Workspace.open(settings.workspace, create=False) as ws:
        key = (*ws.change_stamp(), _corrections_stamp(ws),
               settings.scenario.stat().st_mtime_ns if settings.scenario else None)  # fmt: skip
        if key not in settings.cache:
            settings.cache.clear()
            settings.cache[key] = pipeline.report_view(ws, scenario=_scenario(settings), model_names=settings.models,
                                                       runs=settings.runs)  # fmt: skip
        return settings.cache[key]


def _add_guards(app: FastAPI, settings: Settings) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if not _host_ok(settings, request.headers.get("host", "")):
            return JSONResponse({"detail": "this dashboard answers on localhost only"}, status_code=421)
        if settings.token is not None:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            given = given or request.cookies.get(COOKIE, "") or request.query_params.get("token", "")
            if not hmac.compare_digest(given.encode(), settings.token.encode()):
                return JSONResponse({"detail": "a token is required: open the address printed by `detente serve`"},
                                    status_code=401)  # fmt: skip
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.headers.get("x-detente") != "1":
            return JSONResponse({"detail": "missing X-Detente header (cross-site requests are refused)"},
                                status_code=403)  # fmt: skip
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(DetenteError)
    async def detente_error(request: Request, err: DetenteError) -> JSONResponse:
        return JSONResponse(error_body(err), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_body(err), status_code=422)


def _add_pages(app: FastAPI, settings: Settings) -> None:
    @app.get("/", response_class=HTMLResponse)
    def page(request: Request) -> Response:
        if settings.token is not None and "token" in request.query_params:
            redirect = RedirectResponse("/", status_code=303)  # the token leaves the address bar for a cookie
            redirect.set_cookie(COOKIE, settings.token, httponly=True, samesite="strict")
            return redirect
        nonce = secrets.token_urlsafe(16)
        html = render(_view(settings), mode="dashboard", nonce=nonce)
        response = HTMLResponse(html)
        response.headers["Content-Security-Policy"] = (
            f"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src data: blob:; "
            "font-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        return response

    @app.api_route("/static/{name}", methods=["GET", "HEAD"])
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, f"no static file {name!r}")
        return Response(asset(name), media_type=STATIC[name], headers={"Cache-Control": "max-age=3600"})


def _add_api(app: FastAPI, settings: Settings) -> None:
    @app.get("/api/health")
    def health() -> dict[str, Any]:
        with Workspace.open(settings.workspace, create=False) as ws:
            return {"ok": True, "documents": ws.count_documents()}

    @app.get("/api/view")
    def api_view() -> dict[str, Any]:
        return _view(settings)

    @app.post("/api/forecast")
    def api_forecast(body: WhatIf) -> dict[str, Any]:
        base = _scenario(settings)
        if base is None:
            raise HTTPException(409, "the dashboard was started without --scenario: nothing to forecast")
        changed = drop_actors(base, body.drop) if body.drop else base
        for change in body.changes:
            changed = set_value(changed, change.actor, change.field, change.value, change.issue)
        before = forecast(base, body.model, runs=body.runs, seed=body.seed)
        after = forecast(changed, body.model, runs=body.runs, seed=body.seed)
        return {"base": with_context(before.to_json()), "what_if": with_context(after.to_json()),
                "changes": len(body.changes), "drop": body.drop}  # fmt: skip

    @app.post("/api/articles")
    async def api_articles(files: list[UploadFile]) -> dict[str, Any]:
        saved, rejected = await _save_uploads(files, settings)
        ingested = duplicate = extracted = 0
        if saved:
            with settings.lock, Workspace.open(settings.workspace, create=False) as ws:
                report, extracted = pipeline.add_articles(ws, saved)
            ingested, duplicate = report.ingested, report.duplicates
            rejected += [{"path": Path(o.path).name, "line": o.line, "reason": o.reason} for o in report.rejected]
        return {"ingested": ingested, "duplicate": duplicate, "extracted": extracted, "rejected": rejected}


async def _save_uploads(files: list[UploadFile], settings: Settings) -> tuple[list[Path], list[dict[str, Any]]]:
    """Save each upload under a generated name in the workspace's ``uploads/``; one over the size limit is
    rejected with the reason (and nothing of it kept)."""
    folder = settings.workspace / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    rejected: list[dict[str, Any]] = []
    for upload in files:
        name = _safe_name(upload.filename or "")
        target = folder / f"{uuid.uuid4().hex[:12]}-{name}"
        size, too_big = 0, False
        with target.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > settings.upload_limit:
                    too_big = True
                    break
                out.write(chunk)
        if too_big:
            target.unlink()
            reason = (f"larger than the upload limit of {settings.upload_limit / 1e6:g} MB; ingest it with "
                      "`detente ingest` instead")  # fmt: skip
            rejected.append({"path": name, "line": None, "reason": reason})
        else:
            saved.append(target)
    return saved, rejected
