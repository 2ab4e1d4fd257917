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
import logging
import sys

from bot.digest.results import ChannelResult
from bot.digest.service import digest_once
from bot.settings import _CHANNEL_ID, StartupError, load_settings
from bot.state import StateError

EXIT_OK, EXIT_FAILED, EXIT_STARTUP, EXIT_SKIPPED, EXIT_STATE = 0, 1, 2, 3, 4
EXIT_BY_KIND = {"ok": EXIT_OK, "failed": EXIT_FAILED, "unknown": EXIT_FAILED}
EXIT_BY_KIND.update(skipped=EXIT_SKIPPED, state=EXIT_STATE)


def exit_status(results: list[ChannelResult]) -> int:
    return max((EXIT_BY_KIND.get(r.kind, EXIT_FAILED) for r in results), default=EXIT_OK)


def check_channel(channel: str) -> str:
    """``--channel`` takes a channel id, checked as DIGEST_CHANNELS is."""
    if not _CHANNEL_ID.match(channel):
        raise StartupError(f"--channel {channel!r} is not a channel id (such as C0123ABCD)")
    return channel


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
    except StateError as exc:  # the database failed during the run
        print(f"error: IOM_BOT_DB: {exc}", file=sys.stderr)
        return EXIT_STATE
    if not results:
        print(
            "no subscribed channels (use /iom digest subscribe or DIGEST_CHANNELS)", file=sys.stderr
        )
    for result in results:
        ok = result.delivered and not args.dry_run
        print(result.line(), file=sys.stdout if ok else sys.stderr)
    return exit_status(results)
