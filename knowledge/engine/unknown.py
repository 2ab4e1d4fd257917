"""unknown: no answer, said plainly, with suggestions and the general press contact."""

from __future__ import annotations

from knowledge.answer import Answer, inline
from knowledge.engine.core import Core
from knowledge.i18n import _, current
from knowledge.i18n.phrase import fmt
from knowledge.records.models import Topic
from knowledge.search.query import Query


def unknown(core: Core, q: Query) -> Answer:
    shown = q.raw[:120] + ("…" if len(q.raw) > 120 else "")
    lead = (
        fmt(
            _("I don't have an answer to “{question}” in the IOM Mexico releases I know."),
            question=shown,
        )
        if shown.strip()
        else inline(_("I don't have an answer to that in the IOM Mexico releases I know."))
    )
    general = core.corpus.general_contact
    return Answer(
        query="",
        answered=False,
        intent="unknown",
        lead=lead,
        suggestions=suggestions(core, q),
        contacts=core.in_language([general] if general else []),
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
    """The request that gives a topic's facts: in Spanish, with the topic's Spanish label
    when the vocabulary has one (curators make it an alias, so that it is understood)."""
    topic = core.t(key).obj
    if current() != "en" and isinstance(topic, Topic) and topic.label_es:
        facts = _("facts")
        return f"{facts} {topic.label_es}"
    return "facts " + key.split(":", 1)[1].replace("-", " ")
