"""The local dashboard (FastAPI): ``create_app(Settings(workspace=...))``; ``detente serve`` runs it with uvicorn.

FastAPI is imported when the app is asked for, not by ``detente.web.hosts`` (which every CLI start loads)."""

from __future__ import annotations

from typing import Any

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from detente.web import app

        return getattr(app, name)
    raise AttributeError(name)
