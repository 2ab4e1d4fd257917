"""Postings derived from the index once, so a question's words select their candidates:
people by the words of their role and organisation, figures by their words."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.records.models import Figure, Person
from knowledge.search.index import Doc, Index
from knowledge.text import content_words, stem


@dataclass(frozen=True)
class RoleShape:
    """What role_holders reads of a person doc: thousands of docs share a few shapes
    ("Chief of Mission" of IOM), so each shape is scored once per question."""

    org_id: str | None
    role: frozenset[str]  # content words of the role
    org_words: frozenset[str]  # words of the organisation's aliases


@dataclass
class RolePostings:
    """Every person doc's role and organisation words as shapes, which shapes hold each
    word, and who holds each shape."""

    shapes: list[RoleShape] = field(default_factory=list)
    # per shape, (doc order, person key) of every person doc with that shape
    holders: list[list[tuple[int, str]]] = field(default_factory=list)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # person key -> the sum of its release weights (how widely the releases cite it)
    cited: dict[str, float] = field(default_factory=dict)


@dataclass
class FigurePostings:
    """Figure docs by word (one of each set ``distinct_figures`` finds alike), and how
    widely each measure is cited (0 to 0.5)."""

    postings: dict[str, list[Doc]] = field(default_factory=lambda: defaultdict(list))
    spread: dict[str, float] = field(default_factory=dict)
    by_target: dict[str, list[Doc]] = field(default_factory=dict)  # distinct figure docs


def org_words(index: Index, org_id: str | None) -> set[str]:
    if not org_id or f"org:{org_id}" not in index.targets:
        return set()
    return {stem(w) for a in index.targets[f"org:{org_id}"].aliases for w in a.split()}


def role_postings(index: Index) -> RolePostings:
    out = RolePostings()
    org_cache: dict[str | None, frozenset[str]] = {}
    shape_ids: dict[RoleShape, int] = {}
    order = 0
    for target in index.targets.values():
        if target.kind != "person":
            continue
        out.cited[target.key] = sum(target.releases.values())
        for d in index.docs_by_target.get(target.key, []):
            if d.kind != "person" or not isinstance(d.obj, Person):
                continue
            person = d.obj
            if person.organisation not in org_cache:
                org_cache[person.organisation] = frozenset(org_words(index, person.organisation))
            shape = RoleShape(
                person.organisation,
                frozenset(content_words(person.role)),
                org_cache[person.organisation],
            )
            if shape not in shape_ids:
                shape_ids[shape] = len(out.shapes)
                out.shapes.append(shape)
                out.holders.append([])
                for w in shape.role | shape.org_words:
                    out.postings[w].add(shape_ids[shape])
            out.holders[shape_ids[shape]].append((order, target.key))
            order += 1
    return out


def figure_postings(index: Index) -> FigurePostings:
    out = FigurePostings()
    signatures: dict[int, Signature] = {}  # each figure's once: it is under every target
    for measure, docs in index.figures_by_measure.items():
        out.spread[measure] = min(0.25 * (len({x.release_id for x in docs}) - 1), 0.5)
        for d in distinct_figures(docs, signatures):  # a figure repeated word for word: once
            for w in d.words:
                out.postings[w].append(d)
    for key, docs in index.docs_by_target.items():
        figures = distinct_figures((d for d in docs if d.kind == "figure"), signatures)
        if figures:
            out.by_target[key] = figures
    return out


Signature = tuple[object, ...]


def figure_signature(d: Doc) -> Signature:
    """What scores a figure doc for any question: measure, targets, words, forms, years,
    first topic (``distinct_figures``)."""
    f = d.obj
    first_topic = f.topics[0] if isinstance(f, Figure) and f.topics else None
    measure = f.measure if isinstance(f, Figure) else d.key
    words = frozenset(d.words)
    signature = (measure, frozenset(d.targets), d.about, words, d.forms, d.yearly, d.years)
    return (*signature, first_topic)


def distinct_figures(
    docs: Iterable[Doc], signatures: dict[int, Signature] | None = None
) -> list[Doc]:
    """The first figure doc of each set of docs that score alike for any question (same
    ``figure_signature``): a figure a thousand releases repeat word for word is scored
    once. Scores are per measure, so nothing is lost. ``signatures`` keeps each doc's
    signature (by ``id``) for the next call, for docs that outlive it."""
    seen: set[Signature] = set()
    out: list[Doc] = []
    for d in docs:
        if signatures is None:
            signature = figure_signature(d)
        else:
            signature = signatures.get(id(d)) or signatures.setdefault(id(d), figure_signature(d))
        if signature not in seen:
            seen.add(signature)
            out.append(d)
    return out
