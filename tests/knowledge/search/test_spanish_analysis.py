"""Understanding Spanish by analysis, not by a phrase table (issue 15): Spanish stop words,
Snowball Spanish stems over the vocabulary's Spanish names and the curated Spanish fields,
for questions the lexicon has no entry for. Each mechanism is tested on invented releases
(tests/invented_releases.py), so a phrasing tuned to the seed releases cannot pass it."""

from __future__ import annotations

from pathlib import Path

import pytest
from invented_releases import CONTACT, grown, release

from knowledge import KnowledgeBase, answer_plain, load_knowledge
from knowledge.search.spanish import looks_spanish, spanish_term, spanish_terms
from knowledge.text import fold

HARBOUR = release(
    "harbour-fund",
    "IOM Launches the Invented Harbour Fund for Fishing Families",
    ["cooperation"],
    programmes=[
        {
            "id": "harbour-fund",
            "name": "Invented Harbour Fund",
            "kind": "fund",
            "aliases": ["Fondo Inventado del Puerto"],
            "description": "A fund that pays for boats lent to migrant fishing families.",
            "description_es": "Fondo que paga barcas prestadas a familias migrantes pescadoras.",
            "quote": "the Invented Harbour Fund pays for boats lent to migrant fishing families",
        }
    ],
    people=[
        {
            "id": "marta-inventada",
            "name": "Marta Inventada",
            "role": "head of the Invented Bay office",
            "role_es": "jefa de la oficina de Bahía Inventada",
            "quote": "Marta Inventada, head of the Invented Bay office",
        }
    ],
    facts=[
        {
            "id": "harbour-safety",
            "statement": "Marta Inventada said the harbour is safer for migrants at night.",
            "statement_es": "Marta Inventada dijo que el puerto es más seguro de noche.",
            "said_by": "marta-inventada",
            "topics": ["security"],
            "quote": "the harbour is safer for migrants at night, said Marta Inventada",
        },
        {
            "id": "harbour-visit",
            "statement": "Families spend a season in the harbour before moving on.",
            "statement_es": "Las familias pasan un tiempo en el puerto antes de seguir.",
            "topics": ["cooperation"],
            "quote": "families spend a season in the harbour before moving on",
        },
    ],
    figures=[
        {
            "measure": "harbour-boats",
            "value": 48,
            "as_written": "48",
            "unit": "boats",
            "counts": "boats lent to fishing families by the fund",
            "counts_es": "barcas prestadas a familias pescadoras en la orilla",
            "topics": ["cooperation"],
            "quote": "48 boats lent to fishing families",
        }
    ],
    contacts=[CONTACT],
)


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return grown(tmp_path_factory.mktemp("harbour"), HARBOUR)


def spanish(kb: KnowledgeBase, question: str) -> str:
    answer = kb.answer(question, "es")
    assert answer.answered, question
    return answer_plain(answer)


def test_a_name_in_other_words_and_order_is_found_by_its_spanish_stems(
    harbour: KnowledgeBase,
) -> None:
    """The name "Fondo Inventado del Puerto" asked as "el Fondo del Puerto Inventado": the lexicon
    turns "del"/"el" into English and no alias is that phrase; the Spanish stems of the
    name's content words, in any order, are."""
    text = spanish(harbour, "¿qué es el Fondo del Puerto Inventado?")
    assert "Fondo que paga barcas prestadas" in text


def test_spanish_stop_words_are_not_what_is_asked(harbour: KnowledgeBase) -> None:
    """The words "dijo", "sobre", "qué" are Spanish's "said", "about", "what": not content words
    the knowledge lacks."""
    text = spanish(harbour, "¿qué dijo Inventada sobre la seguridad?")
    assert "más seguro de noche" in text


def test_words_only_curated_spanish_has_find_its_statements(harbour: KnowledgeBase) -> None:
    """The word "orilla" is in no English text nor quote, only in the figure's ``counts_es``: a
    Spanish question with it is answered by that figure."""
    text = spanish(harbour, "¿cuántas barcas hay en la orilla?")
    assert "48" in text and "barcas prestadas" in text


def test_a_word_of_curated_spanish_does_not_let_other_statements_answer(
    harbour: KnowledgeBase,
) -> None:
    """The word "tiempo" is in one statement's Spanish ("pasan un tiempo"): it does not make any
    statement about the harbour an answer to "what is the weather in the harbour"."""
    answer = harbour.answer("¿qué tiempo hace en el Fondo Inventado del Puerto?", "es")
    assert not answer.answered, answer_plain(answer)


