"""Opening a state database for the first time in a process: check it is ours, migrate it.

SQLite. An existing file is opened only if it is a state database (our tables, a known
version): a 0-byte, garbage or foreign file is a ``StateError`` naming it, never silently
replaced by an empty database (which would re-post every channel's digest backfill). A
new database is built in a temporary file next to ``IOM_BOT_DB`` and linked into place
only if no file appeared there meanwhile, so a second process starting at the same moment
never sees a half-made one. ``BEGIN IMMEDIATE`` takes the write lock before reading
``user_version``, so two workers migrating together cannot both apply the same step.

PostgreSQL. The version is the row of ``iom_bot_schema``; the migration runs inside the
write advisory lock (``bot.state.engine.write_transaction``), so starters on any number of
hosts apply each step once. A database may hold other applications' tables (the OAuth
installation store's, for one); only ours must all be there.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
import uuid
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.state.engine import Database, one_line, sqlite_engine, write_transaction
from bot.state.errors import StateError
from bot.state.migrations import MIGRATIONS, SCHEMA_VERSION, statements_for, tables_at

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATE_ATTEMPTS = 1000  # retries of "locked" while several processes start at once …
MIGRATE_DEADLINE = 15.0  # … for at most this long in all, then a one-line error
MIGRATE_WAIT = 2.0  # how long one attempt waits for another connection's write lock


def migrate(db: Database) -> int:
    """Bring the schema up to date; safe when several processes start at once."""
    if db.dialect == "postgresql":
        return _migrate_postgres(db)
    deadline = time.monotonic() + MIGRATE_DEADLINE
    for _ in range(MIGRATE_ATTEMPTS):
        left = deadline - time.monotonic()
        try:
            return _migrate_sqlite_once(db, timeout=max(0.05, min(MIGRATE_WAIT, left)))
        except _Locked:
            if time.monotonic() >= deadline:
                break
            time.sleep(0.02 + random.random() * 0.08)
    raise StateError(
        f"the state database {db.where} stayed locked by another process for "
        f"{MIGRATE_DEADLINE:g} s (a backup or an sqlite3 shell holding it?); nothing changed"
    )


class _Locked(Exception):
    """SQLite said "locked": another starter holds the file; try again."""


def _driver_text(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc)


def _migrate_sqlite_once(db: Database, timeout: float) -> int:
    assert db.path is not None
    path = db.path
    try:
        if not path.exists():
            _create(path)
        _check_file(path)
        with db.connection(timeout=timeout) as conn:
            _inspect(conn, db)  # before changing anything in a file that may not be ours
            conn.exec_driver_sql("PRAGMA journal_mode = WAL")
            with write_transaction(conn):
                _upgrade(conn, db)
            return SCHEMA_VERSION
    except (DBAPIError, sqlite3.OperationalError) as exc:
        if "locked" in _driver_text(exc):
            raise _Locked from None
        raise StateError(_explain(exc, db)) from None
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise StateError(_explain(exc, db)) from None


def _upgrade(conn: Connection, db: Database) -> None:
    """Inside the migration transaction: check what the file is, then bring it up to date."""
    version = _inspect(conn, db)
    for number in range(version, SCHEMA_VERSION):
        for statement in statements_for(MIGRATIONS[number], db.dialect):
            conn.exec_driver_sql(statement)
    if db.dialect == "sqlite":
        # Always a write, so a read-only file or directory is found here, at start-up.
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    else:
        conn.exec_driver_sql(f"UPDATE iom_bot_schema SET version = {SCHEMA_VERSION}")


def version_of(conn: Connection) -> int:
    if conn.dialect.name == "sqlite":
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    return int(conn.exec_driver_sql("SELECT version FROM iom_bot_schema").scalar_one())


def _tables(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    return {str(r[0]) for r in conn.exec_driver_sql(sql)}


def _inspect(conn: Connection, db: Database) -> int:
    """The database's schema version, or StateError if it is not (a version of) ours."""
    version = version_of(conn)
    if version > SCHEMA_VERSION:
        raise StateError(
            f"{db.where} has schema version {version}; this iom-bot knows "
            f"{SCHEMA_VERSION}. Upgrade iom-bot or use another IOM_BOT_DB."
        )
    present = _tables(conn) - {"iom_bot_schema"}
    # SQLite version 0 with nothing in it at all is a file a start-up died in before the
    # first step committed: there is no state to lose. Anything else must be ours.
    missing = tables_at(version) - present
    foreign = db.dialect == "sqlite" and version == 0 and bool(present)
    if foreign or missing:
        raise StateError(
            f"{db.where} is not an iom-bot state database ("
            + (f"no {', '.join(sorted(missing))} table" if missing else "other tables")
            + "). Point IOM_BOT_DB at the bot's database, or restore it from a backup."
        )
    return version


def _migrate_postgres(db: Database) -> int:
    try:
        with db.connection(timeout=MIGRATE_DEADLINE) as conn, write_transaction(conn):
            conn.exec_driver_sql(
                "CREATE TABLE IF NOT EXISTS iom_bot_schema (version INTEGER NOT NULL)"
            )
            if conn.exec_driver_sql("SELECT count(*) FROM iom_bot_schema").scalar_one() == 0:
                conn.exec_driver_sql("INSERT INTO iom_bot_schema VALUES (0)")
            _upgrade(conn, db)
        return SCHEMA_VERSION
    except StateError:
        raise
    except SQLAlchemyError as exc:
        raise StateError(
            f"cannot open the state database {db.where}: {db.scrub(_short(exc))}"
        ) from None


def _short(exc: BaseException) -> str:
    text = _driver_text(exc)
    return one_line(text.split("(Background on this error")[0])


def _check_file(path: Path) -> None:
    """An existing file must at least be an SQLite database (it may be ours)."""
    if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the open
        raise StateError(f"{path} is not a regular file; IOM_BOT_DB must name a file")
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        raise StateError(
            f"{path} is empty (0 bytes): the state database was lost or truncated. "
            "Restore it from a backup; to start afresh (every subscribed channel gets its "
            "backfill again), delete the file."
        )
    if head != SQLITE_HEADER:
        raise StateError(
            f"{path} is not an SQLite database. Point IOM_BOT_DB at the bot's "
            "database, or restore it from a backup."
        )


def _create(path: Path) -> None:
    """Build a new database next to ``path`` and link it into place only if still absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        open(tmp, "xb").close()  # PermissionError here: a read-only directory
        engine = sqlite_engine(tmp, create=True)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA journal_mode = WAL")
                with write_transaction(conn):
                    _upgrade(conn, Database(tmp))
        finally:
            engine.dispose()
        try:
            os.link(tmp, path)  # fails if another process got there first: use theirs
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def _explain(exc: BaseException, db: Database) -> str:
    text = _short(exc)
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text:
        return (
            f"cannot write the state database {db.where} (read-only file or directory; "
            "the bot needs to write the file and create files next to it)"
        )
    if "not a database" in text:
        return f"{db.where} is not an SQLite database ({text})"
    return f"cannot open the state database {db.where}: {text}"
