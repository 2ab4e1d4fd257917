"""The search structures built once from the records: targets (things a query can name)
and docs (curated statements an answer can repeat).

Built once per KnowledgeBase; the engine only reads them.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TypeVar

from knowledge.answer import Inline, inline, plain, strong
from knowledge.records.models import (
    Contact,
    Fact,
    Figure,
    Organisation,
    Person,
    Place,
    Programme,
    Publication,
    Release,
    Term,
    Topic,
)
from knowledge.search.lexicon import COMMAND_WORDS, GENERIC_WORDS, STOPWORDS
from knowledge.search.memo import TextMemo, remembered
from knowledge.search.mentions import AliasForms, Page, spaced
from knowledge.search.spanish import QUERY_STOPWORDS, alias_key
from knowledge.text import YEAR, fold

#: What a target stands for: the first record seen under its key.
TargetObject = (
    Topic | Place | Organisation | Person | Programme | Publication | Term | Contact | Release
)
#: What a doc repeats: the record its text comes from.
DocObject = Figure | Fact | Person | Organisation | Programme | Publication | Term

# Targets that name the whole corpus rather than a subject within it.
GENERIC_TARGETS = frozenset({"place:mexico", "org:iom"})
# A place every release is in: naming it does not answer "where".
GENERIC_PLACES = frozenset({"place:mexico"})
# What a doc's text holds that a question word prefers (Doc.hints): "when" a year, "where"
# a place, "who said" a statement someone said.
NAMES_YEAR, NAMES_PLACE, SAYS = 1, 2, 4
# Targets a figure's quote can name and so be about (places have their own rule).
NAMED_KINDS = frozenset({"programme", "org", "term", "publication"})
# A record's curated Spanish prose, which a doc is also found by in Spanish (besides its
# quotes and names). A word only these have is known only to the statements that have it
# (Index.prose_only): a paraphrase uses everyday words ("pasar un tiempo", "creado hace
# 20 años"), and "¿qué tiempo hace en la Ciudad de México?" must stay a question it
# cannot answer, as "what is the weather in Mexico City?" is, not be answered by any
# statement about Mexico City.
SPANISH_PROSE = (
    "counts_es",
    "period_es",
    "attributed_to_es",
    "statement_es",
    "role_es",
    "description_es",
)


def singular(word: str) -> str:
    """A plural's singular, crudely ("wardens", "albergues"): names differ in number, not
    in derivation ("training" is not "the train")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def singular_phrase(phrase: str) -> str:
    """A folded phrase with each word made singular, so a singular finds a plural alias."""
    return " ".join(singular(w) for w in phrase.split())


def surname(name: str) -> list[str]:
    """'José Ramón Córdoba' is also asked for as 'Córdoba' and 'José Córdoba'."""
    parts = name.split()
    if len(parts) < 2 or len(parts[-1]) < 4:
        return []
    return [parts[-1], f"{parts[0]} {parts[-1]}"]


@dataclass
class Target:
    key: str
    kind: str
    name: str
    obj: TargetObject  # the first record seen under this key
    aliases: set[str] = field(default_factory=set)
    # release id -> how central the target is to that release
    releases: dict[str, float] = field(default_factory=dict)

    @property
    def generic(self) -> bool:
        return self.key in GENERIC_TARGETS


@dataclass
class Doc:
    """A curated statement that can be repeated in an answer, with what it is about."""

    key: str
    kind: str  # figure, fact, person, org, programme, publication, term, place
    release_id: str
    targets: frozenset[str]
    words: frozenset[str]  # shared with every doc that has the same words (see pooled)
    text: Inline  # the curated statement, plain text with its emphasis marked
    obj: DocObject
    places: frozenset[str] = frozenset()  # places its text names
    # targets and places together, fixed once the index is built (ranking reads it a lot)
    about: frozenset[str] = frozenset()
    # a figure's own word forms (what it counts, its unit), unstemmed: "traffickers"
    forms: frozenset[str] = frozenset()
    yearly: bool = False  # a figure whose period says "year" ("each year", "per year")
    years: frozenset[str] = frozenset()  # the years a figure's period, wording or quote name
    # Fixed at build, so scoring thousands of candidates reads fields instead of records:
    measure: str = ""  # a figure's measure
    value: float = 0.0  # a figure's value
    lead_topic: str | None = None  # a figure's first topic, as a target key
    hints: int = 0  # NAMES_YEAR | NAMES_PLACE | SAYS, as its text holds them
    # the places whose aliases its curated text shows, word for word (not only its quote)
    shown_places: frozenset[str] = frozenset()
    position: int = 0  # its place in Index.docs, whose order every docs_by_target list keeps

    @property
    def plain(self) -> str:
        """The statement's words, without emphasis."""
        return plain(self.text)


