"""The index builder's shortcuts find what the slow ways found."""

from __future__ import annotations

import random
import re

from hypothesis import given
from hypothesis import strategies as st

from knowledge.search.index import IndexBuilder, spaced
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


def reference_mention(title: str, page: str, aliases: set[str], base: float) -> float:
    """``IndexBuilder.mention``'s score the slow way: regexes over the folded texts."""
    score = base
    if any(re.search(rf"\b{re.escape(a)}\b", title) for a in aliases):
        score += 3.0
    hits = sum(len(re.findall(rf"\b{re.escape(a)}\b", page)) for a in aliases)
    return score + 0.3 * min(hits, 5)


def test_mention_sees_aliases_a_later_release_adds() -> None:
    """A target's alias forms are kept between mentions, and made again when a later
    release gives the target another alias: the new one counts from then on."""
    pages = {
        "r1": "The Casa Refugio Norte shelter opened. Casa Refugio Norte helps.",
        "r2": "El Albergue Norte recibió a 40 personas; el albergue norte creció.",
    }
    builder = IndexBuilder([], pages, [])
    builder.titles = {"r1": spaced(fold("Shelter opens")), "r2": spaced(fold("Albergue Norte"))}
    t = builder.target("place:shelter", "place", "Casa Refugio Norte", ["Refugio"], None)  # type: ignore[arg-type]
    builder.mention(t, "r1")
    builder.mention(t, "r2")
    before = dict(t.releases)
    builder.target("place:shelter", "place", "Casa Refugio Norte", ["Albergue Norte"], None)  # type: ignore[arg-type]
    builder.mention(t, "r2")
    for rid, page in pages.items():
        title = builder.titles[rid].strip().replace("  ", " ")
        assert before[rid] == reference_mention(
            title, fold(page), {"casa refugio norte", "refugio"}, 1.0
        )
    assert t.releases["r2"] == reference_mention(
        "albergue norte", fold(pages["r2"]), t.aliases, 1.0
    )
    assert t.releases["r2"] > before["r2"]
