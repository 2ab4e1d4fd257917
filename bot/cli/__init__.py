"""The ``iom-bot`` command line (console script ``iom-bot = bot.cli:main``; also
``python -m bot.cli``).

``parser`` builds the argument parser; ``commands`` holds the subcommands that need only
the knowledge base; every other subcommand lives with its feature and is imported lazily.
Importing this package imports neither slack_bolt nor slack_sdk.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# The bot uses no pydantic plugins, and discovering them reads the metadata of every
# installed distribution when the models are defined (about 15 ms of each `iom-bot ask`).
# Set before pydantic is first imported; a value already in the environment wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from bot.cli.commands import CliError
from bot.cli.parser import build_parser

__all__ = ["CliError", "build_parser", "main"]


# The commands that take --knowledge themselves; run, digest and gaps read
# IOM_BOT_KNOWLEDGE through their settings.
KNOWLEDGE_COMMANDS = frozenset({"ask", "knowledge", "ingest"})


def knowledge_from_environment(args: argparse.Namespace) -> None:
    """``IOM_BOT_KNOWLEDGE`` (environment, then ``.env``) for a command given no
    ``--knowledge``: the README tells curators to set it, so every command honours it."""
    if args.command not in KNOWLEDGE_COMMANDS or getattr(args, "knowledge", None) is not None:
        return
    if not hasattr(args, "knowledge"):  # knowledge init takes a DIR, not --knowledge
        return
    if dotenv_may_exist():
        from bot.settings import read_environment  # python-dotenv, pydantic, zoneinfo…

        environment: Mapping[str, str] = read_environment()
    else:  # what read_environment returns when there is no .env to read
        environment = os.environ
    value = environment.get("IOM_BOT_KNOWLEDGE", "").strip()
    if value:
        args.knowledge = Path(value).expanduser()


def dotenv_may_exist() -> bool:
    """Whether anything named ``.env`` is in the current directory or above it, where
    ``read_environment`` looks (python-dotenv decides whether it is one to read): without
    one, ``ask`` need not import the settings module (python-dotenv, zoneinfo, pydantic's
    SecretStr), about 13 ms of every run."""
    try:
        current = os.path.abspath(os.getcwd())
    except OSError:  # no current directory: read_environment reports it as it always did
        return True
    while True:
        if os.path.lexists(os.path.join(current, ".env")):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    knowledge_from_environment(args)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
