"""Measure groups that may not be one measure: the warnings ``knowledge check`` prints.

Figures in different releases that share a ``measure`` key are compared, and the bot says
"the releases disagree" when their values differ. That is only true if they count the same
thing. A figure filed under another release's key with a different unit, a different kind
of period ("each year" against a one-off) or a different wording of what it counts is
probably a false merge; it is reported until the curator either gives it its own key or
confirms the group with ``same_measure: true`` on the figure.

Warnings, not problems: a directory that loaded before still loads and still answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from knowledge.records.models import Figure, Release
from knowledge.text import content_words, fold

#: Below this share of common words (of what two figures count), the wordings differ.
MIN_COUNTS_OVERLAP = 0.34


@dataclass(frozen=True)
class Placed:
    file: str
    index: int
    figure: Figure


@lru_cache(maxsize=8192)  # thousands of figures, a few hundred distinct wordings
def unit_form(unit: str) -> str:
    """A unit compared loosely: case, accents, plurals and 'percent' spellings aside."""
    words = fold(unit.replace("%", " per cent ")).replace("percent", "per cent").split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@lru_cache(maxsize=8192)  # thousands of figures, a few hundred distinct wordings
def is_yearly(period: str | None) -> bool:
    """Whether a period is a rate per year ("each year", "annually"), not a one-off."""
    words = fold(period or "").split()
    return any(w in words for w in ("year", "years", "annual", "annually", "ano"))


@lru_cache(maxsize=8192)  # thousands of figures, a few hundred distinct wordings
def wording_overlap(a: str, b: str) -> float:
    """The share of content words two wordings of what is counted have in common."""
    x, y = content_words(a), content_words(b)
    return len(x & y) / max(1, len(x | y))


class Measured(Protocol):
    """What two figures are compared on: a record's Figure, and intake's found and known
    figures alike."""

    @property
    def unit(self) -> str | None: ...

    @property
    def counts(self) -> str: ...

    @property
    def period(self) -> str | None: ...


def said(period: str | None) -> str:
    return repr(period) if period else "none"


def differences(base: Measured, other: Measured) -> list[str]:
    """Why ``other`` may not measure what ``base`` does (empty: nothing says so)."""
    found = []
    if unit_form(base.unit or "") != unit_form(other.unit or ""):
        found.append(f"the unit differs ({other.unit!r}, not {base.unit!r})")
    if is_yearly(base.period) != is_yearly(other.period):
        found.append(f"the period differs ({said(other.period)}, not {said(base.period)})")
    if wording_overlap(base.counts, other.counts) < MIN_COUNTS_OVERLAP:
        found.append(f"it counts {other.counts!r}, not {base.counts!r}")
    return found


def same_kind(a: Measured, b: Measured) -> bool:
    """Whether nothing says two figures measure different things: what intake asks before
    reusing a known measure key, the rule ``knowledge check`` warns with."""
    return not differences(a, b)


def measure_warnings(releases: Sequence[Release], files: Mapping[str, str]) -> list[str]:
    """One line per figure that shares a measure key with an earlier release's figure but
    may not measure the same thing, naming both files and what differs."""
    first: dict[str, Placed] = {}
    lines: list[str] = []
    for release in releases:
        name = files.get(release.id, f"releases/{release.id}.yaml")
        for i, figure in enumerate(release.figures):
            base = first.get(figure.measure)
            if base is None:
                first[figure.measure] = Placed(name, i, figure)
                continue
            if base.file == name or figure.same_measure:
                continue
            why = differences(base.figure, figure)
            if why:
                lines.append(
                    f"{name}: figures[{i}]: measure {figure.measure!r} groups it with "
                    f"{base.file} figures[{base.index}], but {'; '.join(why)}. Give it its "
                    "own measure key, or set same_measure: true if it is the same measure"
                )
    return lines
