"""Answers that hold as the knowledge grows (issue 11): each mechanism tested on releases
invented here, added to the five seed releases, never on the development pages."""

from __future__ import annotations

from pathlib import Path

from invented_releases import CONTACT, grown, release

LAGOON = release(
    "lagoon-wardens",
    "IOM Trains Lagoon Wardens in Invented Bay",
    ["cooperation"],
    terms=[
        {
            "id": "lagoon-wardens",
            "name": "Lagoon wardens",
            "description": "Volunteers who guide migrants along the shore of Invented Bay.",
            "quote": "lagoon wardens are volunteers who guide migrants along the shore",
        }
    ],
)


def test_a_singular_question_finds_a_plural_name(tmp_path: Path) -> None:
    """Names are matched word by word stemmed: 'warden' finds 'Lagoon wardens'."""
    kb = grown(tmp_path, LAGOON)
    answer = kb.answer("what is a lagoon warden")
    assert answer.answered and "Volunteers who guide migrants" in answer.text
    assert kb.answer("what are lagoon wardens").text == answer.text


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
        assert "shelter for migrants run by volunteers" in answer.text, question


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
    assert "no phone number or email for Casa de la Luz en el Río" in answer.text
    assert "ainventada@iom.int" not in answer.text
    assert kb.answer("press contact for Casa de la Luz").contacts[0].email == "ainventada@iom.int"
