"""``iom-bot gaps``: what people asked that the knowledge base could not answer.

For curators deciding what to add next. Questions are grouped by similarity
(``bot.gaps.grouping``) and counted, most frequent first; below them come the answers
people marked "Not helpful".

Needs only IOM_BOT_DB (and GAPS_RETENTION_DAYS): no Slack credentials, no knowledge base.
Data older than the retention period is deleted before the report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence

from bot.gaps.grouping import Group, group_questions
from bot.settings import StartupError, load_settings
from bot.state import FeedbackCount, StateError, open_state

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
    if settings.db_url is None and not settings.db_path.exists():
        print(
            f"No questions recorded yet (no database at {settings.db_path}; "
            "set IOM_BOT_DB to the bot's)."
        )
        return 0
    try:
        state = open_state(settings, prune=True)
        groups = group_questions(state.iter_unanswered())  # streamed, not held as rows
        feedback = state.feedback_counts()
    except StateError as exc:
        raise StartupError(f"IOM_BOT_DB: {exc}") from None
    print(
        render(
            groups,
            feedback,
            days=settings.gaps_retention_days,
            limit=max(1, args.limit),
        )
    )
    return 0
