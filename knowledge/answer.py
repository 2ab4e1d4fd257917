"""The Answer: what the engine returns and every front end (terminal, JSON, Slack) renders.

All text fields are Slack mrkdwn, already escaped: anything a user typed has had
``& < >`` escaped, and link markup (``<mailto:…|…>``) is built only here from curated
data. Renderers must not escape again.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field

Intent = Literal["contact", "who", "what", "facts", "releases", "help", "search", "unknown"]


class ContactCard(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    office: str
    email: str
    phone: str  # normalised for display: +52 55 5536 3922
    tel: str  # E.164 for tel: links: +525555363922
    release_id: str


class SourceRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    release_id: str
    title: str


class Answer(BaseModel):
    query: str
    answered: bool
    intent: Intent
    lead: str
    bullets: list[str] = []
    contacts: list[ContactCard] = []
    sources: list[SourceRef] = []
    suggestions: list[str] = []  # queries to offer as "Did you mean …"
    disagreement: bool = False  # releases give different figures for one measure

    @computed_field  # type: ignore[prop-decorator]
    @property
    def text(self) -> str:
        """The reply exactly as posted to Slack (mrkdwn)."""
        return render_mrkdwn(self)

    def to_json_dict(self) -> dict[str, Any]:
        """The stable JSON shape of ``iom-bot ask --json``."""
        return {
            "query": self.query,
            "answered": self.answered,
            "intent": self.intent,
            "text": self.text,
            "lead": self.lead,
            "bullets": self.bullets,
            "contacts": [
                {
                    "name": c.name,
                    "email": c.email,
                    "phone": c.phone,
                    "office": c.office,
                    "release_id": c.release_id,
                }
                for c in self.contacts
            ],
            "sources": [{"release_id": s.release_id, "title": s.title} for s in self.sources],
            "suggestions": self.suggestions,
            "disagreement": self.disagreement,
        }


def contact_line(card: ContactCard) -> str:
    return (
        f"{card.name} ({card.office}) · <mailto:{card.email}|{card.email}> · "
        f"<tel:{card.tel}|{card.phone}>"
    )


def render_mrkdwn(answer: Answer) -> str:
    lines = [answer.lead]
    lines += [f"• {b}" for b in answer.bullets]
    if answer.suggestions:
        lines.append("Did you mean: " + ", ".join(f"`{s}`" for s in answer.suggestions) + "?")
    if answer.contacts:
        label = "Press contact" if len(answer.contacts) == 1 else "Press contacts"
        lines.append(f"*{label}:* " + contact_line(answer.contacts[0]))
        lines += [f"        {contact_line(c)}" for c in answer.contacts[1:]]
    if answer.sources:
        label = "Source" if len(answer.sources) == 1 else "Sources"
        lines.append(f"_{label}: " + "; ".join(s.title for s in answer.sources) + "_")
    return "\n".join(lines)


_LINK = re.compile(r"<(?:mailto:|tel:|https?://)[^|>]*\|([^>]*)>")
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_EMPHASIS = re.compile(r"(?<![\w*_])[*_](?=\S)|(?<=\S)[*_](?![\w*_])")


def mrkdwn_to_plain(text: str) -> str:
    """For a terminal: drop link markup and emphasis, unescape entities."""
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)  # linear: drop * and _ at word edges
    text = text.replace("`", "")
    return re.sub(r"&(lt|gt|amp);", lambda m: _ENTITIES[m.group(0)], text)
