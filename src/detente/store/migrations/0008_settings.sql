-- Workspace settings chosen by the analyst and kept with the workspace (e.g. the spaCy model extraction uses).
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
)
