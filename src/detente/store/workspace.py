"""The workspace: a directory and its database, versioned by the number of the last migration applied.

The database is embedded SQLite (``detente.sqlite`` in the directory) by default, or a PostgreSQL database given
as ``postgresql://...`` when the workspace is made, for several analysts on one workspace; the directory then
records where its database is (``workspace.json``, never with a password) and keeps only files (Parquet
partitions, uploads). Migrations are the numbered SQL files in ``store/migrations``; opening a workspace applies
the ones it lacks, each in its own transaction. Writes go through :meth:`Workspace.transaction`, so an interrupted
run leaves the database as it was after the last committed batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import StoreError
from detente.model.article import Article
from detente.store.database import Database, PostgresDatabase, SQLiteDatabase, is_postgres_url, redact
from detente.store.sql import chunks, marks, utc_now

DB_NAME = "detente.sqlite"
CONFIG_NAME = "workspace.json"


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files("detente.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = max(number for number, _ in _migrations())


def _stored_database(root: Path) -> str | None:
    """The database URL a workspace directory records, if it records one."""
    config = root / CONFIG_NAME
    if not config.is_file():
        return None
    url: object = None
    try:
        url = json.loads(config.read_text(encoding="utf-8")).get("database")
    except (OSError, ValueError, AttributeError) as err:
        url = err
    if not isinstance(url, str) or not is_postgres_url(url):
        raise StoreError(
            f"unreadable workspace settings ({url!r})",
            where=str(config),
            fix='the file holds {"database": "postgresql://USER@HOST/DATABASE"}; mend it, or remove it for an '
            "embedded SQLite workspace",
        )
    return url


def _server_url(root: Path, database: str | None) -> str | None:
    """Which PostgreSQL database the workspace at ``root`` uses (None: its embedded SQLite file)."""
    stored = _stored_database(root)
    if database is None:
        return stored
    asked = None if database.startswith("sqlite") else database
    if asked is not None and not is_postgres_url(asked):
        raise StoreError(f"unknown database URL {redact(asked)!r}", where=str(root),
                         fix="give postgresql://USER@HOST:PORT/DATABASE, or leave out --db for SQLite")  # fmt: skip
    if stored is not None and (asked is None or redact(asked) != redact(stored)):
        raise StoreError(f"this workspace's database is {redact(stored)}, not {redact(asked) if asked else 'SQLite'}",
                         where=str(root), fix="leave out --db, or use another --workspace directory")  # fmt: skip
    if stored is None and asked is not None and (root / DB_NAME).exists():
        raise StoreError("this directory holds an embedded SQLite workspace", where=str(root),
                         fix="give another --workspace directory for the PostgreSQL one")  # fmt: skip
    return asked  # as given: it may carry a password that the directory's record leaves out


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole under a temporary name, then rename it: a reader never sees it half-written, and a killed
    writer leaves only a ``*.tmp`` file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _remember(root: Path, url: str) -> None:
    """Record in the directory which database the workspace uses (without the password)."""
    config = root / CONFIG_NAME
    if config.is_file():
        return
    try:
        write_atomically(config, (json.dumps({"database": redact(url)}, indent=2) + "\n").encode())
    except OSError as err:
        raise StoreError(f"cannot write the workspace settings ({err})", where=str(config),
                         fix="check that the directory is writable") from err  # fmt: skip


class Workspace:
    """A workspace directory and its open database."""

    def __init__(self, root: Path, connection: Database) -> None:
        self.root = root
        self.connection = connection

    # -- opening -------------------------------------------------------------------------------------
    @classmethod
    def open(cls, root: str | Path, *, create: bool = True, database: str | None = None) -> Workspace:
        """Open the workspace at ``root``, creating it (when ``create``) and migrating it to the current schema.

        ``database``: a ``postgresql://`` URL for a workspace whose database is on a server (remembered by the
        directory, so later openings need not repeat it); ``None`` for the one the directory records, or SQLite.
        """
        root = Path(root)
        url = _server_url(root, database)
        if url is None:
            db_path = root / DB_NAME
            if not db_path.exists() and not create:
                raise StoreError(
                    "no workspace here", where=str(root), fix="run `detente ingest PATH --workspace DIR` first"
                )
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot make the workspace directory ({err})", where=str(root),
                                 fix="check that the parent directory exists and is writable") from err  # fmt: skip
            connection: Database = SQLiteDatabase(db_path)
        else:
            connection = PostgresDatabase(url)
            if not create and connection.schema_version == 0:
                connection.close()
                raise StoreError("no workspace in this database", where=redact(url),
                                 fix="run `detente ingest PATH --workspace DIR --db URL` first")  # fmt: skip
            _remember(root, url)
        workspace = cls(root, connection)
        try:
            workspace._migrate()
        except BaseException:
            connection.close()
            raise
        return workspace

    @property
    def database(self) -> str:
        """Where the workspace's database is: the SQLite file, or the server URL without password."""
        return self.connection.where

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.connection.schema_version

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"schema version {current} is newer than this detente understands ({SCHEMA_VERSION})",
                where=self.database,
                fix="upgrade detente",
            )
        for number, sql in _migrations():
            if number <= current:
                continue
            with self.transaction() as conn:
                if conn.schema_version >= number:  # another process migrated while this one waited its turn
                    continue
                for statement in sql.split(";\n"):
                    if statement.strip() and conn.applies(statement):
                        conn.execute(conn.ddl(statement))
                conn.set_schema_version(number)

    def transaction(self) -> AbstractContextManager[Database]:
        """One write transaction: committed on success, rolled back on any error; writers take turns."""
        return self.connection.transaction()

    # -- documents -----------------------------------------------------------------------------------
    def add_documents(self, conn: Database, articles: Iterable[Article]) -> list[bool]:
        """Insert articles inside an open transaction; returns, per article, True if new, False if a duplicate."""
        added = []
        now = utc_now()
        for article in articles:
            cursor = conn.execute(
                "INSERT INTO documents (id, text, title, byline, source, url, published,"
                " published_source, path, line, format, n_chars, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
                "INSERT INTO document_sources (document_id, path, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (article.id, article.path, article.line or 0),
            )
            added.append(cursor.rowcount == 1)
        return added

    def redate_documents(self, conn: Database, articles: Iterable[Article]) -> list[bool]:
        """Give stored documents the ``--date`` of these (already stored) articles where the stored date came from
        ``--date``, from the page's text, or is missing (only a file's metadata outranks ``--date``); returns, per
        article, True where the date changed."""
        changed = []
        for article in articles:
            day = article.published.isoformat() if article.published else None
            if article.published_source != "cli" or day is None:
                changed.append(False)
                continue
            cursor = conn.execute(
                "UPDATE documents SET published = ?, published_source = 'cli' WHERE id = ?"
                " AND published_source IN ('cli', 'text', 'none') AND (published IS NULL OR published <> ?)",
                (day, article.id, day),
            )
            changed.append(cursor.rowcount == 1)
        return changed

    def start_run(self) -> int:
        with self.transaction() as conn:
            row = conn.execute("INSERT INTO ingest_runs (started_at) VALUES (?) RETURNING id", (utc_now(),)).fetchone()
            return int(row[0])

    def record_rejections(self, conn: Database, run_id: int, rejections: Iterable[tuple[str, int | None, str]]) -> None:
        conn.executemany(
            "INSERT INTO rejections (run_id, path, line, reason) VALUES (?, ?, ?, ?)",
            [(run_id, path, line, reason) for path, line, reason in rejections],
        )

    def finish_run(self, run_id: int, *, ingested: int, duplicate: int, rejected: int) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE ingest_runs SET finished_at = ?, ingested = ?, duplicate = ?, rejected = ? WHERE id = ?",
                (utc_now(), ingested, duplicate, rejected, run_id),
            )

    def count_documents(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def documents(self) -> list[Article]:
        """All documents, ordered by publication date (undated last), then path."""
        rows = self.connection.execute(
            "SELECT * FROM documents ORDER BY published IS NULL, published, path, line"
        ).fetchall()
        return [_article(row) for row in rows]

    def document_ids(self) -> list[str]:
        """Every document's id, in id order (without reading their texts)."""
        return [row[0] for row in self.connection.execute("SELECT id FROM documents ORDER BY id")]

    def change_stamp(self) -> tuple[object, ...]:
        """A value that changes when documents are added or extracted: the key for caches of what is built from
        the workspace (shared workspaces included: it reads the database, not this process's memory)."""
        row = self.connection.execute(
            "SELECT (SELECT COUNT(*) FROM documents), COUNT(*), MAX(extracted_at) FROM extractions"
        ).fetchone()
        return tuple(row)

    def documents_by_id(self, ids: list[str]) -> list[Article]:
        """The documents with these ids, in that order (for fetching one batch at a time)."""
        found: dict[str, Article] = {}
        for chunk in chunks(ids):
            rows = self.connection.execute(
                f"SELECT * FROM documents WHERE id IN ({marks(len(chunk))})", chunk
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


def _article(row: Any) -> Article:
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
