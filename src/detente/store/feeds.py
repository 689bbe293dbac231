"""What ``detente watch`` remembers in the workspace: each feed's validators (``ETag``, ``Last-Modified``) and each
item's state, so that a watch stopped at any point and started again fetches nothing twice and loses nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from detente.store.sql import utc_now
from detente.store.workspace import Workspace

INGESTED = "ingested"
REJECTED = "rejected"
FAILED = "failed"
DONE = (INGESTED, REJECTED)  # never fetched again; a failed item is tried again at the next poll
MAX_ATTEMPTS = 3  # a page that failed this often is given up (rejected)


class FeedStore:
    """The feed tables of one workspace (migration 0007)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        """The feed's last ``ETag`` and ``Last-Modified`` (None each when never fetched)."""
        row = self.workspace.connection.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)
        ).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def checked(self, feed: str, *, etag: str | None, last_modified: str | None, error: str | None = None) -> None:
        """Record a poll of ``feed``: its new validators (kept when the poll failed) and the error, if any."""
        with self.workspace.transaction() as conn:
            conn.execute(
                "INSERT INTO feeds (url, etag, last_modified, checked_at, error) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at, error = excluded.error,"
                " etag = COALESCE(excluded.etag, feeds.etag),"
                " last_modified = COALESCE(excluded.last_modified, feeds.last_modified)",
                (feed, etag, last_modified, utc_now(), error),
            )

    def pending(self, keys: Sequence[str]) -> set[str]:
        """The keys among ``keys`` still to fetch: never seen, or failed fewer than :data:`MAX_ATTEMPTS` times."""
        done: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.workspace.connection.execute(
                f"SELECT item_key, state, attempts FROM feed_items WHERE item_key IN ({marks})",
                tuple(chunk),
            ).fetchall()
            done |= {r["item_key"] for r in rows if r["state"] in DONE or r["attempts"] >= MAX_ATTEMPTS}
        return {k for k in keys if k not in done}

    def record(self, items: Iterable[tuple[str, str, str, str, str | None]]) -> None:
        """Record items as ``(key, feed, url, state, reason)``, counting each attempt."""
        now = utc_now()
        rows = [(key, feed, url, state, reason, now) for key, feed, url, state, reason in items]
        with self.workspace.transaction() as conn:
            conn.executemany(
                "INSERT INTO feed_items (item_key, feed, url, state, reason, attempts, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (item_key) DO UPDATE SET state = excluded.state,"
                " reason = excluded.reason, attempts = feed_items.attempts + 1, updated_at = excluded.updated_at",
                rows,
            )

    def counts(self) -> dict[str, int]:
        """How many items are in each state."""
        rows = self.workspace.connection.execute("SELECT state, COUNT(*) AS n FROM feed_items GROUP BY state")
        return {r["state"]: int(r["n"]) for r in rows}
