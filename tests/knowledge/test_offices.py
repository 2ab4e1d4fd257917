"""Press offices in Spanish, from what curators wrote of organisations and places."""

from __future__ import annotations

from knowledge import speaking
from knowledge.answer import ContactCard
from knowledge.offices import office_in_spanish, spanish_names
from knowledge.records.models import Organisation, Place


def org(acronym: str, aliases: list[str]) -> Organisation:
    return Organisation(
        id="lagoon-trust",
        name_en="Lagoon Trust",
        acronym=acronym,
        aliases=aliases,
        quote="the lagoon trust said",
    )


def place(name: str, aliases: list[str]) -> Place:
    return Place(
        id=name.casefold(),
        name=name,
        kind="city",
        country="Mexico",
        aliases=aliases,
        quote="the lagoon trust said",
    )


def test_names_come_from_a_spanish_acronym_and_an_accented_spelling() -> None:
    names = spanish_names(
        [
            org("LT", ["FL", "lagoon trust", "Fondo Laguna"]),
            place("Queretaro", ["Querétaro", "QRO"]),
            place("Ixtepec", ["Ciudad Ixtepec"]),  # no accented spelling: nothing
        ]
    )
    assert names == {"LT": "FL", "Queretaro": "Querétaro"}


def test_the_first_record_of_a_name_wins() -> None:
    names = spanish_names([org("LT", ["FL"]), org("LT", ["XL"])])
    assert names == {"LT": "FL"}


def test_an_office_is_translated_by_whole_words_only() -> None:
    names = {"LT": "FL", "Queretaro": "Querétaro"}
    assert office_in_spanish("LT Queretaro", names) == "FL Querétaro"
    assert office_in_spanish("LTD Queretaroan office", names) == "LTD Queretaroan office"
    assert office_in_spanish("LT Queretaro", {}) == "LT Queretaro"


def test_a_card_shows_its_spanish_office_only_in_spanish() -> None:
    card = ContactCard(
        name="Ana",
        office="LT Queretaro",
        office_es="FL Querétaro",
        email=None,
        phone="+52 1",
        tel="+521",
        release_id="r",
    )
    assert card.office_in_language == "LT Queretaro"
    with speaking("es"):
        assert card.office_in_language == "FL Querétaro"
    plain = card.model_copy(update={"office_es": None})
    with speaking("es"):
        assert plain.office_in_language == "LT Queretaro"
