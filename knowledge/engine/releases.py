"""releases: every release, or those about what the question names, with summaries."""

from __future__ import annotations

from knowledge.answer import Answer, Point, code, inline, strong
from knowledge.engine.core import Core
from knowledge.engine.phrasing import summary_of, target_name, title_of
from knowledge.i18n import _, _n
from knowledge.i18n.phrase import fmt
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
                strong(title_of(core.corpus.release(rid))),
                f": {summary_of(core.corpus.release(rid))}",
            ),
            release_id=rid,
        )
        for rid in ids[:SHOWN]  # the rest are counted, not described
    ]
    n = len(ids)
    if keys:
        template = _n(
            "{n} IOM Mexico release about {subject}:", "{n} IOM Mexico releases about {subject}:", n
        )
        lead = fmt(template, n=n, subject=target_name(core.t(keys[0])))
    else:
        lead = fmt(_n("{n} IOM Mexico release:", "{n} IOM Mexico releases:", n), n=n)
    answer = core.answered("releases", lead, [], ids, contacts=[])
    narrow = (
        inline(_("Add a few words to narrow it further."))
        if keys
        else fmt(
            _("Add a topic or a place to narrow the list, e.g. {example}."),
            example=code(_("releases trafficking")),
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
