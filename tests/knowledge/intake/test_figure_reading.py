"""How figures are read: number words, Spanish qualifiers, each figure's own period and
attribution, and what is never a figure (ages, parts of dates, markup, a conversion in
brackets, an ordinal). Every sentence here is invented."""

from __future__ import annotations

from typing import Any

from knowledge.intake import Known, draft_release
from knowledge.intake.cli import read_knowledge_dir
from knowledge.loading.loader import default_knowledge_dir

HEAD = "Shelters Report on the Season\n\n"
#: Enough running text around the sentence under test for the page to have a body.
TAIL = " The volunteers thanked everyone who helped them during these long and difficult weeks."


def figures(body: str) -> list[dict[str, Any]]:
    draft = draft_release((HEAD + body + TAIL).encode(), Known())
    return list(draft.record["figures"])


def one(body: str) -> dict[str, Any]:
    (figure,) = figures(body)
    return figure


def test_number_words_in_english_and_spanish() -> None:
    assert one("IOM signed agreements with four migrant shelters in the north.")["value"] == 4
    assert one("La OIM apoya a otros siete centros en la zona norte del país.")["value"] == 7
    big = one("Some one million travellers cross the bridge on their way home.")
    assert (big["value"], big["as_written"], big["qualifier"]) == (1_000_000, "one million", "some")


def test_one_alone_and_ordinals_are_not_counts() -> None:
    assert figures("One of the volunteers opened the third shelter of the region.") == []
    assert figures("The tercera caravana left on a three-day journey to the coast.") == []


def test_spanish_qualifiers() -> None:
    assert one("El número de viajeros que cruzan el río supera los 90.000.")["qualifier"] == "over"
    assert (
        one("El albergue recibe a más de 75 personas en la temporada.")["qualifier"] == "more than"
    )
    assert one("Llegaron alrededor de 300 familias al puerto esta semana.")["qualifier"] == "about"
    assert (
        one("Se registraron cerca de 40 casos en el puerto esta semana.")["qualifier"] == "close to"
    )


def test_spanish_units_are_named_in_english() -> None:
    assert (
        one("El albergue recibe a 75 migrantes en la temporada de lluvias.")["unit"] == "migrants"
    )
    assert (
        one("The centre hosted 12 migrant children during the storm.")["unit"] == "migrant children"
    )


def test_each_figure_gets_the_period_of_its_own_clause() -> None:
    first, second = figures(
        "Over 9,000 travellers cross the valley each year, and the project will train 80 "
        "volunteers in 2016."
    )
    assert first["period"] == "each year" and second["period"] == "2016"


def test_a_period_in_a_clause_of_its_own_goes_to_the_next_figure_marked_todo() -> None:
    figure = one("Between March and July 2019, a total of 5,120 travellers were counted.")
    assert figure["period"] == "TODO: between March and July 2019"
    count = one(
        "The office opened in May 2015 to support a scheme which assists over 600 returnees."
    )
    assert "period" not in count  # the date is the office's opening, not the count's


def test_a_spanish_rate_is_said_in_english_and_each_month_is_a_period() -> None:
    assert one("El comedor sirve anualmente más de 8.000 platillos.")["period"] == "each year"
    assert one("Some 400 pilgrims walk to the shrine each October.")["period"] == "each October"


def test_attribution_from_the_figures_sentence() -> None:
    figure = one("Based on data from the Regional Health Board, 2,300 travellers were vaccinated.")
    assert figure["attributed_to"] == "data from the Regional Health Board"
    figure = one("According to estimates from the Port Authority, some 700 boats arrive daily.")
    assert figure["attributed_to"] == "estimates from the Port Authority"
    assert figure["period"] == "daily"


def test_ages_dates_markup_and_conversions_are_not_figures() -> None:
    assert figures("The volunteers, aged 19 and older, met from 11 to 14 May 2018.") == []
    assert figures("A girl, 15 years old, and a 12-year-old boy were found safe.") == []
    css = 'BORDER: rgb(10,20,30) 1px solid; WIDTH: 200px; alt="" height="12" border="0" was left.'
    assert figures(css) == []
    trip = figures("The walk covers 640 kilometres (398 miles) across the sierra.")
    assert [f["value"] for f in trip] == [640]


def test_a_rate_in_a_later_clause_goes_to_the_count_before_it_marked_todo() -> None:
    figure = one("Some 5,000 walkers, most of them from the coast, reach the shrine each year.")
    assert figure["period"] == "TODO: each year"


def test_an_organisation_named_before_the_figure_is_proposed_as_its_source_marked_todo() -> None:
    kd = read_knowledge_dir(default_knowledge_dir())  # the packaged knowledge knows the INM
    page = HEAD + (
        "The National Migration Institute runs a scheme which assists over 640 returnees in "
        "the port." + TAIL
    )
    (figure,) = draft_release(page.encode(), kd.known).record["figures"]
    assert figure["attributed_org"] == "inm"
    assert figure["attributed_to"].startswith("TODO: National Migration Institute")


def test_a_unit_joined_to_its_number_is_printed_not_guessed() -> None:
    assert (
        one("The shelters run an 18-month project with the state government.")["unit"] == "months"
    )


def test_only_what_the_figure_describes_proposes_its_source() -> None:
    kd = read_knowledge_dir(default_knowledge_dir())

    def attributed(body: str) -> object:
        (figure,) = draft_release((HEAD + body + TAIL).encode(), kd.known).record["figures"]
        return figure.get("attributed_org")

    assert (
        attributed("The IOM office in Tenosique, one of four in the south, opened today.") == "iom"
    )
    assert attributed("IOM will sign agreements with four migrant shelters in the south.") is None


def test_sources_named_in_other_ways() -> None:
    figure = one(
        "According to a 2019 survey by the Port Authority (PA by its Spanish acronym) over "
        "3,000 boats dock here every year."
    )
    assert figure["attributed_to"] == (
        "a 2019 survey by the Port Authority (PA by its Spanish acronym)"
    )
    figure = one("Recent statistics compiled by the Port Authority place the harbour 3rd in size.")
    assert figure["attributed_to"] == "Recent statistics compiled by the Port Authority"


def test_a_unit_named_before_the_number_is_a_guess_marked_todo() -> None:
    figure = one("El número de migrantes que cruzan el río cada año supera los 90.000.")
    assert figure["unit"] == "TODO: migrants"
    assert one("Tenosique, a town of 60,000, lies on the river.")["unit"] == "TODO: inhabitants"
