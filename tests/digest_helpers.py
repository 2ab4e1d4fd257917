"""Helpers the in-process and the real-process digest tests share."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bot.digest.ledger import DigestLedger
from bot.state import StateStore
from knowledge import KnowledgeBase, load_knowledge


def every_release(kb: KnowledgeBase | None = None) -> list[str]:
    """The ids of every release of ``kb`` (default: the packaged knowledge), sorted."""
    return sorted(r.id for r in (kb or load_knowledge()).releases)


def new_ledger(path: Path, clock: Callable[[], float] = time.time) -> DigestLedger:
    """A digest ledger on a new, migrated state database at ``path``."""
    store = StateStore(path)
    store.migrate()
    return DigestLedger(store, clock)
