"""The state database's schema, as an ordered list of migrations.

``PRAGMA user_version`` records how many of them a database has applied, so a database
written by any earlier release opens and is brought up to date by applying the rest.
That only holds if the list is append-only: to add tables, append a ``Migration`` here —
never edit, reorder or remove one that has shipped (a test pins their text). Which
feature queries which table: events and curator data ``bot.state.store``, digest tables
``bot.digest.ledger``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One schema step. ``statements`` run in one transaction with the version bump."""

    description: str
    statements: Sequence[str]


MIGRATIONS: list[Migration] = [
    Migration(
        "event de-duplication, unanswered questions, feedback",
        [
            """CREATE TABLE processed_events (
                   event_id    TEXT PRIMARY KEY,
                   received_at REAL NOT NULL
               )""",
            "CREATE INDEX processed_events_received ON processed_events (received_at)",
            """CREATE TABLE unanswered_questions (
                   id           INTEGER PRIMARY KEY,
                   text         TEXT NOT NULL,
                   asked_at     REAL NOT NULL,
                   channel_type TEXT NOT NULL
               )""",
            "CREATE INDEX unanswered_asked ON unanswered_questions (asked_at)",
            """CREATE TABLE feedback (
                   id         INTEGER PRIMARY KEY,
                   query      TEXT NOT NULL,
                   helpful    INTEGER NOT NULL CHECK (helpful IN (0, 1)),
                   clicked_at REAL NOT NULL
               )""",
            "CREATE INDEX feedback_clicked ON feedback (clicked_at)",
        ],
    ),
    Migration(
        "digest subscriptions, delivery ledger and leases",
        [
            """CREATE TABLE digest_subscriptions (
                   channel_id    TEXT PRIMARY KEY,
                   subscribed_at REAL NOT NULL,
                   source        TEXT NOT NULL  -- 'command' or 'settings'
               )""",
            """CREATE TABLE digest_ledger (
                   channel_id TEXT NOT NULL,
                   release_id TEXT NOT NULL,
                   status     TEXT NOT NULL CHECK (status IN ('posting', 'posted', 'seen')),
                   message_ts TEXT,
                   posted_at  REAL NOT NULL,
                   PRIMARY KEY (channel_id, release_id)
               )""",
            """CREATE TABLE digest_leases (
                   channel_id TEXT PRIMARY KEY,
                   owner      TEXT NOT NULL,
                   expires_at REAL NOT NULL
               )""",
        ],
    ),
]

MIGRATIONS.append(
    Migration(
        "digest lease owners (pid, host, heartbeat) and when channels unsubscribed",
        [
            "ALTER TABLE digest_leases ADD COLUMN pid INTEGER",
            "ALTER TABLE digest_leases ADD COLUMN host TEXT",
            "ALTER TABLE digest_leases ADD COLUMN heartbeat_at REAL",
            """CREATE TABLE digest_unsubscribed (
                   channel_id      TEXT PRIMARY KEY,
                   unsubscribed_at REAL NOT NULL,
                   history_pruned  INTEGER NOT NULL DEFAULT 0
               )""",
        ],
    )
)

SCHEMA_VERSION = len(MIGRATIONS)
_CREATE_TABLE = re.compile(r"CREATE TABLE (\w+)")


def tables_at(version: int) -> set[str]:
    """The tables a database at schema ``version`` has."""
    return {
        name
        for migration in MIGRATIONS[:version]
        for statement in migration.statements
        for name in _CREATE_TABLE.findall(statement)
    }
