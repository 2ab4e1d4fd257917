"""Parse a user's text into a Query: intent, corrected words, and the targets it names.

The steps run one way: clean → fold → lexicon (Spanish, phrasings) → spell-correct →
intent → alias matching. Nothing here decides what to answer.

A question in Spanish (``spanish.looks_spanish``) is also analysed in Spanish: Spanish
stop words are not content, the words it was typed with are compared by their Spanish
stems (``Query.term``), and names are also found by the Spanish stems of their words in
any order (``Index.spanish_aliases``), so that the lexicon need not list every phrasing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.answer import Intent
from knowledge.search.index import Index, singular, singular_phrase
from knowledge.search.lexicon import (
    COMMAND_WORDS,
    FOREIGN_PLACES,
    GENERIC_WORDS,
    INTENT_PREFIXES,
    QUESTION_FACT_MARKERS,
    SPANISH_STOPWORDS,
    STOPWORDS,
)
from knowledge.search.spanish import QUERY_STOPWORDS, alias_key, looks_spanish, spanish_term
from knowledge.search.words import common_words
from knowledge.text import YEAR, clean_user_text, fold, stem

MAX_QUERY_CHARS = 500  # longer input is answered on its first 500 characters
MAX_WORDS = 40
CONTACT_WORDS = frozenset(
    {"contact", "contacts", "email", "phone", "telephone", "press", "spokesperson"}
)
# Ordinary words a typo is corrected towards, besides the knowledge's own.
SPELL_GRAMMAR = sorted(
    w for w in STOPWORDS | GENERIC_WORDS | COMMAND_WORDS if len(w) >= 3 and w.isalpha()
)
# Asking for a way to reach someone ("phone of X"), not for the press contact about X.
MEANS_WORDS = frozenset({"email", "phone", "telephone", "mail", "telefono", "correo"})
FILLER = frozenset("for about on in the of at re regarding to is are was a an me us office".split())


@dataclass
class Match:
    key: str
    start: int
    end: int  # exclusive word index in Query.words


@dataclass
class Query:
    raw: str  # cleaned, truncated user text (not escaped)
    intent: Intent
    words: list[str]  # the argument's words, corrected
    matches: list[Match] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # content words the knowledge never uses
    foreign: bool = False  # names a place the knowledge does not cover
    fact_question: bool = False  # "how many …": wants a figure
    means: bool = False  # asks for a phone or an email: X's own, if X is not a press contact
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (typed, read as)
    years: set[str] = field(default_factory=set)  # "in 2014": the years the question names
    spanish: bool = False  # analysed in Spanish too (see the module's docstring)
    native: frozenset[str] = frozenset()  # a Spanish question's words as typed (not the lexicon's)
    # Terms of a Spanish question's words that only curated Spanish prose has
    # (Index.prose_only): an answer must come from a statement that has them.
    prose: frozenset[str] = frozenset()

    @property
    def stopwords(self) -> frozenset[str]:
        """The stop words of the question's language (both, for a Spanish question: the
        lexicon writes English ones into it)."""
        return QUERY_STOPWORDS if self.spanish else STOPWORDS

    def term(self, word: str) -> str:
        """What a word of the question is compared with the docs' words by: its English
        stem, or, for a word a Spanish question was typed with, its Spanish term."""
        if self.spanish and word in self.native:
            return spanish_term(word)
        return stem(word)

    @property
    def keys(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.matches:
            seen.setdefault(m.key, None)
        return list(seen)

    @property
    def content(self) -> list[str]:
        stopwords = self.stopwords
        return [w for w in self.words if w not in stopwords and w not in FILLER]

    @property
    def covered(self) -> set[int]:
        return {i for m in self.matches for i in range(m.start, m.end)}

    @property
    def left_over_words(self) -> list[str]:
        """The content words no name in the question covers: what the question asks of
        the things it names ("the budget of X")."""
        covered = self.covered
        return [
            w
            for i, w in enumerate(self.words)
            if i not in covered and w in self.content and w not in GENERIC_WORDS
        ]

    @property
    def left_over(self) -> set[str]:
        """The stems (``term``) of ``left_over_words``."""
        return {self.term(w) for w in self.left_over_words}


class Parser:
    def __init__(self, index: Index, lexicon: dict[str, str]) -> None:
        self.index = index
        phrases = sorted((fold(k) for k in lexicon), key=len, reverse=True)
        self.lexicon = {fold(k): fold(v) for k, v in lexicon.items()}
        self.lexicon_re = (
            re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases if p) + r")\b")
            if phrases
            else None
        )
        self.vocab = set(index.spell_vocab)
        self.vocab_lengths = by_length(index.spell_vocab)
        self.reach = alias_reach([*index.aliases, *index.singular_aliases])
        self.known = index.known_words | set(self.lexicon.values()) | COMMAND_WORDS
        self.names = self.protected_names()
        self.lexicon_words = {w for phrase in self.lexicon for w in phrase.split()}
        # Words the lexicon turns into a stop word ("de" -> "of"): function words, though a
        # protected name keeps them untranslated ("ciudad de mexico").
        self.function_words = {
            k for k, v in self.lexicon.items() if " " not in k and v in STOPWORDS
        }

    def protected_names(self) -> dict[str, list[tuple[str, ...]]]:
        """Names the lexicon would rewrite ("albergue hermanos en el camino" has "en" and
        "el"), by first word, longest first: they are kept whole when translating."""
        names: dict[str, list[tuple[str, ...]]] = {}
        if self.lexicon_re is None:
            return names
        for alias in self.index.aliases:
            if " " in alias and self.lexicon_re.search(alias):
                words = tuple(alias.split())
                names.setdefault(words[0], []).append(words)
        for options in names.values():
            options.sort(key=len, reverse=True)
        return names

    def translate(self, folded: str) -> str:
        """The lexicon applied to everything but the names it would break."""
        if not self.lexicon_re:
            return folded
        words = folded.split()
        out: list[str] = []
        start = i = 0
        while i < len(words):
            name = next(
                (n for n in self.names.get(words[i], ()) if tuple(words[i : i + len(n)]) == n),
                None,
            )
            if name is None:
                i += 1
                continue
            out.append(self._rewrite(" ".join(words[start:i])))
            out.append(" ".join(name))
            start = i = i + len(name)
        out.append(self._rewrite(" ".join(words[start:])))
        return " ".join(part for part in out if part)

    def _rewrite(self, folded: str) -> str:
        if not folded or self.lexicon_re is None:
            return folded
        folded = " ".join(self.base_form(w) for w in folded.split())
        return self.lexicon_re.sub(lambda m: self.lexicon[m.group(1)], folded)

    def base_form(self, word: str) -> str:
        """A Spanish plural or feminine the knowledge does not have, as the form it has:
        "capacitadas" → "capacitados", "albergues" → "albergue" (vocabulary and lexicon
        list one form; questions use all four)."""
        if word in self.known or word in self.lexicon_words or len(word) < 5:
            return word  # "numero" of "numero de telefono" is not "numeros"
        for form in spanish_forms(word):
            if form in self.lexicon or form in self.known:
                return form
        return word

    def spanish_question(self, raw: str, folded: str) -> bool:
        """``looks_spanish``, over the words outside the names the question gives whole
        ("Casa del Peregrino" in an English question, "Hermanos en el Camino")."""
        words = folded.split()[:MAX_WORDS]
        aliases = self.index.aliases
        outside: list[str] = []
        i = 0
        while i < len(words):
            n = min(self.index.max_alias_words, len(words) - i)
            while n > 1 and " ".join(words[i : i + n]) not in aliases:
                n -= 1
            if n == 1:
                outside.append(words[i])
            i += n
        return looks_spanish(raw, outside)

    def correct(self, word: str, spanish: bool = False) -> str:
        """The word, or the knowledge's or the language's word it is a typo of.

        Corrected towards the names and terms of the knowledge and towards ordinary
        question words ("mny" → "many", "migrnats" → "migrants"); a short word only
        towards question words that start with its letter, so an acronym stays itself. A
        word of a Spanish question whose Spanish stem the knowledge has is not a typo."""
        if spanish and (word in SPANISH_STOPWORDS or spanish_term(word) in self.known):
            return word
        if (
            word in self.vocab
            or word in self.known
            or stem(word) in self.known
            or word in STOPWORDS
            or word in FOREIGN_PLACES
            or len(word) < 3
            or not word.isalpha()
        ):
            return word
        if word in common_words():
            return word  # a real word the knowledge lacks ("died"), not a typo of one
        from rapidfuzz import fuzz, process  # only questions with an unknown word need it

        # Towards the knowledge's words as before; towards question words only when
        # nearly the same ("evry", "mny"), so Spanish "hace" does not become "have".
        hits = [process.extractOne(word, SPELL_GRAMMAR, scorer=fuzz.ratio, score_cutoff=85)]
        if len(word) > 3:
            cutoff = 80 if len(word) >= 5 else 75
            hits.append(nearest(word, self.vocab_lengths, cutoff))
        found = [h for h in hits if h is not None and (len(word) > 4 or h[0][0] == word[0])]
        if not found:
            return word
        return max(found, key=lambda h: h[1])[0]

    def parse(self, text: str) -> Query:
        raw = clean_user_text(text, MAX_QUERY_CHARS)
        # Slack mentions, channel links and <!channel> are not words of the question
        folded = fold(re.sub(r"<[@#!][^>]*>", " ", raw))
        spanish = self.spanish_question(raw, folded)
        words = self.translate(folded).split()[:MAX_WORDS]
        corrected = [self.correct(w, spanish) for w in words]
        intent, rest = detect_intent(corrected)
        query = Query(raw=raw, intent=intent, words=rest, spanish=spanish)
        if spanish:
            query.native = frozenset(folded.split())
        query.corrections = list(
            dict.fromkeys((w, c) for w, c in zip(words, corrected, strict=True) if w != c)
        )
        words = corrected
        query.fact_question = any(_contains(words, marker) for marker in QUESTION_FACT_MARKERS)
        query.means = not MEANS_WORDS.isdisjoint(words)
        query.years = set(YEAR.findall(raw))
        asked_for = CONTACT_WORDS.intersection(rest)
        if intent in ("who", "what", "search") and asked_for:
            # "who is the press contact for Veracruz", "email of the press office"
            query.intent = "contact"
            cut = max(rest.index(w) for w in asked_for)
            query.words = [w for w in rest[cut + 1 :] if w not in FILLER] or [
                w for w in rest[:cut] if w not in CONTACT_WORDS and w not in FILLER
            ]
        elif intent == "contact":
            query.words = [w for w in rest if w not in CONTACT_WORDS]
        elif intent == "search" and query.fact_question:
            query.intent = "facts"
        self.match(query)
        return query

    def match(self, query: Query) -> None:
        words = query.words
        taken: set[int] = set()
        exact = self.index.max_alias_words
        # A Spanish question's names as written and in its own words, longest first of
        # either kind: "el Fondo de Desarrollo de la OIM" is the fund, not the OIM.
        longest = max(exact, self.index.max_spanish_words) if query.spanish else exact
        # the most words a name starting at each word can have (0: none starts there)
        reach = [max(self.reach.get(w, 0), self.reach.get(singular(w), 0)) for w in words]
        for n in range(min(longest, len(words)), 0, -1):
            for i in range(len(words) - n + 1) if n <= exact else ():
                if n > reach[i] or any(j in taken for j in range(i, i + n)):
                    continue
                phrase = " ".join(words[i : i + n])
                keys = self.index.aliases.get(phrase) or self.index.singular_aliases.get(
                    singular_phrase(phrase)
                )
                if not keys or (n == 1 and phrase in STOPWORDS):
                    continue
                for key in sorted(keys):
                    query.matches.append(Match(key, i, i + n))
                taken.update(range(i, i + n))
            if query.spanish:
                self.match_spanish(query, taken, n)
        query.matches.sort(key=lambda m: m.start)
        stopwords = query.stopwords
        for i, w in enumerate(words):
            if i in taken or w in stopwords or w in FILLER or w.isdigit() or len(w) < 3:
                continue
            if w in FOREIGN_PLACES:
                query.foreign = True
            if w in GENERIC_WORDS or w in self.known or stem(w) in self.known:
                continue
            if query.spanish and query.term(w) in self.known:
                continue
            if query.spanish and query.term(w) in self.index.prose_only:
                query.prose |= {query.term(w)}
                continue
            query.unknown.append(w)
            if i > 0 and words[i - 1] in ("in", "from", "en", "de") and w.isalpha():
                query.foreign = True  # "in Germany": a place we know nothing of

    def match_spanish(self, query: Query, taken: set[int], n: int) -> None:
        """Names a Spanish question gives in words of its own (``Index.spanish_aliases``),
        of ``n`` words, among the words no name took: "el Fondo de Desarrollo de la OIM"
        is the Fondo de la OIM para el Desarrollo, "secuestradas" is "secuestro". A span
        starts and ends on a content word and has a word no name is by itself; one word
        alone only when it is not a word the knowledge has as written (then it is
        already what it says)."""
        aliases = self.index.spanish_aliases
        words = query.words
        stopwords = query.stopwords
        for i in range(len(words) - n + 1):
            span = words[i : i + n]
            if span[0] in stopwords or span[-1] in stopwords:
                continue
            if any(j in taken for j in range(i, i + n)):
                continue
            if n == 1 and (span[0] in self.known or len(span[0]) < 4):
                continue
            if all(w in self.index.aliases or w in stopwords for w in span):
                continue  # "la OIM en México" is the OIM and México, as named word by word
            keys = aliases.get(alias_key(span))
            if not keys:
                continue
            for key in sorted(keys):
                query.matches.append(Match(key, i, i + n))
            taken.update(range(i, i + n))


def alias_reach(names: Iterable[str]) -> dict[str, int]:
    """For each first word of ``names`` (aliases, and the singular forms they are also
    found by), the most words a name starting with it has: a question's phrase can only
    be a name if its first word, or that word's singular, starts one that long. A
    13-word question has some 85 phrases of up to 10 words; most start no name at all."""
    reach: dict[str, int] = {}
    for name in names:
        words = name.split()
        if words and len(words) > reach.get(words[0], 0):
            reach[words[0]] = len(words)
    return reach


Lengths = dict[int, tuple[list[str], list[int]]]


def by_length(vocab: list[str]) -> Lengths:
    """The words of ``vocab`` by length, each length's in vocabulary order, with their
    places in it."""
    lengths: Lengths = {}
    for place, word in enumerate(vocab):
        words, places = lengths.setdefault(len(word), ([], []))
        words.append(word)
        places.append(place)
    return lengths


def nearest(word: str, lengths: Lengths, cutoff: int) -> tuple[str, float, int] | None:
    """``process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=cutoff)`` over
    ``by_length(vocab)``, reading only the words long enough and short enough to reach
    the cutoff: ``fuzz.ratio`` is 100 * (1 - indel / (n + m)) and an indel distance is at
    least |n - m|, so a word of m letters can score at most 200 * min(n, m) / (n + m).
    The best score wins, on a tie the word first in the vocabulary, as extractOne's does.
    At 5,000 releases the vocabulary has ~6,000 words, and this runs for every word of a
    question the knowledge does not have."""
    from rapidfuzz import fuzz, process  # only questions with an unknown word need it

    n = len(word)
    best: tuple[str, float, int] | None = None
    for m in sorted(lengths, key=lambda m: (abs(m - n), m)):  # likeliest lengths first
        if 200 * min(n, m) < cutoff * (n + m):
            continue
        words, places = lengths[m]
        floor = cutoff if best is None else best[1]  # a tie must still be seen
        hit = process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=floor)
        if hit is None:
            continue
        found = (hit[0], hit[1], places[hit[2]])
        if best is None or found[1] > best[1] or (found[1] == best[1] and found[2] < best[2]):
            best = found
    return best


def spanish_forms(word: str) -> list[str]:
    """Other number and gender forms of a Spanish word, most likely first."""
    forms: list[str] = []
    if word.endswith("as"):
        forms += [word[:-2] + "os", word[:-1], word[:-2] + "o"]
    elif word.endswith("es"):
        forms += [word[:-2], word[:-1]]
    elif word.endswith("s"):
        forms += [word[:-1]]
    elif word.endswith("a"):
        forms += [word[:-1] + "o", word + "s", word[:-1] + "os"]
    elif word.endswith("o"):
        forms += [word + "s"]
    else:
        forms += [word + "es", word + "s"]
    return forms


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


# A request for the list itself ("show me every press release you know", "which releases
# do you have"): only these words and the word for releases.
LISTING_WORDS = frozenset(
    "show me list all every each the your you know have has do does which what are is "
    "there any of iom mexico press please give tell".split()
)
RELEASE_WORDS = frozenset({"release", "releases", "communique", "communiques"})


def detect_intent(words: list[str]) -> tuple[Intent, list[str]]:
    if not words:
        return "help", []
    if RELEASE_WORDS.intersection(words) and set(words) <= LISTING_WORDS | RELEASE_WORDS:
        return "releases", []
    for prefix, intent in INTENT_PREFIXES:
        if tuple(words[: len(prefix)]) == prefix:
            rest = words[len(prefix) :]
            while rest and rest[0] in FILLER:
                rest = rest[1:]
            return intent, rest
    return "search", words
