"""contact: the press contact for a place, topic, person or release, or all of them."""

from __future__ import annotations

from knowledge.answer import Answer, code, em, inline, strong
from knowledge.engine.core import MAX_CONTACTS, Core, record
from knowledge.records.models import Contact, Place
from knowledge.search.query import Query
from knowledge.text import fold


def all_contacts(core: Core) -> Answer:
    """Every press contact the releases name, bounded, saying how to find the right one."""
    cards = core.corpus.press_contacts
    shown = cards[: MAX_CONTACTS + 1]
    lead = inline(f"IOM Mexico has {len(cards)} press contacts in the releases I know:")
    if len(cards) > len(shown):
        lead = inline(
            f"IOM Mexico has {len(cards)} press contacts in the releases I know; here are "
            f"{len(shown)} of them. For the right one, ask with a place, topic or name: ",
            code("contact veracruz"),
            ".",
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
        f"The releases I know give no phone number or email for {core.t(key).name}.",
        " The IOM Mexico press office may be able to help." if general else "",
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
                lead = inline(
                    f"The releases about {core.t(keys[0]).name} name no press contact; for "
                    f"{core.t(state).name}, the state it is in, the press contact is ",
                    strong(in_state[0].name),
                    f" ({in_state[0].office}).",
                )
                return core.answered("contact", lead, [], releases, contacts=in_state)
    if not cards and general:
        lead = inline(
            f"The releases about {core.t(keys[0]).name} name no press contact; the IOM Mexico "
            "press office can help: ",
            strong(general.name),
            ".",
        )
        return core.answered("contact", lead, [], releases, contacts=[general])
    subject = core.t(keys[0]).name
    lead = inline(
        f"For {subject}, the press contact is ", strong(cards[0].name), f" ({cards[0].office})."
    )
    if direct:
        lead = inline(strong(cards[0].name), " is an IOM Mexico press contact.")
    bullets = [inline("Named in: ", em(core.corpus.release(rid).title)) for rid in releases[:2]]
    top = core.corpus.release(releases[0])
    if not top.contacts and not direct:
        lead = inline(
            f"The release most about {subject}, ",
            em(top.title),
            ", names no press contact; the next most relevant names ",
            strong(cards[0].name),
            f" ({cards[0].office}).",
        )
    return core.answered("contact", lead, bullets, releases, contacts=cards)
