"""One process among many, on one host or many: who runs the scheduled jobs (digests).

Every gunicorn worker on every host is a full copy of the bot, but a digest must be posted
once, not once per worker. The right to run the schedule is a lease row in the state
database (``scheduler_leases``, one row per job name): whoever holds an unexpired lease
runs it and renews it every ``RENEW_SECONDS``; every other process tries to take it on the
same beat. A holder that dies stops renewing, and another process takes the lease over
once it has expired (``LEASE_SECONDS``), or at once when the dead holder was on the same
host (its pid is gone): within a minute either way. A file lock could not do this across
hosts, and nothing here depends on a shared local file.

Two schedulers for a moment (a holder that stalls past its lease, then wakes) cannot post
a digest twice: every digest run takes per-channel leases and claims releases in the
ledger (bot.digest.ledger). The lease only keeps the other processes from trying.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from bot.digest.ledger import pid_alive, this_host
from bot.state import StateError, StateStore, write_transaction

LEASE_SECONDS = 30.0  # a lease not renewed for this long is free
RENEW_SECONDS = 10.0  # how often the holder renews and the others try
log = logging.getLogger("iom_bot")


class SchedulerLease:
    """The lease on one job name; ``try_acquire`` never waits for another holder."""

    def __init__(
        self,
        store: StateStore,
        name: str = "digest",
        *,
        ttl: float = LEASE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.name = name
        self.ttl = ttl
        self.clock = clock
        self.owner = f"{this_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.held = False

    def try_acquire(self) -> bool:
        """True if this process holds the lease now (taken, or renewed); raises StateError."""
        if self.held:
            return self.renew()
        now = self.clock()
        with self.store.connect() as conn:  # a read first: a live holder needs no write lock
            if self._held_by_another(conn, now):
                return False
        with self.store.connect() as conn, write_transaction(conn):
            if self._held_by_another(conn, now):  # again, under the lock
                return False
            conn.execute(
                text(
                    "INSERT INTO scheduler_leases (name, owner, pid, host, expires_at, "
                    "heartbeat_at) VALUES (:name, :owner, :pid, :host, :expires, :now) "
                    "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, "
                    "host = excluded.host, expires_at = excluded.expires_at, "
                    "heartbeat_at = excluded.heartbeat_at"
                ),
                {
                    "name": self.name,
                    "owner": self.owner,
                    "pid": os.getpid(),
                    "host": this_host(),
                    "expires": now + self.ttl,
                    "now": now,
                },
            )
        self.held = True
        return True

    def _held_by_another(self, conn: Any, now: float) -> bool:
        """Another process holds a lease that has not lapsed."""
        row = conn.execute(
            text("SELECT owner, expires_at, pid, host FROM scheduler_leases WHERE name = :name"),
            {"name": self.name},
        ).first()
        return row is not None and row[0] != self.owner and not self._lapsed(row, now)

    @staticmethod
    def _lapsed(row: Any, now: float) -> bool:
        _owner, expires_at, pid, host = row
        if expires_at < now:
            return True
        return host == this_host() and pid is not None and not pid_alive(int(pid))

    def renew(self) -> bool:
        """Extend our lease; False (and no longer held) if another process has it now."""
        now = self.clock()
        with self.store.connect() as conn:
            renewed = conn.execute(
                text(
                    "UPDATE scheduler_leases SET expires_at = :expires, heartbeat_at = :now "
                    "WHERE name = :name AND owner = :owner"
                ),
                {"expires": now + self.ttl, "now": now, "name": self.name, "owner": self.owner},
            ).rowcount
        self.held = renewed == 1
        return self.held

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        with self.store.connect() as conn:
            conn.execute(
                text("DELETE FROM scheduler_leases WHERE name = :name AND owner = :owner"),
                {"name": self.name, "owner": self.owner},
            )

    def holder(self) -> str | None:
        """The owner of the current lease, expired or not (for status and tests)."""
        with self.store.connect() as conn:
            row = conn.execute(
                text("SELECT owner FROM scheduler_leases WHERE name = :name"), {"name": self.name}
            ).first()
        return str(row[0]) if row else None


class Leader:
    """Keeps trying for the lease in a daemon thread; starts the jobs when it gets it and
    stops them if it loses it. ``start`` returns once the first attempt is decided."""

    def __init__(
        self,
        lease: SchedulerLease,
        start_jobs: Callable[[], Any],
        *,
        every: float = RENEW_SECONDS,
    ) -> None:
        self.lease = lease
        self.start_jobs = start_jobs
        self.every = every
        self.scheduler: Any = None  # what start_jobs returned, while the lease is held
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False
        self._renewed_at = 0.0

    @property
    def held(self) -> bool:
        return self.lease.held

    def start(self) -> Leader:
        self.step()
        self._thread = threading.Thread(target=self._loop, name="iom-leader", daemon=True)
        self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.step()

    def step(self) -> None:
        """One beat: renew or try to take the lease; start or stop the jobs to match."""
        try:
            held = self.lease.try_acquire()
            if held:
                self._renewed_at = self.lease.clock()
            if self._failing:
                log.info("scheduler lease: the state database answers again")
            self._failing = False
        except StateError as exc:
            if not self._failing:
                log.error("scheduler lease: %s", exc)
            self._failing = True
            # Unsure: keep running until our lease would have expired anyway.
            held = self.lease.held and (
                self.lease.clock() < self._renewed_at + self.lease.ttl - self.every
            )
        if held and self.scheduler is None:
            log.info("scheduled jobs run in this process (pid %d)", os.getpid())
            self.scheduler = self.start_jobs()
        elif not held and self.scheduler is not None:
            log.warning("scheduler lease lost to another process; scheduled jobs stopped here")
            self._shutdown_jobs()

    def _shutdown_jobs(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None

    def release(self) -> None:
        self._stop.set()
        self._shutdown_jobs()
        try:
            self.lease.release()
        except StateError as exc:
            log.warning("could not release the scheduler lease: %s", exc)
