-- Alerts raised by the workspace's watch rules: one row per rule and item (an event's stable key, an actor id, a
-- forecast move), so that an item alerts once however often the rules are checked.
CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    rule        TEXT NOT NULL,
    item        TEXT NOT NULL,     -- event DOC:START:END:TYPE, actor:ID, forecast:SCENARIO:MODEL:ISSUE:WHEN
    what        TEXT NOT NULL,     -- one line: what matched
    document    TEXT,              -- the evidence's document id (none for a forecast move)
    sentence    TEXT,              -- the evidence's sentence
    raised_at   TEXT NOT NULL,
    UNIQUE (rule, item)
)
