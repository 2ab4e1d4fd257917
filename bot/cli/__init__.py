"""The ``iom-bot`` command line (console script ``iom-bot = bot.cli:main``; also
``python -m bot.cli``).

``parser`` builds the argument parser; ``commands`` holds the subcommands that need only
the knowledge base; every other subcommand lives with its feature and is imported lazily.
Importing this package imports neither slack_bolt nor slack_sdk.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bot.cli.commands import CliError
from bot.cli.parser import build_parser

__all__ = ["CliError", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
