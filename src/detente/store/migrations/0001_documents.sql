-- Documents, where each came from, and the record of every ingest run.
CREATE TABLE documents (
    id               TEXT PRIMARY KEY,          -- SHA-256 of the normalised body text
    text             TEXT NOT NULL,
    title            TEXT,
    byline           TEXT,
    source           TEXT,                      -- outlet name
    url              TEXT,
    published        TEXT,                      -- ISO date or NULL
    published_source TEXT NOT NULL CHECK (published_source IN ('metadata', 'text', 'cli', 'none')),
    path             TEXT NOT NULL,             -- the input path it was first read from
    line             INTEGER,                   -- line number for JSONL inputs
    format           TEXT NOT NULL CHECK (format IN ('text', 'html', 'jsonl')),
    n_chars          INTEGER NOT NULL,
    ingested_at      TEXT NOT NULL
);

-- Every input that yielded a document, duplicates included: nothing read is unaccounted for.
CREATE TABLE document_sources (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path        TEXT NOT NULL,
    line        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, path, line)
);

CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    ingested    INTEGER NOT NULL DEFAULT 0,
    duplicate   INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE rejections (
    run_id INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
    path   TEXT NOT NULL,
    line   INTEGER,
    reason TEXT NOT NULL
);

CREATE INDEX documents_published ON documents(published);
