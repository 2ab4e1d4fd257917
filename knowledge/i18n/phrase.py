"""Templates into lines: a translated message with named slots filled by plain text or
by spans (a strong name, an em title), so each language can order the words its own way.

``fmt(_("For {subject}, the press contact is {name}."), subject=..., name=strong(...))``
gives the same spans an f-string with the pieces in place gave: plain pieces run
together into one text span, styled ones stay spans of their own.
"""

from __future__ import annotations

from string import Formatter

from knowledge.answer import Inline, Part, Span, inline

_FORMATTER = Formatter()


def fmt(template: str, **slots: Part | int) -> Inline:
    """``template`` with its ``{slot}`` fields filled; unknown slots raise KeyError."""
    out: list[Span] = []
    pending: list[str] = []
    for literal, field, spec, _conv in _FORMATTER.parse(template):
        pending.append(literal)
        if field is None:
            continue
        value = slots[field]
        if isinstance(value, int):
            pending.append(format(value, spec or ""))
        elif isinstance(value, str):
            pending.append(value)
        else:
            text = "".join(pending)
            out.extend(inline(text, value))
            pending = []
    return tuple(out) + inline("".join(pending))
