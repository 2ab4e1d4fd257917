"""Terminal text: an Answer as ``iom-bot ask`` prints it (no markup, no escaping).

A terminal shows no mrkdwn markup characters, whoever typed them: backticks, and ``*``
or ``_`` at the edge of a word, are dropped from the whole line (as the terminal output
always did), so an echoed ``*question*`` reads like the rest of the reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.answer import (
    Answer,
    ContactCard,
    SourceRef,
    corrections_line,
    more_line,
    plain,
    untranslated_line,
)
from knowledge.i18n import _, _n, speaking
from knowledge.i18n.curated import source_title
from knowledge.text import strip_control

_EMPHASIS = re.compile(r"(?<![\w*_])[*_](?=\S)|(?<=\S)[*_](?![\w*_])")


def unmarked(text: str) -> str:
    text = _EMPHASIS.sub("", strip_control(text))  # linear: drop * and _ at word edges
    return text.replace("`", "")


def contact_line(card: ContactCard) -> str:
    reach = [card.email] if card.email else []
    reach += [card.phone, *(display for display, _ in card.more_phones)]
    return f"{card.name} ({card.office_in_language}) · " + " · ".join(reach)


def contacts_lines(cards: Sequence[ContactCard]) -> list[str]:
    label = _n("Press contact", "Press contacts", len(cards))
    lines = [f"{label}: " + contact_line(cards[0])] if cards else []
    return lines + [f"        {contact_line(c)}" for c in cards[1:]]


def sources_line(sources: Sequence[SourceRef]) -> str:
    label = _n("Source", "Sources", len(sources))
    return f"{label}: " + "; ".join(source_title(s) for s in sources)


def answer_plain(answer: Answer) -> str:
    """The whole reply for a terminal, in the answer's language."""
    with speaking(answer.lang):
        return _answer_plain(answer)


def _answer_plain(answer: Answer) -> str:
    lines = [plain(answer.lead)] + [f"• {plain(b.text)}" for b in answer.bullets]
    more = more_line(answer)
    if more is not None:
        lines.append(plain(more))
    corrected = corrections_line(answer)
    if corrected is not None:
        lines.append(plain(corrected))
    untranslated = untranslated_line(answer)
    if untranslated is not None:
        lines.append(plain(untranslated))
    if answer.suggestions:
        listed = ", ".join(answer.suggestions)
        lines.append(_("Did you mean: {suggestions}?").format(suggestions=listed))
    lines += contacts_lines(answer.contacts)
    if answer.sources and not answer.lists_sources:
        lines.append(sources_line(answer.sources))
    return "\n".join(unmarked(line) for line in lines)
