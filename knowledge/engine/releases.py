"""releases: every release, or those about what the question names, with summaries."""

from __future__ import annotations

from knowledge.answer import Answer, Point, code, inline, strong
from knowledge.engine.core import Core
from knowledge.search.query import Query

SHOWN = 10  # releases described in the reply
MAX_LISTED = 50  # releases named in the answer's sources (JSON), however many match


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
        for rid in ids[:SHOWN]  # the rest are counted, not described
    ]
    about = f" about {core.t(keys[0]).name}" if keys else ""
    lead = inline(f"{len(ids)} IOM Mexico release{'s' if len(ids) != 1 else ''}{about}:")
    answer = core.answered("releases", lead, [], ids, contacts=[])
    narrow = (
        inline("Add a few words to narrow it further.")
        if keys
        else inline(
            "Add a topic or a place to narrow the list, e.g. ", code("releases trafficking"), "."
        )
    )
    return answer.model_copy(
        update={
            "bullets": bullets,
            "total": len(ids),
            "sources": [core.corpus.source_ref(rid) for rid in ids[:MAX_LISTED]],
            "lists_sources": True,
            "narrow": narrow,
        }
    )
