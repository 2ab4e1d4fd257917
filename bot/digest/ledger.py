"""Digest state in the bot's state database (tables: migrations 2-4 in bot.state.migrations): subscriptions, the delivery ledger, leases, each keyed by workspace.

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

Workspaces. A ``DigestLedger`` works on one workspace's rows (``workspace``, default the
single workspace of SLACK_BOT_TOKEN): the same channel id in two workspaces is two
channels. ``workspaces()`` lists those that have subscriptions, for a digest run over all.

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
from typing import Any

from sqlalchemy import Connection, text

from bot.state import SINGLE, StateStore, Workspace, write_transaction

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


_WS = "enterprise_id = :ent AND team_id = :team"


class DigestLedger:
    """Digest tables of one workspace on top of a migrated ``StateStore``; one short
    connection per call."""

    def __init__(
        self,
        store: StateStore,
        clock: Callable[[], float] = time.time,
        workspace: Workspace = SINGLE,
    ) -> None:
        self.store = store
        self.clock = clock
        self.workspace = workspace

    def _run(self, conn: Connection, sql: str, **params: Any) -> Any:
        return conn.execute(text(sql), {**self.workspace.key, **params})

    def _many(self, conn: Connection, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(text(sql), [{**self.workspace.key, **row} for row in rows])

    def for_workspace(self, workspace: Workspace) -> DigestLedger:
        return DigestLedger(self.store, self.clock, workspace)

    def workspaces(self) -> list[Workspace]:
        """Every workspace with at least one subscribed channel (any workspace's rows)."""
        with self.store.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT DISTINCT enterprise_id, team_id FROM digest_subscriptions "
                    "ORDER BY enterprise_id, team_id"
                )
            ).all()
        return [Workspace(r[0], r[1]) for r in rows]

    # -- subscriptions ----------------------------------------------------------------------
    def subscribe(self, channel: str, source: str = "command") -> bool:
        """True if newly subscribed."""
        with self.store.connect() as conn:
            cur = self._run(
                conn,
                "INSERT INTO digest_subscriptions (enterprise_id, team_id, channel_id, "
                "subscribed_at, source) VALUES (:ent, :team, :channel, :now, :source) "
                "ON CONFLICT DO NOTHING",
                channel=channel,
                now=self.clock(),
                source=source,
            )
            return bool(cur.rowcount == 1)

    def unsubscribe(self, channel: str) -> bool:
        with self.store.connect() as conn, write_transaction(conn):
            gone = (
                self._run(
                    conn,
                    f"DELETE FROM digest_subscriptions WHERE {_WS} AND channel_id = :channel",
                    channel=channel,
                ).rowcount
                == 1
            )
            if gone:  # when, for retention; a pruned history stays marked as pruned
                self._run(
                    conn,
                    "INSERT INTO digest_unsubscribed (enterprise_id, team_id, channel_id, "
                    "unsubscribed_at) VALUES (:ent, :team, :channel, :now) "
                    "ON CONFLICT (enterprise_id, team_id, channel_id) DO UPDATE "
                    "SET unsubscribed_at = excluded.unsubscribed_at",
                    channel=channel,
                    now=self.clock(),
                )
        return gone

    def forget_workspace(self) -> int:
        """The workspace uninstalled the app: drop its subscriptions (marked unsubscribed,
        so its ledger is pruned later and a reinstall is never re-sent what it had)."""
        channels = self.subscriptions()
        for channel in channels:
            self.unsubscribe(channel)
        return len(channels)

    def subscriptions(self) -> list[str]:
        with self.store.connect() as conn:
            rows = self._run(
                conn,
                f"SELECT channel_id FROM digest_subscriptions WHERE {_WS} "
                "ORDER BY subscribed_at, channel_id",
            ).all()
        return [r[0] for r in rows]

    def is_subscribed(self, channel: str) -> bool:
        return channel in self.subscriptions()

    # -- ledger -----------------------------------------------------------------------------
    def delivered(self, channel: str) -> set[str]:
        """Release ids the channel has, has seen, or may have (posting): not to post again."""
        with self.store.connect() as conn:
            rows = self._run(
                conn,
                f"SELECT release_id FROM digest_ledger WHERE {_WS} AND channel_id = :channel",
                channel=channel,
            ).all()
        return {r[0] for r in rows}

    def has_history(self, channel: str) -> bool:
        with self.store.connect() as conn:
            row = self._run(
                conn,
                f"SELECT 1 FROM digest_ledger WHERE {_WS} AND channel_id = :channel LIMIT 1",
                channel=channel,
            ).first()
        return row is not None

    def history_pruned(self, channel: str) -> bool:
        """The channel's rows were dropped by ``prune``: on its return, nothing old is news."""
        with self.store.connect() as conn:
            row = self._run(
                conn,
                f"SELECT history_pruned FROM digest_unsubscribed WHERE {_WS} "
                "AND channel_id = :channel",
                channel=channel,
            ).first()
        return bool(row and row[0])

    def prune(self, retention_days: float = LEDGER_RETENTION_DAYS) -> int:
        """Drop the ledger rows of channels unsubscribed for longer than ``retention_days``.

        See the module docstring for why nothing else is ever deleted. Returns rows deleted.
        """
        cutoff = self.clock() - retention_days * 86400
        with self.store.connect() as conn, write_transaction(conn):
            stale = [
                r[0]
                for r in self._run(
                    conn,
                    f"SELECT channel_id FROM digest_unsubscribed u WHERE {_WS} "
                    "AND unsubscribed_at < :cutoff AND channel_id NOT IN (SELECT "
                    "channel_id FROM digest_subscriptions s WHERE s.enterprise_id = "
                    "u.enterprise_id AND s.team_id = u.team_id)",
                    cutoff=cutoff,
                )
            ]
            deleted = 0
            for channel in stale:
                deleted += self._run(
                    conn,
                    f"DELETE FROM digest_ledger WHERE {_WS} AND channel_id = :channel",
                    channel=channel,
                ).rowcount
                self._run(
                    conn,
                    f"UPDATE digest_unsubscribed SET history_pruned = 1 WHERE {_WS} "
                    "AND channel_id = :channel",
                    channel=channel,
                )
        return deleted

    def mark_seen(self, channel: str, release_ids: Iterable[str]) -> None:
        now = self.clock()
        with self.store.connect() as conn:
            self._many(
                conn,
                "INSERT INTO digest_ledger (enterprise_id, team_id, channel_id, release_id, "
                "status, message_ts, posted_at) VALUES (:ent, :team, :channel, :rid, 'seen', "
                "NULL, :now) ON CONFLICT DO NOTHING",
                [{"channel": channel, "rid": rid, "now": now} for rid in release_ids],
            )

    def begin_post(self, channel: str, release_ids: Iterable[str]) -> list[str]:
        """Claim releases for one post; returns those this run claimed (others were taken)."""
        now = self.clock()
        claimed = []
        with self.store.connect() as conn, write_transaction(conn):
            for rid in release_ids:
                cur = self._run(
                    conn,
                    "INSERT INTO digest_ledger (enterprise_id, team_id, channel_id, "
                    "release_id, status, message_ts, posted_at) VALUES (:ent, :team, "
                    ":channel, :rid, 'posting', NULL, :now) ON CONFLICT DO NOTHING",
                    channel=channel,
                    rid=rid,
                    now=now,
                )
                if cur.rowcount == 1:
                    claimed.append(rid)
        return claimed

    def confirm(self, channel: str, release_ids: Iterable[str], ts: str) -> None:
        """Slack confirmed the post: the releases are delivered, with its message ts."""
        now = self.clock()
        with self.store.connect() as conn:
            self._many(
                conn,
                "UPDATE digest_ledger SET status = 'posted', message_ts = :ts, posted_at = :now "
                f"WHERE {_WS} AND channel_id = :channel AND release_id = :rid",
                [{"ts": ts, "now": now, "channel": channel, "rid": rid} for rid in release_ids],
            )

    def abandon(self, channel: str, release_ids: Iterable[str]) -> None:
        """Slack definitely did not post: the releases are pending again."""
        with self.store.connect() as conn:
            self._many(
                conn,
                f"DELETE FROM digest_ledger WHERE {_WS} AND channel_id = :channel "
                "AND release_id = :rid AND status = 'posting'",
                [{"channel": channel, "rid": rid} for rid in release_ids],
            )

    def backdate(self, channel: str, release_ids: Iterable[str], seconds: float) -> None:
        """Move 'posting' rows' start back: Slack answered (a 5xx), so the outcome, though
        unknown, is not still on its way, and the next run need not wait for it to settle."""
        with self.store.connect() as conn:
            self._many(
                conn,
                f"UPDATE digest_ledger SET posted_at = posted_at - :seconds WHERE {_WS} "
                "AND channel_id = :channel AND release_id = :rid AND status = 'posting'",
                [{"seconds": seconds, "channel": channel, "rid": rid} for rid in release_ids],
            )

    def in_flight(self, channel: str) -> list[InFlight]:
        with self.store.connect() as conn:
            rows = self._run(
                conn,
                f"SELECT release_id, posted_at FROM digest_ledger WHERE {_WS} "
                "AND channel_id = :channel AND status = 'posting' ORDER BY posted_at",
                channel=channel,
            ).all()
        return [InFlight(r[0], r[1]) for r in rows]

    def posts(self, channel: str) -> list[tuple[str, str | None, str]]:
        """(release id, message ts, status) rows for a channel, for status and tests."""
        with self.store.connect() as conn:
            rows = self._run(
                conn,
                f"SELECT release_id, message_ts, status FROM digest_ledger WHERE {_WS} "
                "AND channel_id = :channel ORDER BY posted_at, release_id",
                channel=channel,
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    # -- leases -----------------------------------------------------------------------------
    _HOLDER = (
        f"SELECT owner, expires_at, pid, host, heartbeat_at FROM digest_leases WHERE {_WS} "
        "AND channel_id = :channel"
    )

    def holder(self, channel: str) -> LeaseHolder | None:
        with self.store.connect() as conn:
            row = self._run(conn, self._HOLDER, channel=channel).first()
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

        Raises ``StateError`` if the database fails: that is not "another run has it".
        """
        return self.take(channel, owner, ttl).taken

    def take(self, channel: str, owner: str, ttl: float = LEASE_TTL) -> Lease:
        """Like ``acquire``, also saying whose lapsed lease (if any) this one replaced."""
        now = self.clock()
        with self.store.connect() as conn, write_transaction(conn):
            row = self._run(conn, self._HOLDER, channel=channel).first()
            previous = LeaseHolder(*row) if row and row[0] != owner else None
            if previous and not self.lapsed(previous, now):
                return Lease(False, previous)
            self._run(
                conn,
                "INSERT INTO digest_leases (enterprise_id, team_id, channel_id, owner, "
                "expires_at, pid, host, heartbeat_at) VALUES (:ent, :team, :channel, :owner, "
                ":expires, :pid, :host, :now) ON CONFLICT (enterprise_id, team_id, channel_id) "
                "DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, "
                "pid = excluded.pid, host = excluded.host, heartbeat_at = excluded.heartbeat_at",
                channel=channel,
                owner=owner,
                expires=now + ttl,
                pid=os.getpid(),
                host=this_host(),
                now=now,
            )
        return Lease(True, previous)

    def heartbeat(self, channel: str, owner: str, ttl: float = LEASE_TTL) -> bool:
        """Renew our lease; False if it is no longer ours (another run took it over)."""
        now = self.clock()
        with self.store.connect() as conn:
            cur = self._run(
                conn,
                "UPDATE digest_leases SET heartbeat_at = :now, expires_at = :expires "
                f"WHERE {_WS} AND channel_id = :channel AND owner = :owner",
                now=now,
                expires=now + ttl,
                channel=channel,
                owner=owner,
            )
            return bool(cur.rowcount == 1)

    def release(self, channel: str, owner: str) -> None:
        with self.store.connect() as conn:
            self._run(
                conn,
                f"DELETE FROM digest_leases WHERE {_WS} AND channel_id = :channel "
                "AND owner = :owner",
                channel=channel,
                owner=owner,
            )
