"""One digest run from settings: what the scheduler (``bot.serve.schedule``) and the
``iom-bot digest`` command (``bot.digest.cli``) both call.

It loads the knowledge base, opens the state database, subscribes the channels named in
DIGEST_CHANNELS and runs ``DigestRunner`` with a Web API client whose rate-limit waits
are bounded below the digest lease. Start-up problems are one-line ``StartupError``s.
"""

from __future__ import annotations

import json
from typing import IO

from bot.digest.ledger import DigestLedger
from bot.digest.results import ChannelResult
from bot.digest.runner import DIGEST_MAX_RETRY_WAIT, DigestRunner
from bot.settings import Settings, StartupError, hide
from bot.slack.client import build_web_client
from bot.state import StateError, open_state
from knowledge import KnowledgeBase, KnowledgeError, load_knowledge


def seed_subscriptions(settings: Settings, ledger: DigestLedger) -> None:
    """DIGEST_CHANNELS subscribes channels without anyone typing a command."""
    for channel in settings.digest.channels:
        ledger.subscribe(channel, "settings")


def open_ledger(settings: Settings, *, seed: bool) -> DigestLedger:
    """The digest ledger on the migrated state database; ``seed``: DIGEST_CHANNELS too."""
    try:
        ledger = DigestLedger(open_state(settings))
        if seed:
            seed_subscriptions(settings, ledger)
    except StateError as exc:
        raise StartupError(f"IOM_BOT_DB: {exc}") from None
    return ledger


def load_kb(settings: Settings) -> KnowledgeBase:
    try:
        return load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        raise StartupError(
            f"IOM_BOT_KNOWLEDGE: {hide(exc.problems[0], settings.knowledge_dir)}"
        ) from None


def digest_once(
    settings: Settings,
    channels: list[str] | None,
    *,
    dry_run: bool,
    out: IO[str] | None = None,
    kb: KnowledgeBase | None = None,
) -> list[ChannelResult]:
    """Run one digest now (``channels``: only these; None: every subscribed channel), over
    ``kb`` (the knowledge a running bot serves) or the directory loaded for this run.

    A dry run posts and records nothing; with ``out`` it also writes the payloads it
    would post there, one JSON object per line.
    """
    kb = kb if kb is not None else load_kb(settings)
    ledger = open_ledger(settings, seed=not dry_run)
    client = build_web_client(settings, max_retry_wait=DIGEST_MAX_RETRY_WAIT)
    runner = DigestRunner(kb, ledger, client, settings.digest)
    if dry_run and out is not None:
        targets = channels or sorted(set(ledger.subscriptions()) | set(settings.digest.channels))
        for channel in targets:
            for payload in runner.messages_for(channel):
                print(json.dumps(payload, ensure_ascii=False), file=out)
        return runner.run(targets, dry_run=True)
    return runner.run(channels, dry_run=dry_run)
