"""Storage: the workspace directory and its database (SQLite, or PostgreSQL). No domain logic lives here."""

from detente.store.corrections import add_correction, load_corrections, undo_correction
from detente.store.database import Database
from detente.store.extractions import (
    extracted_documents,
    kb_extensions,
    load_events,
    load_mentions,
    load_stated_relations,
    save_extractions,
    save_kb_extensions,
)
from detente.store.forecasts import load_forecasts, save_forecasts, scenario_key
from detente.store.settings import get_setting, set_setting
from detente.store.workspace import SCHEMA_VERSION, Workspace

__all__ = [
    "SCHEMA_VERSION",
    "Database",
    "Workspace",
    "add_correction",
    "extracted_documents",
    "get_setting",
    "kb_extensions",
    "load_corrections",
    "load_events",
    "load_forecasts",
    "load_mentions",
    "load_stated_relations",
    "save_extractions",
    "save_forecasts",
    "save_kb_extensions",
    "scenario_key",
    "set_setting",
    "undo_correction",
]
