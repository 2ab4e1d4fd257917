"""How a target's aliases are found in a release's title and page: as whole words of the
folded text, counted with ``str.count`` on ``spaced`` forms instead of a regex per alias."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple


def spaced(folded: str) -> str:
    """A folded text with every word between its own two spaces: ``" a  b "``. Then a
    folded phrase occurs in a folded text as whole words exactly where ``spaced(phrase)``
    occurs in ``spaced(text)``, and ``str.count`` counts what ``re.findall`` with
    ``\\b…\\b`` found, without compiling a pattern per alias (a match ends with its last
    word's own space, so the next can start at the very next word, as a regex can)."""
    return f" {folded.replace(' ', '  ')} " if folded else ""


class AliasForms(NamedTuple):
    """A target's aliases as ``IndexBuilder.mention`` matches them."""

    spaced: tuple[str, ...]  # every alias, ``spaced``
    single: tuple[str, ...]  # the one-word aliases
    phrases: tuple[tuple[list[str], str], ...]  # each longer one: its words, ``spaced``


class Page:
    """A release page folded, with its word counts and (made when first asked) its
    ``spaced`` form, for counting aliases."""

    def __init__(self, release_id: str, folded: str) -> None:
        self.release_id = release_id
        self.folded = folded
        self.words = Counter(folded.split())
        self._spaced: str | None = None

    @property
    def spaced(self) -> str:
        if self._spaced is None:
            self._spaced = spaced(self.folded)
        return self._spaced
