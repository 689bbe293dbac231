"""The workspace: a directory holding ``detente.sqlite``, versioned by ``PRAGMA user_version``.

Migrations are the numbered SQL files in ``store/migrations``; opening a workspace applies the ones it lacks,
each in its own transaction. Writes go through :meth:`Workspace.transaction`, so an interrupted run leaves the
database as it was after the last committed batch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from detente.errors import StoreError
from detente.model.article import Article
from detente.model.event import Event, StatedRelation
from detente.model.mention import Mention

DB_NAME = "detente.sqlite"


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("detente.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = max(number for number, _ in _migrations())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Workspace:
    """A workspace directory and its open database connection."""

    def __init__(self, root: Path, connection: sqlite3.Connection) -> None:
        self.root = root
        self.connection = connection

    # -- opening -------------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: str | Path, *, create: bool = True) -> Workspace:
        """Open the workspace at ``root``, creating it (when ``create``) and migrating it to the current schema."""
        root = Path(root)
        db_path = root / DB_NAME
        if not db_path.exists() and not create:
            raise StoreError(
                "no workspace here", where=str(root), fix="run `detente ingest PATH --workspace DIR` first"
            )
        try:
            root.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(db_path, timeout=30.0, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
        except (OSError, sqlite3.Error) as err:
            raise StoreError(
                f"cannot open the workspace database ({err})",
                where=str(db_path),
                fix="check that the directory is writable and the file is a detente workspace",
            ) from err
        workspace = cls(root, connection)
        workspace._migrate()
        return workspace

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        try:
            current = self.schema_version
        except sqlite3.DatabaseError as err:
            raise StoreError(
                f"not a SQLite database ({err})",
                where=str(self.root / DB_NAME),
                fix="point --workspace at a detente workspace directory or an empty one",
            ) from err
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"schema version {current} is newer than this detente understands ({SCHEMA_VERSION})",
                where=str(self.root / DB_NAME),
                fix="upgrade detente",
            )
        for number, sql in _migrations():
            if number <= current:
                continue
            with self.transaction() as conn:
                for statement in sql.split(";\n"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        conn = self.connection
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StoreError(
                f"the workspace database is locked ({err})",
                where=str(self.root / DB_NAME),
                fix="wait for the other detente process to finish",
            ) from err
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    # -- documents -----------------------------------------------------------------------------------
    def add_documents(self, conn: sqlite3.Connection, articles: Iterable[Article]) -> list[bool]:
        """Insert articles inside an open transaction; returns, per article, True if new, False if a duplicate."""
        added = []
        now = _now()
        for article in articles:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO documents (id, text, title, byline, source, url, published,"
                " published_source, path, line, format, n_chars, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.text,
                    article.title,
                    article.byline,
                    article.source,
                    article.url,
                    article.published.isoformat() if article.published else None,
                    article.published_source,
                    article.path,
                    article.line,
                    article.format,
                    len(article.text),
                    now,
                ),
            )
            conn.execute(
                "INSERT OR IGNORE INTO document_sources (document_id, path, line) VALUES (?, ?, ?)",
                (article.id, article.path, article.line or 0),
            )
            added.append(cursor.rowcount == 1)
        return added

    def start_run(self) -> int:
        with self.transaction() as conn:
            cursor = conn.execute("INSERT INTO ingest_runs (started_at) VALUES (?)", (_now(),))
            return int(cursor.lastrowid or 0)

    def record_rejections(
        self, conn: sqlite3.Connection, run_id: int, rejections: Iterable[tuple[str, int | None, str]]
    ) -> None:
        conn.executemany(
            "INSERT INTO rejections (run_id, path, line, reason) VALUES (?, ?, ?, ?)",
            [(run_id, path, line, reason) for path, line, reason in rejections],
        )

    def finish_run(self, run_id: int, *, ingested: int, duplicate: int, rejected: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE ingest_runs SET finished_at = ?, ingested = ?, duplicate = ?, rejected = ? WHERE id = ?",
                (_now(), ingested, duplicate, rejected, run_id),
            )

    def count_documents(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def documents(self) -> list[Article]:
        """All documents, ordered by publication date (undated last), then path."""
        rows = self.connection.execute(
            "SELECT * FROM documents ORDER BY published IS NULL, published, path, line"
        ).fetchall()
        return [_article(row) for row in rows]

    def documents_by_id(self, ids: list[str]) -> list[Article]:
        """The documents with these ids, in that order (for fetching one batch at a time)."""
        found: dict[str, Article] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.connection.execute(
                f"SELECT * FROM documents WHERE id IN ({_marks(len(chunk))})", chunk
            ).fetchall()
            found.update((row["id"], _article(row)) for row in rows)
        return [found[i] for i in ids if i in found]

    def document(self, key: str) -> Article:
        """One document by id, id prefix (at least 6 hex digits) or input path."""
        rows = self.connection.execute(
            "SELECT * FROM documents WHERE id LIKE ? OR path = ? LIMIT 3",
            (key + "%" if len(key) >= 6 else key, key),
        ).fetchall()
        if not rows:
            raise StoreError(
                f"no document matches {key!r}",
                where=str(self.root),
                fix="list the documents with `detente docs list` and use an id prefix from there",
            )
        if len(rows) > 1:
            raise StoreError(f"{key!r} matches several documents", where=str(self.root), fix="give a longer id prefix")
        return _article(rows[0])

    def document_sources(self, document_id: str) -> list[tuple[str, int | None]]:
        rows = self.connection.execute(
            "SELECT path, line FROM document_sources WHERE document_id = ? ORDER BY path, line",
            (document_id,),
        ).fetchall()
        return [(row["path"], row["line"] or None) for row in rows]

    def rejections(self, run_id: int | None = None) -> list[tuple[str, int | None, str]]:
        query = "SELECT path, line, reason FROM rejections"
        args: tuple[int, ...] = ()
        if run_id is not None:
            query += " WHERE run_id = ?"
            args = (run_id,)
        return [(r["path"], r["line"], r["reason"]) for r in self.connection.execute(query, args).fetchall()]


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        byline=row["byline"],
        source=row["source"],
        url=row["url"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        published_source=row["published_source"],
        path=row["path"],
        line=row["line"],
        format=row["format"],
    )


# -- mentions ----------------------------------------------------------------------------------------------------
_MENTION_COLUMNS = ("kind", "entity", "start", "end", "text", "sentence_start", "sentence_end", "label", "sector",
                    "resolved", "value", "precision")  # fmt: skip


def save_mentions(
    conn: sqlite3.Connection,
    document_id: str,
    mentions: Iterable[Mention],
    pipeline: str,
    *,
    events: Iterable[Event] = (),
    relations: Iterable[StatedRelation] = (),
) -> None:
    """Replace a document's mentions (inside an open transaction): re-extraction never duplicates."""
    conn.execute("DELETE FROM mentions WHERE document_id = ?", (document_id,))
    conn.executemany(
        "INSERT INTO mentions (document_id, kind, entity, start, end, text, sentence_start, sentence_end, label,"
        " sector, resolved, value, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(document_id, m.kind, m.entity, m.start, m.end, m.text, m.sentence_start, m.sentence_end, m.label,
          m.sector, int(m.resolved), m.value.isoformat() if m.value else None, m.precision) for m in mentions],
    )  # fmt: skip
    conn.execute("DELETE FROM events WHERE document_id = ?", (document_id,))
    conn.executemany(
        f"INSERT INTO events (document_id, seq, {', '.join(_EVENT_COLUMNS)})"
        f" VALUES ({_marks(len(_EVENT_COLUMNS) + 2)})",
        [(document_id, seq, *(_to_sql(getattr(e, c)) for c in _EVENT_COLUMNS)) for seq, e in enumerate(events)],
    )
    conn.execute("DELETE FROM stated_relations WHERE document_id = ?", (document_id,))
    conn.executemany(
        f"INSERT INTO stated_relations (document_id, {', '.join(_RELATION_COLUMNS)})"
        f" VALUES ({_marks(len(_RELATION_COLUMNS) + 1)})",
        [(document_id, *(getattr(r, c) for c in _RELATION_COLUMNS)) for r in relations],
    )
    conn.execute(
        "INSERT OR REPLACE INTO extractions (document_id, extracted_at, pipeline) VALUES (?, ?, ?)",
        (document_id, _now(), pipeline),
    )


