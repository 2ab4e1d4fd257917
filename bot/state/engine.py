"""How the state database is reached: SQLAlchemy Core engines for an SQLite file or PostgreSQL.

``IOM_BOT_DB`` is a file path (SQLite, the embedded default) or a ``postgresql://`` URL
(psycopg 3), with which any number of processes on any number of hosts share one state.

Every connection is in autocommit mode and callers open transactions explicitly
(``write_transaction``), exactly as the stdlib ``sqlite3`` code did before, so one
statement (an event claim) is one round trip and a transaction is visible in the code.

SQLite: no pool (``NullPool``); each operation opens the file ``mode=rw`` (a database
deleted under a running bot is an error, never silently recreated) with its own busy
timeout, so the ack path can wait less than the digest does. PostgreSQL: likewise one
engine per (timeout, durability), each with a small pool per process, re-made after a fork
(gunicorn forks the master's engine into its workers); the timeout and durability are the
connection's ``statement_timeout`` and ``synchronous_commit`` from its start, so a
statement never costs an extra round trip to set them. Event claims (the ack path) get an
engine of their own whose pool keeps enough connections for a burst, so an ack does not
wait for a new server connection. A URL's password never leaves this module: ``where`` and every message name the
database with the password masked.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT = 10.0  # seconds an operation waits for another connection's lock
PG_POOL_SIZE = 5  # connections kept per engine and process; with overflow, at most 15
PG_MAX_OVERFLOW = 10
# Event claims (durable=False, a short timeout): every request's ack. A connection beyond
# the pool is closed when returned, so a pool smaller than a burst of acks made some acks
# open a server connection (a new backend process) first: keep the burst's connections.
PG_CLAIM_POOL_SIZE = 10
PG_CLAIM_MAX_OVERFLOW = 6
# A pooled connection unused for this long is pinged before it is handed out (a server
# restart or an idle timeout may have closed it). One used more recently is not: a ping on
# every checkout was a second round trip on every ack. If such a connection did die, the
# statement fails (an event claim: 503, and Slack delivers the event again) and the pool
# replaces its connections.
PG_PING_IDLE = 10.0
PG_POOL_TIMEOUT = 2.0  # waiting for a free pooled connection (the ack path cannot wait long)
PG_CONNECT_TIMEOUT = 2  # seconds, libpq's minimum: a dead server must not hold the ack long
# Every write transaction on PostgreSQL takes this transaction-scoped advisory lock first:
# the equivalent of SQLite's BEGIN IMMEDIATE, so no writer slips in between a read and the
# write it decides (a lease taken by two runs). They are short and rare (digests only).
PG_WRITE_LOCK = 0x10B_B07
PG_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def is_database_url(raw: str) -> bool:
    """A URL rather than a path: what ``IOM_BOT_DB`` holds for PostgreSQL."""
    return "://" in raw


def masked(url: str) -> str:
    """``url`` with its password replaced by ``***``, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def psycopg_url(url: str) -> str:
    """The SQLAlchemy URL for psycopg 3, whichever PostgreSQL scheme the user wrote."""
    scheme, rest = url.split("://", 1)
    if scheme not in PG_SCHEMES:
        raise ValueError(scheme)
    return "postgresql+psycopg://" + rest


def one_line(text: str) -> str:
    return " ".join(str(text).split())


