"""releases: every release, or those about what the question names, with summaries."""

from __future__ import annotations

from knowledge.answer import Answer, Point, inline, strong
from knowledge.engine.core import Core
from knowledge.search.query import Query


def on_releases(core: Core, q: Query) -> Answer | None:
    keys = core.strong_keys(q)
    if q.content and (not keys or core.out_of_scope(q)):
        return None
    ids = core.ranked_releases(keys) if keys else [r.id for r in core.corpus.releases]
    bullets = [
        Point(
            text=inline(
                strong(core.corpus.release(rid).title), f": {core.corpus.release(rid).summary}"
            ),
            release_id=rid,
        )
        for rid in ids
    ]
    about = f" about {core.t(keys[0]).name}" if keys else ""
    lead = inline(f"{len(ids)} IOM Mexico release{'s' if len(ids) != 1 else ''}{about}:")
    answer = core.answered("releases", lead, [], ids, contacts=[])
    return answer.model_copy(update={"bullets": bullets[:10], "total": len(ids), "sources": []})
