"""``iom-bot gaps``: what people asked that the knowledge base could not answer.

For curators deciding what to add next. Questions are grouped by similarity (the same
question typed differently, with accents or without, with a typo) and counted, most
frequent first; below them come the answers people marked "Not helpful".

Needs only IOM_BOT_DB (and GAPS_RETENTION_DAYS): no Slack credentials, no knowledge base.
Data older than the retention period is deleted before the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sqlite3
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.settings import StartupError, load_settings
from bot.state import FeedbackCount, StateError, StateStore

SIMILARITY = 85  # rapidfuzz token_set_ratio at or above which two questions are "the same"


def normalise(text: str) -> str:
    """Casefolded, accents and punctuation removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


@dataclass
class Group:
    key: str
    texts: Counter[str] = field(default_factory=Counter)
    last_asked: float = 0.0
    where: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def label(self) -> str:
        return self.texts.most_common(1)[0][0]


def group_questions(rows: Sequence[tuple[str, float, str]]) -> list[Group]:
    """Greedy clustering: each distinct question joins the first group it resembles.

    Distinct questions are visited most frequent first, so a group is keyed by its most
    common phrasing and a rare typo joins it rather than the other way round.
    """
    by_key: dict[str, list[tuple[str, float, str]]] = {}
    for row in rows:
        by_key.setdefault(normalise(row[0]), []).append(row)
    groups: list[Group] = []
    for key in sorted(by_key, key=lambda k: (-len(by_key[k]), k)):
        target = next(
            (g for g in groups if key and fuzz.token_set_ratio(key, g.key) >= SIMILARITY), None
        )
        if target is None:
            target = Group(key)
            groups.append(target)
        for text, asked_at, where in by_key[key]:
            target.texts[text] += 1
            target.last_asked = max(target.last_asked, asked_at)
            target.where[where] += 1
    return sorted(groups, key=lambda g: (-g.count, -g.last_asked))


WHERE_LABELS = {
    "im": "DMs",
    "mpim": "group DMs",
    "private": "private channels",
    "channel": "channels",
}


def render(
    groups: Sequence[Group], feedback: Sequence[FeedbackCount], *, days: int, limit: int
) -> str:
    lines: list[str] = []
    total = sum(g.count for g in groups)
    if groups:
        lines.append(
            f"Unanswered questions, last {days} days ({total} asked, "
            f"{len(groups)} distinct), most frequent first:"
        )
        for group in groups[:limit]:
            lines.append(f"{group.count:5d}  {group.label}")
            others = [t for t, _ in group.texts.most_common() if t != group.label]
            if others:
                shown = ", ".join(f'"{t}"' for t in others[:3])
                more = f" and {len(others) - 3} more" if len(others) > 3 else ""
                lines.append(f"       also asked as: {shown}{more}")
            when = dt.datetime.fromtimestamp(group.last_asked, dt.UTC).strftime("%Y-%m-%d")
            places = ", ".join(WHERE_LABELS.get(w, w) for w, _ in group.where.most_common())
            lines.append(f"       last asked {when} in {places}")
        if len(groups) > limit:
            lines.append(f"  … {len(groups) - limit} more (use --limit)")
    else:
        lines.append(f"No unanswered questions in the last {days} days.")
    unhelpful = [f for f in feedback if f.not_helpful]
    lines.append("")
    if unhelpful:
        lines.append("Answers marked not helpful:")
        for item in unhelpful[:limit]:
            lines.append(f"{item.not_helpful:5d}  {item.query}   ({item.helpful} helpful)")
    else:
        lines.append("No answers marked not helpful.")
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    try:
        return report(args)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def report(args: argparse.Namespace) -> int:
    settings = load_settings(need_slack=False)
    if not settings.db_path.exists():
        print(
            f"No questions recorded yet (no database at {settings.db_path}; "
            "set IOM_BOT_DB to the bot's)."
        )
        return 0
    state = StateStore(settings.db_path, retention_days=settings.gaps_retention_days)
    try:
        state.migrate()
        state.prune()
        rows, feedback = state.unanswered(), state.feedback_counts()
    except (StateError, sqlite3.Error) as exc:
        raise StartupError(f"IOM_BOT_DB: {exc}") from None
    print(
        render(
            group_questions(rows),
            feedback,
            days=settings.gaps_retention_days,
            limit=max(1, args.limit),
        )
    )
    return 0
