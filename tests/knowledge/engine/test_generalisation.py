"""Answers that hold as the knowledge grows (issue 11): each mechanism tested on releases
invented here, added to the five seed releases, never on the development pages."""

from __future__ import annotations

from pathlib import Path

from invented_releases import CONTACT, LAGOON, grown, release

from knowledge.answer import plain
from knowledge.render.mrkdwn import answer_json, answer_text
from knowledge.render.plain import answer_plain


def test_a_singular_question_finds_a_plural_name(tmp_path: Path) -> None:
    """Names are matched word by word in the singular: 'warden' finds 'Lagoon wardens'."""
    kb = grown(tmp_path, LAGOON)
    answer = kb.answer("what is a lagoon warden")
    assert answer.answered and "Volunteers who guide migrants" in answer_text(answer)
    assert answer_text(kb.answer("what are lagoon wardens")) == answer_text(answer)


SHELTER = release(
    "casa-luz",
    "IOM Supports the Casa de la Luz en el Río Shelter",
    ["humanitarian-assistance"],
    organisations=[
        {
            "id": "casa-luz",
            "name_en": "Casa de la Luz en el Río",
            "aliases": ["Casa de la Luz"],
            "description": "A shelter for migrants run by volunteers on the river bank.",
            "quote": "the Casa de la Luz en el Río, a shelter run by volunteers",
        }
    ],
)


def test_a_spanish_name_is_not_translated_word_by_word(tmp_path: Path) -> None:
    """The lexicon turns 'de', 'en', 'el' into English; inside a known name it must not."""
    kb = grown(tmp_path, SHELTER)
    for question in ("what is Casa de la Luz en el Río", "¿qué es la Casa de la Luz en el Rio?"):
        answer = kb.answer(question)
        assert answer.answered, question
        assert "shelter for migrants run by volunteers" in answer_text(answer), question


SECOND_CONTACT = {
    "name": "Bruno Ficticio",
    "office": "IOM Invented Bay",
    "email": "bficticio@iom.int",
    "phone": "+52 55 5536 3999",
    "quote": "or Bruno Ficticio at IOM Invented Bay",
}


def test_one_persons_phone_is_that_persons_card_alone(tmp_path: Path) -> None:
    kb = grown(tmp_path, {**SHELTER, "contacts": [CONTACT, SECOND_CONTACT]})
    for question in ("what is the phone of Bruno Ficticio", "email Bruno Ficticio"):
        answer = kb.answer(question)
        assert answer.answered, question
        assert [c.email for c in answer.contacts] == ["bficticio@iom.int"], question


def test_the_phone_of_an_organisation_is_not_its_releases_press_contact(tmp_path: Path) -> None:
    """The release names IOM's press contact, not the shelter's phone: not answered, and
    the shelter is never given IOM's number as its own."""
    kb = grown(tmp_path, SHELTER)
    answer = kb.answer("what is the phone number of the Casa de la Luz shelter")
    assert not answer.answered
    assert "no phone number or email for Casa de la Luz en el Río" in answer_text(answer)
    assert "ainventada@iom.int" not in answer_text(answer)
    assert kb.answer("press contact for Casa de la Luz").contacts[0].email == "ainventada@iom.int"


RETURN_PROGRAMME = release(
    "bay-return",
    "IOM and Invented Bay Open a Return Desk",
    ["return-migration"],
    programmes=[
        {
            "id": "bay-return",
            "name": "Invented Bay Return Programme",
            "description": "A municipal programme receiving migrants returned by sea.",
            "quote": "the Invented Bay Return Programme receives migrants returned by sea",
        }
    ],
    figures=[
        {
            "measure": "bay-returnees-assisted",
            "value": 9100,
            "as_written": "9,100",
            "qualifier": "some",
            "unit": "migrants",
            "counts": "migrants assisted by the Invented Bay Return Programme",
            "period": "per year",
            "topics": ["return-migration"],
            "quote": "some 9,100 migrants a year are assisted by the Invented Bay Return Programme",
        }
    ],
)


