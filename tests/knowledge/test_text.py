"""The fast paths of the shared text rules give exactly what the plain ones gave."""

from __future__ import annotations

import random

from knowledge.loading.checks import iter_strings, marked_todo
from knowledge.records.models import TODO_RE
from knowledge.text import fold, plain_quotes, squash

TABLE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
ALPHABET = "aZ 09’‘“”–—éñÓü\u00a0\n\t&;amp«»"


def test_plain_quotes_is_the_translate_it_replaces() -> None:
    rng = random.Random(12)
    for _ in range(2000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        assert plain_quotes(text) == text.translate(TABLE), repr(text)


def test_fold_and_squash_of_typographic_text() -> None:
    assert fold("“La Bestia” – Córdoba’s train") == "la bestia cordoba s train"
    assert squash("  “La\u00a0Bestia”  —\n  Córdoba’s &amp; ") == '"La Bestia" - Córdoba\'s &'


def test_marked_todo_agrees_with_the_path_walk() -> None:
    rng = random.Random(3)
    words = ["TODO", "todo", "TODOS", "a TODO: x", "TODO:", "fine", "xTODO", 7, None, True]

    def tree(depth: int) -> object:
        kind = rng.random()
        if depth == 0 or kind < 0.4:
            return rng.choice(words)
        if kind < 0.7:
            return [tree(depth - 1) for _ in range(rng.randint(0, 3))]
        return {f"k{i}": tree(depth - 1) for i in range(rng.randint(0, 3))}

    for _ in range(3000):
        data = tree(4)
        expected = any(TODO_RE.search(s) for _, s in iter_strings(data))
        assert marked_todo(data) == expected, data
