-- Events (PLOVER-coded), relations stated outright, and the knowledge-base extensions the extraction used.
CREATE TABLE events (
    document_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    type            TEXT NOT NULL,
    mode            TEXT,
    source          TEXT NOT NULL,  -- JSON list of actor ids
    target          TEXT NOT NULL,  -- JSON list of actor ids
    trigger         TEXT NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL,
    date            TEXT,
    date_precision  TEXT,
    date_from       TEXT,
    place           TEXT,
    confidence      REAL NOT NULL,
    negated         INTEGER NOT NULL,
    hypothetical    INTEGER NOT NULL,
    claimed         INTEGER NOT NULL,
    reported_by     TEXT NOT NULL,  -- JSON list of actor ids
    score           REAL NOT NULL,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX events_type ON events(type);

CREATE TABLE stated_relations (
    document_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('backs', 'ally', 'enemy')),
    source          TEXT NOT NULL,
    target          TEXT NOT NULL,
    cue             TEXT NOT NULL,
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    sentence_start  INTEGER NOT NULL,
    sentence_end    INTEGER NOT NULL
);
CREATE INDEX stated_relations_document ON stated_relations(document_id);

CREATE TABLE kb_extensions (
    name    TEXT PRIMARY KEY,
    text    TEXT NOT NULL,
    added   TEXT NOT NULL
);
