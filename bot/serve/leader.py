"""One process among many: who runs the scheduled jobs (digests).

Every gunicorn worker is a full copy of the bot, but a digest must be posted once, not
once per worker. The first process to take an exclusive ``flock`` on a file next to the
state database runs the schedule. The kernel drops the lock when that process exits, and
the worker gunicorn starts in its place takes it over.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO, Any


class ProcessLock:
    """A non-blocking, process-lifetime exclusive lock on ``path``."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._file: IO[str] | None = None
        self.scheduler: Any = None  # jobs run by the lock holder live as long as it

    @property
    def held(self) -> bool:
        return self._file is not None

    def try_acquire(self) -> bool:
        """True if this object now holds the lock (or already did); never waits."""
        if self._file is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - kept open for as long as the lock is held
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def scheduler_lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".scheduler.lock")
