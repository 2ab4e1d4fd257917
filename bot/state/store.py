"""The bot's small state database, shared by every process of one bot (SQLAlchemy Core).

Why a database: several gunicorn workers, several hosts and the ``iom-bot gaps`` command
must agree on what has already been handled. SQLite (one file at ``IOM_BOT_DB``, WAL
mode) needs no server and is the default; a ``postgresql://`` URL lets processes on many
hosts act as one bot. In both, ``INSERT … ON CONFLICT DO NOTHING`` on a unique key is an
atomic "first one wins" across processes.

The schema is the ordered list of migrations in ``bot.state.migrations``, applied by
``bot.state.upgrade`` (which also refuses files that are not ours). Feature tables (the
digest's) are queried by their feature's own module (``bot.digest.ledger``) through
``connect``; every database error leaves here as a one-line ``StateError`` naming the
database (a PostgreSQL password masked), ``StateBusy`` when it was a lock wait.

Privacy: unanswered questions are stored without user ids, and any ``<@U…>`` mention
inside the text is replaced before it is written.
"""

from __future__ import annotations

import contextlib
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.state import upgrade
from bot.state.engine import BUSY_TIMEOUT, Database, one_line
from bot.state.errors import StateBusy, StateError
from bot.state.workspace import SINGLE, Workspace

