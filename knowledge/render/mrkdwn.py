"""Slack mrkdwn: the one escaper, the one place links are built, and an Answer as the
reply posted to Slack (also the ``text``, ``lead`` and ``bullets`` of ``ask --json``).

Everything that arrives here is plain text (curated or typed by a user); ``escape``
drops control characters and escapes ``& < >``, so text such as ``<!channel>`` or
``<@U123>`` renders literally and can never ping anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from knowledge.answer import (
    Answer,
    ContactCard,
    Inline,
    SourceRef,
    Span,
    corrections_line,
    more_line,
    untranslated_line,
)
from knowledge.engine.phrasing import figure_line
from knowledge.i18n import _, _n, speaking
from knowledge.i18n.curated import source_title
from knowledge.records.models import Figure
from knowledge.text import strip_control

_MARKS = {"text": "", "strong": "*", "em": "_", "code": "`"}


def escape(text: str) -> str:
    """Plain text made safe for mrkdwn: control characters gone, ``& < >`` escaped."""
    text = strip_control(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def span(s: Span) -> str:
    mark = _MARKS[s.style]
    return f"{mark}{escape(s.text)}{mark}"


def inline(line: Inline) -> str:
    return "".join(span(s) for s in line)


def strong(text: str) -> str:
    return f"*{escape(text)}*"


def em(text: str) -> str:
    return f"_{escape(text)}_"


def mailto(email: str) -> str:
    return f"<mailto:{email}|{escape(email)}>"


def tel(number: str, label: str) -> str:
    return f"<tel:{number}|{escape(label)}>"


def figure_sentence(f: Figure) -> str:
    """A figure said in a sentence fragment: '*some 20,000 migrants*: kidnapped, …'."""
    return inline(figure_line(f))


# -- press contacts: a line (answers, digests) or a card (Block Kit fields) ----------------


def contact_line(card: ContactCard) -> str:
    reach = [mailto(card.email)] if card.email else []
    reach += [tel(card.tel, card.phone), *(tel(t, d) for d, t in card.more_phones)]
    return f"{escape(card.name)} ({escape(card.office_in_language)}) · " + " · ".join(reach)


def contact_card(card: ContactCard) -> str:
    """One contact on lines of its own, with tap-to-email and tap-to-call links."""
    lines = [strong(card.name), escape(card.office_in_language)]
    if card.email:
        lines.append(mailto(card.email))
    if card.tel:
        lines.append(tel(card.tel, card.phone or card.tel))
    lines += [tel(t, d) for d, t in card.more_phones]
    return "\n".join(lines)


def contacts_lines(cards: Sequence[ContactCard]) -> list[str]:
    label = _n("Press contact", "Press contacts", len(cards))
    lines = [f"*{label}:* " + contact_line(cards[0])] if cards else []
    return lines + [f"        {contact_line(c)}" for c in cards[1:]]


def sources_line(sources: Sequence[SourceRef]) -> str:
    label = _n("Source", "Sources", len(sources))
    return f"_{label}: " + "; ".join(escape(source_title(s)) for s in sources) + "_"


def suggestions_line(suggestions: Sequence[str]) -> str:
    listed = ", ".join(span(Span(text=s, style="code")) for s in suggestions)
    return _("Did you mean: {suggestions}?").format(suggestions=listed)


# -- an answer ---------------------------------------------------------------------------


def answer_lines(answer: Answer) -> list[str]:
    """The lead, the bullets, and how many were left out (with how to narrow the list)."""
    lines = [inline(answer.lead)] + [f"• {inline(b.text)}" for b in answer.bullets]
    more = more_line(answer)
    if more is not None:
        lines.append(f"_{inline(more)}_")
    corrected = corrections_line(answer)
    if corrected is not None:
        lines.append(f"_{inline(corrected)}_")
    untranslated = untranslated_line(answer)
    if untranslated is not None:
        lines.append(f"_{inline(untranslated)}_")
    return lines


def answer_text(answer: Answer) -> str:
    """The whole reply as one mrkdwn message, in the answer's language."""
    with speaking(answer.lang):
        return _answer_text(answer)


def _answer_text(answer: Answer) -> str:
    lines = answer_lines(answer)
    if answer.suggestions:
        lines.append(suggestions_line(answer.suggestions))
    lines += contacts_lines(answer.contacts)
    if answer.sources and not answer.lists_sources:
        lines.append(sources_line(answer.sources))
    return "\n".join(lines)


def answer_json(answer: Answer) -> dict[str, Any]:
    """The stable JSON shape of ``iom-bot ask --json`` (text fields are mrkdwn)."""
    with speaking(answer.lang):
        return _answer_json(answer)


def _answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "query": answer.query,
        "answered": answer.answered,
        "intent": answer.intent,
        "text": answer_text(answer),
        "lead": inline(answer.lead),
        "bullets": [inline(b.text) for b in answer.bullets],
        "contacts": [
            {
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "office": c.office,
                "release_id": c.release_id,
            }
            for c in answer.contacts
        ],
        "sources": [{"release_id": s.release_id, "title": s.title} for s in answer.sources],
        "suggestions": answer.suggestions,
        "disagreement": answer.disagreement,
        # added after the fields above, which stay as documented: how many bullets there
        # were before the list was cut to those shown
        "total": max(answer.total, len(answer.bullets)),
        "corrections": [{"typed": t, "read_as": r} for t, r in answer.corrections],
        "lang": answer.lang,
    }
