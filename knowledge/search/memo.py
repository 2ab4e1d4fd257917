"""What the index builder computes from text alone, kept from one build to the next.

Folding a text, stemming a word, taking a text's content words (English, and Spanish
terms) and folding a release's page are pure functions of their input (and of this code, which the load cache's
``code_version`` pins). Building the index at 5,000 releases spends about a third of its
time on them, and after one release is edited, all but that release's texts are the same
as last time. The builder looks each up in this build's table first, then in the tables
the earlier build kept (``earlier``), and computes it only when neither has it. What this
build used is ``now``: stored with the load cache entry, it is the next build's
``earlier``, and texts no build uses any more are not carried on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from knowledge.search.spanish import word_terms
from knowledge.text import content_words, fold, stem


@dataclass
class TextTables:
    """Results by input: folded texts, stems, content words, folded pages."""

    folded: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    content: dict[str, frozenset[str]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    # Spanish terms (knowledge.search.spanish): of a text, and of a folded word
    spanish: dict[str, frozenset[str]] = field(default_factory=dict)
    word_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the places a text names (``IndexBuilder.find_places``), valid for one set of place
    # aliases: ``places_key`` is that set, with the place each alias names
    places: dict[str, frozenset[str]] = field(default_factory=dict)
    places_key: tuple[tuple[str, str], ...] = ()


class TextMemo:
    """``fold``, ``stem``, ``content_words`` and a page's fold, each once per distinct input
    in a build, and not at all for inputs the earlier build already had."""

    def __init__(self, earlier: TextTables | None = None) -> None:
        self.earlier = earlier if earlier is not None else TextTables()
        self.now = TextTables()

    def fold(self, text: str) -> str:
        return remembered(self.now.folded, self.earlier.folded, text, fold)

    def stem(self, word: str) -> str:
        return remembered(self.now.stems, self.earlier.stems, word, stem)

    def content_words(self, text: str) -> frozenset[str]:
        return remembered(self.now.content, self.earlier.content, text, self._content_words)

    def _content_words(self, text: str) -> frozenset[str]:
        return frozenset(content_words(text, self.fold, self.stem))

    def spanish_terms(self, text: str) -> frozenset[str]:
        return remembered(self.now.spanish, self.earlier.spanish, text, self._spanish_terms)

    def _spanish_terms(self, text: str) -> frozenset[str]:
        terms: set[str] = set()
        for w in self.fold(text).split():
            pair: tuple[str, ...] = remembered(
                self.now.word_terms, self.earlier.word_terms, w, word_terms
            )
            terms.update(pair)
        return frozenset(terms)

    def place_tables(
        self, key: tuple[tuple[str, str], ...]
    ) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """This build's and the earlier build's tables of the places a text names, for the
        place aliases ``key`` (alias, place), to look texts up in with ``remembered``. The
        earlier one is empty unless it matched the same aliases to the same places, since
        a new alias anywhere can name a place in any text. Once per build: comparing the
        aliases per text would cost as much as matching."""
        self.now.places_key, self.now.places = key, {}
        earlier = self.earlier.places if self.earlier.places_key == key else {}
        return self.now.places, earlier

    def page(self, text: str) -> str:
        """A release page folded (pages are long: kept only as this table's values)."""
        return remembered(self.now.pages, self.earlier.pages, text, fold)


K = TypeVar("K")
V = TypeVar("V")


def remembered(now: dict[K, V], earlier: dict[K, V], key: K, compute: Callable[[K], V]) -> V:
    """``compute(key)``, from ``now`` if this build has it, else from ``earlier``, else
    computed; recorded in ``now`` either way."""
    found = now.get(key)
    if found is None:
        found = earlier.get(key)
        if found is None:
            found = compute(key)
        now[key] = found
    return found
