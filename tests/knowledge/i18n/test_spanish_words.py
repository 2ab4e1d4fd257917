"""No English left in a Spanish answer but quotes and names (issue 15): honorifics before a
name, the office a press contact belongs to, a release named as the subject of an answer.
Each on an invented release (tests/invented_releases.py), so that the rule, not the seed
releases' wording, is what passes."""

from __future__ import annotations

import pytest
from invented_releases import grown, release

from knowledge import KnowledgeBase, answer_json, answer_plain
from knowledge.engine.phrasing import target_name
from knowledge.i18n import speaking

BAY_CONTACT = {
    "name": "Ana Inventada",
    "office": "IOM Bahia Inventada",
    "email": "ainventada@iom.int",
    "phone": "+52 55 5536 3922",
    "quote": "For more information please contact Ana Inventada at IOM Bahia Inventada",
}

BAY = release(
    "bay-office",
    "IOM Opens an Office in Bahia Inventada",
    ["cooperation"],
    title_es="La OIM abre una oficina en Bahía Inventada",
    places=[
        {
            "id": "bahia-inventada",
            "name": "Bahia Inventada",
            "kind": "town",
            "aliases": ["Bahía Inventada"],
            "quote": "an office in Bahia Inventada",
        }
    ],
    people=[
        {
            "id": "marta-inventada",
            "name": "Marta Inventada",
            "title": "Ambassador",
            "role": "head of the Bahia Inventada office",
            "role_es": "la jefa de la oficina de Bahía Inventada",
            "quote": "Ambassador Marta Inventada, head of the Bahia Inventada office",
        },
        {
            "id": "bruno-ficticio",
            "name": "Bruno Ficticio",
            "title": "Mr.",
            "role": "coordinator of the shelter network",
            "role_es": "el coordinador de la red de albergues",
            "quote": "Mr. Bruno Ficticio, coordinator of the shelter network",
        },
        {
            "id": "rosa-ficticia",
            "name": "Rosa Ficticia",
            "title": "Bishop",
            "role": "head of the diocese",
            "role_es": "la titular de la diócesis",
            "quote": "Bishop Rosa Ficticia, head of the diocese",
        },
    ],
    contacts=[BAY_CONTACT],
)


@pytest.fixture(scope="module")
def bay(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return grown(tmp_path_factory.mktemp("bay"), BAY)


@pytest.mark.parametrize(
    ("question", "spanish", "english"),
    [
        # a woman (the curator's Spanish role says "la …"): the feminine form
        ("quién es Marta Inventada", "Embajadora Marta Inventada", "Ambassador Marta Inventada"),
        ("quién es Bruno Ficticio", "Sr. Bruno Ficticio", "Mr. Bruno Ficticio"),
        # an honorific the catalog does not know is part of the name as printed
        ("quién es Rosa Ficticia", "Bishop Rosa Ficticia", "Bishop Rosa Ficticia"),
    ],
)
def test_an_honorific_is_said_in_the_answers_language(
    bay: KnowledgeBase, question: str, spanish: str, english: str
) -> None:
    assert spanish in answer_plain(bay.answer(question, "es"))
    assert english in answer_plain(bay.answer(question, "en"))


def test_a_press_contacts_office_is_named_in_spanish(bay: KnowledgeBase) -> None:
    """The office "IOM Bahia Inventada" is the OIM's office in Bahía Inventada: the
    acronym the IOM's record lists for Spanish, the place's Spanish spelling."""
    answer = bay.answer("contacto Bahía Inventada", "es")
    text = answer_plain(answer)
    assert "Ana Inventada (OIM Bahía Inventada)" in text
    assert "IOM Bahia" not in text
    assert answer_json(answer)["contacts"][0]["name"] == "Ana Inventada"
    english = answer_plain(bay.answer("contact Bahia Inventada", "en"))
    assert "Ana Inventada (IOM Bahia Inventada)" in english


def test_a_release_named_as_a_subject_has_its_spanish_title(bay: KnowledgeBase) -> None:
    core = bay.prepare().core
    target = core.t("release:bay-office")
    with speaking("es"):
        assert target_name(target) == "La OIM abre una oficina en Bahía Inventada"
    assert target_name(target) == "IOM Opens an Office in Bahia Inventada"
