"""contact: the press contact for a place, topic, person or release, or all of them."""

from __future__ import annotations

from knowledge.answer import Answer, ContactCard, code, em, inline, strong
from knowledge.engine.core import MAX_CONTACTS, Core, record
from knowledge.engine.phrasing import target_name, title_of
from knowledge.i18n import _, _n
from knowledge.i18n.phrase import fmt
from knowledge.records.models import Contact, Place
from knowledge.search.query import Query
from knowledge.text import fold


def all_contacts(core: Core) -> Answer:
    """Every press contact the releases name, bounded, saying how to find the right one."""
    cards = core.corpus.press_contacts
    shown = cards[: MAX_CONTACTS + 1]
    n = len(cards)
    lead = fmt(
        _n(
            "IOM Mexico has {n} press contact in the releases I know:",
            "IOM Mexico has {n} press contacts in the releases I know:",
            n,
        ),
        n=n,
    )
    if n > len(shown):
        lead = fmt(
            _(
                "IOM Mexico has {n} press contacts in the releases I know; here are {shown} of "
                "them. For the right one, ask with a place, topic or name: {example}."
            ),
            n=n,
            shown=len(shown),
            example=code(_("contact veracruz")),
        )
    return core.answered("contact", lead, [], [c.release_id for c in cards], contacts=shown)


def state_of(core: Core, key: str) -> str | None:
    """The target of the state a town or city is in, if the knowledge has that state."""
    target = core.t(key)
    if target.kind != "place":
        return None
    state = record(target.obj, Place).state
    if not state:
        return None
    wanted = fold(state)
    for other in core.index.aliases.get(wanted, ()):
        if other != key and core.t(other).kind == "place":
            return other
    return None


def not_given(core: Core, key: str) -> Answer:
    """'Phone of the shelter': the releases give no way to reach it, and the press contact
    of a release about it is not its phone. Said plainly, with the press office."""
    general = core.corpus.general_contact
    lead = inline(
        _("The releases I know give no phone number or email for {name}.").format(
            name=target_name(core.t(key))
        ),
        _(" The IOM Mexico press office may be able to help.") if general else "",
    )
    answer = core.answered("contact", lead, [], [], contacts=[general] if general else [])
    return answer.model_copy(update={"answered": False})


def on_contact(core: Core, q: Query) -> Answer | None:
    keys = [k for k in core.strong_keys(q) if k != "topic:iom"]  # "contact OIM" = all
    if q.foreign or (q.unknown and not keys):
        return None
    if not keys:
        if q.content and not q.keys:
            return None
        return all_contacts(core)
    direct = [record(core.t(k).obj, Contact) for k in keys if core.t(k).kind == "contact"]
    if q.means and not direct and core.t(keys[0]).kind in ("org", "person"):
        return not_given(core, keys[0])
    releases = core.ranked_releases(keys)
    cards = core.contacts_for(releases)
    if direct:  # "phone of Ana": Ana's card, not every contact of her releases
        wanted = {c.key for c in direct}  # (every contact a release names is a press contact)
        cards = [c for c in core.corpus.press_contacts if c.key in wanted]
    general = core.corpus.general_contact
    if not cards:
        state = state_of(core, keys[0])
        if state is not None:
            in_state = core.contacts_for(core.ranked_releases([state]))
            if in_state:
                lead = fmt(
                    _(
                        "The releases about {place} name no press contact; for {state}, the "
                        "state it is in, the press contact is {name} ({office})."
                    ),
                    place=target_name(core.t(keys[0])),
                    state=target_name(core.t(state)),
                    name=strong(in_state[0].name),
                    office=core.office(in_state[0].office),
                )
                return core.answered("contact", lead, [], releases, contacts=in_state)
    if not cards and general:
        lead = fmt(
            _(
                "The releases about {subject} name no press contact; the IOM Mexico press "
                "office can help: {name}."
            ),
            subject=target_name(core.t(keys[0])),
            name=strong(general.name),
        )
        return core.answered("contact", lead, [], releases, contacts=[general])
    return found(core, keys, releases, cards, bool(direct))


def found(
    core: Core, keys: list[str], releases: list[str], cards: list[ContactCard], direct: bool
) -> Answer:
    """The contact answer when contacts were found: for what was asked, or the person's
    own card ("phone of Ana"), naming the releases they are named in."""
    subject = target_name(core.t(keys[0]))
    lead = fmt(
        _("For {subject}, the press contact is {name} ({office})."),
        subject=subject,
        name=strong(cards[0].name),
        office=core.office(cards[0].office),
    )
    if direct:
        lead = fmt(_("{name} is an IOM Mexico press contact."), name=strong(cards[0].name))
    bullets = [
        fmt(_("Named in: {title}"), title=em(title_of(core.corpus.release(rid))))
        for rid in releases[:2]
    ]
    top = core.corpus.release(releases[0])
    if not top.contacts and not direct:
        lead = fmt(
            _(
                "The release most about {subject}, {title}, names no press contact; the next "
                "most relevant names {name} ({office})."
            ),
            subject=subject,
            title=em(title_of(top)),
            name=strong(cards[0].name),
            office=core.office(cards[0].office),
        )
    return core.answered("contact", lead, bullets, releases, contacts=cards)
