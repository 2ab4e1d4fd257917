"""The bot's small state database (SQLite, stdlib ``sqlite3``), shared by every process.

Why SQLite: several gunicorn workers (and the ``iom-bot gaps`` command) must agree on
what has already been handled, without running a database server. One file at
``IOM_BOT_DB`` in WAL mode gives that, and ``INSERT OR IGNORE`` on a unique key is an
atomic "first one wins" across processes.

The schema is the ordered list of migrations in ``bot.state.migrations``; ``PRAGMA
user_version`` records how many have been applied. Feature tables (the digest's) are
queried by their feature's own module (``bot.digest.ledger``) through ``connect``.

An existing file is opened only if it is a state database (our tables, a known version):
a 0-byte, garbage or foreign file is a ``StateError`` naming it, never silently replaced
by an empty database (which would re-post every channel's digest backfill). A new
database is built in a temporary file next to ``IOM_BOT_DB`` and linked into place only
if no file appeared there meanwhile, so a second process starting at the same moment
never sees a half-made one.

Privacy: unanswered questions are stored without user ids, and any ``<@U…>`` mention
inside the text is replaced before it is written.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.state.migrations import MIGRATIONS, SCHEMA_VERSION, tables_at

# How long an event id is remembered. Slack retries a delivery three times within about
# half an hour (immediately, after 1 minute, after 5 minutes); a day is ample.
EVENT_MEMORY_SECONDS = 24 * 3600
# The ack path must not wait for a write lock another process holds (a long digest
# transaction, a curator's sqlite3 shell): after this many seconds claim_event gives up
# with StateBusy instead of deciding.
EVENT_CLAIM_TIMEOUT = 1.0
BUSY_TIMEOUT = 10.0  # every other operation
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATE_ATTEMPTS = 1000  # retries of "locked" while several processes start at once …
MIGRATE_DEADLINE = 15.0  # … for at most this long in all, then a one-line error
MIGRATE_WAIT = 2.0  # how long one attempt waits for another connection's write lock
PRUNE_EVENTS_EVERY = 0.01  # forget expired event ids on ~1 claim in 100
MAX_STORED_TEXT = 500
_MENTION = re.compile(r"<[@!](?:[UWB][A-Z0-9]+|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` (the write lock taken at once, so no other writer slips in
    between a read and the write it decides), committed when the block ends, rolled back if
    it raises; a failed rollback never hides the error that caused it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class StateError(Exception):
    """The database cannot be opened or is newer than this code understands."""


class StateBusy(StateError):
    """Another connection held the write lock for longer than this operation may wait."""


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


def scrub(text: str) -> str:
    """Question text as stored: no user/group mentions, no control characters, bounded."""
    text = _MENTION.sub("@someone", text)
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text[:MAX_STORED_TEXT]


@dataclass(frozen=True)
class FeedbackCount:
    query: str
    helpful: int
    not_helpful: int


class StateStore:
    """Opens a short-lived connection per operation, so it is safe from any thread or process."""

    def __init__(
        self,
        path: Path | str,
        *,
        retention_days: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``retention_days``: curator data older than this is dropped as new data arrives."""
        self.path = Path(path)
        self.retention_days = retention_days
        self._clock = clock

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def connect(
        self, *, durable: bool = True, timeout: float = BUSY_TIMEOUT
    ) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode; callers open transactions explicitly.

        ``durable=False`` skips the fsync per commit (WAL + synchronous NORMAL: still atomic,
        but a power cut may lose the last commits). Only event de-duplication uses it, on
        the ack path, where a lost id risks one duplicate reply; the digest ledger never
        does, because a lost "posted" row would mean a duplicate digest.

        The file is opened ``mode=rw``: a database deleted under a running bot is an error,
        not silently recreated empty (only ``migrate`` creates one, where none existed).
        ``timeout``: how long a statement waits for another connection's write lock.
        """
        uri = self.path.absolute().as_uri() + "?mode=rw"
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not durable:
                conn.execute("PRAGMA synchronous = NORMAL")
            yield conn
        finally:
            conn.close()

    def migrate(self) -> int:
        """Bring the schema up to date; safe when several processes start at once.

        ``BEGIN IMMEDIATE`` takes the write lock before reading ``user_version``, so two
        workers migrating together cannot both apply the same step. Switching a new file to
        WAL needs the database to itself, and SQLite answers "locked" at once (without
        waiting) when that would deadlock with another starter, so that is retried.
        """
        deadline = time.monotonic() + MIGRATE_DEADLINE
        for _ in range(MIGRATE_ATTEMPTS):
            left = deadline - time.monotonic()
            try:
                return self._migrate_once(timeout=max(0.05, min(MIGRATE_WAIT, left)))
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):
                    raise StateError(f"cannot open the state database {self.path}: {exc}") from None
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.02 + random.random() * 0.08)
        raise StateError(
            f"the state database {self.path} stayed locked by another process for "
            f"{MIGRATE_DEADLINE:g} s (a backup or an sqlite3 shell holding it?); nothing changed"
        )

    def _migrate_once(self, timeout: float = BUSY_TIMEOUT) -> int:
        try:
            if not self.path.exists():
                self._create()
            self._check_file()
            with self.connect(timeout=timeout) as conn:
                self._inspect(conn)  # before changing anything in a file that may not be ours
                conn.execute("PRAGMA journal_mode = WAL")
                with write_transaction(conn):
                    self._upgrade(conn)
                return SCHEMA_VERSION
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise
            raise StateError(self._explain(exc)) from None
        except (sqlite3.Error, OSError) as exc:
            raise StateError(self._explain(exc)) from None

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        """Inside the migration transaction: check what the file is, then bring it up to date."""
        version = self._inspect(conn)
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].statements:
                conn.execute(statement)
        # Always a write, so a read-only file or directory is found here, at start-up.
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _inspect(self, conn: sqlite3.Connection) -> int:
        """The file's schema version, or StateError if it is not (a version of) ours."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StateError(
                f"{self.path} has schema version {version}; this iom-bot knows "
                f"{SCHEMA_VERSION}. Upgrade iom-bot or use another IOM_BOT_DB."
            )
        present = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        # Version 0 with nothing in it at all is a file a start-up died in before the first
        # step committed: there is no state to lose. Anything else must be ours.
        missing = tables_at(version) - present
        if (version == 0 and present) or missing:
            raise StateError(
                f"{self.path} is not an iom-bot state database ("
                + (f"no {', '.join(sorted(missing))} table" if missing else "other tables")
                + "). Point IOM_BOT_DB at the bot's database, or restore it from a backup."
            )
        return int(version)

    def _check_file(self) -> None:
        """An existing file must at least be an SQLite database (it may be ours)."""
        if not stat.S_ISREG(os.stat(self.path).st_mode):  # a FIFO would block the open
            raise StateError(f"{self.path} is not a regular file; IOM_BOT_DB must name a file")
        with open(self.path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
        if not head:
            raise StateError(
                f"{self.path} is empty (0 bytes): the state database was lost or truncated. "
                "Restore it from a backup; to start afresh (every subscribed channel gets its "
                "backfill again), delete the file."
            )
        if head != SQLITE_HEADER:
            raise StateError(
                f"{self.path} is not an SQLite database. Point IOM_BOT_DB at the bot's "
                "database, or restore it from a backup."
            )

    def _create(self) -> None:
        """Build a new database next to ``path`` and link it into place only if still absent."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            open(tmp, "xb").close()  # PermissionError here: a read-only directory
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                with write_transaction(conn):
                    self._upgrade(conn)
            finally:
                conn.close()
            try:
                os.link(tmp, self.path)  # fails if another process got there first: use theirs
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not self.path.exists():
                    os.replace(tmp, self.path)
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)

    def _explain(self, exc: BaseException) -> str:
        text = str(exc)
        if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text:
            return (
                f"cannot write the state database {self.path} (read-only file or directory; "
                "the bot needs to write the file and create files next to it)"
            )
        if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
            return f"{self.path} is not an SQLite database ({text})"
        return f"cannot open the state database {self.path}: {text}"

    def schema_version(self) -> int:
        with self.connect() as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0]

    # -- events -----------------------------------------------------------------------------

    def claim_event(self, event_id: str) -> bool:
        """True for the first process to see ``event_id``; False for every later delivery.

        Waits at most ``EVENT_CLAIM_TIMEOUT`` seconds for the write lock; if it cannot
        decide within that time it raises ``StateBusy`` (it never guesses), and any other
        database failure is a ``StateError``.
        """
        now = self._clock()
        try:
            with self.connect(durable=False, timeout=EVENT_CLAIM_TIMEOUT) as conn:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO processed_events (event_id, received_at) VALUES (?, ?)",
                    (event_id, now),
                )
                claimed = cur.rowcount == 1
                if claimed and random.random() < PRUNE_EVENTS_EVERY:  # not a 2nd write per event
                    # Decided already; if the lock is busy, pruning waits for another claim.
                    with contextlib.suppress(sqlite3.OperationalError):
                        conn.execute(
                            "DELETE FROM processed_events WHERE received_at < ?",
                            (now - EVENT_MEMORY_SECONDS,),
                        )
                return claimed
        except sqlite3.Error as exc:
            if _is_busy(exc):
                raise StateBusy(
                    f"the state database {self.path} stayed locked for more than "
                    f"{EVENT_CLAIM_TIMEOUT:g} s; event {event_id} not decided"
                ) from None
            raise StateError(f"state database {self.path}: {exc}") from None

    def forget_event(self, event_id: str) -> None:
        """Undo a claim whose work failed, so that trying again is not taken for a repeat."""
        with self.connect(durable=False, timeout=EVENT_CLAIM_TIMEOUT) as conn:
            conn.execute("DELETE FROM processed_events WHERE event_id = ?", (event_id,))

    # -- curator data -----------------------------------------------------------------------

    def record_unanswered(self, text: str, channel_type: str) -> None:
        with self.connect() as conn:
            conn.execute(
                "INSERT INTO unanswered_questions (text, asked_at, channel_type) VALUES (?, ?, ?)",
                (scrub(text), self._clock(), channel_type),
            )
            self._prune(conn)

    def record_feedback(self, query: str, helpful: bool) -> None:
        with self.connect() as conn:
            conn.execute(
                "INSERT INTO feedback (query, helpful, clicked_at) VALUES (?, ?, ?)",
                (scrub(query), int(helpful), self._clock()),
            )
            self._prune(conn)

    def prune(self) -> int:
        """Forget curator data older than the retention period; returns rows deleted."""
        with self.connect() as conn:
            return self._prune(conn)

    def _prune(self, conn: sqlite3.Connection) -> int:
        if self.retention_days is None:
            return 0
        cutoff = self._clock() - self.retention_days * 86400
        a = conn.execute("DELETE FROM unanswered_questions WHERE asked_at < ?", (cutoff,))
        b = conn.execute("DELETE FROM feedback WHERE clicked_at < ?", (cutoff,))
        return a.rowcount + b.rowcount

    def iter_unanswered(self, batch: int = 5000) -> Iterator[tuple[str, float, str]]:
        """Like ``unanswered`` but streamed, ``batch`` rows at a time (bounded memory)."""
        with self.connect() as conn:
            cur = conn.execute(
                "SELECT text, asked_at, channel_type FROM unanswered_questions ORDER BY asked_at"
            )
            while rows := cur.fetchmany(batch):
                yield from rows

    def unanswered(self) -> list[tuple[str, float, str]]:
        """Every retained unanswered question as (text, asked_at, channel_type), oldest first."""
        with self.connect() as conn:
            return conn.execute(
                "SELECT text, asked_at, channel_type FROM unanswered_questions ORDER BY asked_at"
            ).fetchall()

    def feedback_counts(self) -> list[FeedbackCount]:
        """Per query, how often it was marked helpful and not helpful; worst first."""
        with self.connect() as conn:
            rows = conn.execute(
                """SELECT query, SUM(helpful), SUM(1 - helpful) FROM feedback
                   GROUP BY query ORDER BY SUM(1 - helpful) DESC, query"""
            ).fetchall()
        return [FeedbackCount(q, int(h), int(n)) for q, h, n in rows]