@cache
def spanish_fields(kind: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Spanish name and quote fields, and the SPANISH_PROSE fields, a record type
    has (looked up once per type: a missing attribute costs pydantic an exception)."""
    fields = getattr(kind, "model_fields", {})
    named = tuple(n for n in ("quote_es", "name_es") if n in fields)
    return named, tuple(n for n in SPANISH_PROSE if n in fields)


@dataclass
class Index:
    targets: dict[str, Target]
    aliases: dict[str, set[str]]  # folded alias phrase -> target keys
    singular_aliases: dict[str, set[str]]  # the same, each word singular: "centers" = "center"
    max_alias_words: int
    docs: list[Doc]
    docs_by_target: dict[str, list[Doc]]
    figures_by_measure: dict[str, list[Doc]]
    spell_vocab: list[str]  # words worth correcting a typo towards
    known_words: set[str]  # every word the knowledge uses (for "is this out of scope?")
    # Names as a Spanish question finds them: the Spanish terms of an alias's content
    # words (``spanish.alias_key``) -> target keys; and the most words such a name spans.
    spanish_aliases: dict[frozenset[str], set[str]] = field(default_factory=dict)
    max_spanish_words: int = 0
    # Spanish terms only curated Spanish prose has (SPANISH_PROSE): not in known_words
    prose_only: frozenset[str] = frozenset()


class IndexBuilder:
    def __init__(
        self,
        releases: list[Release],
        sources: dict[str, str],
        topics: list[Topic],
        memo: TextMemo | None = None,
    ) -> None:
        self.releases = releases
        # fold, stem and content words once per distinct text (and not at all for the texts
        # an earlier build kept): names, units and periods repeat in every release
        self.memo = memo if memo is not None else TextMemo()
        self.sources = sources  # the pages as stored; each folded once, when mentioned
        self._page: Page | None = None
        self.titles = {r.id: spaced(fold(r.title)) for r in releases}
        self.targets: dict[str, Target] = {}
        self._alias_stems: dict[str, tuple[int, frozenset[str]]] = {}
        self._alias_terms: dict[str, tuple[int, frozenset[str]]] = {}
        self._alias_forms: dict[str, tuple[int, AliasForms]] = {}
        self.prose_terms: set[str] = set()  # Spanish terms of SPANISH_PROSE
        self.spanish_known: set[str] = set()  # Spanish terms of quotes, names and English
        self.docs: list[Doc] = []
        self.topics = topics

    # -- targets -------------------------------------------------------------------
    def target(
        self, key: str, kind: str, name: str, aliases: list[str], obj: TargetObject
    ) -> Target:
        t = self.targets.get(key)
        if t is None:
            t = self.targets[key] = Target(key=key, kind=kind, name=name, obj=obj)
        for alias in [name, *aliases]:
            folded = self.fold(alias)
            if folded and folded not in STOPWORDS and folded not in COMMAND_WORDS:
                t.aliases.add(folded)
        return t

    def fold(self, text: str) -> str:
        return self.memo.fold(text)

    def stem(self, word: str) -> str:
        return self.memo.stem(word)

    def content_words(self, text: str) -> frozenset[str]:
        return self.memo.content_words(text)

    def alias_stems(self, t: Target) -> frozenset[str]:
        """The stems of a target's alias words, once per state of its aliases: they only
        grow (a later release adds one), so their number tells a stale entry."""
        return per_aliases(
            self._alias_stems,
            t,
            lambda: frozenset(self.stem(w) for a in t.aliases for w in a.split()),
        )

    def spanish_terms(self, text: str) -> frozenset[str]:
        """``spanish.spanish_terms``, once per distinct text (and each word's terms once),
        through the memo."""
        return self.memo.spanish_terms(text)

    def alias_terms(self, t: Target) -> frozenset[str]:
        """The Spanish terms of a target's alias words (as ``alias_stems``, in Spanish)."""
        return per_aliases(
            self._alias_terms, t, lambda: frozenset().union(*map(self.spanish_terms, t.aliases))
        )

    def page(self, release_id: str) -> Page:
        """The release's page, folded, with its word counts. One at a time: a release's
        targets are mentioned one after another (``add_release``), and 5,000 pages' word
        counts held at once were most of the cold load's peak memory (the folded text
        alone is kept, by the memo, for the next build)."""
        if self._page is None or self._page.release_id != release_id:
            self._page = Page(release_id, self.memo.page(self.sources.get(release_id, "")))
        return self._page

    def alias_forms(self, t: Target) -> AliasForms:
        """A target's aliases as ``mention`` matches them, once per state of its aliases
        (as ``alias_stems``): each one's ``spaced`` form, the one-word aliases apart and
        each longer one with its words. Targets are mentioned by release after release,
        and rebuilding these per mention was a third of its time."""
        return per_aliases(
            self._alias_forms,
            t,
            lambda: AliasForms(
                spaced=tuple(spaced(a) for a in t.aliases),
                single=tuple(a for a in t.aliases if " " not in a),
                phrases=tuple((a.split(), spaced(a)) for a in t.aliases if " " in a),
            ),
        )

    def mention(self, t: Target, release_id: str, base: float = 1.0) -> None:
        title = self.titles[release_id]
        score = base
        forms = self.alias_forms(t)
        if any(a in title for a in forms.spaced):  # a whole-word phrase of the title
            score += 3.0
        page = self.page(release_id)
        words = page.words
        # a one-word alias is one whole token of the folded source
        hits = sum(words[a] for a in forms.single)
        for parts, phrase in forms.phrases:
            if all(words[w] for w in parts):  # else it cannot occur at all
                hits += page.spaced.count(phrase)
        score += 0.3 * min(hits, 5)
        t.releases[release_id] = max(t.releases.get(release_id, 0.0), score)

    def add_release(self, r: Release) -> None:
        for i, topic_id in enumerate(r.topics):
            t = self.targets[f"topic:{topic_id}"]
            self.mention(t, r.id, base=max(3.0 - 0.5 * i, 0.5))
        for p in r.places:
            extra = [p.name.replace("Mexico's ", "")]
            self.mention(self.target(f"place:{p.id}", "place", p.name, p.aliases + extra, p), r.id)
        for o in r.organisations:
            names = [n for n in (o.acronym, o.name_es) if n]
            self.mention(self.target(f"org:{o.id}", "org", o.name_en, o.aliases + names, o), r.id)
        for person in r.people:
            names = person.aliases + surname(person.name)
            t = self.target(f"person:{person.id}", "person", person.name, names, person)
            self.mention(t, r.id)
        for pr in r.programmes:
            self.mention(
                self.target(f"programme:{pr.id}", "programme", pr.name, pr.aliases, pr), r.id
            )
        for pub in r.publications:
            t = self.target(f"publication:{pub.id}", "publication", pub.title, pub.aliases, pub)
            self.mention(t, r.id)
        for term in r.terms:
            self.mention(
                self.target(f"term:{term.id}", "term", term.name, term.aliases, term), r.id
            )
        for c in r.contacts:
            local = [str(c.email).split("@")[0]] if c.email else []
            names = [*local, *surname(c.name)]
            t = self.target(f"contact:{c.key}", "contact", c.name, names, c)
            self.mention(t, r.id, base=2.0)
        rel = self.target(f"release:{r.id}", "release", r.title, [r.id.replace("-", " ")], r)
        rel.releases[r.id] = 10.0
        self.add_docs(r)

    # -- docs ------------------------------------------------------------------------
    def doc(
        self,
        key: str,
        kind: str,
        r: Release,
        targets: set[str],
        text: Inline,
        words_from: str,
        obj: DocObject,
    ) -> None:
        targets = {t for t in targets if t in self.targets}
        # The curated English and the verbatim quote: a Spanish release's quote is what a
        # question in Spanish shares words with.
        quote = str(getattr(obj, "quote", ""))
        words = self.content_words(words_from) | self.content_words(quote)
        # In Spanish (``spanish.TERM``): the same texts, which a Spanish question may quote
        # in English or Spanish, and the curator's Spanish of the record.
        known = self.spanish_terms(words_from) | self.spanish_terms(quote)
        named, prose_fields = spanish_fields(type(obj))
        for name in named:
            spanish = getattr(obj, name)
            if isinstance(spanish, str):
                known |= self.spanish_terms(spanish)
        for t in targets:  # a statement about the INM also answers to "instituto"
            if not t.startswith("topic:"):
                words |= self.alias_stems(self.targets[t])
                known |= self.alias_terms(self.targets[t])
        self.spanish_known |= known
        words |= known
        for name in prose_fields:
            spanish = getattr(obj, name)
            if isinstance(spanish, str):
                prose = self.spanish_terms(spanish)
                self.prose_terms |= prose
                words |= prose
        self.docs.append(Doc(key, kind, r.id, frozenset(targets), frozenset(words), text, obj))

    def add_docs(self, r: Release) -> None:
        topics = {f"topic:{t}" for t in r.topics[:2]}
        for i, f in enumerate(r.figures):
            targets = {f"topic:{t}" for t in f.topics}
            targets |= {f"place:{f.place}"} if f.place else set()
            targets |= {f"org:{f.attributed_org}"} if f.attributed_org else set()
            words = " ".join(
                filter(
                    None, [f.counts, f.unit, f.period, f.measure.replace("-", " "), f.attributed_to]
                )
            )
            self.doc(f"{r.id}/figures[{i}]", "figure", r, targets, inline(f.counts), words, f)
        for i, fact in enumerate(r.facts):
            targets = {f"topic:{t}" for t in fact.topics}
            targets |= {f"person:{fact.said_by}"} if fact.said_by else set()
            self.doc(
                f"{r.id}/facts[{i}]",
                "fact",
                r,
                targets,
                inline(fact.statement),
                fact.statement,
                fact,
            )
        for p in r.people:
            targets = {f"person:{p.id}"} | ({f"org:{p.organisation}"} if p.organisation else set())
            title = f"{p.title} " if p.title else ""
            text = inline(strong(title + p.name), f", {p.role}")
            self.doc(f"{r.id}/person:{p.id}", "person", r, targets, text, p.role, p)
        for kind, items in (
            ("programme", r.programmes),
            ("publication", r.publications),
            ("term", r.terms),
        ):
            for item in items:
                name: str = getattr(item, "name", None) or getattr(item, "title", None) or ""
                targets = {f"{kind}:{item.id}"} | topics
                organisation = getattr(item, "organisation", None)
                if organisation:
                    targets.add(f"org:{organisation}")
                text = inline(strong(name), f": {item.description}")
                self.doc(f"{r.id}/{kind}:{item.id}", kind, r, targets, text, item.description, item)
        for o in r.organisations:
            if o.description:
                text = inline(strong(o.name_en), f": {o.description}")
                self.doc(f"{r.id}/org:{o.id}", "org", r, {f"org:{o.id}"}, text, o.description, o)

    def find_places(self) -> None:
        """Which places each statement names, for 'where …' questions."""
        by_alias = {a: t.key for t in self.targets.values() if t.kind == "place" for a in t.aliases}
        if not by_alias:
            return
        longest_first = sorted(by_alias, key=len, reverse=True)
        # an earlier build's matches count only if it had these aliases (TextMemo)
        now, earlier = self.memo.place_tables(tuple(sorted(by_alias.items())))
        pattern: list[re.Pattern[str]] = []  # compiled only if some text is not in the memo

        def find(text: str) -> frozenset[str]:
            if not pattern:
                pattern.append(
                    re.compile(r"\b(" + "|".join(map(re.escape, longest_first)) + r")\b")
                )
            return frozenset(by_alias[m] for m in pattern[0].findall(text))

        place_aliases = {t.key: t.aliases for t in self.targets.values() if t.kind == "place"}
        shared: dict[frozenset[str], frozenset[str]] = {}  # one object per distinct set
        for d in self.docs:  # the quote, and the curated text ("a shelter in Ixtepec")
            quote, shown = self.fold(str(getattr(d.obj, "quote", ""))), self.fold(d.plain)
            d.places = remembered(now, earlier, f"{quote} , {shown}", find)
            if d.places and d.kind != "figure":  # a figure's place field alone is not shown
                padded = f" {shown} "
                shown_places = frozenset(
                    k for k in d.places if any(f" {a} " in padded for a in place_aliases[k])
                )
                d.shown_places = shared.setdefault(shown_places, shown_places)

    def find_named(self, aliases: dict[str, set[str]]) -> None:
        """A figure whose quote or curated wording names a programme, organisation, term or
        publication is about it: "450,000 migrants assisted by the Repatriation Programme"
        answers a question about the programme though its curator tagged only topics."""
        prefixes = {" ".join(a.split()[:j]) for a in aliases for j in range(1, len(a.split()))}
        found: dict[str, set[str]] = {}  # per distinct text: a figure repeats its wording
        for d in self.docs:
            if isinstance(d.obj, Figure):
                for text in (d.obj.quote, d.obj.counts):
                    named = found.get(text)
                    if named is None:
                        named = found[text] = named_in(self.fold(text).split(), aliases, prefixes)
                    d.targets |= named

    def build(self) -> Index:
        for topic in self.topics:
            self.target(f"topic:{topic.id}", "topic", topic.label, topic.aliases, topic)
        for r in self.releases:
            self.add_release(r)
        self.find_places()
        aliases: dict[str, set[str]] = defaultdict(set)
        for t in self.targets.values():
            for a in t.aliases:
                aliases[a].add(t.key)
        self.find_named(aliases)
        pool: dict[frozenset[str], frozenset[str]] = {}
        for position, d in enumerate(self.docs):
            settle_doc(d, pool, self.fold)
            d.position = position
        singulars: dict[str, set[str]] = defaultdict(set)
        for a, keys in aliases.items():
            singulars[singular_phrase(a)] |= keys
        by_target: dict[str, list[Doc]] = defaultdict(list)
        by_measure: dict[str, list[Doc]] = defaultdict(list)
        for d in self.docs:
            for key in d.targets | d.places:  # a statement naming Acayucan is about Acayucan
                by_target[key].append(d)
            if isinstance(d.obj, Figure):
                by_measure[d.obj.measure].append(d)
        alias_words = {w for a in aliases for w in a.split()}
        alias_words |= {
            w for d in self.docs if isinstance(d.obj, Person) for w in fold(d.obj.role).split()
        }
        spell_vocab = sorted((alias_words | COMMAND_WORDS) - STOPWORDS)
        known = alias_words | COMMAND_WORDS | {w for d in self.docs for w in d.words}
        spanish_aliases, max_spanish_words = self.spanish_aliases()
        self.spanish_known |= {t for key in spanish_aliases for t in key}
        prose_only = frozenset(self.prose_terms - self.spanish_known)
        known -= prose_only
        known |= self.spanish_known
        return Index(
            targets=self.targets,
            aliases=dict(aliases),
            singular_aliases=dict(singulars),
            max_alias_words=min(max((len(a.split()) for a in aliases), default=1), 10),
            docs=self.docs,
            docs_by_target=dict(by_target),
            figures_by_measure=dict(by_measure),
            spell_vocab=[w for w in spell_vocab if len(w) >= 3],
            known_words=known,
            spanish_aliases=spanish_aliases,
            max_spanish_words=max_spanish_words,
            prose_only=prose_only,
        )

    def spanish_aliases(self) -> tuple[dict[frozenset[str], set[str]], int]:
        """Every alias, and the Spanish names curators give besides (a topic's
        ``label_es``, a release's ``title_es``), by ``alias_key``; with the most words
        one spans. A name of several words whose content is one word is left out: "No
        más Trata de Personas" is not everything called "trata". A release's id and
        English title are not: "el gobernador de Veracruz" is not the release filed as
        veracruz-governor."""
        names: dict[str, set[str]] = defaultdict(set)
        for t in self.targets.values():
            if t.kind != "release":  # a release's id and English title: as written only
                names[t.key] |= t.aliases
        for topic in self.topics:
            if topic.label_es and f"topic:{topic.id}" in self.targets:
                names[f"topic:{topic.id}"].add(self.fold(topic.label_es))
        for r in self.releases:
            if r.title_es:
                names[f"release:{r.id}"].add(self.fold(r.title_es))
        out: dict[frozenset[str], set[str]] = defaultdict(set)
        longest = 0
        for key, aliases in names.items():
            for alias in aliases:
                words = alias.split()
                found = alias_key(words)
                if found and (len(found) >= 2 or len(words) == 1):
                    out[found].add(key)
                    longest = max(longest, len(words))
        return dict(out), min(longest, 10)


T = TypeVar("T")


def per_aliases(cache: dict[str, tuple[int, T]], t: Target, make: Callable[[], T]) -> T:
    """``make()`` for target ``t``, kept in ``cache`` until ``t`` has another alias: aliases
    only grow (a later release adds one), so their number tells a stale entry."""
    cached = cache.get(t.key)
    if cached is None or cached[0] != len(t.aliases):
        cached = cache[t.key] = (len(t.aliases), make())
    return cached[1]


def pooled(pool: dict[frozenset[str], frozenset[str]], words: frozenset[str]) -> frozenset[str]:
    """One shared frozenset of interned strings for every doc with the same words.

    At 5,000 releases half the docs' word sets are copies of another's, and the words are
    a few thousand strings made again for each doc (a stem is a new string): 459,000 string
    objects for 890 distinct words. Immutable, so sharing cannot leak one doc's change."""
    found = pool.get(words)
    if found is None:
        found = pool[words] = frozenset(sys.intern(w) for w in words)
    return found


def settle_doc(
    d: Doc, pool: dict[frozenset[str], frozenset[str]], fold: Callable[[str], str] = fold
) -> None:
    """Fix what ranking reads of a doc once its targets and places are final: derived
    once here instead of per candidate, per question (word sets shared through ``pool``)."""
    d.words = pooled(pool, d.words)
    d.targets = pooled(pool, d.targets)
    d.places = pooled(pool, d.places)
    d.about = pooled(pool, d.targets | d.places)
    text = d.plain
    d.hints = (
        (NAMES_YEAR if YEAR.search(text) else 0)
        | (NAMES_PLACE if d.places - GENERIC_PLACES else 0)
        | (SAYS if d.kind == "fact" and " said " in f" {text} " else 0)
    )
    if isinstance(d.obj, Figure):
        f = d.obj
        # with the curator's Spanish of what it counts: "kilómetros", "víctimas"
        forms = f"{f.counts} {f.unit} {f.counts_es or ''}"
        d.forms = pooled(pool, frozenset(fold(forms).split()) - QUERY_STOPWORDS - GENERIC_WORDS)
        d.yearly = bool(f.period) and "year" in fold(f.period or "")
        d.years = frozenset(YEAR.findall(f"{f.period or ''} {f.counts} {f.quote}"))
        d.measure = f.measure
        d.value = f.value
        d.lead_topic = f"topic:{f.topics[0]}" if f.topics else None


def named_in(words: list[str], aliases: dict[str, set[str]], prefixes: set[str]) -> set[str]:
    """The named targets (``NAMED_KINDS``) whose aliases occur in ``words``: a phrase grows
    only while it starts some alias, so this is linear in the text whatever the aliases."""
    found: set[str] = set()
    for i in range(len(words)):
        phrase = words[i]
        for j in range(i + 1, len(words) + 1):
            for key in aliases.get(phrase, ()):
                if key.split(":")[0] in NAMED_KINDS and key not in GENERIC_TARGETS:
                    found.add(key)
            if phrase not in prefixes or j == len(words):
                break
            phrase = f"{phrase} {words[j]}"
    return found


def build_index(
    releases: list[Release],
    sources: dict[str, str],
    topics: list[Topic],
    memo: TextMemo | None = None,
) -> Index:
    return IndexBuilder(releases, sources, topics, memo).build()