def test_a_figure_is_reached_through_the_programme_its_quote_names(tmp_path: Path) -> None:
    """The curator tagged the figure with a topic only; its quote names the programme."""
    kb = grown(tmp_path, RETURN_PROGRAMME)
    answer = kb.answer("how many migrants does the Invented Bay Return Programme assist")
    assert answer.answered and answer.intent == "facts"
    assert "9,100" in answer_text(answer)


def test_what_is_a_measure_of_a_named_thing_gives_the_figure(tmp_path: Path) -> None:
    """'What is the budget of X': the words the name leaves over select X's figure."""
    budget = {
        "measure": "bay-return-budget",
        "value": 240000,
        "as_written": "240,000",
        "unit": "US dollars",
        "counts": "budget of the Invented Bay Return Programme",
        "quote": "The Invented Bay Return Programme has a budget of US$ 240,000",
    }
    record = {**RETURN_PROGRAMME, "figures": [*RETURN_PROGRAMME["figures"], budget]}
    kb = grown(tmp_path, record)
    answer = kb.answer("what is the budget of the Invented Bay Return Programme?")
    assert (
        answer.answered and "240,000" in answer_text(answer) and "9,100" not in answer_text(answer)
    )
    described = kb.answer("what is the Invented Bay Return Programme?")
    assert "municipal programme receiving migrants" in answer_text(described)


BAKERY = release(
    "bay-bakery",
    "La OIM dona un horno al albergue Casa de la Luz",
    ["humanitarian-assistance"],
    organisations=[
        {
            "id": "casa-luz",
            "name_en": "Casa de la Luz en el Río",
            "aliases": ["Casa de la Luz"],
            "description": "A migrant shelter in Acayucan, run by volunteers on the river bank.",
            "quote": "la Casa de la Luz en el Río, un albergue de voluntarios",
        }
    ],
    figures=[
        {
            "measure": "bay-bakery-oven-capacity",
            "value": 300,
            "as_written": "300",
            "unit": "loaves per hour",
            "counts": "loaves per hour baked by the oven IOM gave the Casa de la Luz",
            "quote": "un horno que hornea 300 panes por hora",
        },
        {
            "measure": "casa-luz-beds",
            "value": 45,
            "as_written": "45",
            "unit": "beds",
            "counts": "beds in the Casa de la Luz shelter",
            "quote": "la Casa de la Luz cuenta con 45 camas para migrantes en el albergue",
        },
    ],
)


def test_a_spanish_question_meets_the_words_of_a_spanish_quote(tmp_path: Path) -> None:
    """The curated wording is English; the quote is the page's Spanish. Both are words
    a question can share with the statement."""
    kb = grown(tmp_path, BAKERY)
    answer = kb.answer("¿cuántos panes por hora hornea el horno de la Casa de la Luz?")
    assert answer.answered and "300" in answer_text(answer) and "45 beds" not in answer_text(answer)


def test_a_figure_is_about_what_its_curated_wording_names(tmp_path: Path) -> None:
    """The oven's quote says only "un horno"; its curated "counts" names the shelter."""
    kb = grown(tmp_path, BAKERY)
    about = {d.key for d in kb.prepare().core.index.docs_by_target["org:casa-luz"]}
    assert "bay-bakery/figures[0]" in about  # the oven figure is about the shelter
    answer = kb.answer("how many loaves does the oven of the Casa de la Luz bake")
    assert answer.answered and plain(answer.lead).startswith("300 loaves per hour")


def test_where_leads_with_a_statement_that_names_a_place(tmp_path: Path) -> None:
    """The figures about the shelter outrank its description on words, but only the
    description (curated, naming Acayucan) says where it is."""
    kb = grown(tmp_path, BAKERY)
    answer = kb.answer("where is the Casa de la Luz shelter")
    assert answer.answered
    assert "Acayucan" in answer_text(answer).split("\n")[0]


