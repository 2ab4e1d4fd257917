"""The ``iom-bot`` argument parser: one function per subcommand, each naming its handler.

Handlers that need Slack, the state database or the intake tooling are named as
``"module:function"`` strings and imported only when their command runs (``lazy``), so
``ask`` and ``knowledge check`` work with no credentials and never import slack_bolt.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from bot.cli.commands import (
    cmd_ask,
    cmd_knowledge_check,
    cmd_knowledge_init,
    cmd_knowledge_publish,
    cmd_knowledge_rename,
)

Subparsers = argparse._SubParsersAction  # what add_subparsers returns (typeshed's name)

DIGEST_EPILOG = (
    "exit status: 0 delivered (or nothing new); 1 a post failed or its outcome is "
    "unknown (pending for the next run); 2 start-up problem (settings, knowledge, state "
    "database); 3 a channel was skipped because another live digest run holds it; 4 the "
    "state database failed during the run (the highest applies; see bot/digest/cli.py)"
)


def lazy(target: str) -> Callable[[argparse.Namespace], int]:
    """A handler living in another module, imported only when its command runs."""

    def run(args: argparse.Namespace) -> int:
        module_name, func = target.split(":")
        return int(getattr(import_module(module_name), func)(args))

    run.target = target  # type: ignore[attr-defined]  # for the test that every target resolves
    return run


def knowledge_opt(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--knowledge",
        type=Path,
        metavar="DIR",
        help="knowledge directory (default: IOM_BOT_KNOWLEDGE, else the packaged one)",
    )


def add_ask(sub: Subparsers) -> None:
    ask = sub.add_parser("ask", help="answer a question (or one per line from stdin)")
    ask.add_argument("question", nargs="*", help="the question; omit to read stdin")
    fmt = ask.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object per answer")
    fmt.add_argument("--blocks", action="store_true", help="print the Slack Block Kit message")
    ask.add_argument(
        "--lang",
        choices=("en", "es", "auto"),
        default="en",
        help="the language of the answer: en (default), es, or auto (the question's "
        "language when it is long enough to tell, else English)",
    )
    knowledge_opt(ask)
    ask.set_defaults(func=cmd_ask)


def add_knowledge(sub: Subparsers) -> None:
    kn = sub.add_parser("knowledge", help="work with the knowledge base")
    kn_sub = kn.add_subparsers(dest="knowledge_command", required=True)
    check = kn_sub.add_parser("check", help="validate every release file; exit 1 on problems")
    knowledge_opt(check)
    check.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too (measure groups to review)"
    )
    check.set_defaults(func=cmd_knowledge_check)
    publish = kn_sub.add_parser(
        "publish", help="move drafts/ID.yaml into releases/ once it passes every check"
    )
    publish.add_argument("release_id", metavar="ID")
    knowledge_opt(publish)
    publish.set_defaults(func=cmd_knowledge_publish)
    rename = kn_sub.add_parser(
        "rename", help="give release OLD the id NEW: its id, its file and its page in sources/"
    )
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    knowledge_opt(rename)
    rename.set_defaults(func=cmd_knowledge_rename)
    init = kn_sub.add_parser("init", help="copy the packaged knowledge into DIR to curate it")
    init.add_argument("directory", metavar="DIR")
    init.set_defaults(func=cmd_knowledge_init)


def add_run(sub: Subparsers) -> None:
    run = sub.add_parser("run", help="run the Slack app (Socket Mode if SLACK_APP_TOKEN is set)")
    knowledge_opt(run)
    run.set_defaults(func=lazy("bot.serve.runner:main"))


def add_gaps(sub: Subparsers) -> None:
    gaps = sub.add_parser("gaps", help="list questions the bot could not answer")
    gaps.add_argument("--limit", type=int, default=30)
    gaps.set_defaults(func=lazy("bot.gaps.report:main"))


def add_digest(sub: Subparsers) -> None:
    digest = sub.add_parser(
        "digest",
        help="post one digest now (for system cron)",
        description="Post one digest now to every subscribed channel (for system cron). "
        "Needs SLACK_BOT_TOKEN only.",
        epilog=DIGEST_EPILOG,
    )
    digest.add_argument("--channel", help="only this channel id (such as C0123ABCD)")
    digest.add_argument(
        "--dry-run",
        action="store_true",
        help="post nothing: the payloads as JSON lines on stdout, the summary on stderr",
    )
    knowledge_opt(digest)
    digest.set_defaults(func=lazy("bot.digest.cli:main"))


def add_ingest(sub: Subparsers) -> None:
    ingest = sub.add_parser("ingest", help="draft a knowledge record from a release page")
    ingest.add_argument("file", help="the scraped page (UTF-8, at most 512 KB), or - for stdin")
    ingest.add_argument("--json", action="store_true", help="print the draft as JSON only")
    ingest.add_argument(
        "--title",
        help="the release's title, when the page's title line is missing or wrong "
        "(the id and the source file name are made from it)",
    )
    knowledge_opt(ingest)
    ingest.set_defaults(func=lazy("knowledge.intake.cli:main"))


def add_state(sub: Subparsers) -> None:
    state = sub.add_parser("state", help="work with the state database (IOM_BOT_DB)")
    state_sub = state.add_subparsers(dest="state_command", required=True)
    adopt = state_sub.add_parser(
        "adopt",
        help="file a single-workspace bot's rows under a workspace, when switching to "
        "distribution (SLACK_CLIENT_ID)",
    )
    adopt.add_argument("team", nargs="?", help="the workspace's team id (T…)")
    adopt.add_argument("--enterprise", help="the org's enterprise id (E…), for org-wide installs")
    adopt.set_defaults(func=lazy("bot.state.adopt:main"))


SUBCOMMANDS = (add_ask, add_knowledge, add_run, add_gaps, add_digest, add_ingest, add_state)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iom-bot", description="Answers questions about IOM Mexico press releases."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS:
        add(sub)
    return parser
