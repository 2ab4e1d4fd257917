"""The ``iom-bot`` command line.

Subcommands that need Slack import it lazily, so ``ask`` and ``knowledge check`` work
with no credentials and never import slack_bolt.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from pathlib import Path

from knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.answer import mrkdwn_to_plain
from knowledge.loader import default_knowledge_dir


class CliError(Exception):
    """A problem to report as one line on stderr, with a non-zero exit."""


def load(args: argparse.Namespace) -> KnowledgeBase:
    try:
        return load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        raise SystemExit(1) from None


def cmd_ask(args: argparse.Namespace) -> int:
    kb = load(args)
    questions: Iterable[str] = [" ".join(args.question)] if args.question else sys.stdin
    for raw in questions:
        question = raw.rstrip("\r\n")
        answer = kb.answer(question)
        if args.json:
            print(json.dumps(answer.to_json_dict(), ensure_ascii=False), flush=True)
        elif args.blocks:
            from bot.blocks import answer_message

            print(json.dumps(answer_message(answer), ensure_ascii=False, indent=2), flush=True)
        else:
            print(mrkdwn_to_plain(answer.text) + ("\n" if not args.question else ""), flush=True)
    return 0


def cmd_knowledge_check(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        for line in exc.problems:
            print(line)
        print(f"{len(exc.problems)} problem(s) found.", file=sys.stderr)
        return 1
    facts = sum(len(r.figures) + len(r.facts) for r in kb.releases)
    print(
        f"OK: {len(kb.releases)} releases, {facts} figures and facts, "
        f"{len(kb.press_contacts)} press contacts, every quote found in its source."
    )
    return 0


def cmd_knowledge_init(args: argparse.Namespace) -> int:
    """Copy the packaged knowledge into DIR, where curators can add releases."""
    target = Path(args.directory)
    if target.exists() and any(target.iterdir()):
        print(f"error: {target} exists and is not empty; pick a new directory", file=sys.stderr)
        return 2
    source = default_knowledge_dir()
    try:
        shutil.copytree(
            source,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    except OSError as exc:
        print(f"error: cannot write {target} ({exc.strerror})", file=sys.stderr)
        return 2
    print(
        f"Copied the packaged knowledge to {target}. Add releases there "
        f"(`iom-bot ingest PAGE --knowledge {target}`), and point the bot at it with "
        f"IOM_BOT_KNOWLEDGE={target.resolve()}"
    )
    return 0


def lazy(target: str) -> Callable[[argparse.Namespace], int]:
    """A handler living in another module, imported only when its command runs."""

    def run(args: argparse.Namespace) -> int:
        module_name, func = target.split(":")
        return getattr(import_module(module_name), func)(args)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iom-bot", description="Answers questions about IOM Mexico press releases."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def knowledge_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--knowledge",
            type=Path,
            metavar="DIR",
            help="knowledge directory (default: the packaged one)",
        )

    ask = sub.add_parser("ask", help="answer a question (or one per line from stdin)")
    ask.add_argument("question", nargs="*", help="the question; omit to read stdin")
    fmt = ask.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object per answer")
    fmt.add_argument("--blocks", action="store_true", help="print the Slack Block Kit message")
    knowledge_opt(ask)
    ask.set_defaults(func=cmd_ask)

    kn = sub.add_parser("knowledge", help="work with the knowledge base")
    kn_sub = kn.add_subparsers(dest="knowledge_command", required=True)
    check = kn_sub.add_parser("check", help="validate every release file; exit 1 on problems")
    knowledge_opt(check)
    check.set_defaults(func=cmd_knowledge_check)
    init = kn_sub.add_parser("init", help="copy the packaged knowledge into DIR to curate it")
    init.add_argument("directory", metavar="DIR")
    init.set_defaults(func=cmd_knowledge_init)

    run = sub.add_parser("run", help="run the Slack app (Socket Mode if SLACK_APP_TOKEN is set)")
    knowledge_opt(run)
    run.set_defaults(func=lazy("bot.runner:main"))

    gaps = sub.add_parser("gaps", help="list questions the bot could not answer")
    gaps.add_argument("--limit", type=int, default=30)
    gaps.set_defaults(func=lazy("bot.gaps:main"))

    digest = sub.add_parser(
        "digest",
        help="post one digest now (for system cron)",
        description="Post one digest now to every subscribed channel (for system cron). "
        "Needs SLACK_BOT_TOKEN only.",
        epilog="exit status: 0 delivered (or nothing new); 1 a post failed or its outcome is "
        "unknown (pending for the next run); 2 start-up problem (settings, knowledge, state "
        "database); 3 a channel was skipped because another live digest run holds it; 4 the "
        "state database failed during the run (the highest applies; see bot/digest_cli.py)",
    )
    digest.add_argument("--channel", help="only this channel id (such as C0123ABCD)")
    digest.add_argument(
        "--dry-run",
        action="store_true",
        help="post nothing: the payloads as JSON lines on stdout, the summary on stderr",
    )
    knowledge_opt(digest)
    digest.set_defaults(func=lazy("bot.digest_cli:main"))

    ingest = sub.add_parser("ingest", help="draft a knowledge record from a release page")
    ingest.add_argument("file", help="the scraped page (UTF-8, at most 512 KB), or - for stdin")
    ingest.add_argument("--json", action="store_true", help="print the draft as JSON only")
    knowledge_opt(ingest)
    ingest.set_defaults(func=lazy("knowledge.intake.cli:main"))
    return parser


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


if __name__ == "__main__":
    raise SystemExit(main())