class Database:
    """The engines for one ``IOM_BOT_DB``; safe to share between threads, re-made after fork."""

    def __init__(self, target: Path | str) -> None:
        raw = str(target)
        self.url: str | None = raw if is_database_url(raw) else None
        self.path: Path | None = None if self.url else Path(target)
        self.dialect = "postgresql" if self.url else "sqlite"
        self.where = masked(self.url) if self.url else str(self.path)
        self._password = (make_url(self.url).password if self.url else None) or None
        self._engines: dict[tuple[float, bool], Engine] = {}
        self._lock = threading.Lock()
        self._pid = os.getpid()
        # gunicorn forks the master, which opened the database, into its workers: each child
        # must start with empty pools (two workers sharing one inherited PostgreSQL socket
        # corrupt each other's conversations). Engines handed out before the fork (slack_sdk's
        # stores hold one) stay valid: their pools are replaced, not the engines.
        ref = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _after_fork(ref))

    # -- messages -------------------------------------------------------------------------
    def scrub(self, text: str) -> str:
        """A driver's message as one line, with the URL's password removed if it appears."""
        text = one_line(text)
        if self._password:
            text = text.replace(str(self._password), "***")
        if self.url:
            text = text.replace(self.url, self.where)
        return text

    # -- engines --------------------------------------------------------------------------
    def engine(self, *, timeout: float = BUSY_TIMEOUT, durable: bool = True) -> Engine:
        """The engine for these options (one per timeout and durability)."""
        if os.getpid() != self._pid:  # forked (and the fork hook did not run): the same
            self.forked()
        key = (timeout, durable)
        found = self._engines.get(key)
        if found is not None:
            return found
        with self._lock:
            engine = self._engines.get(key) or self._build(timeout, durable)
            self._engines[key] = engine
        return engine

    def _build(self, timeout: float, durable: bool) -> Engine:
        if self.url is not None:
            claims = not durable
            session = (
                f"-c statement_timeout={int(timeout * 1000)} "
                f"-c synchronous_commit={'on' if durable else 'off'}"
            )
            engine = create_engine(
                psycopg_url(self.url),
                pool_size=PG_CLAIM_POOL_SIZE if claims else PG_POOL_SIZE,
                max_overflow=PG_CLAIM_MAX_OVERFLOW if claims else PG_MAX_OVERFLOW,
                pool_timeout=PG_POOL_TIMEOUT,
                isolation_level="AUTOCOMMIT",
                connect_args={
                    "connect_timeout": PG_CONNECT_TIMEOUT,
                    "application_name": "iom-bot",
                    "options": session,
                },
            )
            ping_when_idle(engine, PG_PING_IDLE)
            return engine
        assert self.path is not None
        return sqlite_engine(self.path, timeout=timeout, durable=durable)

    @contextmanager
    def connection(
        self, *, timeout: float = BUSY_TIMEOUT, durable: bool = True
    ) -> Iterator[Connection]:
        """An autocommit connection whose statements wait at most ``timeout`` for a lock.

        ``durable=False`` trades the last commits on a power cut for no fsync per commit
        (SQLite: synchronous NORMAL; PostgreSQL: synchronous_commit off). Only event
        de-duplication asks for it: a lost id risks one duplicate reply, never a digest.
        """
        with self.engine(timeout=timeout, durable=durable).connect() as conn:
            yield conn

    def forked(self) -> None:
        """In a forked child: drop the parent's pooled connections without closing them
        (they are the parent's), keeping the engines."""
        self._lock = threading.Lock()  # a lock held by another thread at the fork stays held
        for engine in self._engines.values():
            engine.dispose(close=False)
        self._pid = os.getpid()

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines = {}


def ping_when_idle(engine: Engine, idle: float) -> None:
    """Ping a pooled connection at checkout only if it sat unused for ``idle`` seconds; a
    failed ping makes the pool open a new connection instead (SQLAlchemy's documented
    ``DisconnectionError`` protocol)."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info["iom_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _handed_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        used = record.info.get("iom_used")
        if used is None or time.monotonic() - used < idle:
            return  # a new connection, or one in use a moment ago
        try:
            dbapi_conn.execute("SELECT 1")
        except Exception as exc:
            raise DisconnectionError(f"stale pooled connection: {type(exc).__name__}") from None


def _after_fork(ref: weakref.ReferenceType[Database]) -> None:
    database = ref()
    if database is not None:
        database.forked()


def sqlite_connect(path: Path, *, timeout: float, durable: bool, create: bool = False) -> Any:
    """A stdlib connection to the file, autocommit; ``create``: the file may be new."""
    uri = path.absolute().as_uri() + ("?mode=rwc" if create else "?mode=rw")
    conn = sqlite3.connect(
        uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if not durable:
            conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def sqlite_engine(
    path: Path, *, timeout: float = BUSY_TIMEOUT, durable: bool = True, create: bool = False
) -> Engine:
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: sqlite_connect(path, timeout=timeout, durable=durable, create=create),
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
    )

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are explicit (write_transaction)

    return engine


@contextmanager
def write_transaction(conn: Connection) -> Iterator[Connection]:
    """A write transaction whose lock is taken at once, so no other writer slips in between
    a read and the write it decides; committed when the block ends, rolled back if it
    raises; a failed rollback never hides the error that caused it.

    SQLite: ``BEGIN IMMEDIATE``. PostgreSQL: ``BEGIN`` and the write advisory lock."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")
    try:
        if conn.dialect.name != "sqlite":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
        yield conn
    except BaseException:
        with suppress(Exception):
            conn.exec_driver_sql("ROLLBACK")
        raise
    conn.exec_driver_sql("COMMIT")
