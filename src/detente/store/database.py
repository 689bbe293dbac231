"""The two database backends of a workspace: embedded SQLite (the default) and a PostgreSQL server.

Both speak one small interface (``execute``, ``executemany``, ``transaction``, ``schema_version``) with the SQL
written once, in the subset the two share (``?`` placeholders, ``INSERT ... ON CONFLICT``, ``RETURNING``). The
PostgreSQL backend turns ``?`` into psycopg's ``%s`` and the few SQLite-only words of the migrations into their
PostgreSQL equivalents; its rows answer both ``row["name"]`` and ``row[0]``, like ``sqlite3.Row``.

Writers take turns in both: SQLite's ``BEGIN IMMEDIATE`` holds the database's write lock for the transaction, and
a PostgreSQL transaction begins once its session holds an advisory lock. Write transactions are short (one batch
of documents or extraction results), so two analysts ingesting and extracting at once interleave their batches;
readers are never blocked.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from detente.errors import StoreError

POSTGRES_SCHEMES = ("postgresql", "postgres")
# one key for every detente writer on a PostgreSQL database ("detente" in ASCII)
WRITE_LOCK = 0x646574656E7465


class Database(ABC):
    """A connection to a workspace's database."""

    dialect: str
    where: str  # for messages: the SQLite file, or the server's URL without its password

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns a cursor (iterate it, or ``fetchone``/``fetchall``; ``rowcount``)."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Database]:
        """One write transaction: committed on success, rolled back on any error, writers taking turns."""

    @property
    @abstractmethod
    def schema_version(self) -> int:
        """The number of the last migration applied (0 for an empty database)."""

    @abstractmethod
    def set_schema_version(self, number: int) -> None:
        """Record a migration as applied (inside the migration's transaction)."""

    def ddl(self, sql: str) -> str:
        """A migration statement in this database's dialect (the files are written in SQLite's)."""
        return sql

    def applies(self, statement: str) -> bool:
        """False for a migration statement marked ``-- only: <dialect>`` for the other backend."""
        marks = [line.split(":", 1)[1].strip() for line in statement.splitlines() if line.startswith("-- only:")]
        return not marks or self.dialect in marks

    @abstractmethod
    def close(self) -> None: ...


# -- SQLite --------------------------------------------------------------------------------------------------------
class SQLiteDatabase(Database):
    """The embedded default: one file in the workspace directory, in WAL mode."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.where = str(path)
        try:
            self.connection = sqlite3.connect(path, timeout=60.0, isolation_level=None)
            self.connection.row_factory = sqlite3.Row
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.connection.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as err:
            raise self._unusable(err) from err

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.connection.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        conn = self.connection
        try:
            conn.execute("BEGIN IMMEDIATE")  # waits up to the connection's timeout for another writer
        except sqlite3.OperationalError as err:
            raise StoreError(
                f"the workspace database is locked ({err})",
                where=self.where,
                fix="another detente process holds it for longer than a minute; wait for it to finish",
            ) from err
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        try:
            return int(self.connection.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as err:
            raise self._unusable(err) from err

    def _unusable(self, err: sqlite3.Error) -> StoreError:
        return StoreError(f"not a SQLite database, or cannot open it ({err})", where=self.where,
                          fix="point --workspace at a detente workspace directory or an empty one")  # fmt: skip

    def set_schema_version(self, number: int) -> None:
        self.connection.execute(f"PRAGMA user_version = {int(number)}")

    def close(self) -> None:
        self.connection.close()


# -- PostgreSQL ----------------------------------------------------------------------------------------------------
def is_postgres_url(url: str) -> bool:
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def redact(url: str) -> str:
    """The URL without its password (for messages and for the workspace's record of where its database is)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))


class Row(tuple[Any, ...]):
    """A result row read by position or by column name, as ``sqlite3.Row`` is."""

    names: dict[str, int]

    def __new__(cls, values: Sequence[Any], names: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row.names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _rows(cursor: Any) -> Any:
    names = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: Row(values, names)


_DDL = [
    (re.compile(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),  # SQLite's REAL is 8 bytes, PostgreSQL's 4
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),  # compare by code point, as SQLite does: same order on both
]


class PostgresDatabase(Database):
    """A PostgreSQL database (one per workspace, or one schema per workspace through ``options=-csearch_path=``)."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as err:
            raise StoreError("PostgreSQL workspaces need psycopg", where=redact(url),
                             fix="pip install 'detente[postgresql]'") from err  # fmt: skip
        self.where = redact(url)
        self._errors = psycopg.Error
        try:
            self.connection = psycopg.connect(url, autocommit=True, row_factory=_rows, connect_timeout=20)
        except psycopg.Error as err:
            raise StoreError(
                f"cannot connect to PostgreSQL ({' '.join(str(err).split())})",
                where=self.where,
                fix="check the URL (postgresql://USER@HOST:PORT/DATABASE), that the server runs and lets this user "
                "connect; give passwords in PGPASSWORD or ~/.pgpass rather than in the URL",
            ) from err

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        # the lock is taken before the transaction begins, not inside it: a transaction that began while waiting
        # would look tables up in the catalog as it was then, and miss the tables a migration just created
        self.connection.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK,))
        try:
            with self.connection.transaction():
                yield self
        finally:
            with suppress(self._errors):  # if the connection is gone, the session's lock went with it
                self.connection.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK,))

    @property
    def schema_version(self) -> int:
        exists = self.connection.execute("SELECT to_regclass('detente_schema') IS NOT NULL").fetchone()
        if exists is None or not exists[0]:
            return 0
        row = self.connection.execute("SELECT max(version) FROM detente_schema").fetchone()
        return int(row[0]) if row is not None and row[0] is not None else 0

    def set_schema_version(self, number: int) -> None:
        # inside a migration's transaction, under the write lock: no other process creates the table meanwhile
        self.connection.execute("CREATE TABLE IF NOT EXISTS detente_schema (version INTEGER NOT NULL)")
        self.connection.execute("DELETE FROM detente_schema")
        self.connection.execute("INSERT INTO detente_schema (version) VALUES (%s)", (number,))

    def ddl(self, sql: str) -> str:
        for pattern, replacement in _DDL:
            sql = pattern.sub(replacement, sql)
        return sql

    def close(self) -> None:
        self.connection.close()
