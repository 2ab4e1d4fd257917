"""People and their roles as the page prints them: a role is not cut mid-phrase by the
verb or colon after it, a role after a verb is that person's, and a speaker named after
"said" is found. Invented pages only."""

from __future__ import annotations

from knowledge.intake import Known, draft_release

PAGE = """Shelter Network Meets in Oaxaca

During the meeting, the Regional Coordinator met with the Director of the State Council for \
Migrants, Ms. Lidia Fuentes Ruiz, and with volunteers from the valley shelters.

“The network will grow next year,” said Marco Antonio Villar, head of the shelter network.

Rosa Elena Campos, Coordinator of the Valley Shelters explains: “We need more beds.”
"""


def roles() -> dict[str, str]:
    draft = draft_release(PAGE.encode(), Known())
    return {p["name"]: p["role"].removeprefix("TODO: ") for p in draft.record["people"]}


def test_a_role_after_a_verb_belongs_to_the_person_named_next() -> None:
    assert roles()["Lidia Fuentes Ruiz"] == "Director of the State Council for Migrants"


def test_a_speaker_after_said_is_found_with_the_role_after_the_name() -> None:
    assert roles()["Marco Antonio Villar"] == "head of the shelter network"


def test_a_role_is_not_cut_by_the_speech_verb_and_colon_after_it() -> None:
    assert roles()["Rosa Elena Campos"] == "Coordinator of the Valley Shelters"
