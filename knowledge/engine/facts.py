"""facts: the figure that answers a question, or every figure when the releases disagree."""

from __future__ import annotations

from knowledge.answer import Answer
from knowledge.engine.core import Core
from knowledge.engine.figures import figure_answer, score_figures
from knowledge.engine.search import on_search
from knowledge.engine.topics import topic_facts
from knowledge.search.lexicon import GENERIC_WORDS
from knowledge.search.query import Query
from knowledge.search.words import common_words


def on_facts(core: Core, q: Query) -> Answer | None:
    strong = core.strong_keys(q)
    if core.out_of_scope(q):
        return well_covered(core, q)
    if not strong and not q.fact_question and q.content:
        return None
    scored = with_prose(core, q, score_figures(core, q, strong))
    if not scored:
        if strong and not q.fact_question:
            return topic_facts(core, strong, q)
        return on_search(core, q, every_name=True) if strong else None
    return figure_answer(core, q, scored)


def well_covered(core: Core, q: Query) -> Answer | None:
    """A question with words the knowledge lacks ("hace", "donó") is still answered when
    one figure has more of its words than it lacks, and at least three: the figure covers
    the question. Not when a word it lacks is ordinary English ("how many migrants died
    crossing the border": the knowledge has crossings, not deaths), nor a foreign place."""
    if q.foreign or not q.unknown:
        return None
    if any(w in common_words("en") for w in q.unknown):
        return None  # "died", "fire": what is asked is what the knowledge lacks
    # by words alone: a topic the question happens to name must not narrow it
    scored = with_prose(core, q, score_figures(core, q, []))
    if not scored:
        return None
    wanted = {q.term(w) for w in q.content if w not in GENERIC_WORDS}
    covered = max(len(wanted & d.words) for d in core.index.figures_by_measure[scored[0][1]])
    if covered < max(3, len(q.unknown) + 1):
        return None
    return figure_answer(core, q, scored)


def with_prose(core: Core, q: Query, scored: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """The measures a figure of which has the words of the question only curated Spanish
    prose has (``Query.prose``): those words are known only to the statements that have
    them, so no other figure answers the question."""
    if not q.prose:
        return scored
    by_measure = core.index.figures_by_measure
    return [(s, m) for s, m in scored if any(q.prose <= d.words for d in by_measure[m])]