def test_several_typos_in_one_question_are_corrected_and_said(tmp_path: Path) -> None:
    """Two or three typos, of the knowledge's words and of ordinary question words."""
    kb = grown(tmp_path, RETURN_PROGRAMME)
    answer = kb.answer("how mny migrnats does the Invented Bay Retrun Programme asist")
    assert answer.answered and "9,100" in answer_text(answer)
    assert ("mny", "many") in answer.corrections and ("retrun", "return") in answer.corrections
    assert "I read “mny” as “many”" in answer_text(answer)
    assert "I read “mny” as “many”" in answer_plain(answer)
    assert {"typed": "mny", "read_as": "many"} in answer_json(answer)["corrections"]


def test_a_real_word_the_knowledge_lacks_is_not_corrected_into_one_it_has(
    tmp_path: Path,
) -> None:
    """'died' is not a typo of 'did': correcting it would make the question look
    answerable from a figure about something else."""
    kb = grown(tmp_path, RETURN_PROGRAMME)
    answer = kb.answer("how many migrants died in Invented Bay")
    assert ("died", "did") not in answer.corrections
    assert not answer.answered


def desk_figure(year: int, value: int, written: str) -> dict[str, object]:
    return {
        "measure": "bay-desk-returnees",
        "value": value,
        "as_written": written,
        "unit": "migrants",
        "counts": "migrants received at the Invented Bay return desk",
        "period": str(year),
        "topics": ["return-migration"],
        "quote": f"in {year} the Invented Bay return desk received {written} migrants",
    }


DESK = release(
    "bay-desk",
    "Invented Bay Return Desk: Two Years of Figures",
    ["return-migration"],
    figures=[desk_figure(2012, 3100, "3,100"), desk_figure(2015, 5700, "5,700")],
)


def test_a_year_in_the_question_selects_the_figure_of_that_year(tmp_path: Path) -> None:
    kb = grown(tmp_path, DESK)
    both = kb.answer("how many migrants did the Invented Bay return desk receive")
    assert both.disagreement and "3,100" in answer_text(both) and "5,700" in answer_text(both)
    answer = kb.answer("how many migrants did the Invented Bay return desk receive in 2015")
    assert answer.answered and not answer.disagreement
    assert "5,700" in answer_text(answer) and "3,100" not in answer_text(answer)


def test_a_year_the_releases_lack_is_said_with_the_years_they_give(tmp_path: Path) -> None:
    kb = grown(tmp_path, DESK)
    answer = kb.answer("how many migrants did the Invented Bay return desk receive in 2020")
    assert plain(answer.lead).startswith(
        "The releases give no figure for 2020, only for 2012, 2015"
    )


OFFICE = release(
    "bay-office",
    "Invented Bay Opens a Municipal Migrant Office",
    ["cooperation"],
    places=[
        {
            "id": "invented-bay",
            "name": "Invented Bay",
            "kind": "city",
            "state": "Veracruz",
            "country": "Mexico",
            "quote": "the coastal city of Invented Bay, Veracruz",
        }
    ],
    organisations=[
        {
            "id": "ofma",
            "acronym": "OFMA",
            "name_en": "Municipal Office for Migrant Assistance",
            "description": "The Invented Bay office that runs the city's migrant programmes.",
            "quote": "the Municipal Office for Migrant Assistance (OFMA) of Invented Bay",
        }
    ],
)


def test_a_place_after_in_qualifies_the_subject(tmp_path: Path) -> None:
    """'What is OFMA in Invented Bay': OFMA is asked about, the city only qualifies it
    (the longer name used to win)."""
    kb = grown(tmp_path, OFFICE)
    answer = kb.answer("what is OFMA in Invented Bay")
    assert answer.answered
    assert plain(answer.lead).startswith("OFMA is the Municipal Office for Migrant Assistance")
    assert answer_text(kb.answer("what is Invented Bay")).startswith("*Invented Bay* is a city")


