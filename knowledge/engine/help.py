"""help: the grammar, with examples."""

from __future__ import annotations

from knowledge.answer import Answer
from knowledge.engine.core import Core
from knowledge.search.query import Query

HELP_EXAMPLES = [
    "`contact mexico`: IOM Mexico's press contacts (also a place, topic or person)",
    "`who is Thomas Lothar Weiss` or `who chief of mission`",
    "`what is Grupos Beta`: programmes, organisations, publications, terms",
    "`facts kidnapping` or `how many migrants are kidnapped in Mexico each year?`",
    "`releases` or `releases trafficking`: the releases with one-line summaries",
    "Spanish works too: `contacto veracruz`, `¿cuántos migrantes son secuestrados cada año?`",
]


def on_help(core: Core, q: Query) -> Answer | None:
    if q.words:
        return None  # "help me with …" is a question, not a request for the grammar
    return Answer(
        query="",
        answered=True,
        intent="help",
        lead="Ask me about IOM Mexico's press releases. For example:",
        bullets=HELP_EXAMPLES,
    )
