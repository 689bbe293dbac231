"""The local dashboard (FastAPI): ``create_app(Settings(workspace=...))``; ``detente serve`` runs it with uvicorn."""

from detente.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
