"""``iom-bot digest [--channel C] [--dry-run]``: one digest run now, for system cron.

Needs ``SLACK_BOT_TOKEN`` (not the signing secret: nothing here receives a request from
Slack); ``--dry-run`` needs no Slack credentials at all. ``--dry-run`` prints the message
payloads it would post on stdout, one JSON object per line (machine-readable), and its
per-channel summary on stderr. A real run prints one line per channel.

Exit status (when several apply, the highest):

- 0: every channel got what was pending (or had nothing new);
- 1: a post failed, or its outcome is unknown (the connection dropped after the request
  was sent): those releases stay pending (or are checked in the channel by the next run);
- 2: a start-up problem (a setting, the knowledge base, an unusable state database);
- 3: a channel was skipped because another live digest run holds it: nothing posted there;
- 4: the state database failed during the run: nothing more was posted there.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from typing import IO

from bot.digest_run import DIGEST_MAX_RETRY_WAIT, ChannelResult, DigestConfig, DigestRunner
from bot.digest_store import DigestLedger
from bot.settings import _CHANNEL_ID, Settings, StartupError, load_settings
from bot.state import StateError, open_state
from knowledge import KnowledgeError, load_knowledge

EXIT_OK, EXIT_FAILED, EXIT_STARTUP, EXIT_SKIPPED, EXIT_STATE = 0, 1, 2, 3, 4
EXIT_BY_KIND = {"ok": EXIT_OK, "failed": EXIT_FAILED, "unknown": EXIT_FAILED}
EXIT_BY_KIND.update(skipped=EXIT_SKIPPED, state=EXIT_STATE)


def seed_subscriptions(settings: Settings, ledger: DigestLedger) -> None:
    """DIGEST_CHANNELS subscribes channels without anyone typing a command."""
    for channel in settings.digest.channels:
        ledger.subscribe(channel, "settings")


def exit_status(results: list[ChannelResult]) -> int:
    return max((EXIT_BY_KIND.get(r.kind, EXIT_FAILED) for r in results), default=EXIT_OK)


def check_channel(channel: str) -> str:
    """``--channel`` takes a channel id, checked as DIGEST_CHANNELS is."""
    if not _CHANNEL_ID.match(channel):
        raise StartupError(f"--channel {channel!r} is not a channel id (such as C0123ABCD)")
    return channel


def digest_once(
    settings: Settings, channels: list[str] | None, *, dry_run: bool, out: IO[str] | None = None
) -> list[ChannelResult]:
    from bot.slack.client import build_web_client

    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        raise StartupError(f"IOM_BOT_KNOWLEDGE: {exc.problems[0]}") from None
    try:
        ledger = DigestLedger(open_state(settings))
        if not dry_run:
            seed_subscriptions(settings, ledger)
    except StateError as exc:
        raise StartupError(f"IOM_BOT_DB: {exc}") from None
    config = DigestConfig(backfill=settings.digest.backfill, post_empty=settings.digest.post_empty)
    client = build_web_client(settings, max_retry_wait=DIGEST_MAX_RETRY_WAIT)
    runner = DigestRunner(kb, ledger, client, config)
    if dry_run and out is not None:
        targets = channels or sorted(set(ledger.subscriptions()) | set(settings.digest.channels))
        for channel in targets:
            for payload in runner.messages_for(channel):
                print(json.dumps(payload, ensure_ascii=False), file=out)
        return runner.run(targets, dry_run=True)
    return runner.run(channels, dry_run=dry_run)


def main(args: argparse.Namespace) -> int:
    # One line per channel says what happened; library warnings would only repeat it.
    if not logging.getLogger().handlers:
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        channels = [check_channel(args.channel)] if args.channel else None
        settings = load_settings(need_slack=not args.dry_run, need_signing_secret=False)
        if args.knowledge:
            settings = dataclasses.replace(settings, knowledge_dir=args.knowledge)
        results = digest_once(
            settings, channels, dry_run=args.dry_run, out=sys.stdout if args.dry_run else None
        )
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_STARTUP
    if not results:
        print(
            "no subscribed channels (use /iom digest subscribe or DIGEST_CHANNELS)", file=sys.stderr
        )
    for result in results:
        ok = result.delivered and not args.dry_run
        print(result.line(), file=sys.stdout if ok else sys.stderr)
    return exit_status(results)
