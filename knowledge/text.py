"""Text rules shared by loading, matching and rendering: folding, stemming, and the one
rule for control characters (``CONTROL``), which user text and rendered text both follow."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import cache

import Stemmer

from knowledge.search.lexicon import STOPWORDS

_QUOTE_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))


def plain_quotes(text: str) -> str:
    """Typographic quotes and dashes as their ASCII forms. Six ``str.replace`` calls, not
    ``str.translate``: on non-ASCII text translate looks up every character in a Python
    dict, several times slower on a page-long source (the quote check squashes each one)."""
    if text.isascii():
        return text
    for typographic, ascii_form in _QUOTE_PAIRS:
        if typographic in text:
            text = text.replace(typographic, ascii_form)
    return text


#: Control, zero-width and bidirectional-override characters: never shown, never matched.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
#: A year as releases and questions write it (1900–2099).
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SPACE = re.compile(r"\s+")


class _StripAccents(dict[int, str]):
    """str.translate table, filled on first sight of each character: its NFKD
    decomposition without combining marks (per character, the same as for the string)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        value = self[code] = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return value


_STRIP_ACCENTS = _StripAccents()


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return text.translate(_STRIP_ACCENTS)


def fold(text: str) -> str:
    """Accent- and case-folded words separated by single spaces: 'Córdoba’s' → 'cordoba s'."""
    text = strip_accents(plain_quotes(text)).casefold()
    return _NON_WORD.sub(" ", text).strip()


def squash(text: str) -> str:
    """The form in which quotes are looked for in sources: insensitive to whitespace and
    line breaks, to typographic quotes, and to HTML entities a scraped page may carry
    (a curator writes ``&`` where the page has ``&amp;``)."""
    text = html.unescape(text).replace("\xa0", " ")
    return _SPACE.sub(" ", plain_quotes(unicodedata.normalize("NFC", text))).strip()


def strip_control(text: str) -> str:
    """``text`` without control characters (``CONTROL``)."""
    return CONTROL.sub("", text)


def clean_user_text(text: str, limit: int) -> str:
    """Control characters become spaces, runs of whitespace collapse, length is bounded."""
    text = CONTROL.sub(" ", text or "")
    text = _SPACE.sub(" ", text).strip()
    return text[:limit]


@cache
def _english() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem: receive/received/receives and
    kidnapped/kidnapping/kidnaps meet. Questions and statements are stemmed alike."""
    return str(_english().stemWord(word))


def content_words(
    text: str, fold: Callable[[str], str] = fold, stem: Callable[[str], str] = stem
) -> set[str]:
    """The stems of a text's words, stop words and numbers aside. ``fold`` and ``stem`` may
    be memoised versions of the two (the index builder passes its own)."""
    return {stem(w) for w in fold(text).split() if w not in STOPWORDS and not w.isdigit()}


def fold_question(text: str) -> str:
    """A question as compared with other questions: casefolded, accents and punctuation
    removed, whitespace collapsed, letters of every script kept (unlike ``fold``, which
    keeps ASCII only: the curator's report groups questions in any language)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())
