"""Digest state in the bot's SQLite database (tables: migration 2 in bot.state): subscriptions, the delivery ledger, leases.

Exactly-once delivery rests on three things:

- the ledger's primary key (channel, release id): a release can be claimed for a channel
  once, by whichever run inserts its row first;
- a row is ``posting`` from just before chat.postMessage until Slack confirms the post
  (``posted``, with the message ts) or definitely refuses it (the row is deleted and the
  release is pending again). A row left ``posting`` means the outcome is unknown: the next
  run looks for the digest's own message in the channel before posting again;
- a per-channel lease, so that two runs (the scheduler and a cron ``iom-bot digest``, or
  two replicas) do not work on one channel at the same time.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.state import StateStore


@dataclass(frozen=True)
class InFlight:
    release_id: str
    started_at: float


class DigestLedger:
    """Digest tables on top of a migrated ``StateStore``; one short connection per call."""

    def __init__(self, store: StateStore, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    # -- subscriptions ----------------------------------------------------------------------
    def subscribe(self, channel: str, source: str = "command") -> bool:
        """True if newly subscribed."""
        with self.store.connect() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO digest_subscriptions VALUES (?, ?, ?)",
                (channel, self.clock(), source),
            )
            return cur.rowcount == 1

    def unsubscribe(self, channel: str) -> bool:
        with self.store.connect() as conn:
            return (
                conn.execute(
                    "DELETE FROM digest_subscriptions WHERE channel_id = ?", (channel,)
                ).rowcount
                == 1
            )

    def subscriptions(self) -> list[str]:
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT channel_id FROM digest_subscriptions ORDER BY subscribed_at, channel_id"
            ).fetchall()
        return [r[0] for r in rows]

    def is_subscribed(self, channel: str) -> bool:
        return channel in self.subscriptions()

    # -- ledger -----------------------------------------------------------------------------
    def delivered(self, channel: str) -> set[str]:
        """Release ids the channel has, has seen, or may have (posting): not to post again."""
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT release_id FROM digest_ledger WHERE channel_id = ?", (channel,)
            ).fetchall()
        return {r[0] for r in rows}

    def has_history(self, channel: str) -> bool:
        with self.store.connect() as conn:
            return (
                conn.execute(
                    "SELECT 1 FROM digest_ledger WHERE channel_id = ? LIMIT 1", (channel,)
                ).fetchone()
                is not None
            )

    def mark_seen(self, channel: str, release_ids: Iterable[str]) -> None:
        now = self.clock()
        with self.store.connect() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO digest_ledger VALUES (?, ?, 'seen', NULL, ?)",
                [(channel, rid, now) for rid in release_ids],
            )

    def begin_post(self, channel: str, release_ids: Iterable[str]) -> list[str]:
        """Claim releases for one post; returns those this run claimed (others were taken)."""
        now = self.clock()
        claimed = []
        with self.store.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for rid in release_ids:
                    cur = conn.execute(
                        "INSERT OR IGNORE INTO digest_ledger VALUES (?, ?, 'posting', NULL, ?)",
                        (channel, rid, now),
                    )
                    if cur.rowcount == 1:
                        claimed.append(rid)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return claimed

    def confirm(self, channel: str, release_ids: Iterable[str], ts: str) -> None:
        """Slack confirmed the post: the releases are delivered, with its message ts."""
        now = self.clock()
        with self.store.connect() as conn:
            conn.executemany(
                "UPDATE digest_ledger SET status = 'posted', message_ts = ?, posted_at = ? "
                "WHERE channel_id = ? AND release_id = ?",
                [(ts, now, channel, rid) for rid in release_ids],
            )

    def abandon(self, channel: str, release_ids: Iterable[str]) -> None:
        """Slack definitely did not post: the releases are pending again."""
        with self.store.connect() as conn:
            conn.executemany(
                "DELETE FROM digest_ledger WHERE channel_id = ? AND release_id = ? "
                "AND status = 'posting'",
                [(channel, rid) for rid in release_ids],
            )

    def in_flight(self, channel: str) -> list[InFlight]:
        with self.store.connect() as conn:
            rows = conn.execute(
                "SELECT release_id, posted_at FROM digest_ledger "
                "WHERE channel_id = ? AND status = 'posting' ORDER BY posted_at",
                (channel,),
            ).fetchall()
        return [InFlight(r[0], r[1]) for r in rows]

    def posts(self, channel: str) -> list[tuple[str, str | None, str]]:
        """(release id, message ts, status) rows for a channel, for status and tests."""
        with self.store.connect() as conn:
            return conn.execute(
                "SELECT release_id, message_ts, status FROM digest_ledger WHERE channel_id = ? "
                "ORDER BY posted_at, release_id",
                (channel,),
            ).fetchall()

    # -- leases -----------------------------------------------------------------------------
    def acquire(self, channel: str, owner: str, ttl: float = 600.0) -> bool:
        """Take the channel's lease unless another live run holds it."""
        now = self.clock()
        with self.store.connect() as conn:
            try:
                cur = conn.execute(
                    "INSERT INTO digest_leases VALUES (?, ?, ?) ON CONFLICT(channel_id) DO UPDATE "
                    "SET owner = excluded.owner, expires_at = excluded.expires_at "
                    "WHERE digest_leases.expires_at < ? OR digest_leases.owner = excluded.owner",
                    (channel, owner, now + ttl, now),
                )
            except sqlite3.OperationalError:
                return False
            return cur.rowcount == 1

    def release(self, channel: str, owner: str) -> None:
        with self.store.connect() as conn:
            conn.execute(
                "DELETE FROM digest_leases WHERE channel_id = ? AND owner = ?", (channel, owner)
            )
