"""The ``iom-bot`` subcommands that need nothing but the knowledge base: ``ask``,
``knowledge check`` and ``knowledge init``.

``ask --blocks`` imports the Block Kit renderer only when asked, so ``ask`` never imports
slack_bolt or slack_sdk; drafts and renames are imported by their own commands.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from knowledge import (
    KnowledgeBase,
    KnowledgeError,
    Lang,
    answer_json,
    answer_plain,
    default_knowledge_dir,
    detect_language,
    load_knowledge,
)


class CliError(Exception):
    """A problem to report as one line on stderr, with a non-zero exit."""


def load(args: argparse.Namespace) -> KnowledgeBase:
    try:
        return load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        raise SystemExit(1) from None


def answer_lang(choice: str, question: str) -> Lang:
    """``--lang``: en or es as given; auto detects the question's language (the detector
    is imported only then), English when it cannot tell."""
    if choice == "auto":
        return detect_language(question) or "en"
    return "es" if choice == "es" else "en"


def cmd_ask(args: argparse.Namespace) -> int:
    kb = load(args)
    questions: Iterable[str] = [" ".join(args.question)] if args.question else sys.stdin
    for raw in questions:
        question = raw.rstrip("\r\n")
        answer = kb.answer(question, answer_lang(args.lang, question))
        if args.json:
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        elif args.blocks:
            from bot.slack.blocks import answer_message  # slack-free, but only if asked

            print(json.dumps(answer_message(answer), ensure_ascii=False, indent=2), flush=True)
        else:
            print(answer_plain(answer) + ("\n" if not args.question else ""), flush=True)
    return 0


def cmd_knowledge_check(args: argparse.Namespace) -> int:
    try:
        kb = load_knowledge(args.knowledge)
    except KnowledgeError as exc:
        for line in exc.problems:
            print(line)
        print(f"{len(exc.problems)} problem(s) found.", file=sys.stderr)
        return 1
    for line in kb.warnings:
        print(f"warning: {line}")
    *spanish, coverage = kb.spanish_coverage()
    facts = sum(len(r.figures) + len(r.facts) for r in kb.releases)
    print(
        f"OK: {len(kb.releases)} releases, {facts} figures and facts, "
        f"{len(kb.press_contacts)} press contacts, every quote found in its source. {coverage}"
        + (f" {len(kb.warnings)} warning(s) to review." if kb.warnings else "")
    )
    for line in spanish:  # a report, not a warning: --strict does not fail on it
        print(line)
    report_drafts(kb.directory)
    return 1 if kb.warnings and args.strict else 0


def report_drafts(root: Path) -> None:
    """The drafts (not served): what each still needs, or how to publish it."""
    from knowledge.loading.drafts import check_drafts

    for report in check_drafts(root):
        for line in report.problems:
            print(f"draft: {line}")
        if not report.problems and report.release_id:
            print(
                f"draft: {report.name}: ready; publish it with "
                f"`iom-bot knowledge publish {report.release_id}`"
            )


def knowledge_root(args: argparse.Namespace) -> Path:
    """The directory ``--knowledge`` (or ``IOM_BOT_KNOWLEDGE``) names, else the packaged one."""
    return Path(args.knowledge) if args.knowledge else default_knowledge_dir()


def cmd_knowledge_publish(args: argparse.Namespace) -> int:
    """Move a draft that passes every check into releases/, where the bot serves it."""
    from knowledge.loading.drafts import publish

    root = knowledge_root(args)
    try:
        target = publish(root, args.release_id)
    except KnowledgeError as exc:
        for line in exc.problems:
            print(line)
        print(f"not published: {len(exc.problems)} problem(s).", file=sys.stderr)
        return 1
    print(
        f"Published {target.relative_to(root)}: `iom-bot ask` answers from it now, and a "
        "running bot within seconds (it reloads every IOM_BOT_RELOAD_SECONDS)."
    )
    return 0


def cmd_knowledge_rename(args: argparse.Namespace) -> int:
    """Rename a release: its id, its file in releases/ or drafts/, its page in sources/."""
    from knowledge.loading.rename import rename_release

    root = knowledge_root(args)
    try:
        done = rename_release(root, args.old, args.new)
    except KnowledgeError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1
    print(f"Renamed {args.old} to {args.new}: {done.record[0]} -> {done.record[1]}")
    if done.source:
        print(f"  page: {done.source[0]} -> {done.source[1]}")
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
