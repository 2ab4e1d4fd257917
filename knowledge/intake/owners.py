"""Whose count a figure is when the sentence names no source: the phrase a relative clause
or a partitive hangs from ("the INM's Humane Repatriation Programme, which provides
assistance to more than 450,000 …"; "the IOM office in Ciudad Juarez, one of three …").

Why only these two constructions: an organisation merely named earlier in the sentence
is usually the actor ("IOM will sign agreements with three shelters"), not the source of
the count, and proposing it there was wrong as often as right. A relative clause or a
partitive says the number describes the thing named just before it, so an organisation
named in that phrase is a reasonable guess (still TODO-marked for the curator).
"""

from __future__ import annotations

import re

_RELATIVE = re.compile(
    r"(?i)\b(?:which|that|who|whose|que|quien|quienes|cuyo|cuya)\b(?P<rest>[^,;:.]*)$"
)
_PARTITIVE = re.compile(r"(?i)\b(?:one|uno|una)\s+(?:of|de)\s+(?:the\s+|los\s+|las\s+)?$")
_PHRASE_START = re.compile(r"[,;:.]\s")
#: The longest antecedent phrase read (characters): a noun phrase, not a paragraph.
REACH = 150


def antecedent(before: str) -> tuple[int, int] | None:
    """The span of ``before`` (a sentence up to a number) naming what the number is
    about, or None when the number is not in such a construction."""
    partitive = _PARTITIVE.search(before)
    if partitive:
        end = len(before[: partitive.start()].rstrip().rstrip(","))
    else:
        relative = _RELATIVE.search(before)
        if relative is None:
            return None
        end = relative.start()
    starts = [m.end() for m in _PHRASE_START.finditer(before, 0, end)]
    start = max([0, *starts, end - REACH])
    return (start, end) if end > start else None
