"""Digest state in the bot's SQLite database (tables: migrations 2 and 3 in bot.state.migrations): subscriptions, the delivery ledger, leases.

Exactly-once delivery rests on three things:

- the ledger's primary key (channel, release id): a release can be claimed for a channel
  once, by whichever run inserts its row first;
- a row is ``posting`` from just before chat.postMessage until Slack confirms the post
  (``posted``, with the message ts) or definitely refuses it (the row is deleted and the
  release is pending again). A row left ``posting`` means the outcome is unknown: the next
  run looks for the digest's own message in the channel before posting again;
- a per-channel lease, so that two runs (the scheduler and a cron ``iom-bot digest``, or
  two replicas) do not work on one channel at the same time.

Leases. A run takes a channel's lease for ``LEASE_TTL`` seconds and renews it (a
heartbeat) before each post and while it reconciles, so a long run never loses it to a
second run; no single step between heartbeats can take long, because every Slack call is
bounded (bot.slack.client: 10 s timeout, rate-limit waits capped far below the lease).
The lease records the owner's pid, host and last heartbeat. A held lease is taken over at
once when its owner is on this host and its pid is gone (``kill -9``, a crash), or when its
heartbeat is older than ``HEARTBEAT_STALE`` (an owner on another host that died); else it
stands until it expires. A database error while taking a lease is an error, never "taken".

Retention (``prune``). Rows never need to be deleted for correctness, and deleting one
could re-post a release, so only rows that cannot matter again go:

- channels unsubscribed for longer than the retention period lose their ledger rows. The
  channel keeps a one-row marker (``digest_unsubscribed.history_pruned``); if it ever
  subscribes again, its first digest counts every release then in the knowledge base as
  seen and posts only what is added later. It may miss releases added while it was away
  (it asked to stop), but it is never sent one it already had.
- rows of releases no longer in the knowledge base are kept: a curator who re-adds a
  release (same id) must not see it posted again, and a row costs a few bytes.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.state import StateStore, write_transaction

LEASE_TTL = 600.0  # seconds a lease lasts without a heartbeat
# A heartbeat older than this means the owner is gone. It must exceed the longest gap
# between two heartbeats: one chat.postMessage with its retries (3 x 10 s timeout + 2 x
# DIGEST_MAX_RETRY_WAIT 30 s = 90 s) or one conversations.history page.
HEARTBEAT_STALE = 300.0
LEDGER_RETENTION_DAYS = 180


def this_host() -> str:
    """The host name plus the pid namespace: pids compare only within one namespace (two
    containers may share a host name; they never share a pid namespace)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()}/{namespace}" if namespace else socket.gethostname()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        return True
    except OSError:
        return True  # cannot tell: assume alive (the lease then expires normally)
    return True


@dataclass(frozen=True)
class LeaseHolder:
    owner: str
    expires_at: float
    pid: int | None
    host: str | None
    heartbeat_at: float | None

    def describe(self) -> str:
        where = f"pid {self.pid} on {self.host.split('/')[0]}" if self.pid and self.host else ""
        return where or self.owner


@dataclass(frozen=True)
class InFlight:
    release_id: str
    started_at: float


