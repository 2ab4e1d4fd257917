"""'What conference did the Director General attend': a question that names a kind of
thing (conference, project, agreement…) and describes it, but names no record. The answer
is the one programme of that kind whose description has most of the question's words."""

from __future__ import annotations

from knowledge.answer import Answer, sentence
from knowledge.engine.core import Core, point
from knowledge.records.models import Programme
from knowledge.search.lexicon import GENERIC_WORDS
from knowledge.search.query import Query
from knowledge.text import fold, stem

#: Nouns for the kinds of programme records (their ``kind``, and what names say).
KIND_NOUNS = frozenset(
    "conference conferences seminar seminars workshop workshops forum event events "
    "programme programmes program programs project projects agreement agreements "
    "campaign campaigns study studies fund funds caravan caravans course courses".split()
)
MIN_WORDS = 3  # description words a question must share, besides the kind noun


def by_kind(core: Core, q: Query) -> Answer | None:
    """The programme of the kind the question names that its other words describe best,
    if one does clearly (at least ``MIN_WORDS`` shared, and no tie)."""
    if len(q.words) < 3 or q.words[0] not in ("what", "which") or q.words[1] not in KIND_NOUNS:
        return None
    noun = stem(q.words[1])
    wanted = {stem(w) for w in q.content[1:] if w not in GENERIC_WORDS} - {noun}
    scored = []
    for d in core.programme_docs:
        if not isinstance(d.obj, Programme):
            continue
        named = {stem(w) for w in fold(d.obj.name).split()} | {stem(d.obj.kind)}
        if noun not in named and not (noun == stem("event") and d.obj.kind == "event"):
            continue
        scored.append((len(wanted & d.words), d))
    scored.sort(key=lambda x: -x[0])
    tied = len(scored) > 1 and scored[1][0] == scored[0][0]
    if not scored or scored[0][0] < MIN_WORDS or tied:
        return None
    best = scored[0][1]
    return core.answered("search", sentence(point(best).text), [], [best.release_id])
