"""search: free text over the docs of the targets a question names."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Set as AbstractSet

from knowledge.answer import Answer, sentence
from knowledge.engine.core import MAX_BULLETS, MAX_SOURCES, Core, point
from knowledge.engine.kinds import by_kind
from knowledge.engine.people import describe_people
from knowledge.engine.topics import topic_facts
from knowledge.engine.what import on_what
from knowledge.search.candidates import named_docs
from knowledge.search.index import GENERIC_PLACES, NAMES_PLACE, NAMES_YEAR, SAYS, Doc
from knowledge.search.query import Query
from knowledge.search.words import common_words
from knowledge.text import fold, stem

SAYING = frozenset({"say", "said", "says", "dijo", "declaro"})
QUESTION_WORDS = (
    frozenset({"when", "where", "why", "which", "who", "how", "does", "did", "do"}) | SAYING
)
#: The Spanish question words that ask what an English one does (folded).
SPANISH_ASKS = {"donde": "where", "cuando": "when", "porque": "why", "quien": "who"}


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
    raw = set(fold(q.raw).split())
    asks = QUESTION_WORDS & raw
    if q.spanish:  # "¿dónde …?" asks "where", "¿cuándo …?" "when"
        asks |= {english for spanish, english in SPANISH_ASKS.items() if spanish in raw}
    if not uncovered and len(strong) == 1 and not asks:
        # the text is just a name: "grupos beta", "acayucan", "la bestia"
        kind = core.t(strong[0]).kind
        if kind in ("person", "contact"):
            return describe_people(core, strong[:1], None)
        return on_what(core, q)
    ranked = rank(core, q, strong, asks, every_name)
    if q.prose:  # words only curated Spanish prose has: only its statements answer
        ranked = [d for d in ranked if q.prose <= d.words]
    if "where" in asks:  # a statement that names a place answers "where"; others cannot
        head = ranked[:WHERE_SCAN]  # (a few dozen looked at, whatever the size)
        skip = GENERIC_PLACES | set(q.keys)
        naming = [d for d in head if not d.shown_places <= skip]
        named = {id(d) for d in naming}
        ranked = naming + [d for d in head if id(d) not in named] + ranked[WHERE_SCAN:]
    if not ranked:
        return topic_facts(core, strong, q) if not uncovered else None
    docs = leading(ranked)
    return core.answered(  # only what answered() shows: a lead and MAX_BULLETS bullets
        "search",
        sentence(point(docs[0]).text),
        [point(d, capitalised=True) for d in docs[1 : MAX_BULLETS + 1]],
        [d.release_id for d in docs],
    )


def leading(ranked: list[Doc]) -> list[Doc]:
    """The first doc of each measure (a figure) or statement, in rank order, as far as an
    answer reads them: a lead, MAX_BULLETS bullets and MAX_SOURCES distinct releases.
    The rest could not change the answer, and at thousands of docs cost the most."""
    first: dict[str, Doc] = {}
    releases: set[str] = set()
    for d in ranked:
        key = d.measure if d.kind == "figure" else d.key
        if key not in first:
            first[key] = d
            releases.add(d.release_id)
            if len(first) > MAX_BULLETS and len(releases) >= MAX_SOURCES:
                break
    return list(first.values())


WHERE_SCAN = 60  # best-ranked docs checked for naming a place
TOP = 64  # docs kept in score order; enough for a lead and MAX_BULLETS distinct bullets


def rank(
    core: Core, q: Query, strong: list[str], asks: AbstractSet[str], every_name: bool
) -> list[Doc]:
    """The docs of the named targets that score at least 4, best first (ties in the order
    the targets and their docs come): each doc once, the best ``TOP`` unless the question
    asks "where" (then every one, so a statement naming a place is found wherever it
    ranks). One pass over the targets' docs, with the cheap tests first."""
    wanted = {q.term(w) for w in q.content}
    strong_set = set(strong)
    places = {k for k in strong if core.t(k).kind == "place"}
    others = strong_set - places
    left = asked_in_english(q) if every_name else set()
    scored: list[tuple[float, int, Doc]] = []
    lists = [core.index.docs_by_target.get(k, []) for k in strong]
    if len(lists) == 1 and not places and not every_name:  # one name: every doc hits once
        docs = lists[0]
        if asks:
            bonus = hint_table(asks)
            scored = [
                (-3.0 - len(wanted & d.words) - bonus[d.hints], i, d) for i, d in enumerate(docs)
            ]
        else:
            scored = [(-3.0 - len(wanted & d.words), i, d) for i, d in enumerate(docs)]
        return best_first([x for x in scored if x[0] <= -4], "where" in asks)
    bonus = hint_table(asks)
    for d in named_docs(lists, strong):
        about = d.about
        if places and places.isdisjoint(about):
            continue  # "in Veracruz": a statement about somewhere else does not answer
        if every_name and not (about_all(d, places, others) and (not left or left & d.words)):
            continue  # and about what is asked of them ("died": not the crossings)
        score: float = 3 * len(about & strong_set) + len(wanted & d.words)
        if asks:
            score += bonus[d.hints]
        if score >= 4:
            scored.append((-score, len(scored), d))
    return best_first(scored, "where" in asks)


def best_first(scored: list[tuple[float, int, Doc]], every: bool) -> list[Doc]:
    """The docs by score (the best ``TOP``, or all of them if ``every``). ``scored`` comes
    in its tie order, and scores are few (sums of small halves): all of thousands of docs
    are ordered by putting each in its score's bucket, not by comparing them."""
    if every and len(scored) > TOP:
        buckets: dict[float, list[Doc]] = defaultdict(list)
        for score, _, d in scored:
            buckets[score].append(d)
        return [d for score in sorted(buckets) for d in buckets[score]]
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


def hint_bonus(asks: AbstractSet[str], hints: int) -> float:
    """'when' wants a year, 'where' a place: prefer statements that hold one."""
    bonus = 0.0
    if "when" in asks and hints & NAMES_YEAR:
        bonus += 1.5
    if "where" in asks and hints & NAMES_PLACE:
        bonus += 1.5
    if asks & SAYING and hints & SAYS:
        bonus += 2.0
    return bonus


def hint_table(asks: AbstractSet[str]) -> tuple[float, ...]:
    """``hint_bonus`` for each value of ``Doc.hints``: one tuple lookup per doc ranked."""
    return tuple(hint_bonus(asks, hints) for hints in range((NAMES_YEAR | NAMES_PLACE | SAYS) + 1))
