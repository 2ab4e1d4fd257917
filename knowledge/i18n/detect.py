"""Which language a question is written in, when it is long enough to tell.

py3langid's model ships inside its package (no download at run time); it is imported on
the first question that needs it (numpy and the model cost about a quarter of a second,
which ``iom-bot ask --lang en`` and every Slack answer with a known language never pay).

Short commands say nothing: "contact veracruz" or "facts trata" are mostly names and
command words, and a character model guesses them at random. So a question is detected
only when it has ``MIN_WORDS`` words besides the knowledge's own names (numbers, command
words and capitalised names do not count) or a mark only Spanish writes (¿ ¡ ñ and the
accented question words), and then only when the model is sure (``MIN_CONFIDENCE``)
between the languages it is restricted to.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from knowledge.i18n import Lang, as_lang

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


def detect(text: str) -> Lang | None:
    """English or Spanish when the text is long enough to tell and the model is sure;
    None otherwise (the caller falls back: Slack locale, then English)."""
    if not isinstance(text, str) or not text.strip():
        return None
    marked = bool(SPANISH_MARKS.search(text))
    if len(telling_words(text)) < MIN_WORDS and not marked:
        return None
    lang, confidence = _identifier().classify(text.casefold())
    if marked and lang != "en":
        return "es"
    if confidence < MIN_CONFIDENCE:
        return None
    return as_lang(lang)
