"""Live reload inside ``iom-bot run``: one thread per serving process refreshes the
knowledge every ``IOM_BOT_RELOAD_SECONDS`` (``knowledge.live`` does the work).

In HTTP mode every gunicorn worker runs its own (threads do not survive the fork, and each
worker answers from its own copy); in Socket Mode the one process does. So that a change
is reported once per bot, not once per worker, only the process that runs the scheduled
jobs (``bot.serve.leader``) logs reloads and failures at INFO/WARNING; the others log them
at DEBUG.
"""

from __future__ import annotations

import logging
import os
import threading

from bot.settings import hide
from knowledge.live import LiveKnowledge, Refresh

log = logging.getLogger("iom_bot")


class Reloader:
    """Calls ``live.refresh()`` every ``seconds`` on a daemon thread until ``stop()``."""

    def __init__(self, live: LiveKnowledge, seconds: float, *, report: bool) -> None:
        self.live = live
        self.seconds = seconds
        self.report = report
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="iom-reload", daemon=True)

    def start(self) -> Reloader:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.seconds):
            self.step()

    def step(self) -> Refresh:
        """One refresh, logged; an unexpected failure is logged and the thread goes on."""
        try:
            result = self.live.refresh()
        except Exception:  # a reload thread must not die: the next tick tries again
            log.exception("knowledge reload failed unexpectedly")
            return Refresh()
        if result.reloaded:
            (log.info if self.report else log.debug)(
                "knowledge reloaded: %d releases, loaded and indexed in %.1f s (pid %d)",
                result.releases,
                result.seconds,
                os.getpid(),
            )
        elif result.problem is not None:
            (log.warning if self.report else log.debug)(
                "knowledge not reloaded, still serving the last good knowledge: %s",
                hide(result.problem, self.live.directory),
            )
        return result


def start_reloader(live: LiveKnowledge | None, seconds: int, *, report: bool) -> Reloader | None:
    """The process's reload thread, or None when live reload is off (``seconds`` 0)."""
    if live is None or seconds <= 0:
        return None
    return Reloader(live, seconds, report=report).start()
