"""The intake self-check (knowledge/intake/self_check.py) rejects a draft that `iom-bot
knowledge check` would reject once its TODOs are filled, and accepts one it would pass.

Each case starts from the sixth release's real draft, which passes, and breaks one thing.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from test_intake import SIXTH

from knowledge.intake import Draft, draft_release, fill_todos, self_check
from knowledge.intake import cli as intake_cli
from knowledge.loading.loader import default_knowledge_dir

_KD = intake_cli.read_knowledge_dir(default_knowledge_dir())
PAGE = intake_cli.as_loaded(SIXTH.encode())


@pytest.fixture(scope="module")
def draft() -> Draft:
    return draft_release(SIXTH.encode(), _KD.known)


def check(draft: Draft, edit: Callable[[dict[str, Any]], object] | None = None) -> list[str]:
    record = copy.deepcopy(draft.record)
    if edit is not None:
        edit(record)
    return self_check(dataclasses.replace(draft, record=record), PAGE, _KD.releases, _KD.topic_ids)


def test_the_sixth_release_draft_passes(draft: Draft) -> None:
    assert draft.todos  # it has TODOs, which the check fills the way a curator would
    assert check(draft) == []


def test_filling_the_todos_leaves_none(draft: Draft) -> None:
    filled = fill_todos(draft.record, draft.title_quote)
    assert dataclasses.replace(draft, record=filled).todos == []
    assert filled["contacts"][0]["email"] == draft.record["contacts"][0]["email"]


CASES: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "a quote not on the page": (
        lambda r: r["places"][0].update(quote="IOM opened a centre on the moon."),
        "places[0].quote: quote not found",
    ),
    "a figure whose quote lacks its number": (
        lambda r: r["figures"][1].update(value=9000, as_written="9,000"),
        "figures",
    ),
    "an unknown organisation": (
        lambda r: r["figures"][0].update(attributed_org="unhcr"),
        "unknown organisation 'unhcr'",
    ),
    "an unknown topic": (
        lambda r: r["topics"].append("space-migration"),
        "space-migration",
    ),
    "a duplicate id": (
        lambda r: r["places"].append(copy.deepcopy(r["places"][0])),
        "mexico",
    ),
    "an entity named unlike in the known releases": (
        lambda r: r["organisations"][0].update(name_en="International Migration Agency"),
        "differs from",
    ),
    "a TODO no guess can fill (a figure's value)": (
        lambda r: r["figures"][0].update(value="TODO: the number"),
        "'figures', 0, 'value'",
    ),
    "a TODO no guess can fill (the date)": (
        lambda r: r.update(date="TODO: the release date"),
        "'date'",
    ),
    "a contact with a bad email": (
        lambda r: r["contacts"][0].update(email="agoycoechea at iom.int"),
        "'contacts', 0, 'email'",
    ),
    "a contact with a bad phone": (
        lambda r: r["contacts"][0].update(phone="call the office"),
        "'contacts', 0, 'phone'",
    ),
    "a field the schema does not know": (
        lambda r: r.update(colour="blue"),
        "colour",
    ),
    "a missing required field": (
        lambda r: r.pop("title"),
        "title",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_draft_is_rejected_with_the_reason(draft: Draft, case: str) -> None:
    edit, expected = CASES[case]
    problems = check(draft, edit)
    assert problems, f"{case}: accepted"
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"releases/{draft.release_id}.yaml: ") for p in problems)


def test_a_todo_quote_is_filled_with_the_title_quote_which_must_be_on_the_page(
    draft: Draft,
) -> None:
    def todo_quote(r: dict[str, Any]) -> None:
        r["places"][0]["quote"] = "TODO: quote the page"

    assert check(draft, todo_quote) == []  # filled with the title, which is on the page
    off_page = dataclasses.replace(draft, title_quote="A title the page never had")
    problems = check(off_page, todo_quote)
    assert any("places[0].quote: quote not found" in p for p in problems)


def test_a_contact_left_as_todo_is_filled_with_valid_guesses_and_passes(draft: Draft) -> None:
    def todo_contact(r: dict[str, Any]) -> None:
        r["contacts"][0].update(email="TODO: email", phone="TODO: phone")

    assert check(draft, todo_contact) == []
