"""help: the grammar, with examples."""

from __future__ import annotations

from knowledge.answer import Answer, Inline, Point, code, inline
from knowledge.engine.core import Core
from knowledge.search.query import Query

HELP_EXAMPLES: list[Inline] = [
    inline(code("contact mexico"), ": IOM Mexico's press contacts (also a place, topic or person)"),
    inline(code("who is Thomas Lothar Weiss"), " or ", code("who chief of mission")),
    inline(code("what is Grupos Beta"), ": programmes, organisations, publications, terms"),
    inline(
        code("facts kidnapping"),
        " or ",
        code("how many migrants are kidnapped in Mexico each year?"),
    ),
    inline(
        code("releases"),
        " or ",
        code("releases trafficking"),
        ": the releases with one-line summaries",
    ),
    inline(
        "Spanish works too: ",
        code("contacto veracruz"),
        ", ",
        code("¿cuántos migrantes son secuestrados cada año?"),
    ),
]


def on_help(core: Core, q: Query) -> Answer | None:
    if q.words:
        return None  # "help me with …" is a question, not a request for the grammar
    return Answer(
        query="",
        answered=True,
        intent="help",
        lead=inline("Ask me about IOM Mexico's press releases. For example:"),
        bullets=[Point(text=line) for line in HELP_EXAMPLES],
        total=len(HELP_EXAMPLES),
    )
