"""help: the grammar, with examples.

``GRAMMAR`` is the one list of what a user can ask. The engine's ``help`` answer renders
it here; the Slack help message and App Home render the same list with the surface's
prefix (``/iom ``, ``@iom-bot ``), so the two can never teach different commands. Every
text is a catalog message: a Spanish reader sees Spanish requests the parser understands
(a test asks each one).
"""

from __future__ import annotations

from typing import NamedTuple

from knowledge.answer import Answer, Inline, Part, Point, code, inline
from knowledge.engine.core import Core
from knowledge.i18n import N_, _
from knowledge.search.query import Query


class Example(NamedTuple):
    """One line of the grammar: example requests, what they give, and how they are joined."""

    asks: tuple[str, ...]
    what: str = ""
    intro: str = ""
    sep: str = " or "


GRAMMAR: tuple[Example, ...] = (
    Example(
        (N_("contact mexico"),),
        N_("IOM Mexico's press contacts (also a place, topic or person)"),
    ),
    Example((N_("who is Thomas Lothar Weiss"), N_("who chief of mission")), sep=N_(" or ")),
    Example((N_("what is Grupos Beta"),), N_("programmes, organisations, publications, terms")),
    Example(
        (N_("facts kidnapping"), N_("how many migrants are kidnapped in Mexico each year?")),
        sep=N_(" or "),
    ),
    Example(
        (N_("releases"), N_("releases trafficking")),
        N_("the releases with one-line summaries"),
        sep=N_(" or "),
    ),
    Example(
        (N_("contacto veracruz"), N_("¿cuántos migrantes son secuestrados cada año?")),
        intro=N_("Spanish works too: "),
        sep=", ",
    ),
)


def example_line(example: Example, prefix: str = "") -> Inline:
    """One grammar line; ``prefix`` goes before every request (``/iom `` in Slack)."""
    parts: list[Part] = [_(example.intro)] if example.intro else []
    for i, ask in enumerate(example.asks):
        if i:
            parts.append(_(example.sep) if example.sep.strip() else example.sep)
        parts.append(code(prefix + _(ask)))
    if example.what:
        parts.append(": " + _(example.what))
    return inline(*parts)


def on_help(core: Core, q: Query) -> Answer | None:
    if q.words:
        return None  # "help me with …" is a question, not a request for the grammar
    return Answer(
        query="",
        answered=True,
        intent="help",
        lead=inline(_("Ask me about IOM Mexico's press releases. For example:")),
        bullets=[Point(text=example_line(e)) for e in GRAMMAR],
        total=len(GRAMMAR),
    )
