-- Feeds followed by `detente watch`: each source's conditional-request validators, and each item seen, so that a
-- watch killed and started again fetches nothing twice and loses nothing. An item's state: 'ingested' (its page
-- is in the documents), 'rejected' (fetched, no article: reason says why) or 'failed' (tried again next poll).
CREATE TABLE feeds (
    url             TEXT PRIMARY KEY,
    etag            TEXT,
    last_modified   TEXT,
    checked_at      TEXT,
    error           TEXT
);
CREATE TABLE feed_items (
    item_key        TEXT PRIMARY KEY,   -- the feed's entry id, else its link
    feed            TEXT NOT NULL,
    url             TEXT NOT NULL,
    state           TEXT NOT NULL,
    reason          TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);
CREATE INDEX feed_items_feed ON feed_items (feed)
