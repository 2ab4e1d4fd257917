"""What the releases say about a topic (or any target): its figures and facts."""

from __future__ import annotations

from knowledge.answer import Answer
from knowledge.engine.core import MAX_BULLETS, MAX_SOURCES, Core, point
from knowledge.engine.phrasing import target_name
from knowledge.i18n import _
from knowledge.i18n.phrase import fmt
from knowledge.search.index import Doc
from knowledge.search.query import Query


def topic_facts(core: Core, keys: list[str], q: Query) -> Answer | None:
    docs = [
        d
        for k in keys
        for d in core.index.docs_by_target.get(k, [])
        if d.kind in ("figure", "fact") and q.prose <= d.words  # Query.prose: its statements
    ]
    if not docs:
        return None
    order = {rid: i for i, rid in enumerate(core.ranked_releases(keys))}
    docs.sort(key=lambda d: (d.kind != "figure", order.get(d.release_id, len(order))))
    unique: dict[str, Doc] = {}
    shown: set[str] = set()  # releases of the docs kept
    for d in docs:
        key = d.measure if d.kind == "figure" else d.plain  # measure: fixed at build
        if key not in unique:
            unique[key] = d
            shown.add(d.release_id)
            # the answer shows MAX_BULLETS of them and names MAX_SOURCES releases: at
            # thousands of docs, the rest could not change it
            if len(unique) >= MAX_BULLETS and len(shown) >= MAX_SOURCES:
                break
    bullets = [point(d, capitalised=True) for d in list(unique.values())[:MAX_BULLETS]]
    lead = fmt(_("What the releases say about {subject}:"), subject=target_name(core.t(keys[0])))
    releases = [d.release_id for d in unique.values()]
    return core.answered("facts", lead, bullets, releases)
