"""One digest run from settings: what the scheduler (``bot.serve.schedule``) and the
``iom-bot digest`` command (``bot.digest.cli``) both call.

It loads the knowledge base, opens the state database, subscribes the channels named in
DIGEST_CHANNELS and runs ``DigestRunner`` with a Web API client whose rate-limit waits
are bounded below the digest lease. Start-up problems are one-line ``StartupError``s.

Distributed (SLACK_CLIENT_ID), every workspace with subscriptions gets its own run, with
its own ledger rows and its own bot token from the installation store (refreshed first if
it is about to expire, once across hosts: bot.slack.installations). DIGEST_CHANNELS names
channels of the single workspace of SLACK_BOT_TOKEN, so it is not seeded then.
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
    if settings.distributed:
        return
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
    try:
        if settings.distributed:
            return digest_every_workspace(settings, ledger, kb, channels, dry_run=dry_run, out=out)
        return _digest_single(settings, ledger, kb, channels, dry_run=dry_run, out=out)
    finally:
        ledger.store.close()  # a scheduled run every week must not keep a pool open each time


def _digest_single(
    settings: Settings,
    ledger: DigestLedger,
    kb: KnowledgeBase,
    channels: list[str] | None,
    *,
    dry_run: bool,
    out: IO[str] | None,
) -> list[ChannelResult]:
    """The workspace of SLACK_BOT_TOKEN (DIGEST_CHANNELS included in a dry run's list)."""
    client = build_web_client(settings, max_retry_wait=DIGEST_MAX_RETRY_WAIT)
    runner = DigestRunner(kb, ledger, client, settings.digest)
    if dry_run and out is not None:
        targets = channels or sorted(set(ledger.subscriptions()) | set(settings.digest.channels))
        for channel in targets:
            for payload in runner.messages_for(channel):
                print(json.dumps(payload, ensure_ascii=False), file=out)
        return runner.run(targets, dry_run=True)
    return runner.run(channels, dry_run=dry_run)


def digest_every_workspace(
    settings: Settings,
    ledger: DigestLedger,
    kb: KnowledgeBase,
    channels: list[str] | None,
    *,
    dry_run: bool,
    out: IO[str] | None,
) -> list[ChannelResult]:
    """One run per installed workspace with subscriptions, each with that workspace's token."""
    from bot.slack.client import web_client
    from bot.slack.installations import SerialRotationAuthorize, bot_token_for, oauth_stores

    assert settings.oauth is not None
    store = ledger.store
    installations, _ = oauth_stores(store, settings.oauth)
    authorize = SerialRotationAuthorize(
        store, installations, settings.oauth, web_client(None, settings.api_url)
    )
    results: list[ChannelResult] = []
    for workspace in ledger.workspaces():
        scoped = ledger.for_workspace(workspace)
        targets = [c for c in scoped.subscriptions() if channels is None or c in channels]
        if not targets:
            continue
        try:
            token = bot_token_for(store, authorize, workspace)
            problem = None if token else f"the bot is not installed in {workspace.describe()}"
        except Exception as exc:  # a refused refresh, the database: this workspace only
            token, problem = None, f"no token for {workspace.describe()}: {type(exc).__name__}"
        if token is None:
            for channel in targets:
                result = ChannelResult(channel, kind="failed")
                result.error = problem
                results.append(result)
            continue
        client = build_web_client(settings, token, max_retry_wait=DIGEST_MAX_RETRY_WAIT)
        runner = DigestRunner(kb, scoped, client, settings.digest)
        if dry_run and out is not None:
            for channel in targets:
                for payload in runner.messages_for(channel):
                    print(json.dumps(payload, ensure_ascii=False), file=out)
        results += runner.run(targets, dry_run=dry_run)
    return results
