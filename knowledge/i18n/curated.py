"""Curated text in the language being written: the curator's Spanish field when there is
one, else the English, marked and counted (the answer then says, once, that part of it is
in English). Quotes are never translated: they are given as printed, marked when their
language is not the answer's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from knowledge.answer import SourceRef
from knowledge.i18n import Lang, _, current

_MISSING: ContextVar[list[str] | None] = ContextVar("iom_bot_untranslated", default=None)


@contextmanager
def counting_missing() -> Iterator[list[str]]:
    """Collect, inside the block, the English texts given for want of a Spanish field."""
    missing: list[str] = []
    token = _MISSING.set(missing)
    try:
        yield missing
    finally:
        _MISSING.reset(token)


def curated(en: str, es: str | None) -> str:
    """The curated text in the current language; English, marked, when Spanish is missing."""
    lang = current()
    if lang == "en":
        return en
    if es:
        return es
    if quote_lang(en) == lang:  # a Spanish-language release: its curated text is Spanish
        return en
    missing = _MISSING.get()
    if missing is not None:
        missing.append(en)
    mark = _("(in English)")
    if en.endswith(".") and not en.endswith(".."):  # "… Veracruz (en inglés)."
        return f"{en[:-1]} {mark}."
    return f"{en} {mark}"


# Function words that tell a quote's language apart: a quote is a sentence or a phrase cut
# from a release, long enough for these to decide (a tie counts as English, the page's
# usual language).
_SPANISH = frozenset(
    "el la los las del de que y en un una unos unas por para con se su sus al es son "
    "como más este esta estos estas ha han fue lo le entre sobre también".split()
)
_ENGLISH = frozenset(
    "the of and in to a an for with by is are was were that this these its their from "
    "on as has have been which who at".split()
)


@lru_cache(maxsize=4096)
def quote_lang(quote: str) -> Lang:
    """The language a quote is printed in (English or Spanish), from its function words."""
    words = [w.strip(".,;:()“”\"'’") for w in quote.lower().split()]
    es = sum(w in _SPANISH for w in words)
    en = sum(w in _ENGLISH for w in words)
    return "es" if es > en else "en"


def quoted(quote: str, quote_es: str | None = None) -> str:
    """A quote in curly quotes, as printed: in a Spanish answer the Spanish page's words
    when the curator gave them; a quote not in the answer's language is marked."""
    lang = current()
    text = quote_es if lang == "es" and quote_es else quote
    shown = f"“{text}”"
    if quote_lang(text) == lang:
        return shown
    mark = _("(quote in English)") if quote_lang(text) == "en" else _("(quote in Spanish)")
    return f"{shown} {mark}"


def source_title(source: SourceRef) -> str:
    """A source's title in the current language."""
    if current() == "en":
        return source.title
    return curated(source.title, source.title_es)
