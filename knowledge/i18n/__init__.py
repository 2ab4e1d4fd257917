"""The language an answer is phrased in, and the message catalogs it is phrased with.

Everything the bot writes in its own words goes through ``_`` (or ``_n`` for a count)
with the English text as the message id, so English needs no catalog at all: the text
is the id. Spanish reads ``locale/es/LC_MESSAGES/iom_bot.mo`` (compiled from the ``.po``
beside it with Babel; a test fails when the ``.mo`` is stale or a message lacks a
translation), loaded on the first Spanish message, through the standard library's
``gettext`` so that no Babel import is paid at answer time.

Which language applies is a context variable, set once per answer by whoever asks for
one (``Engine.answer``, a renderer, a Slack listener) with ``speaking(lang)``: the
engine's handlers phrase through ``_`` without every helper taking a language argument,
and two threads answering in different languages never see each other's choice.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DOMAIN = "iom_bot"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_LANG: ContextVar[Lang] = ContextVar("iom_bot_lang", default="en")


def as_lang(value: object) -> Lang | None:
    """``value`` as a supported language code ("es", "ES", "es-MX", "es_419" → "es")."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    for lang in LANGS:
        if code == lang:
            return lang
    return None


def current() -> Lang:
    """The language being written in (English unless someone said otherwise)."""
    return _LANG.get()


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Write in ``lang`` inside the block (nested blocks restore the outer language)."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


@lru_cache(maxsize=len(LANGS))
def catalog(lang: Lang) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English: none, the ids are the English text)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def _(message: str) -> str:
    """``message`` (English, the message id) in the current language."""
    lang = _LANG.get()
    return message if lang == "en" else catalog(lang).gettext(message)


def _n(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in the current language."""
    lang = _LANG.get()
    if lang == "en":
        return singular if n == 1 else plural
    return catalog(lang).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; ``_`` translates it where it
    is written out (the language is known only then)."""
    return message


MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def long_date(day: dt.date) -> str:
    """'05 June 2014' (as the Home tab always wrote it); Spanish '5 de junio de 2014'."""
    month = MONTHS[day.month - 1]
    if _LANG.get() == "en":
        return f"{day.day:02d} {month} {day.year}"
    return _("{day} {month} {year}").format(day=day.day, month=_(month), year=day.year)


def in_lang(lang: Lang, message: str) -> str:
    """``message`` in ``lang``, whatever the current language."""
    with speaking(lang):
        return _(message)


__all__ = ["LANGS", "Lang", "N_", "_", "_n", "as_lang", "current", "in_lang", "speaking"]
