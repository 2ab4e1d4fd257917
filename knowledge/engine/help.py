"""help: the grammar, with examples.

``GRAMMAR`` is the one list of what a user can ask. The engine's ``help`` answer renders
it here; the Slack help message and App Home render the same list with the surface's
prefix (``/iom ``, ``@iom-bot ``), so the two can never teach different commands.
"""

from __future__ import annotations

from typing import NamedTuple

from knowledge.answer import Answer, Inline, Part, Point, code, inline
from knowledge.engine.core import Core
from knowledge.search.query import Query


class Example(NamedTuple):
    """One line of the grammar: example requests, what they give, and how they are joined."""

    asks: tuple[str, ...]
    what: str = ""
    intro: str = ""
    sep: str = " or "


GRAMMAR: tuple[Example, ...] = (
    Example(("contact mexico",), "IOM Mexico's press contacts (also a place, topic or person)"),
    Example(("who is Thomas Lothar Weiss", "who chief of mission")),
    Example(("what is Grupos Beta",), "programmes, organisations, publications, terms"),
    Example(("facts kidnapping", "how many migrants are kidnapped in Mexico each year?")),
    Example(("releases", "releases trafficking"), "the releases with one-line summaries"),
    Example(
        ("contacto veracruz", "¿cuántos migrantes son secuestrados cada año?"),
        intro="Spanish works too: ",
        sep=", ",
    ),
)


def example_line(example: Example, prefix: str = "") -> Inline:
    """One grammar line; ``prefix`` goes before every request (``/iom `` in Slack)."""
    parts: list[Part] = [example.intro] if example.intro else []
    for i, ask in enumerate(example.asks):
        if i:
            parts.append(example.sep)
        parts.append(code(prefix + ask))
    if example.what:
        parts.append(": " + example.what)
    return inline(*parts)


def on_help(core: Core, q: Query) -> Answer | None:
    if q.words:
        return None  # "help me with …" is a question, not a request for the grammar
    return Answer(
        query="",
        answered=True,
        intent="help",
        lead=inline("Ask me about IOM Mexico's press releases. For example:"),
        bullets=[Point(text=example_line(e)) for e in GRAMMAR],
        total=len(GRAMMAR),
    )
