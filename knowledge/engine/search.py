"""search: free text over the docs of the targets a question names."""

from __future__ import annotations

import heapq
from collections.abc import Set as AbstractSet

from knowledge.answer import Answer, sentence
from knowledge.engine.core import MAX_BULLETS, Core, figure_of, point
from knowledge.engine.kinds import by_kind
from knowledge.engine.people import describe_people
from knowledge.engine.topics import topic_facts
from knowledge.engine.what import on_what
from knowledge.search.candidates import specific_docs
from knowledge.search.index import Doc
from knowledge.search.query import Query
from knowledge.search.words import common_words
from knowledge.text import YEAR, fold, stem

SAYING = frozenset({"say", "said", "says", "dijo", "declaro"})
QUESTION_WORDS = (
    frozenset({"when", "where", "why", "which", "who", "how", "does", "did", "do"}) | SAYING
)
GENERIC_PLACES = frozenset({"place:mexico"})


def on_search(core: Core, q: Query, every_name: bool = False) -> Answer | None:
    """Statements about what the question names; with ``every_name`` (a "how many …"
    no figure answered), only statements about each place it names and something else
    it names ("kidnapping … in X": about kidnapping and about X)."""
    if core.out_of_scope(q):
        return None
    strong = core.strong_keys(q)
    if not strong:
        return by_kind(core, q)  # "what conference did …": a kind, described
    uncovered = [w for i, w in enumerate(q.words) if w in q.content and i not in q.covered]
    asks = QUESTION_WORDS & set(fold(q.raw).split())
    if not uncovered and len(strong) == 1 and not asks:
        # the text is just a name: "grupos beta", "acayucan", "la bestia"
        kind = core.t(strong[0]).kind
        if kind in ("person", "contact"):
            return describe_people(core, strong[:1], None)
        return on_what(core, q)
    ranked = rank(core, q, strong, asks, every_name)
    if "where" in asks:  # a statement that names a place answers "where"; others cannot
        head = ranked[:WHERE_SCAN]  # (a few dozen looked at, whatever the size)
        naming = [d for d in head if names_a_place(core, q, d)]
        named = {id(d) for d in naming}
        ranked = naming + [d for d in head if id(d) not in named] + ranked[WHERE_SCAN:]
    if not ranked:
        return topic_facts(core, strong, q) if not uncovered else None
    first: dict[str, Doc] = {}
    for d in ranked:
        first.setdefault(figure_of(d).measure if d.kind == "figure" else d.key, d)
    docs = list(first.values())
    return core.answered(  # only what answered() shows: a lead and MAX_BULLETS bullets
        "search",
        sentence(point(docs[0]).text),
        [point(d, capitalised=True) for d in docs[1 : MAX_BULLETS + 1]],
        [d.release_id for d in docs],
    )


WHERE_SCAN = 60  # best-ranked docs checked for naming a place
TOP = 64  # docs kept in score order; enough for a lead and MAX_BULLETS distinct bullets


def rank(
    core: Core, q: Query, strong: list[str], asks: AbstractSet[str], every_name: bool
) -> list[Doc]:
    """The docs of the named targets that score at least 4, best first (ties in the order
    the targets and their docs come): each doc once, the best ``TOP`` unless the question
    asks "where" (then every one, so a statement naming a place is found wherever it
    ranks). One pass over the targets' docs, with the cheap tests first."""
    wanted = {stem(w) for w in q.content}
    strong_set = set(strong)
    places = {k for k in strong if core.t(k).kind == "place"}
    others = strong_set - places
    left = asked_in_english(q) if every_name else set()
    seen: set[int] = set()
    scored: list[tuple[float, int, Doc]] = []
    lists = [core.index.docs_by_target.get(k, []) for k in strong]
    if len(lists) == 1 and not places and not every_name:  # one name: every doc hits once
        docs = lists[0]
        if asks:
            scored = [
                (-3.0 - len(wanted & d.words) - hint(core, asks, d), i, d)
                for i, d in enumerate(docs)
            ]
        else:
            scored = [(-3.0 - len(wanted & d.words), i, d) for i, d in enumerate(docs)]
        return best_first([x for x in scored if x[0] <= -4], "where" in asks)
    allowed = specific_docs(lists)
    for docs in lists:
        for d in docs:
            if id(d) in seen or (allowed is not None and id(d) not in allowed):
                continue
            seen.add(id(d))
            about = d.about
            if places and not places & about:
                continue  # "in Veracruz": a statement about somewhere else does not answer
            if every_name and not (about_all(d, places, others) and (not left or left & d.words)):
                continue  # and about what is asked of them ("died": not the crossings)
            score: float = 3 * len(about & strong_set) + len(wanted & d.words)
            if asks:
                score += hint(core, asks, d)
            if score >= 4:
                scored.append((-score, len(scored), d))
    return best_first(scored, "where" in asks)


def best_first(scored: list[tuple[float, int, Doc]], every: bool) -> list[Doc]:
    """The docs by score (the best ``TOP``, or all of them if ``every``)."""
    if every or len(scored) <= TOP:
        scored.sort()
    else:
        scored = heapq.nsmallest(TOP, scored)
    return [d for _, _, d in scored]


def asked_in_english(q: Query) -> set[str]:
    """The stems of the ordinary English words a question asks of its names ("died"):
    typos and Spanish verbs aside, which say nothing a statement could be checked for."""
    english = common_words("en")
    return {stem(w) for w in q.left_over_words if w in english}


def about_all(d: Doc, places: set[str], others: set[str]) -> bool:
    about = d.about
    return places <= about and (not others or bool(others & about))


def names_a_place(core: Core, q: Query, d: Doc) -> bool:
    """Whether the doc's own words name a place the question did not (the answer to
    'where'): a figure's place field alone is not shown, so it does not count."""
    if d.kind == "figure":
        return False
    shown = fold(d.plain)
    return any(
        any(f" {a} " in f" {shown} " for a in core.t(key).aliases)
        for key in d.places - GENERIC_PLACES - set(q.keys)
    )


def hint(core: Core, asks: AbstractSet[str], d: Doc) -> float:
    """'when' wants a year, 'where' a place: prefer statements that hold one."""
    bonus = 0.0
    if "when" in asks and YEAR.search(d.plain):
        bonus += 1.5
    if "where" in asks and d.places - GENERIC_PLACES:
        bonus += 1.5
    if asks & SAYING and d.kind == "fact" and " said " in f" {d.plain} ":
        bonus += 2.0
    return bonus
