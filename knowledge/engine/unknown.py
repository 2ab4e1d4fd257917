"""unknown: no answer, said plainly, with suggestions and the general press contact."""

from __future__ import annotations

from knowledge.answer import Answer, inline
from knowledge.engine.core import Core
from knowledge.search.query import Query


def unknown(core: Core, q: Query) -> Answer:
    shown = q.raw[:120] + ("…" if len(q.raw) > 120 else "")
    lead = inline(
        f"I don't have an answer to “{shown}” in the IOM Mexico releases I know."
        if shown.strip()
        else "I don't have an answer to that in the IOM Mexico releases I know."
    )
    general = core.corpus.general_contact
    return Answer(
        query="",
        answered=False,
        intent="unknown",
        lead=lead,
        suggestions=suggestions(core, q),
        contacts=[general] if general else [],
    )


def suggestions(core: Core, q: Query) -> list[str]:
    text = " ".join(q.content) or " ".join(q.words)
    picks: list[str] = []
    if text:
        from rapidfuzz import fuzz, process  # the "did you mean" of an unanswered question

        hits = process.extract(
            text, core.topic_choices, scorer=fuzz.partial_ratio, limit=3, score_cutoff=60
        )
        picks = [topic_query(core, key) for _, _, key in hits]
    for fallback in ("topic:kidnapping", "topic:trafficking", "topic:southern-border"):
        if len(picks) >= 3:
            break
        if fallback in core.index.targets and topic_query(core, fallback) not in picks:
            picks.append(topic_query(core, fallback))
    return picks[:3]


def topic_query(core: Core, key: str) -> str:
    return "facts " + key.split(":", 1)[1].replace("-", " ")
