"""The corpus' press contacts: one card per person, the first a release gives, in
release order, made only for contacts not seen before."""

from __future__ import annotations

from pathlib import Path

from knowledge.answer import ContactCard
from knowledge.corpus import Corpus
from tests.invented_releases import CONTACT, grown, release

NO_EMAIL = {
    "name": "Beto Sinmail",
    "office": "IOM Tapachula",
    "phone": "+52 962 123 4567",
    "quote": "Beto Sinmail at IOM Tapachula answers on +52 962 123 4567",
}


def every_card_first_kept(corpus: Corpus) -> list[ContactCard]:
    """The slow way: every release's cards, the first per key kept."""
    seen: dict[str, ContactCard] = {}
    for r in corpus.releases:
        for card in corpus.release_contacts(r.id):
            seen.setdefault(card.key, card)
    return list(seen.values())


def test_press_contacts_are_the_first_card_of_each_person(tmp_path: Path) -> None:
    renamed = {**CONTACT, "name": "Ana I. Inventada", "quote": "contact Ana I. Inventada"}
    kb = grown(
        tmp_path,
        release(
            "invented-one", "Invented Release One", ["cooperation"], contacts=[CONTACT, NO_EMAIL]
        ),
        release(
            "invented-two", "Invented Release Two", ["cooperation"], contacts=[renamed, NO_EMAIL]
        ),
    )
    corpus = Corpus(kb.vocabulary, kb.releases, kb.sources)
    cards = corpus.press_contacts
    assert cards == every_card_first_kept(corpus)
    by_key = {c.key: c for c in cards}
    assert by_key[CONTACT["email"]].name == "Ana Inventada"  # the first release's card
    beto = [c for c in cards if c.name == "Beto Sinmail"]
    assert len(beto) == 1 and beto[0].key == "beto sinmail|+529621234567"
    assert len(cards) == len({c.key for c in cards})
