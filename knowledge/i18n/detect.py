"""Which language a question is written in, when it is long enough to tell.

py3langid's model ships inside its package (no download at run time); it is imported on
the first question that needs it (numpy and the model cost about a quarter of a second,
which ``iom-bot ask --lang en`` and every Slack answer with a known language never pay).

A question that opens with an interrogative of one language ("how many …", "¿cuántos …"),
or with one of the bot's Spanish command words ("contacto", "comunicados"), is in that
language. Other short commands say nothing: "contact veracruz" or "facts trata" are mostly names and
command words, and a character model guesses them at random. So a question is detected
only when it has ``MIN_WORDS`` words besides the knowledge's own names (numbers, command
words and capitalised names do not count) or a mark only Spanish writes (¿ ¡ ñ and the
accented question words), and then only when the model is sure (``MIN_CONFIDENCE``)
between the languages it is restricted to.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from knowledge.i18n import Lang, as_lang
from knowledge.text import fold

MIN_WORDS = 4
MIN_CONFIDENCE = 0.9
#: Languages the model chooses among: the bot's two, and near neighbours so that a
#: Portuguese or Italian question is not forced into Spanish.
CANDIDATES = ["en", "es", "pt", "it", "fr", "de"]
#: Marks only Spanish writes in the questions the bot gets.
SPANISH_MARKS = re.compile(
    r"[¿¡ñ]|\b(?:qué|quién|quiénes|cuántos|cuántas|cuánto|cuándo|dónde|cómo)\b", re.I
)
#: Command words that are the same or nearly so in both languages.
COMMANDS = frozenset(
    "contact contacto contacts contactos facts datos releases comunicados help ayuda "
    "who what quien que".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_LOCK = threading.Lock()
_IDENTIFIER: Any = None


def telling_words(text: str) -> list[str]:
    """The words a language can be told from: not command words, not capitalised names
    after the first word."""
    words = _WORD.findall(text)
    return [
        w
        for i, w in enumerate(words)
        if w.casefold() not in COMMANDS and (i == 0 or not w[:1].isupper())
    ]


def _identifier() -> Any:
    global _IDENTIFIER
    with _LOCK:
        if _IDENTIFIER is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(CANDIDATES)
            _IDENTIFIER = identifier
        return _IDENTIFIER


#: A question's first word, when it is an interrogative of one language only: the frame of
#: the question tells its language even when the rest is names (a Spanish campaign name in
#: an English question, "who funds … En Chiapas no se toleran delitos contra migrantes").
#: The bot's Spanish command words (contacto, comunicados, datos…) say Spanish; its English
#: ones (contact, releases, facts) do not say English: they are the documented commands,
#: which Spanish speakers type too.
QUESTION_WORDS: Mapping[str, Lang] = {
    **dict.fromkeys(
        "who whom whose what which when where why how is are does do did can could".split(), "en"
    ),
    **dict.fromkeys(
        "quien quienes que cual cuales cuando donde como cuanto cuantos cuanta cuantas "
        "por porque contacto contactos comunicados boletines datos cifras ayuda".split(),
        "es",
    ),
}


def first_word_language(text: str) -> Lang | None:
    words = _WORD.findall(fold(text))
    lang = QUESTION_WORDS.get(words[0]) if words else None
    # a lone Spanish word is Spanish ("ayuda", "comunicados"); a lone "what" says nothing
    return lang if len(words) >= 2 or lang == "es" else None


def warm() -> None:
    """Load the model now (a server, before it forks its workers: the workers then share
    it, and no worker's first question waits a second for it while its acks queue)."""
    _identifier()


def detect(text: str) -> Lang | None:
    """English or Spanish when the text is long enough to tell and the model is sure;
    None otherwise (the caller falls back: Slack locale, then English)."""
    if not isinstance(text, str) or not text.strip():
        return None
    framed = first_word_language(text)
    if framed is not None:
        return framed
    marked = bool(SPANISH_MARKS.search(text))
    if len(telling_words(text)) < MIN_WORDS and not marked:
        return None
    lang, confidence = _identifier().classify(text.casefold())
    if marked and lang != "en":
        return "es"
    if confidence < MIN_CONFIDENCE:
        return None
    return as_lang(lang)
