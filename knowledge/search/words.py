"""Ordinary English and Spanish words: what a typo is not.

A question's word that the knowledge never uses is either a typo of one it does use
("migrnats") or a real word the knowledge lacks ("died", "fire"). Correcting the second
kind turns a question the knowledge cannot answer into one it seems to ("died" → "did").
The word frequency lists of pyspellchecker (built from OpenSubtitles and Wiktionary)
say which words are real; only the common ones are kept (a rare entry is often a typo
itself).
"""

from __future__ import annotations

import json
from functools import cache

from knowledge.text import fold

#: How often a word must occur in a language's list to count as ordinary.
MIN_FREQUENCY = {"en": 1000, "es": 500}


@cache  # immutable package data, read once per process on the first unknown word
def common_words(language: str | None = None) -> frozenset[str]:
    """Folded common words of one language ("en", "es"), or of both; empty if the lists
    are unavailable."""
    if language is None:
        return frozenset().union(*(common_words(lang) for lang in MIN_FREQUENCY))
    import gzip  # here, not at the top: only a question with an unknown word reads the lists
    from importlib import resources

    try:
        data = resources.files("spellchecker") / "resources" / f"{language}.json.gz"
        counts: dict[str, int] = json.loads(gzip.decompress(data.read_bytes()))
    except (ModuleNotFoundError, OSError, ValueError):
        return frozenset()  # no list: corrections fall back to the knowledge's words alone
    minimum = MIN_FREQUENCY[language]
    words = {fold(w) for w, n in counts.items() if n >= minimum and w.isalpha()}
    return frozenset(w for w in words if " " not in w)
