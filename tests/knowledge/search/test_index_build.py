"""The index builder's shortcuts find what the slow ways found."""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from knowledge.search.index import spaced
from knowledge.text import fold

# few, short words, so phrases repeat, overlap themselves and sit side by side
WORDS = st.lists(st.sampled_from(["a", "b", "ab", "la", "san", "juan", "1"]), max_size=30)


@given(WORDS, st.lists(st.sampled_from(["a", "b", "ab", "la", "san"]), min_size=1, max_size=3))
def test_spaced_count_is_the_whole_word_regex_count(text: list[str], phrase: list[str]) -> None:
    """``spaced(text).count(spaced(phrase))`` counts the non-overlapping whole-word matches
    ``re.findall(r"\\bphrase\\b", text)`` counts, and ``in`` finds what ``search`` finds."""
    folded, alias = " ".join(text), " ".join(phrase)
    pattern = re.compile(rf"\b{re.escape(alias)}\b")
    assert spaced(folded).count(spaced(alias)) == len(pattern.findall(folded))
    assert (spaced(alias) in spaced(folded)) == bool(pattern.search(folded))


def test_spaced_on_folded_pages() -> None:
    """The same on folded prose, where a name is part of a longer one ("san juan" in
    "san juan bautista", "la la" in "la la la")."""
    rng = random.Random(2)
    page = fold("San Juan Bautista, la la la; San Juan. Juan—San JUAN! la ab-la")
    for alias in ["san juan", "la la", "juan san", "la ab la", "ab", "san juan bautista"]:
        pattern = re.compile(rf"\b{re.escape(alias)}\b")
        assert spaced(page).count(spaced(alias)) == len(pattern.findall(page)), alias
    words = page.split()
    for _ in range(200):
        i = rng.randrange(len(words))
        alias = " ".join(words[i : i + rng.randint(1, 3)])
        pattern = re.compile(rf"\b{re.escape(alias)}\b")
        assert spaced(page).count(spaced(alias)) == len(pattern.findall(page)), alias
    assert spaced("") == "" and spaced("a") == " a "
