"""Answers that hold as the knowledge grows (issue 11): each mechanism tested on releases
invented here, added to the five seed releases, never on the development pages."""

from __future__ import annotations

from pathlib import Path

from invented_releases import grown, release

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
