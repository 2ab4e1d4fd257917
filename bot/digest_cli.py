"""``iom-bot digest [--channel C] [--dry-run]``: one digest run now, for system cron.

Exit status 0 when every channel got what was pending (or had nothing), 1 when any post
failed (those releases stay pending for the next run), 2 for a start-up problem.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from bot.digest_run import ChannelResult, DigestConfig, DigestRunner
from bot.digest_store import DigestLedger
from bot.settings import Settings, StartupError, load_settings
from bot.state import StateError, StateStore
from knowledge import KnowledgeError, load_knowledge


def seed_subscriptions(settings: Settings, ledger: DigestLedger) -> None:
    """DIGEST_CHANNELS subscribes channels without anyone typing a command."""
    for channel in settings.digest.channels:
        ledger.subscribe(channel, "settings")


def digest_once(
    settings: Settings, channels: list[str] | None, *, dry_run: bool, out: object = None
) -> list[ChannelResult]:
    from bot.app import build_web_client

    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        raise StartupError(f"IOM_BOT_KNOWLEDGE: {exc.problems[0]}") from None
    state = StateStore(settings.db_path, retention_days=settings.gaps_retention_days)
    try:
        state.migrate()
    except StateError as exc:
        raise StartupError(f"IOM_BOT_DB: {exc}") from None
    ledger = DigestLedger(state)
    if not dry_run:
        seed_subscriptions(settings, ledger)
    config = DigestConfig(backfill=settings.digest.backfill, post_empty=settings.digest.post_empty)
    runner = DigestRunner(kb, ledger, build_web_client(settings), config)
    if dry_run and out is not None:
        targets = channels or sorted(set(ledger.subscriptions()) | set(settings.digest.channels))
        for channel in targets:
            for payload in runner.messages_for(channel):
                print(json.dumps(payload, ensure_ascii=False), file=out)  # type: ignore[arg-type]
        return runner.run(targets, dry_run=True)
    return runner.run(channels, dry_run=dry_run)


def main(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(need_slack=not args.dry_run)
        if args.knowledge:
            settings = dataclasses.replace(settings, knowledge_dir=args.knowledge)
        channels = [args.channel] if args.channel else None
        results = digest_once(
            settings, channels, dry_run=args.dry_run, out=sys.stdout if args.dry_run else None
        )
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not results:
        print(
            "no subscribed channels (use /iom digest subscribe or DIGEST_CHANNELS)", file=sys.stderr
        )
    for result in results:
        print(result.line(), file=sys.stderr if result.error else sys.stdout)
    return 1 if any(r.error for r in results) else 0
