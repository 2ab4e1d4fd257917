"""Digest planning: which releases a channel has not received yet, newest first.

Pure functions over the knowledge base and what the ledger says was delivered; releases
are identified by their stable id only. Used by the runner (what to post), by
``/iom digest status`` and ``preview`` (what is pending), and by dry runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from knowledge import KnowledgeBase


def newest_first(kb: KnowledgeBase) -> list[str]:
    """Dated releases newest first; then undated ones, latest added first.

    Curators add a release by adding a file; where ``added`` is not filled in, the order
    of the files is the order of addition as far as the bot can know.
    """
    position = {r.id: i for i, r in enumerate(kb.releases)}
    dated = sorted(
        (r for r in kb.releases if r.date), key=lambda r: (r.date, position[r.id]), reverse=True
    )
    undated = sorted(
        (r for r in kb.releases if not r.date),
        key=lambda r: (r.added or dt.date.min, position[r.id]),
        reverse=True,
    )
    return [r.id for r in dated + undated]


@dataclass(frozen=True)
class Plan:
    """What one run does for one channel: post ``post``, record ``skip`` as already seen."""

    post: list[str]
    skip: list[str]
    first: bool = False  # the channel has never had a digest


class DeliveryRecord(Protocol):
    """What planning needs of the ledger (bot.digest.ledger.DigestLedger)."""

    def delivered(self, channel: str) -> set[str]: ...

    def has_history(self, channel: str) -> bool: ...

    def history_pruned(self, channel: str) -> bool: ...


def plan_channel(kb: KnowledgeBase, ledger: DeliveryRecord, channel: str, backfill: int) -> Plan:
    """A channel's first digest covers at most ``backfill`` releases; older count as seen.

    A channel whose history was pruned (unsubscribed long ago, see bot.digest.ledger) and
    that subscribed again gets no backfill: it may have had any of today's releases.
    """
    delivered, first = ledger.delivered(channel), not ledger.has_history(channel)
    pending = [rid for rid in newest_first(kb) if rid not in delivered]
    if first and pending and ledger.history_pruned(channel):
        return Plan(post=[], skip=pending, first=True)
    if first and len(pending) > backfill:
        return Plan(post=pending[:backfill], skip=pending[backfill:], first=True)
    return Plan(post=pending, skip=[], first=first)