def load_mentions(workspace: Workspace, kind: str | None = None) -> list[tuple[str, Mention]]:
    query = f"SELECT document_id, {', '.join(_MENTION_COLUMNS)} FROM mentions"
    args: tuple[str, ...] = ()
    if kind is not None:
        query += " WHERE kind = ?"
        args = (kind,)
    rows = workspace.connection.execute(query + " ORDER BY document_id, start", args).fetchall()
    out = []
    for row in rows:
        values = {c: row[c] for c in _MENTION_COLUMNS}
        values["resolved"] = bool(values["resolved"])
        values["value"] = date.fromisoformat(values["value"]) if values["value"] else None
        out.append((row["document_id"], Mention(**values)))
    return out


def extracted_documents(workspace: Workspace, *, pipeline: str | None = None) -> set[str]:
    """Documents extracted already (by ``pipeline``, when given: others need extracting again)."""
    if pipeline is None:
        rows = workspace.connection.execute("SELECT document_id FROM extractions").fetchall()
    else:
        rows = workspace.connection.execute(
            "SELECT document_id FROM extractions WHERE pipeline = ?", (pipeline,)
        ).fetchall()
    return {r[0] for r in rows}


# -- events and stated relations ------------------------------------------------------------------------------------
_EVENT_COLUMNS = ("type", "mode", "source", "target", "trigger", "start", "end", "sentence_start", "sentence_end",
                  "date", "date_precision", "date_from", "place", "confidence", "negated", "hypothetical", "claimed",
                  "reported_by", "score")  # fmt: skip
