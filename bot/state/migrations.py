"""The state database's schema, as an ordered list of migrations, for SQLite and PostgreSQL.

A database records how many of them it has applied (SQLite: ``PRAGMA user_version``;
PostgreSQL: the one row of ``iom_bot_schema``), so a database written by any earlier
release opens and is brought up to date by applying the rest. That only holds if the list
is append-only: to add tables, append a ``Migration`` here — never edit, reorder or remove
one that has shipped (a test pins their text). Which feature queries which table: events,
curator data and the scheduler lease ``bot.state``, digest tables ``bot.digest.ledger``.

Why this list and not Alembic: the shipped SQLite databases already carry their version in
``user_version`` and every migration is a few DDL statements; one list, written in the SQL
both engines accept and translated for PostgreSQL by ``statements_for`` (two type names),
keeps one history for both dialects without a second versioning scheme, a migration
environment or a new dependency, and is tested on both.
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


def _rekeyed(table: str, columns: str, key: str, copied: str) -> list[str]:
    """Rebuild ``table`` with the workspace columns first in its key (SQLite cannot change
    a primary key in place); its rows are copied under the single-workspace key ('', '')."""
    return [
        f"""CREATE TABLE {table}_v4 (
               enterprise_id TEXT NOT NULL DEFAULT '',
               team_id       TEXT NOT NULL DEFAULT '',
               {columns},
               PRIMARY KEY (enterprise_id, team_id, {key})
           )""",
        f"INSERT INTO {table}_v4 ({copied}) SELECT {copied} FROM {table}",
        f"DROP TABLE {table}",
        f"ALTER TABLE {table}_v4 RENAME TO {table}",
    ]


MIGRATIONS.append(
    Migration(
        "every row keyed by workspace (enterprise_id, team_id); the scheduler lease",
        [
            *_rekeyed(
                "processed_events",
                "event_id TEXT NOT NULL, received_at REAL NOT NULL",
                "event_id",
                "event_id, received_at",
            ),
            "CREATE INDEX processed_events_received ON processed_events (received_at)",
            *_rekeyed(
                "digest_subscriptions",
                "channel_id TEXT NOT NULL, subscribed_at REAL NOT NULL, source TEXT NOT NULL",
                "channel_id",
                "channel_id, subscribed_at, source",
            ),
            *_rekeyed(
                "digest_ledger",
                "channel_id TEXT NOT NULL, release_id TEXT NOT NULL, "
                "status TEXT NOT NULL CHECK (status IN ('posting', 'posted', 'seen')), "
                "message_ts TEXT, posted_at REAL NOT NULL",
                "channel_id, release_id",
                "channel_id, release_id, status, message_ts, posted_at",
            ),
            *_rekeyed(
                "digest_leases",
                "channel_id TEXT NOT NULL, owner TEXT NOT NULL, expires_at REAL NOT NULL, "
                "pid INTEGER, host TEXT, heartbeat_at REAL",
                "channel_id",
                "channel_id, owner, expires_at, pid, host, heartbeat_at",
            ),
            *_rekeyed(
                "digest_unsubscribed",
                "channel_id TEXT NOT NULL, unsubscribed_at REAL NOT NULL, "
                "history_pruned INTEGER NOT NULL DEFAULT 0",
                "channel_id",
                "channel_id, unsubscribed_at, history_pruned",
            ),
            "ALTER TABLE unanswered_questions ADD COLUMN enterprise_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE unanswered_questions ADD COLUMN team_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE feedback ADD COLUMN enterprise_id TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE feedback ADD COLUMN team_id TEXT NOT NULL DEFAULT ''",
            # One row per scheduled job: whoever holds an unexpired lease runs the schedule
            # (bot.serve.leader); it replaces a flock on a file next to the database.
            """CREATE TABLE scheduler_leases (
                   name         TEXT PRIMARY KEY,
                   owner        TEXT NOT NULL,
                   pid          INTEGER,
                   host         TEXT,
                   expires_at   REAL NOT NULL,
                   heartbeat_at REAL NOT NULL
               )""",
        ],
    )
)

MIGRATIONS.append(
    Migration(
        "answer languages: each user's choice and Slack locale, each digest channel's",
        [
            # chosen: 'en' or 'es' from /iom language, NULL when the user made no choice;
            # locale: the Slack locale as users.info last gave it ('' when it failed), and
            # locale_at when it was asked, so Slack is asked at most once a day per user.
            """CREATE TABLE user_languages (
                   enterprise_id TEXT NOT NULL DEFAULT '',
                   team_id       TEXT NOT NULL DEFAULT '',
                   user_id       TEXT NOT NULL,
                   chosen        TEXT,
                   locale        TEXT,
                   locale_at     REAL,
                   PRIMARY KEY (enterprise_id, team_id, user_id)
               )""",
            # NULL: the workspace's default language
            "ALTER TABLE digest_subscriptions ADD COLUMN lang TEXT",
        ],
    )
)

SCHEMA_VERSION = len(MIGRATIONS)
_TABLE_CHANGE = re.compile(
    r"CREATE TABLE (?P<created>\w+)|DROP TABLE (?P<dropped>\w+)"
    r"|ALTER TABLE (?P<old>\w+) RENAME TO (?P<new>\w+)"
)
# The two differences between the SQL of these migrations in SQLite and in PostgreSQL.
_PG_TYPES = [
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
]


def statements_for(migration: Migration, dialect: str) -> list[str]:
    """The migration's statements as ``dialect`` ("sqlite" or "postgresql") runs them."""
    if dialect == "sqlite":
        return list(migration.statements)
    out = []
    for statement in migration.statements:
        for pattern, replacement in _PG_TYPES:
            statement = pattern.sub(replacement, statement)
        out.append(statement)
    return out


def tables_at(version: int) -> set[str]:
    """The tables a database at schema ``version`` has."""
    tables: set[str] = set()
    for migration in MIGRATIONS[:version]:
        for statement in migration.statements:
            for change in _TABLE_CHANGE.finditer(statement):
                if change["created"]:
                    tables.add(change["created"])
                elif change["dropped"]:
                    tables.discard(change["dropped"])
                else:
                    tables.discard(change["old"])
                    tables.add(change["new"])
    return tables