def test_what_is_answers_only_what_the_knowledge_says_of_it(tmp_path: Path) -> None:
    """'What is the population of Invented Bay': no statement about the city has the
    word, so the city's description is not an answer."""
    kb = grown(tmp_path, OFFICE)
    assert not kb.answer("what is the population of Invented Bay").answered
    assert kb.answer("what is the role of OFMA").answered  # asks for the description


def test_a_figure_about_the_place_must_also_be_about_what_is_asked(tmp_path: Path) -> None:
    """The only figure about Invented Bay counts migrants assisted: it does not answer a
    question about kidnapping victims there, and the seeds' national kidnapping figures
    are not about Invented Bay."""
    assisted = {
        "measure": "ofma-migrants-assisted",
        "value": 2400,
        "as_written": "2,400",
        "unit": "migrants",
        "counts": "migrants assisted by OFMA in Invented Bay",
        "place": "invented-bay",
        "topics": ["cooperation"],
        "quote": "OFMA assisted 2,400 migrants in Invented Bay",
    }
    kb = grown(tmp_path, {**OFFICE, "figures": [assisted]})
    assert "2,400" in answer_text(kb.answer("how many migrants were assisted in Invented Bay"))
    assert not kb.answer("how many kidnapping victims were there in Invented Bay").answered
    assert "20,000" in answer_text(kb.answer("how many kidnapping victims are there in Mexico"))


def victims_share(release_id: str, value: int) -> dict[str, object]:
    return release(
        release_id,
        f"Invented Report {value}: Women Among Trafficking Victims",
        ["trafficking"],
        places=[
            {"id": "mexico", "name": "Mexico", "kind": "country", "quote": "victims in Mexico"}
        ],
        figures=[
            {
                "measure": "trafficking-victims-women-percent",
                "value": value,
                "as_written": str(value),
                "unit": "per cent",
                "counts": "share of trafficking victims who were women",
                "place": "mexico",
                "topics": ["trafficking"],
                "quote": f"{value} per cent of the victims of trafficking were women",
            }
        ],
    )


def test_a_disagreement_group_does_not_outrank_the_better_single_figure(
    tmp_path: Path,
) -> None:
    """Three new releases disagree about women among trafficking *victims* in Mexico; the
    seed question about women among *traffickers* (the same stem) still gets its figure:
    being cited by more releases only breaks ties."""
    kb = grown(tmp_path, *(victims_share(f"victims-{n}", 70 + n) for n in range(3)))
    answer = kb.answer("what share of traffickers in Mexico are women?")
    assert answer.answered and "60 per cent" in answer_text(answer) and not answer.disagreement
    assert kb.answer("what share of trafficking victims are women?").disagreement


TOWN = release(
    "villa-inventada",
    "IOM Visits a Shelter in Villa Inventada",
    ["humanitarian-assistance"],
    contacts=[],
    places=[
        {
            "id": "villa-inventada",
            "name": "Villa Inventada",
            "kind": "town",
            "state": "Veracruz",
            "country": "Mexico",
            "quote": "the town of Villa Inventada, Veracruz",
        }
    ],
)


def test_a_town_without_a_contact_falls_back_to_its_state(tmp_path: Path) -> None:
    """The town's release names nobody; the releases about Veracruz do (the seeds)."""
    kb = grown(tmp_path, TOWN)
    veracruz = kb.answer("contact veracruz").contacts[0].email
    answer = kb.answer("contact Villa Inventada")
    assert answer.answered and answer.contacts[0].email == veracruz
    assert "for Veracruz, the state it is in" in answer_text(answer)


def test_a_spanish_feminine_or_plural_meets_the_form_the_vocabulary_lists(
    tmp_path: Path,
) -> None:
    """The lexicon lists 'capacitados' (trained), a topic 'albergue'; questions say
    'capacitadas' and 'albergues'."""
    kb = grown(tmp_path, LAGOON)
    core = kb.prepare().core
    assert "trained" in core.parser.parse("¿cuántas personas serán capacitadas?").words
    assert core.parser.parse("albergues en veracruz").words[0] == "albergue"


