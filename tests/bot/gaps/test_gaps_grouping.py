"""``iom-bot gaps`` grouping: the blocked algorithm gives the exhaustive one's groups.

Not timed (benchmarks/gaps.py measures); this checks the results stay the same.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.gaps import exhaustive_group_questions, partition, realistic_questions
from bot.gaps.grouping import group_questions
from bot.state import StateStore


def summary(groups):
    return [(g.key, g.count, sorted(g.texts.items()), g.last_asked) for g in groups]


def test_same_groups_as_comparing_every_pair_on_realistic_questions() -> None:
    rows = realistic_questions(1500, seed=11)
    fast, exhaustive = group_questions(rows), exhaustive_group_questions(rows)
    assert partition(fast) == partition(exhaustive)
    assert summary(fast) == summary(exhaustive)


def test_typos_in_one_word_and_subsets_still_join_their_group() -> None:
    rows = [
        (text, 1_700_000_000.0 + i, "im")
        for i, text in enumerate(
            [
                "migracion",
                "migracion",
                "migrasion",  # one word, typo: no word in common
                "donde hay albergues en tapachula",
                "donde hay albergues en tapachula",
                "albergues tapachula",  # a subset of the words
                "donde hay albergues en tapachla",  # a typo in the rarest word
                "who funds the shelters",
            ]
        )
    ]
    fast, exhaustive = group_questions(rows), exhaustive_group_questions(rows)
    assert summary(fast) == summary(exhaustive)
    assert [g.count for g in fast] == [4, 3, 1]


def test_an_empty_question_never_joins_a_group() -> None:
    rows = [("?", 1.0, "im"), ("¿?", 2.0, "im"), ("visas", 3.0, "im")]
    assert summary(group_questions(rows)) == summary(exhaustive_group_questions(rows))


def test_rows_are_streamed_from_the_database(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    store.migrate()
    for text in ["cuantos migrantes", "Cuántos migrantes?", "visas"]:
        store.record_unanswered(text, "im")
    streamed = list(store.iter_unanswered(batch=1))
    assert streamed == store.unanswered()
    assert [g.count for g in group_questions(store.iter_unanswered(batch=2))] == [2, 1]
