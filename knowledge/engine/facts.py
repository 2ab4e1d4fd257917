"""facts: the figure that answers a question, or every figure when the releases disagree."""

from __future__ import annotations

from knowledge.answer import Answer
from knowledge.engine.core import Core
from knowledge.engine.figures import figure_answer, score_figures
from knowledge.engine.search import on_search
from knowledge.engine.topics import topic_facts
from knowledge.search.query import Query


def on_facts(core: Core, q: Query) -> Answer | None:
    if core.out_of_scope(q):
        return None
    strong = core.strong_keys(q)
    if not strong and not q.fact_question and q.content:
        return None
    scored = score_figures(core, q, strong)
    if not scored:
        if strong and not q.fact_question:
            return topic_facts(core, strong, q)
        return on_search(core, q, every_name=True) if strong else None
    return figure_answer(core, q, scored)
