"""releases: every release, or those about what the question names, with summaries."""

from __future__ import annotations

from knowledge.answer import Answer
from knowledge.engine.core import Core
from knowledge.search.query import Query
from knowledge.text import escape_mrkdwn


def on_releases(core: Core, q: Query) -> Answer | None:
    strong = core.strong_keys(q)
    if q.content and (not strong or core.out_of_scope(q)):
        return None
    ids = core.ranked_releases(strong) if strong else [r.id for r in core.corpus.releases]
    bullets = [
        f"*{escape_mrkdwn(core.corpus.release(rid).title)}*: "
        f"{escape_mrkdwn(core.corpus.release(rid).summary)}"
        for rid in ids
    ]
    about = f" about {escape_mrkdwn(core.t(strong[0]).name)}" if strong else ""
    lead = f"{len(ids)} IOM Mexico release{'s' if len(ids) != 1 else ''}{about}:"
    answer = core.answered("releases", lead, [], ids, contacts=[])
    return answer.model_copy(update={"bullets": bullets[:10], "sources": []})