def test_a_figure_with_most_of_the_questions_words_answers_despite_unknown_verbs(
    tmp_path: Path,
) -> None:
    """'¿Cuántos panes por hora saca el horno que regaló la OIM?': 'saca' and 'regaló'
    are words the knowledge lacks, but the oven figure has panes, hora and horno."""
    kb = grown(tmp_path, BAKERY)
    answer = kb.answer("¿cuántos panes por hora saca el horno que regaló la OIM?")
    assert answer.answered and "300" in answer_text(answer)
    assert not kb.answer("¿cuántos panes por hora saca el horno de Alemania?").answered


def test_who_estimates_a_figure_is_answered_with_its_attribution(tmp_path: Path) -> None:
    figure = {
        **RETURN_PROGRAMME["figures"][0],
        "attributed_to": "the Invented Bay Port Authority",
        "quote": "the Invented Bay Port Authority estimates that some 9,100 migrants a year "
        "are assisted by the Invented Bay Return Programme",
    }
    kb = grown(tmp_path, {**RETURN_PROGRAMME, "figures": [figure]})
    answer = kb.answer("who estimates that 9,100 migrants a year are returned to Invented Bay")
    assert answer.answered and "according to the Invented Bay Port Authority" in answer_text(answer)


def governor(release_id: str, title: str, name: str, person_id: str) -> dict[str, object]:
    return release(
        release_id,
        title,
        ["cooperation"],
        people=[
            {
                "id": person_id,
                "name": name,
                "role": "Governor of the State of Invencia",
                "quote": f"{name}, Governor of the State of Invencia",
            }
        ],
    )


def test_who_held_a_role_when_something_happened_is_the_one_named_then(
    tmp_path: Path,
) -> None:
    """Two governors of one state in two releases: the clause after 'when' picks the
    release, and so the governor."""
    kb = grown(
        tmp_path,
        governor("dg-visit", "IOM Director General Visits Invencia", "Rosa Primera", "primera"),
        governor("fair-2", "Invencia Hosts a Job Fair for Returnees", "Luis Segundo", "segundo"),
    )
    visit = kb.answer("who was the governor of Invencia when the Director General visited")
    assert visit.answered and "Rosa Primera" in answer_text(visit)
    assert "Luis Segundo" not in answer_text(visit)
    fair = kb.answer("who was governor of Invencia when the job fair for returnees took place")
    assert "Luis Segundo" in answer_text(fair) and "Rosa Primera" not in answer_text(fair)
    both = kb.answer("who is the governor of Invencia")
    assert "Rosa Primera" in answer_text(both) and "Luis Segundo" in answer_text(both)


def test_an_ordinary_word_the_figure_lacks_is_not_answered_with_it(tmp_path: Path) -> None:
    """'How many migrants died …': the programme's only figure counts migrants assisted;
    neither the figure path nor the fallback to statements answers with it. A typo the
    corrector cannot place, or a Spanish verb, does not block an answer."""
    kb = grown(tmp_path, RETURN_PROGRAMME)
    assert not kb.answer("how many migrants died in the Invented Bay Return Programme").answered
    assert "9,100" in answer_text(
        kb.answer("how many migrants does the Invented Bay Return Programme assizt")
    )


CONFERENCE = release(
    "bay-conference",
    "IOM Director General Visits Invented Bay",
    ["cooperation"],
    programmes=[
        {
            "id": "tides-conference",
            "name": "Conference “Tides of Coastal Migration”",
            "kind": "event",
            "description": "A conference the IOM Director General opened during his visit "
            "to Invented Bay.",
            "quote": "the Director General opened a conference on “Tides of Coastal Migration”",
        }
    ],
)


def test_a_described_kind_of_thing_is_found_by_its_description(tmp_path: Path) -> None:
    """The question names no record, only a kind ('conference') and what it was."""
    kb = grown(tmp_path, CONFERENCE)
    answer = kb.answer("what conference did the Director General open during his visit")
    assert answer.answered and "Tides of Coastal Migration" in answer_text(answer)
    assert not kb.answer("what conference did the Director General attend in 1990").answered
