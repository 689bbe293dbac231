-- Extraction results: one row per mention of an actor, place or date, with its sentence.
CREATE TABLE extractions (
    document_id  TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    extracted_at TEXT NOT NULL,
    pipeline     TEXT NOT NULL
);

CREATE TABLE mentions (
    document_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('actor', 'place', 'date')),
    entity         TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    label          TEXT,
    sector         TEXT,
    resolved       INTEGER NOT NULL DEFAULT 1,
    value          TEXT,
    precision      TEXT
);

CREATE INDEX mentions_entity ON mentions(kind, entity);
CREATE INDEX mentions_document ON mentions(document_id);
