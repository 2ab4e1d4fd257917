"""who: a person by name, or the people holding a role."""

from __future__ import annotations

from dataclasses import replace
from itertools import chain
from operator import itemgetter

from knowledge.answer import Answer
from knowledge.engine.core import MAX_BULLETS, Core, figure_of
from knowledge.engine.figures import figure_answer_if
from knowledge.engine.people import describe_people
from knowledge.engine.search import on_search
from knowledge.search.query import Query
from knowledge.text import content_words, fold, stem

# "Who estimates / says / reports …": the question asks whom a figure comes from.
ATTRIBUTING = frozenset(
    "estimate estimates estimated say says said report reports reported calculates "
    "counts according estima estiman calcula dice".split()
)


def on_who(core: Core, q: Query) -> Answer | None:
    if q.foreign:
        return None
    people = [k for k in q.keys if core.t(k).kind in ("person", "contact")]
    if people and not q.unknown:
        person_keys = [k for k in people if core.t(k).kind == "person"] or people
        return describe_people(core, person_keys[:1], None)
    if ATTRIBUTING & set(fold(q.raw).split()) and not people:
        sourced = source_of_figure(core, q)
        if sourced is not None:
            return sourced
    timed = at_the_time(core, q)
    if timed is not None:
        return timed
    if q.unknown and not core.strong_keys(q):
        return None
    return (None if q.unknown else people_by_role(core, q)) or on_search(core, q)


WHEN = frozenset({"when", "cuando", "while", "during"})


def at_the_time(core: Core, q: Query) -> Answer | None:
    """'Who was the governor of Chiapas when the Director General visited': the role
    before 'when' selects people, the event after it selects the release they are named
    in. Only a person named in a release about the event answers."""
    cut = next((i for i, w in enumerate(q.words) if w in WHEN and i > 0), None)
    if cut is None or cut == len(q.words) - 1:
        return None
    role = replace(q, words=q.words[:cut], matches=[m for m in q.matches if m.end <= cut])
    event = replace(
        q,
        words=q.words[cut + 1 :],
        matches=[
            replace(m, start=m.start - cut - 1, end=m.end - cut - 1)
            for m in q.matches
            if m.start > cut
        ],
    )
    keys = role_holders(core, role)
    if not keys:
        return None
    releases = event_releases(core, event)
    best = [k for k in keys if releases.keys() & core.t(k).releases.keys()]
    if not best:
        return None
    best.sort(key=lambda k: -max(releases.get(r, 0.0) for r in core.t(k).releases))
    return describe_people(core, best[:1], None)


def event_releases(core: Core, event: Query) -> dict[str, float]:
    """Releases scored for the event words: the targets they name, and title words."""
    scores: dict[str, float] = {}
    for key in core.strong_keys(event):
        for rid, score in core.t(key).releases.items():
            scores[rid] = scores.get(rid, 0.0) + score
    wanted = {stem(w) for w in event.content} - {"iom", "mexico", "mexican"}
    for release in core.corpus.releases:
        hits = len(wanted & content_words(release.title))
        if hits:
            scores[release.id] = scores.get(release.id, 0.0) + hits
    return scores


def source_of_figure(core: Core, q: Query) -> Answer | None:
    """'Who estimates that one million Mexicans go home': the figure the words describe,
    which names who gives it (only figures that do)."""
    return figure_answer_if(
        core, q, core.strong_keys(q), lambda d: bool(figure_of(d).attributed_to)
    )


def people_by_role(core: Core, q: Query) -> Answer | None:
    keys = role_holders(core, q)
    if not keys:
        return None
    label = " ".join(w for w in q.words if w not in ("the", "a", "an"))
    return describe_people(core, keys[:MAX_BULLETS], label)


GENERIC_ROLE = frozenset({"iom", "mexico", "mexican"})  # words every role could have


def role_holders(core: Core, q: Query) -> list[str]:
    """The people whose role has the question's words, best fit first (most cited).
    Each role shape (role and organisation words) is scored once, then its holders
    are taken in doc order, as if every person doc had been scored."""
    wanted = {stem(w) for w in q.content}
    if not wanted - GENERIC_ROLE:
        return []
    roles, keys = core.roles, set(q.keys)
    postings = [roles.postings.get(w, set()) for w in wanted - GENERIC_ROLE]
    precision: dict[int, float] = {}
    for i in set.intersection(*postings):
        shape = roles.shapes[i]
        role_core = shape.role - GENERIC_ROLE
        if f"org:{shape.org_id}" in keys:  # "president of the CNDH"
            role_core -= shape.org_words
        fit = len(wanted & role_core) / max(len(role_core), 1)
        if fit >= 0.5:
            precision[i] = fit
    if not precision:
        return []
    # Each shape's holders are in doc order: merged (one run each, for the sort), they give
    # every holder in the order of its first doc. A holder of a best-fitting shape fits
    # best; the most cited come first, ties in that order. All of it by C-level keys: a
    # role such as "chief of mission" has a holder in every release.
    merged = list(chain.from_iterable(roles.holders[i] for i in precision))
    merged.sort(key=itemgetter(0))
    top = max(precision.values())
    best = set(
        map(PERSON, chain.from_iterable(roles.holders[i] for i, f in precision.items() if f == top))
    )
    holders = [k for k in dict.fromkeys(map(PERSON, merged)) if k in best]
    holders.sort(key=roles.cited.__getitem__, reverse=True)  # stable: ties keep their order
    return holders


PERSON = itemgetter(1)  # of a (doc order, person key) holder
