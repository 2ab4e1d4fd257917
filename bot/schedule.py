"""The digest schedule inside ``iom-bot run``: APScheduler with DIGEST_CRON in DIGEST_TZ.

Only the process holding the scheduler lock (bot.leader) starts it, so several gunicorn
workers still post one digest. The job builds what it needs from settings each time, so
nothing long-lived is shared with request handlers.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.settings import Settings

log = logging.getLogger("iom_bot.digest")


def run_scheduled_digest(settings: Settings) -> None:
    """One digest run; failures are logged (the next run retries what stayed pending)."""
    from bot.digest.service import digest_once

    try:
        results = digest_once(settings, channels=None, dry_run=False)
    except Exception:  # a scheduler thread must not die
        log.exception("scheduled digest failed")
        return
    for result in results:
        (log.warning if result.error else log.info)("digest %s", result.line())


def start_digest_schedule(settings: Settings) -> BackgroundScheduler:
    zone = ZoneInfo(settings.digest.tz)
    scheduler = BackgroundScheduler(timezone=zone)
    scheduler.add_job(
        run_scheduled_digest,
        CronTrigger.from_crontab(settings.digest.cron, timezone=zone),
        args=[settings],
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
