"""The digest schedule inside ``iom-bot run``: APScheduler with DIGEST_CRON in DIGEST_TZ.

Only the process holding the scheduler lease (bot.serve.leader) runs it, so several
gunicorn workers on several hosts still post one digest. The job builds what it needs from settings each
time (``bot.digest.service``), except the knowledge: a running bot digests what it
serves (``knowledge.live``), so a release published after start-up is posted at the next
run, and a broken edit does not stop the digest.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

from bot.digest.ledger import DigestLedger
from bot.digest.service import digest_once, seed_subscriptions
from bot.serve.leader import Leader, SchedulerLease
from bot.settings import Settings, cron_trigger
from bot.state import StateError, StateStore

log = logging.getLogger("iom_bot.digest")
jobs_log = logging.getLogger("iom_bot")


def run_scheduled_digest(settings: Settings, knowledge: Any = None) -> None:
    """One digest run; failures are logged (the next run retries what stayed pending).

    ``knowledge``: a LiveKnowledge whose current knowledge base is digested (None: load
    the directory for this run)."""
    try:
        kb = knowledge.current if knowledge is not None else None
        results = digest_once(settings, channels=None, dry_run=False, kb=kb)
    except Exception:  # a scheduler thread must not die
        log.exception("scheduled digest failed")
        return
    for result in results:
        (log.warning if result.error else log.info)("digest %s", result.line())


def start_digest_schedule(settings: Settings, knowledge: Any = None) -> BackgroundScheduler:
    zone = ZoneInfo(settings.digest.tz)
    scheduler = BackgroundScheduler(timezone=zone)
    scheduler.add_job(
        run_scheduled_digest,
        cron_trigger(settings.digest.cron, zone),
        args=[settings, knowledge],
        id="digest",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
    scheduler.start()
    job = scheduler.get_job("digest")
    log.info(
        "digest schedule %r (%s); next run %s",
        settings.digest.cron,
        settings.digest.tz,
        job.next_run_time if job else "none",
    )
    return scheduler


def start_scheduled_jobs(settings: Settings, knowledge: Any = None) -> Leader | None:
    """Run the schedule in exactly one process of this bot, wherever its processes run.

    Returns the ``Leader`` that keeps trying for the scheduler lease (it starts the digest
    schedule when this process gets it, and stops it if another takes over); the caller
    keeps it referenced for the life of the process. None if the database cannot even be
    opened (already reported).
    """
    try:
        store = StateStore(settings.database)
    except StateError as exc:  # pragma: no cover - the start-up already opened it
        jobs_log.error("scheduler lease: %s", exc)
        return None

    def start_jobs() -> Any:
        try:
            seed_subscriptions(settings, DigestLedger(store))
        except StateError as exc:  # the scheduled run reports it again, per run
            jobs_log.error("cannot seed DIGEST_CHANNELS: %s", exc)
        return start_digest_schedule(settings, knowledge)

    return Leader(SchedulerLease(store), start_jobs).start()