@dataclass(frozen=True)
class Lease:
    taken: bool
    previous: LeaseHolder | None  # the other run's lease: still live (not taken) or lapsed


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
        with self.store.connect() as conn, write_transaction(conn):
            gone = (
                conn.execute(
                    "DELETE FROM digest_subscriptions WHERE channel_id = ?", (channel,)
                ).rowcount
                == 1
            )
            if gone:  # when, for retention; a pruned history stays marked as pruned
                conn.execute(
                    "INSERT INTO digest_unsubscribed (channel_id, unsubscribed_at) "
                    "VALUES (?, ?) ON CONFLICT(channel_id) DO UPDATE "
                    "SET unsubscribed_at = excluded.unsubscribed_at",
                    (channel, self.clock()),
                )
        return gone

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

    def history_pruned(self, channel: str) -> bool:
        """The channel's rows were dropped by ``prune``: on its return, nothing old is news."""
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT history_pruned FROM digest_unsubscribed WHERE channel_id = ?", (channel,)
            ).fetchone()
        return bool(row and row[0])

    def prune(self, retention_days: float = LEDGER_RETENTION_DAYS) -> int:
        """Drop the ledger rows of channels unsubscribed for longer than ``retention_days``.

        See the module docstring for why nothing else is ever deleted. Returns rows deleted.
        """
        cutoff = self.clock() - retention_days * 86400
        with self.store.connect() as conn, write_transaction(conn):
            stale = [
                r[0]
                for r in conn.execute(
                    "SELECT channel_id FROM digest_unsubscribed WHERE unsubscribed_at < ? "
                    "AND channel_id NOT IN (SELECT channel_id FROM digest_subscriptions)",
                    (cutoff,),
                )
            ]
            deleted = 0
            for channel in stale:
                deleted += conn.execute(
                    "DELETE FROM digest_ledger WHERE channel_id = ?", (channel,)
                ).rowcount
                conn.execute(
                    "UPDATE digest_unsubscribed SET history_pruned = 1 WHERE channel_id = ?",
                    (channel,),
                )
        return deleted

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
        with self.store.connect() as conn, write_transaction(conn):
            for rid in release_ids:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO digest_ledger VALUES (?, ?, 'posting', NULL, ?)",
                    (channel, rid, now),
                )
                if cur.rowcount == 1:
                    claimed.append(rid)
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

    def backdate(self, channel: str, release_ids: Iterable[str], seconds: float) -> None:
        """Move 'posting' rows' start back: Slack answered (a 5xx), so the outcome, though
        unknown, is not still on its way, and the next run need not wait for it to settle."""
        with self.store.connect() as conn:
            conn.executemany(
                "UPDATE digest_ledger SET posted_at = posted_at - ? WHERE channel_id = ? "
                "AND release_id = ? AND status = 'posting'",
                [(seconds, channel, rid) for rid in release_ids],
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
    def holder(self, channel: str) -> LeaseHolder | None:
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT owner, expires_at, pid, host, heartbeat_at FROM digest_leases "
                "WHERE channel_id = ?",
                (channel,),
            ).fetchone()
        return LeaseHolder(*row) if row else None

    def lapsed(self, lease: LeaseHolder, now: float) -> bool:
        """Expired, or its owner is certainly gone (dead pid here, or no heartbeat lately)."""
        if lease.expires_at < now:
            return True
        if lease.heartbeat_at is not None and lease.heartbeat_at < now - HEARTBEAT_STALE:
            return True
        return lease.host == this_host() and lease.pid is not None and not pid_alive(lease.pid)

    def acquire(self, channel: str, owner: str, ttl: float = LEASE_TTL) -> bool:
        """Take the channel's lease unless another live run holds it.

        Raises ``sqlite3.Error`` if the database fails: that is not "another run has it".
        """
        return self.take(channel, owner, ttl).taken

    def take(self, channel: str, owner: str, ttl: float = LEASE_TTL) -> Lease:
        """Like ``acquire``, also saying whose lapsed lease (if any) this one replaced."""
        now = self.clock()
        with self.store.connect() as conn, write_transaction(conn):
            row = conn.execute(
                "SELECT owner, expires_at, pid, host, heartbeat_at FROM digest_leases "
                "WHERE channel_id = ?",
                (channel,),
            ).fetchone()
            previous = LeaseHolder(*row) if row and row[0] != owner else None
            if previous and not self.lapsed(previous, now):
                return Lease(False, previous)
            conn.execute(
                "INSERT OR REPLACE INTO digest_leases "
                "(channel_id, owner, expires_at, pid, host, heartbeat_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (channel, owner, now + ttl, os.getpid(), this_host(), now),
            )
        return Lease(True, previous)

    def heartbeat(self, channel: str, owner: str, ttl: float = LEASE_TTL) -> bool:
        """Renew our lease; False if it is no longer ours (another run took it over)."""
        now = self.clock()
        with self.store.connect() as conn:
            cur = conn.execute(
                "UPDATE digest_leases SET heartbeat_at = ?, expires_at = ? "
                "WHERE channel_id = ? AND owner = ?",
                (now, now + ttl, channel, owner),
            )
            return cur.rowcount == 1

    def release(self, channel: str, owner: str) -> None:
        with self.store.connect() as conn:
            conn.execute(
                "DELETE FROM digest_leases WHERE channel_id = ? AND owner = ?", (channel, owner)
            )