_RELATION_COLUMNS = ("kind", "source", "target", "cue", "start", "end", "sentence_start", "sentence_end")


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _to_sql(value: object) -> object:
    if isinstance(value, tuple):
        return json.dumps(list(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def load_events(workspace: Workspace) -> list[tuple[str, Event]]:
    rows = workspace.connection.execute(
        f"SELECT document_id, {', '.join(_EVENT_COLUMNS)} FROM events ORDER BY document_id, seq"
    ).fetchall()
    out = []
    for row in rows:
        values = {c: row[c] for c in _EVENT_COLUMNS}
        for c in ("source", "target", "reported_by"):
            values[c] = tuple(json.loads(values[c]))
        values["date"] = date.fromisoformat(values["date"]) if values["date"] else None
        out.append((row["document_id"], Event(**values)))
    return out


def load_stated_relations(workspace: Workspace) -> list[tuple[str, StatedRelation]]:
    rows = workspace.connection.execute(
        f"SELECT document_id, {', '.join(_RELATION_COLUMNS)} FROM stated_relations ORDER BY document_id, start"
    ).fetchall()
    return [(row["document_id"], StatedRelation(**{c: row[c] for c in _RELATION_COLUMNS})) for row in rows]


# -- knowledge-base extensions ------------------------------------------------------------------------------------
def save_kb_extensions(workspace: Workspace, extensions: Iterable[tuple[str, str]]) -> None:
    """Record the users' knowledge-base files (name, YAML text) with the workspace, replacing earlier ones."""
    with workspace.transaction() as conn:
        conn.execute("DELETE FROM kb_extensions")
        conn.executemany("INSERT INTO kb_extensions (name, text, added) VALUES (?, ?, ?)",
                         [(name, text, _now()) for name, text in extensions])  # fmt: skip


def kb_extensions(workspace: Workspace) -> tuple[tuple[str, str], ...]:
    rows = workspace.connection.execute("SELECT name, text FROM kb_extensions ORDER BY name").fetchall()
    return tuple((row["name"], row["text"]) for row in rows)
