"""contact: the press contact for a place, topic, person or release, or all of them."""

from __future__ import annotations

from knowledge.answer import Answer
from knowledge.engine.core import MAX_CONTACTS, Core, record
from knowledge.records.models import Contact
from knowledge.search.query import Query
from knowledge.text import escape_mrkdwn


def on_contact(core: Core, q: Query) -> Answer | None:
    strong = [k for k in core.strong_keys(q) if k != "topic:iom"]  # "contact OIM" = all
    if q.foreign or (q.unknown and not strong):
        return None
    if not strong:
        if q.content and not q.keys:
            return None
        cards = core.corpus.press_contacts
        return core.answered(
            "contact",
            f"IOM Mexico has {len(cards)} press contacts in the releases I know:",
            [],
            [c.release_id for c in cards],
            contacts=cards[: MAX_CONTACTS + 1],
        )
    direct = [record(core.t(k).obj, Contact) for k in strong if core.t(k).kind == "contact"]
    releases = core.ranked_releases(strong)
    cards = core.contacts_for(releases)
    general = core.corpus.general_contact
    if not cards and general:
        subject = escape_mrkdwn(core.t(strong[0]).name)
        lead = (
            f"The releases about {subject} name no press contact; the IOM Mexico press "
            f"office can help: *{escape_mrkdwn(general.name)}*."
        )
        return core.answered("contact", lead, [], releases, contacts=[general])
    if direct:
        emails = {str(c.email).casefold() for c in direct}
        cards.sort(key=lambda c: c.email.casefold() not in emails)
    subject = escape_mrkdwn(core.t(strong[0]).name)
    lead = (
        f"For {subject}, the press contact is *{escape_mrkdwn(cards[0].name)}* ({cards[0].office})."
    )
    if direct:
        lead = f"*{escape_mrkdwn(cards[0].name)}* is an IOM Mexico press contact."
    bullets = [
        f"Named in: _{escape_mrkdwn(core.corpus.release(rid).title)}_" for rid in releases[:2]
    ]
    top = core.corpus.release(releases[0])
    if not top.contacts and not direct:
        lead = (
            f"The release most about {subject}, _{escape_mrkdwn(top.title)}_, names no press "
            f"contact; the next most relevant names *{escape_mrkdwn(cards[0].name)}* "
            f"({cards[0].office})."
        )
    return core.answered("contact", lead, bullets, releases, contacts=cards)