def test_an_english_question_is_analysed_as_before(harbour: KnowledgeBase) -> None:
    """A Spanish name inside an English question does not make it Spanish."""
    parser = harbour.prepare().core.parser
    assert not parser.parse("what does the Fondo Inventado del Puerto pay for").spanish
    assert not parser.parse("Fondo Inventado del Puerto contacts").spanish
    assert parser.parse("los barcos del puerto").spanish
    answer = harbour.answer("what is the Fondo Inventado del Puerto")
    assert "A fund that pays for boats" in answer_plain(answer)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¿cuántos migrantes?", True),  # a mark only Spanish writes
        ("cuantos migrantes", True),  # a Spanish interrogative first
        ("how many migrants en el camino", False),  # an English interrogative first
        ("los migrantes secuestrados", True),  # Spanish function words only
        ("migrants in the shelter", False),
        ("frontera sur", False),  # nothing to tell: English, as before
    ],
)
def test_the_language_of_a_question_is_told_by_its_words(raw: str, expected: bool) -> None:
    assert looks_spanish(raw, fold(raw).split()) is expected


def test_a_spanish_word_meets_its_english_cognate() -> None:
    """A text's terms hold each word's Spanish stem and its English stem: "repatriados"
    (Spanish stem "repatri") meets English "repatriation" (English stem "repatri"); a
    Spanish inflection meets its other forms ("secuestradas", "secuestro")."""
    assert spanish_term("repatriados") in spanish_terms("the Repatriation Programme")
    assert spanish_term("secuestradas") in spanish_terms("víctimas de secuestro")
    assert not spanish_terms("de la que los")  # stop words add nothing


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("¿cuántos kilómetros recorren los migrantes?", "kilómetros de trayecto"),
        ("qué es el Fondo de Desarrollo de la OIM", "Fondo de la OIM que financia"),
        ("¿qué dijo el jefe de misión sobre la seguridad?", "migración y seguridad"),
        ("¿qué riesgos enfrentan los migrantes en México?", "obstáculos"),
        # named word by word ("OIM", "México"), not as the office "OIM México"
        ("¿desde cuándo está la OIM en México?", "desde 2005"),
    ],
)
def test_packaged_spanish_questions_the_lexicon_does_not_list(question: str, expected: str) -> None:
    kb = load_knowledge()
    assert expected in spanish(kb, question)


GOVERNOR = release(
    "inventado-governor",
    "IOM Meets the Governor of Inventado",
    ["cooperation"],
    places=[
        {
            "id": "inventado",
            "name": "Inventado",
            "kind": "state",
            "quote": "the State of Inventado",
        }
    ],
    people=[
        {
            "id": "luis-ficticio",
            "name": "Luis Ficticio",
            "role": "Governor of Inventado",
            "role_es": "el Gobernador de Inventado",
            "quote": "Luis Ficticio, Governor of Inventado",
        }
    ],
    facts=[
        {
            "id": "shelters-open",
            "statement": "The Governor of Inventado said the shelters will stay open.",
            "statement_es": "El Gobernador de Inventado dijo que los albergues seguirán abiertos.",
            "said_by": "luis-ficticio",
            "topics": ["humanitarian-assistance"],
            "quote": "the shelters will stay open, said Luis Ficticio",
        }
    ],
)


def test_a_releases_id_is_not_a_name_in_other_words(tmp_path: Path) -> None:
    """The release filed as inventado-governor answers to "inventado governor" as written,
    not to "el gobernador de Inventado", which names the place and a role."""
    kb = grown(tmp_path, GOVERNOR)
    query = kb.prepare().core.parser.parse("¿qué dijo el gobernador de Inventado?")
    assert "release:inventado-governor" not in query.keys
    assert "seguirán abiertos" in spanish(kb, "¿qué dijo el gobernador de Inventado?")


def test_a_spanish_request_verb_is_not_what_is_asked(harbour: KnowledgeBase) -> None:
    """Spanish for "tell me about" ("háblame de", "cuéntame sobre") is the request, as
    English "tell" is a stop word: what follows is the name asked about."""
    for question in ("háblame del Fondo Inventado del Puerto", "cuéntame sobre Marta Inventada"):
        answer = harbour.answer(question, "es")
        assert answer.answered, question
