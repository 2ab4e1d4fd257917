"""The corpus: the validated records plus the read-only lookups answers need (a release by
id, its press contacts and source reference, the general press contact, a key figure).

It knows nothing of directories, caches or the engine; the engine is built from one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from knowledge.answer import ContactCard, SourceRef
from knowledge.offices import office_in_spanish, spanish_names
from knowledge.records.models import Contact, Figure, Release, Topic, Vocabulary


def contact_card(
    contact: Contact, release_id: str, office_names: Mapping[str, str] | None = None
) -> ContactCard:
    """A contact as answers show it; ``office_names`` (``offices.spanish_names``) gives
    its office in Spanish too, when that differs."""
    office_es = office_in_spanish(contact.office, office_names) if office_names else None
    return ContactCard(
        name=contact.name,
        office=contact.office,
        office_es=office_es if office_es != contact.office else None,
        email=str(contact.email) if contact.email else None,
        phone=contact.phone_display,
        tel=contact.phone_e164,
        release_id=release_id,
        more_phones=tuple((phone.display, phone.e164) for phone in contact.parsed_more_phones),
    )


@dataclass(frozen=True)
class Corpus:
    """Immutable after loading, so one instance can serve every thread and request."""

    vocabulary: Vocabulary
    releases: list[Release]
    sources: dict[str, str]
    _by_id: dict[str, Release] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.releases})

    @property
    def topics(self) -> list[Topic]:
        return self.vocabulary.topics

    def release(self, release_id: str) -> Release:
        return self._by_id[release_id]

    def has_release(self, release_id: str) -> bool:
        return release_id in self._by_id

    def source_ref(self, release_id: str) -> SourceRef:
        release = self._by_id[release_id]
        return SourceRef(release_id=release_id, title=release.title, title_es=release.title_es)

    def release_contacts(self, release_id: str) -> list[ContactCard]:
        return [self.contact_card(c, release_id) for c in self._by_id[release_id].contacts]

    def contact_card(self, contact: Contact, release_id: str) -> ContactCard:
        """One contact of a release as answers show it (as ``release_contacts`` does)."""
        return contact_card(contact, release_id, self.office_names)

    @cached_property
    def office_names(self) -> dict[str, str]:
        """The Spanish of the names offices are called by (``offices.spanish_names``), from
        the first record of each place and organisation, as the index's targets hold them."""
        first: dict[str, object] = {}
        for release in self.releases:
            for place in release.places:
                first.setdefault(f"place:{place.id}", place)
            for org in release.organisations:
                first.setdefault(f"org:{org.id}", org)
        return spanish_names(first.values())

    @cached_property
    def press_contacts(self) -> list[ContactCard]:
        """Every distinct press contact, in release order (one card per email). A card
        is made only for a contact not seen before (``Contact.key`` is ``ContactCard.key``):
        at 5,000 releases, 32 cards instead of 5,725."""
        seen: dict[str, ContactCard] = {}
        for release in self.releases:
            for contact in release.contacts:
                key = contact.key
                if key not in seen:
                    seen[key] = self.contact_card(contact, release.id)
        return list(seen.values())

    @cached_property
    def general_contact(self) -> ContactCard | None:
        """The contact given when nothing more specific applies: the press office the
        vocabulary names (``press_office``), else the most-cited contact."""
        office = self.vocabulary.press_office
        if office is not None:
            for card in self.press_contacts:
                if card.key == str(office).casefold():
                    return card
        counts: dict[str, int] = {}
        for release in self.releases:
            for c in release.contacts:
                counts[c.key] = counts.get(c.key, 0) + 1
        if not self.press_contacts:
            return None
        return max(self.press_contacts, key=lambda c: counts[c.key])

    def key_figure(self, release_id: str) -> Figure | None:
        """The release's headline number: its first figure that is not a general IOM fact."""
        figures = self._by_id[release_id].figures
        specific = [f for f in figures if "iom" not in f.topics]
        chosen = specific or figures
        return chosen[0] if chosen else None
