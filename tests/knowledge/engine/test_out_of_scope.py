"""A function word inside a name is not content: one unknown word asked of a Spanish name
with "de" in it is as out of scope as the same question in English."""

from __future__ import annotations

from pathlib import Path

from invented_releases import grown, release

PORT = release(
    "port-office",
    "IOM Opens a Migrant Office in Puerto de Invento",
    ["cooperation"],
    places=[
        {
            "id": "puerto-de-invento",
            "name": "Puerto de Invento",
            "kind": "city",
            "state": "Veracruz",
            "country": "Mexico",
            "quote": "the port city of Puerto de Invento, Veracruz",
        }
    ],
    programmes=[
        {
            "id": "port-desk",
            "name": "Port Migrant Desk",
            "description": "A desk in Puerto de Invento where migrants get legal advice.",
            "quote": "a desk in Puerto de Invento where migrants get legal advice",
        }
    ],
)


def test_an_unknown_thing_asked_of_a_name_with_de_is_not_answered(tmp_path: Path) -> None:
    kb = grown(tmp_path, PORT)
    for text in ["clima en puerto de invento", "weather in puerto de invento"]:
        answer = kb.answer(text)
        assert not answer.answered, (text, answer.lead)
    known = kb.answer("what is the port migrant desk in puerto de invento")
    assert known.answered and "legal advice" in " ".join(s.text for s in known.lead)