# How long an event id is remembered. Slack retries a delivery three times within about
# half an hour (immediately, after 1 minute, after 5 minutes); a day is ample.
EVENT_MEMORY_SECONDS = 24 * 3600
# The ack path must not wait for a write lock another process holds (a long digest
# transaction, a curator's sqlite3 shell): after this many seconds claim_event gives up
# with StateBusy instead of deciding.
EVENT_CLAIM_TIMEOUT = 1.0
PRUNE_EVENTS_EVERY = 0.01  # forget expired event ids on ~1 claim in 100
MAX_STORED_TEXT = 500
_MENTION = re.compile(r"<[@!](?:[UWB][A-Z0-9]+|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# PostgreSQL's "canceling statement due to statement timeout" and "could not obtain lock".
_PG_BUSY = ("57014", "55P03")


def scrub(text: str) -> str:
    """Question text as stored: no user/group mentions, no control characters, bounded."""
    text = _MENTION.sub("@someone", text)
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return text[:MAX_STORED_TEXT]


def is_busy(exc: BaseException) -> bool:
    """A lock wait that ran out, as opposed to a broken database."""
    if isinstance(exc, PoolTimeout):
        return True
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        return "locked" in str(orig) or "busy" in str(orig)
    return getattr(orig, "sqlstate", None) in _PG_BUSY


@dataclass(frozen=True)
class FeedbackCount:
    query: str
    helpful: int
    not_helpful: int


class StateStore:
    """Short-lived (SQLite) or pooled (PostgreSQL) connections per operation, so it is safe
    from any thread or process."""

    def __init__(
        self,
        target: Path | str,
        *,
        retention_days: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``target``: a file path (SQLite) or a ``postgresql://`` URL.
        ``retention_days``: curator data older than this is dropped as new data arrives."""
        self.db = Database(target)
        self.path = self.db.path or Path(self.db.where)  # for messages; the URL masked
        self.where = self.db.where
        self.retention_days = retention_days
        self._clock = clock

    @property
    def dialect(self) -> str:
        return self.db.dialect

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def connect(
        self, *, durable: bool = True, timeout: float = BUSY_TIMEOUT
    ) -> Iterator[Connection]:
        """An autocommit connection; callers open transactions explicitly
        (``bot.state.write_transaction``). See ``bot.state.engine.Database.connection``.

        Any database failure inside the block is re-raised as a one-line ``StateError``
        (``StateBusy`` for a lock wait that ran out).
        """
        try:
            with self.db.connection(timeout=timeout, durable=durable) as conn:
                yield conn
        except StateError:
            raise
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise self.error(exc) from None

    def error(self, exc: BaseException) -> StateError:
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        detail = self.db.scrub(one_line(str(orig)).split(" (Background on this error")[0])
        if is_busy(exc):
            return StateBusy(f"the state database {self.where} is busy: {detail}")
        return StateError(f"state database {self.where}: {detail}")

    def migrate(self) -> int:
        """Bring the schema up to date; safe when several processes start at once."""
        return upgrade.migrate(self.db)

    def schema_version(self) -> int:
        with self.connect() as conn:
            return upgrade.version_of(conn)

    def close(self) -> None:
        """Close pooled connections (PostgreSQL); the store can still be used afterwards."""
        self.db.dispose()

    # -- events -----------------------------------------------------------------------------

    def claim_event(self, event_id: str, workspace: Workspace = SINGLE) -> bool:
        """True for the first process to see ``event_id``; False for every later delivery.

        Waits at most ``EVENT_CLAIM_TIMEOUT`` seconds for a lock; if it cannot decide
        within that time it raises ``StateBusy`` (it never guesses), and any other
        database failure is a ``StateError``.
        """
        now = self._clock()
        try:
            with self.connect(durable=False, timeout=EVENT_CLAIM_TIMEOUT) as conn:
                claimed = (
                    conn.execute(
                        text(
                            "INSERT INTO processed_events (enterprise_id, team_id, event_id, "
                            "received_at) VALUES (:ent, :team, :id, :now) ON CONFLICT DO NOTHING"
                        ),
                        {**workspace.key, "id": event_id, "now": now},
                    ).rowcount
                    == 1
                )
                if claimed and random.random() < PRUNE_EVENTS_EVERY:  # not a 2nd write per event
                    # Decided already; if the lock is busy, pruning waits for another claim.
                    with contextlib.suppress(SQLAlchemyError):
                        conn.execute(
                            text("DELETE FROM processed_events WHERE received_at < :cutoff"),
                            {"cutoff": now - EVENT_MEMORY_SECONDS},
                        )
                return claimed
        except StateBusy:
            raise StateBusy(
                f"the state database {self.where} stayed locked for more than "
                f"{EVENT_CLAIM_TIMEOUT:g} s; event {event_id} not decided"
            ) from None

    def forget_event(self, event_id: str, workspace: Workspace = SINGLE) -> None:
        """Undo a claim whose work failed, so that trying again is not taken for a repeat."""
        with self.connect(durable=False, timeout=EVENT_CLAIM_TIMEOUT) as conn:
            conn.execute(
                text(
                    "DELETE FROM processed_events WHERE enterprise_id = :ent "
                    "AND team_id = :team AND event_id = :id"
                ),
                {**workspace.key, "id": event_id},
            )

    # -- curator data -----------------------------------------------------------------------

    def record_unanswered(
        self, question: str, channel_type: str, workspace: Workspace = SINGLE
    ) -> None:
        with self.connect() as conn:
            conn.execute(
                text(
                    "INSERT INTO unanswered_questions (text, asked_at, channel_type, "
                    "enterprise_id, team_id) VALUES (:text, :now, :where, :ent, :team)"
                ),
                {"text": scrub(question), "now": self._clock(), "where": channel_type}
                | workspace.key,
            )
            self._prune(conn)

    def record_feedback(self, query: str, helpful: bool, workspace: Workspace = SINGLE) -> None:
        with self.connect() as conn:
            conn.execute(
                text(
                    "INSERT INTO feedback (query, helpful, clicked_at, enterprise_id, team_id) "
                    "VALUES (:query, :helpful, :now, :ent, :team)"
                ),
                {"query": scrub(query), "helpful": int(helpful), "now": self._clock()}
                | workspace.key,
            )
            self._prune(conn)

    def prune(self) -> int:
        """Forget curator data older than the retention period; returns rows deleted."""
        with self.connect() as conn:
            return self._prune(conn)

    def _prune(self, conn: Connection) -> int:
        if self.retention_days is None:
            return 0
        cutoff = {"cutoff": self._clock() - self.retention_days * 86400}
        a = conn.execute(text("DELETE FROM unanswered_questions WHERE asked_at < :cutoff"), cutoff)
        b = conn.execute(text("DELETE FROM feedback WHERE clicked_at < :cutoff"), cutoff)
        return int(a.rowcount + b.rowcount)

    def iter_unanswered(self, batch: int = 5000) -> Iterator[tuple[str, float, str]]:
        """Like ``unanswered`` but streamed, ``batch`` rows at a time (bounded memory):
        SQLite by ``fetchmany``; PostgreSQL through a server-side cursor (``DECLARE`` …
        ``FETCH``), which lives in a transaction: a read-only one, open while the rows are
        being read and ended when the iteration ends (or is abandoned)."""
        query = text(
            "SELECT text, asked_at, channel_type FROM unanswered_questions ORDER BY asked_at"
        ).execution_options(yield_per=batch)  # this statement only, not the connection
        with self.connect() as conn:
            if self.dialect == "sqlite":
                for row in conn.execute(query):
                    yield (row[0], row[1], row[2])
                return
            conn.exec_driver_sql("BEGIN READ ONLY")
            try:
                for row in conn.execute(query):
                    yield (row[0], row[1], row[2])
            except BaseException:
                with contextlib.suppress(Exception):
                    conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")

    def unanswered(self) -> list[tuple[str, float, str]]:
        """Every retained unanswered question as (text, asked_at, channel_type), oldest first."""
        return list(self.iter_unanswered())

    def feedback_counts(self) -> list[FeedbackCount]:
        """Per query, how often it was marked helpful and not helpful; worst first."""
        with self.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT query, SUM(helpful), SUM(1 - helpful) FROM feedback "
                    "GROUP BY query ORDER BY SUM(1 - helpful) DESC, query"
                )
            ).all()
        return [FeedbackCount(q, int(h), int(n)) for q, h, n in rows]
