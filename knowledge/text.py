"""Text rules shared by loading, matching and rendering: folding, stemming, cleaning user
text, escaping and capitalising mrkdwn."""

from __future__ import annotations

import html
import re
import unicodedata

from knowledge.search.lexicon import STOPWORDS

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
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
    text = strip_accents(text.translate(_QUOTES)).casefold()
    return _NON_WORD.sub(" ", text).strip()


def squash(text: str) -> str:
    """The form in which quotes are looked for in sources: insensitive to whitespace and
    line breaks, to typographic quotes, and to HTML entities a scraped page may carry
    (a curator writes ``&`` where the page has ``&amp;``)."""
    text = html.unescape(text).replace("\xa0", " ")
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


def clean_user_text(text: str, limit: int) -> str:
    """Drop control characters and bound the length of text a user typed."""
    text = _CONTROL.sub(" ", text or "")
    text = _SPACE.sub(" ", text).strip()
    return text[:limit]


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters.

    With these escaped, user text such as ``<!channel>`` or ``<@U123>`` renders literally
    and can never ping anyone.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def stem(word: str) -> str:
    """Crude suffix stripping, enough for kidnapped/kidnapping/kidnaps to meet."""
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {stem(w) for w in fold(text).split() if w not in STOPWORDS and not w.isdigit()}


def capitalise(text: str) -> str:
    """Upper-case the first letter, looking past mrkdwn emphasis."""
    i = 1 if text.startswith(("*", "_")) else 0
    return text[:i] + text[i : i + 1].upper() + text[i + 1 :]


def sentence(text: str) -> str:
    text = capitalise(text.rstrip())
    return text if text.endswith((".", "?", "!", ":")) else text + "."
