"""What every intent shares: the corpus, the index, the parser and derived postings, plus
the helpers answers are made with (ranking releases, contacts, sources, scope).

Each intent has one small module. They share three rules: answer only from docs the
query's words select, list every release when releases disagree, and otherwise say
plainly that the knowledge base has no answer.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain
from typing import TypeVar

from knowledge.answer import Answer, ContactCard, Inline, Intent, Point, SourceRef, capitalise
from knowledge.corpus import Corpus
from knowledge.engine.phrasing import doc_text, figure_line, office_name, spanish_names
from knowledge.i18n import current
from knowledge.records.models import Contact, Figure
from knowledge.search.figure_bits import FigureBits
from knowledge.search.index import Doc, Index, Target, build_index
from knowledge.search.memo import TextMemo
from knowledge.search.postings import figure_postings, role_postings
from knowledge.search.query import Parser, Query
from knowledge.text import fold

R = TypeVar("R")

MAX_BULLETS = 4
MAX_CONTACTS = 3
MAX_SOURCES = 4


def record(obj: object, kind: type[R]) -> R:
    """``obj`` as the record type its target or doc kind implies (checked, not assumed)."""
    if not isinstance(obj, kind):
        raise TypeError(f"expected a {kind.__name__}, got a {type(obj).__name__}")
    return obj


def figure_of(d: Doc) -> Figure:
    """The figure a figure doc repeats (figure docs are built from figures only)."""
    if not isinstance(d.obj, Figure):
        raise TypeError(f"{d.key} is a {d.kind} doc, not a figure")
    return d.obj


def point(d: Doc, capitalised: bool = False) -> Point:
    """A doc as a bullet: its figure said in words, or its statement, with its release,
    figure and quote."""
    figure = d.obj if isinstance(d.obj, Figure) else None
    text = figure_line(figure) if figure is not None else doc_text(d)
    quote = getattr(d.obj, "quote", None)
    return Point(
        text=capitalise(text) if capitalised else text,
        release_id=d.release_id,
        figure=figure,
        quote=quote if isinstance(quote, str) else None,
    )


def distinct(points: list[Point]) -> list[Point]:
    """The first point of each text."""
    first: dict[Inline, Point] = {}
    for p in points:
        first.setdefault(p.text, p)
    return list(first.values())


class Core:
    """Built once per corpus; read-only afterwards."""

    def __init__(self, corpus: Corpus, memo: TextMemo | None = None) -> None:
        self.corpus = corpus
        self.index: Index = build_index(corpus.releases, corpus.sources, corpus.topics, memo)
        self.parser = Parser(self.index, corpus.vocabulary.lexicon)
        self.topic_choices = {
            t.key: " ".join([fold(t.name), *sorted(t.aliases)])
            for t in self.index.targets.values()
            if t.kind == "topic" and t.releases
        }
        self.release_order = {r.id: i for i, r in enumerate(corpus.releases)}
        self.roles = role_postings(self.index)  # for people_by_role
        self.figures = figure_postings(self.index)  # for score_figures
        every_figure = chain.from_iterable(self.index.figures_by_measure.values())
        self.figure_bits = FigureBits(list(every_figure))  # for score_figures
        self.programme_docs = [d for d in self.index.docs if d.kind == "programme"]  # by_kind
        self.spanish_names = spanish_names(self.index.targets)  # for office()

    # -- helpers ------------------------------------------------------------------------
    def t(self, key: str) -> Target:
        return self.index.targets[key]

    def office(self, office: str) -> str:
        """A contact's office in the language being written ("OIM México")."""
        return office_name(office, self.spanish_names)

    def in_language(self, cards: list[ContactCard]) -> list[ContactCard]:
        """Contact cards with their offices in the language being written."""
        if current() == "en":
            return cards
        return [c.model_copy(update={"office": self.office(c.office)}) for c in cards]

    def ranked_releases(self, keys: list[str]) -> list[str]:
        scores: dict[str, float] = defaultdict(float)
        for key in keys:
            for rid, score in self.t(key).releases.items():
                scores[rid] += score
        order = self.release_order
        return sorted(scores, key=lambda rid: (-scores[rid], order[rid]))

    def contacts_for(self, release_ids: list[str]) -> list[ContactCard]:
        """The first ``MAX_CONTACTS`` distinct contacts of the releases, in their order.

        Told apart by ``Contact.key`` (a card's key is its contact's): a card is made only
        for the first of each, not for every contact of hundreds of releases that share
        a few press officers."""
        first: dict[str, tuple[Contact, str]] = {}
        release = self.corpus.release
        for rid in release_ids:
            if len(first) >= MAX_CONTACTS:  # the first MAX_CONTACTS distinct ones are final
                break
            for contact in release(rid).contacts:
                first.setdefault(contact.key, (contact, rid))
        cards = self.corpus.contact_card
        return [cards(contact, rid) for contact, rid in list(first.values())[:MAX_CONTACTS]]

    def sources(self, release_ids: list[str]) -> list[SourceRef]:
        unique = list(dict.fromkeys(release_ids))
        return [self.corpus.source_ref(rid) for rid in unique[:MAX_SOURCES]]

    def strong_keys(self, q: Query) -> list[str]:
        return [k for k in q.keys if not self.t(k).generic]

    def out_of_scope(self, q: Query) -> bool:
        """Words the knowledge never uses, or a foreign place, mean we cannot answer."""
        if q.foreign:
            return True
        if not q.unknown:
            return False
        strong_words = len(
            {i for m in q.matches if not self.t(m.key).generic for i in range(m.start, m.end)}
        )
        # A function word inside a name ("de" of "ciudad de mexico") is not something asked:
        # "clima en la ciudad de méxico" has no more content than "weather in mexico city".
        function = self.parser.function_words
        content = sum(1 for w in q.content if w not in function)
        return not (len(q.unknown) == 1 and strong_words >= 2 and len(q.unknown) * 4 <= content)

    def answered(
        self,
        intent: Intent,
        lead: Inline,
        bullets: list[Inline] | list[Point],
        release_ids: list[str],
        contacts: list[ContactCard] | None = None,
        disagreement: bool = False,
    ) -> Answer:
        if contacts is None:
            contacts = self.contacts_for(release_ids[:1])
        if not contacts and intent not in ("releases", "help") and self.corpus.general_contact:
            contacts = [self.corpus.general_contact]  # the release names none: the press office
        return Answer(
            query="",
            answered=True,
            intent=intent,
            lead=lead,
            bullets=[b if isinstance(b, Point) else Point(text=b) for b in bullets[:MAX_BULLETS]],
            total=len(bullets),
            contacts=self.in_language(contacts),
            sources=self.sources(release_ids),
            disagreement=disagreement,
        )
