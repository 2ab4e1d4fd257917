"""New places in a draft: the dateline, the gazetteer's states and countries (certain, so
not TODO), and towns the sentence calls towns (a guess: their name is marked TODO). Every
page here is invented."""

from __future__ import annotations

from typing import Any

from knowledge.intake import Known, draft_release

PAGE = """Migrant Shelters in Three States Receive Support

Comitán, Chiapas – IOM today delivered relief supplies to shelters in Chiapas, Tabasco and \
Veracruz, where migrants from Honduras, El Salvador and Guatemala rest on their way north.

The convoy left the border city of Tenosique, Tabasco, early on Monday and stopped in the \
towns of Palenque, Escárcega and Villahermosa before reaching El Paso, Texas.

Ciudad Hidalgo, a town on the Suchiate river, receives most arrivals. Governor Rosa \
Guerrero Campos thanked the volunteers.
"""


def places(page: str = PAGE) -> dict[str, dict[str, Any]]:
    draft = draft_release(page.encode(), Known())
    return {p["name"].removeprefix("TODO: "): p for p in draft.record["places"]}


def test_states_and_countries_come_from_the_gazetteer_without_todo() -> None:
    found = places()
    for state in ("Chiapas", "Tabasco", "Veracruz"):
        assert found[state]["kind"] == "state" and found[state]["country"] == "Mexico"
        assert found[state]["name"] == state  # certain by construction: no TODO
    for country in ("Honduras", "El Salvador", "Guatemala"):
        assert found[country]["kind"] == "country"
    assert "Salvador" not in found  # the article is part of the country's name


def test_towns_named_by_their_context_are_guesses_marked_todo() -> None:
    found = places()
    assert found["Comitán"]["state"] == "Chiapas"  # the dateline
    assert found["Tenosique"]["state"] == "Tabasco"
    for town in ("Palenque", "Escárcega", "Villahermosa", "Ciudad Hidalgo", "El Paso"):
        assert found[town]["kind"] == "city"
        assert found[town]["name"].startswith("TODO: ")
    assert found["El Paso"]["state"] == "Texas" and found["El Paso"]["country"] == "United States"
    assert "Texas" not in found  # a US state is the town's state, not a place of the release


def test_a_surname_that_is_a_state_is_not_a_place() -> None:
    assert "Guerrero" not in places()


def test_a_country_is_never_a_town() -> None:
    page = PAGE.replace("the towns of Palenque", "the towns of Belize")
    assert places(page)["Belize"]["kind"] == "country"


def test_a_draft_with_new_places_passes_once_filled() -> None:
    from knowledge.intake import self_check

    draft = draft_release(PAGE.encode(), Known())
    assert self_check(draft, PAGE, [], {"iom"}) == []


def test_a_new_place_is_not_proposed_again_as_a_new_name() -> None:
    draft = draft_release(PAGE.encode(), Known())
    assert "tenosique" not in {c.name.casefold() for c in draft.candidates}
    page = PAGE + "\nVolunteers from Tenosique joined the convoy on the way back to the river.\n"
    assert "tenosique" not in {
        c.name.casefold() for c in draft_release(page.encode(), Known()).candidates
    }


def test_a_lowercase_word_is_not_a_state_and_a_known_city_is_certain() -> None:
    page = (
        "Volunteers Welcome Travellers Home\n\nMEXICO CITY, 5 June 2015 – Volunteers cooked "
        "chile and rice for every guerrero of the road who arrived at the shelter that night.\n"
    )
    found = places(page)
    assert "Guerrero" not in found and "Chile" not in found
    assert found["Mexico City"]["kind"] == "city" and found["Mexico City"]["name"] == "Mexico City"


def test_a_spanish_article_inside_a_sentence_is_part_of_a_proposed_name() -> None:
    page = (
        PAGE + "\nThe convoy stopped in El Cerrito Norte before it crossed into the next valley.\n"
    )
    names = {c.name for c in draft_release(page.encode(), Known()).candidates}
    assert "El Cerrito Norte" in names and "Cerrito Norte" not in names


def test_a_us_state_is_not_proposed_as_a_new_name_either() -> None:
    names = {c.name for c in draft_release(PAGE.encode(), Known()).candidates}
    assert "Texas" not in names
