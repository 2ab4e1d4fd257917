"""How a figure is said: its number as printed, with qualifier and unit, in a sentence."""

from __future__ import annotations

from functools import lru_cache

from knowledge.answer import Inline, inline, strong
from knowledge.records.models import Figure
from knowledge.text import fold


def fmt_number(f: Figure) -> str:
    return _fmt_number(f.qualifier, f.as_written, f.unit, f.counts)


@lru_cache(maxsize=65536)
def _fmt_number(qualifier: str, as_written: str, unit: str, counts: str) -> str:
    qualifier = "" if qualifier == "exact" else f"{qualifier} "
    number = f"{qualifier}{as_written}"
    unit_words = fold(unit).split()
    if unit_words and unit_words[0] not in fold(counts).split()[:5]:
        number += f" {unit}"
    return number


def figure_line(f: Figure) -> Inline:
    """The number (strong), what it counts, its period and who gives it."""
    number = fmt_number(f)
    joiner = ": " if number.endswith(f" {f.unit}") else " "
    parts: list[str] = [joiner, f.counts]
    if f.period and fold(f.period) not in fold(f.counts):
        parts.append(f", {f.period}")
    if f.attributed_to:
        parts.append(f" (according to {f.attributed_to})")
    return inline(strong(number), *parts)
