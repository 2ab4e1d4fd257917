"""What the releases say about a topic (or any target): its figures and facts."""

from __future__ import annotations

from knowledge.answer import Answer, inline
from knowledge.engine.core import MAX_BULLETS, Core, figure_of, point
from knowledge.search.index import Doc
from knowledge.search.query import Query


def topic_facts(core: Core, keys: list[str], q: Query) -> Answer | None:
    docs = [
        d
        for k in keys
        for d in core.index.docs_by_target.get(k, [])
        if d.kind in ("figure", "fact")
    ]
    if not docs:
        return None
    order = {rid: i for i, rid in enumerate(core.ranked_releases(keys))}
    docs.sort(key=lambda d: (d.kind != "figure", order.get(d.release_id, len(order))))
    unique: dict[str, Doc] = {}
    for d in docs:
        unique.setdefault(figure_of(d).measure if d.kind == "figure" else d.plain, d)
    bullets = [point(d, capitalised=True) for d in list(unique.values())[:MAX_BULLETS]]
    lead = inline(f"What the releases say about {core.t(keys[0]).name}:")
    releases = [d.release_id for d in unique.values()]
    return core.answered("facts", lead, bullets, releases)
