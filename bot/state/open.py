"""Opening the state database the way every command does: from settings, migrated.

``iom-bot run``, the WSGI factory, ``iom-bot digest`` and ``iom-bot gaps`` all open the
same database (``IOM_BOT_DB``) with the same retention (``GAPS_RETENTION_DAYS``), so they do
it here rather than each building and migrating a ``StateStore`` of its own.
"""

from __future__ import annotations

from bot.settings import Settings
from bot.state.store import StateStore


def open_state(settings: Settings, *, prune: bool = False) -> StateStore:
    """The state store at ``settings.database`` (a file or a URL), its schema up to date.

    ``prune``: also drop curator data older than the retention period now (start-up and
    the gaps report do; the digest does not need to). Raises ``StateError`` (callers at a
    command's start turn it into a one-line ``StartupError`` naming IOM_BOT_DB).
    """
    state = StateStore(settings.database, retention_days=settings.gaps_retention_days)
    state.migrate()
    if prune:
        state.prune()
    return state
