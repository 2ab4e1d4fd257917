"""A known measure key is reused only when intake is sure (unit printed with the number,
the period the figure's own, most of the known measure's words in the sentence); when
unsure it proposes a new key and names the known one, since a false merge makes the bot
report a disagreement that is not one. Invented sentences, packaged knowledge."""

from __future__ import annotations

from knowledge.intake import draft_release
from knowledge.intake.cli import read_knowledge_dir
from knowledge.loading.loader import default_knowledge_dir

TAIL = " The volunteers thanked everyone who helped them during these long and difficult weeks."


def drafted(body: str) -> tuple[str, str]:
    kd = read_knowledge_dir(default_knowledge_dir())
    draft = draft_release(f"Shelters Report on the Season\n\n{body}{TAIL}".encode(), kd.known)
    note = next(line for line in draft.yaml_text.splitlines() if "# measure:" in line)
    return draft.record["figures"][0]["measure"], note


def test_a_sure_match_reuses_the_known_key() -> None:
    measure, note = drafted(
        "Some 160,000 undocumented migrants from Central America transit through Mexico each "
        "year on their journey north to the United States."
    )
    assert measure == "irregular-migrants-per-year" and "reuses" in note


def test_an_unsure_match_gets_a_new_key_naming_the_known_one() -> None:
    measure, note = drafted(
        "Each year, some 160,000 undocumented migrants from Central America transit through "
        "Mexico on their journey north to the United States."
    )  # the period is borrowed from a clause of its own: a guess
    assert measure != "irregular-migrants-per-year"
    assert "if this is the same measure as irregular-migrants-per-year, use that key" in note


def test_an_unsure_match_asks_in_a_todo_that_knowledge_check_lists() -> None:
    """A comment is easy to miss; the figure's TODO is what `knowledge check` reports."""
    kd = read_knowledge_dir(default_knowledge_dir())
    body = (
        "Each year, some 160,000 undocumented migrants from Central America transit through "
        "Mexico on their journey north to the United States."
    )
    draft = draft_release(f"Shelters Report on the Season\n\n{body}{TAIL}".encode(), kd.known)
    counts = draft.record["figures"][0]["counts"]
    assert counts.startswith("TODO: ")
    assert "(the same measure as irregular-migrants-per-year? then use measure: " in counts
    assert "figures[0].counts" in draft.todos
    sure = draft_release(
        b"Shelters Report on the Season\n\nSome 160,000 undocumented migrants from Central "
        b"America transit through Mexico each year on their journey north to the United States."
        + TAIL.encode(),
        kd.known,
    )
    assert "the same measure as" not in sure.record["figures"][0]["counts"]
