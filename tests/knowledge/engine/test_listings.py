"""Lists are bounded and say how many they left out, and how to narrow them (issue 11, 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from slack_standin import add_release

from knowledge import load_knowledge
from knowledge.answer import Answer, Point, inline
from knowledge.render.mrkdwn import answer_json, answer_text
from knowledge.render.plain import answer_plain
from knowledge.search.query import detect_intent


def invented(total: int, shown: int, **extra: object) -> Answer:
    return Answer(
        query="q",
        answered=True,
        intent="facts",
        lead=inline("Lead."),
        bullets=[Point(text=inline(f"fact {n}")) for n in range(shown)],
        total=total,
        **extra,  # type: ignore[arg-type]
    )


def test_a_cut_list_says_how_many_it_left_out_in_every_rendering() -> None:
    answer = invented(7, 4)
    assert "…and 3 more. Ask a narrower question to see them." in answer_text(answer)
    assert "…and 3 more. Ask a narrower question to see them." in answer_plain(answer)
    assert answer_json(answer)["total"] == 7


def test_an_uncut_list_says_nothing_more() -> None:
    answer = invented(4, 4)
    assert "more." not in answer_text(answer) and "more." not in answer_plain(answer)
    assert answer_json(answer)["total"] == 4


def test_the_narrowing_hint_is_the_engines() -> None:
    answer = invented(12, 10, narrow=inline("Add a place."))
    assert "…and 2 more. Add a place." in answer_plain(answer)


@pytest.mark.parametrize(
    "text",
    [
        "show me every press release you know",
        "which releases do you have",
        "list all releases",
        "what press releases are there",
    ],
)
def test_asking_for_the_list_itself_is_the_releases_intent(text: str) -> None:
    assert detect_intent(text.split()) == ("releases", [])


@pytest.mark.parametrize(
    "text", ["releases about kidnapping", "how many releases mention caravans"]
)
def test_a_question_about_releases_is_not_the_bare_list(text: str) -> None:
    assert detect_intent(text.split()) != ("releases", [])


def test_fourteen_releases_show_ten_name_all_and_say_four_more(knowledge_copy: Path) -> None:
    for n in range(9):
        add_release(knowledge_copy, f"invented-{n}", f"Invented release number {n}")
    kb = load_knowledge(knowledge_copy, cache=False)
    answer = kb.answer("show me every press release you know")
    assert answer.intent == "releases" and answer.answered
    assert len(answer.bullets) == 10 and answer.total == 14
    assert len(answer.sources) == 14  # the JSON names every release listed
    text = answer_text(answer)
    assert "…and 4 more. Add a topic or a place to narrow the list" in text
    assert "Sources:" not in text  # the list is the sources


def test_a_widely_cited_figure_names_at_most_three_releases(knowledge_copy: Path) -> None:
    """At thousands of releases one disagreement listed every title (26 KB at 5,000)."""
    for n in range(9):  # nine more releases giving the Veracruz release's figures
        add_release(knowledge_copy, f"copy-{n}", f"Invented copy {n} of the Veracruz release")
    kb = load_knowledge(knowledge_copy, cache=False)
    answer = kb.answer("how many migrants transit through Mexico each year?")
    assert answer.disagreement
    text = answer_text(answer)
    assert "more releases" in text
    for line in text.splitlines():
        assert line.count("Invented copy") <= 3
    assert len(text) < 4000


def test_more_press_contacts_than_shown_says_so_and_how_to_find_one(knowledge_copy: Path) -> None:
    import yaml

    for n in range(4):  # four more releases, each with its own press contact
        add_release(knowledge_copy, f"office-{n}", f"Invented release of office {n}")
        path = knowledge_copy / "releases" / f"office-{n}.yaml"
        data = yaml.safe_load(path.read_text())
        for contact in data["contacts"]:
            contact["email"] = f"office{n}@iom.int"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    kb = load_knowledge(knowledge_copy, cache=False)
    answer = kb.answer("press contacts")
    total = len(kb.press_contacts)
    assert total > len(answer.contacts)
    lead = answer_plain(answer).splitlines()[0]
    assert f"has {total} press contacts" in lead and f"here are {len(answer.contacts)}" in lead
    assert "contact veracruz" in lead
