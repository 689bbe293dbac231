-- Analysts' corrections, applied on top of every extraction when the conflict system is assembled. An event is
-- named by a stable key (document id, trigger offsets, extracted type), never by its sequence number, so that a
-- correction survives re-extraction and a new pipeline version. Undoing keeps the row and marks it undone.
CREATE TABLE corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,     -- reject, type, source, target, merge, alias, date
    subject     TEXT NOT NULL,     -- event key DOC:START:END:TYPE, actor id, alias text or document id
    value       TEXT NOT NULL,     -- JSON: the corrected value (null for a rejection)
    author      TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    reason      TEXT,
    undone_at   TEXT,
    undone_by   TEXT
);
CREATE INDEX corrections_kind ON corrections (kind, undone_at)
