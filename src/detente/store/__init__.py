"""Storage: the workspace directory and its SQLite database. No domain logic lives here."""

from detente.store.workspace import (
    SCHEMA_VERSION,
    Workspace,
    extracted_documents,
    load_mentions,
    save_mentions,
)

__all__ = ["SCHEMA_VERSION", "Workspace", "extracted_documents", "load_mentions", "save_mentions"]
