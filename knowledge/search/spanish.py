"""Spanish analysis: Spanish stop words and Snowball Spanish stems, for questions asked in
Spanish and for the Spanish the knowledge holds (curated ``_es`` fields, Spanish quotes,
Spanish aliases and labels).

A Spanish term is a Snowball Spanish stem with the ``TERM`` prefix ("es:secuestr" for
"secuestro", "secuestrados", "secuestradas"): folded words never hold a colon, so Spanish
terms and English stems share the index's word sets without ever meeting. An English
question reads English stems only, exactly as before; a Spanish one reads Spanish terms
for the words it was typed with and English stems for the words the lexicon wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import Stemmer

from knowledge.i18n.detect import SPANISH_MARKS, first_word_language
from knowledge.search.lexicon import SPANISH_STOPWORDS, STOPWORDS
from knowledge.text import fold, stem

TERM = "es:"
#: Words that are stop words in either language: a Spanish question mixes both (the
#: lexicon writes "the", "of", "how many" for "los", "de", "cuántos").
QUERY_STOPWORDS = STOPWORDS | SPANISH_STOPWORDS
#: Function words only Spanish writes, which tell a Spanish question from an English one
#: that has no interrogative to frame it ("los migrantes secuestrados").
SPANISH_FUNCTION = frozenset(
    """
    al cual cuales cuando cuanta cuantas cuanto cuantos de del donde el ellos en esta estan este
    estos hay la las los para por porque que quien quienes se segun sobre su sus una unas unos
    """.split()
)
#: Function words only English writes.
ENGLISH_FUNCTION = frozenset(
    """
    about and are at by did do does for from has have how in is it many much of on the
    their there they this to was were what when where which who why with
    """.split()
)


@cache
def _spanish() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("spanish")


@cache
def spanish_term(word: str) -> str:
    """A folded word's Spanish term: its Snowball Spanish stem, prefixed (see ``TERM``).
    Cached: questions and the index repeat a few thousand words."""
    return TERM + str(_spanish().stemWord(word))


def word_terms(word: str) -> tuple[str, ...]:
    """What a folded word adds to ``spanish_terms``: nothing for a stop word of either
    language or a number, else its Spanish term and its English stem as a Spanish term."""
    if word in QUERY_STOPWORDS or word.isdigit():
        return ()
    return (spanish_term(word), TERM + stem(word))


def spanish_terms(text: str, fold: Callable[[str], str] = fold) -> frozenset[str]:
    """What a text is found by in a Spanish question: each content word's Spanish term,
    and its English stem as a Spanish term too (``word_terms``; ``fold`` may be the index
    builder's cached one).

    Both, because the knowledge's texts mix the languages (an English statement, Spanish
    aliases, a Spanish release's quotes) and a Spanish word's Spanish stem is often its
    English cognate's English stem: "repatriados" is "repatri" in Spanish, as English
    "repatriation" is in English; Spanish stemming of "repatriation" would miss it. A
    question's word reads one term (``Query.term``), so a text holding both counts once."""
    return frozenset(t for w in fold(text).split() for t in word_terms(w))


def alias_key(words: Iterable[str]) -> frozenset[str]:
    """What a name is matched by in a Spanish question: the set of its content words'
    Spanish terms, in any order and with any function words between them ("Fondo de la
    OIM para el Desarrollo" is asked as "el Fondo de Desarrollo de la OIM")."""
    return frozenset(spanish_term(w) for w in words if w not in QUERY_STOPWORDS)


def looks_spanish(raw: str, folded: list[str]) -> bool:
    """Whether a question is analysed in Spanish, from its own words (no model: every
    question pays this): an interrogative or command of one language first ("¿cuántos",
    "contacto"; "who", "how"), else a mark only Spanish writes (¿ ñ qué), else more
    function words only Spanish writes than only English writes. ``folded`` are the
    question's folded words with the names it quotes whole left out ("Hermanos en el
    Camino" in an English question says nothing of its language)."""
    framed = first_word_language(raw)
    if framed is not None:
        return framed == "es"
    if SPANISH_MARKS.search(raw):
        return True
    spanish = sum(w in SPANISH_FUNCTION for w in folded)
    return spanish > sum(w in ENGLISH_FUNCTION for w in folded)
