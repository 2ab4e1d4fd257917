"""Press offices in Spanish: "IOM Mexico" is the OIM México.

An office is printed in a release as words ("IOM Mexico", "IOM Tapachula"); a Spanish
answer, App Home or digest gives it in Spanish from what the curators wrote elsewhere: an
organisation's Spanish acronym listed among its aliases (IOM → OIM), a place's accented
spelling listed among its aliases (Mexico → México). Whole words only; an office of other
words stays as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from knowledge.records.models import Organisation, Place
from knowledge.text import fold


def spanish_spelling(name: str, aliases: list[str]) -> str:
    """The accented spelling a curator listed among a place's aliases (Mexico → México,
    Queretaro → Querétaro): an alias that differs from the name only by its accents."""
    folded = fold(name)
    for alias in aliases:
        if alias != name and fold(alias) == folded and alias.casefold() != name.casefold():
            return alias
    return name


def spanish_names(records: Iterable[object]) -> dict[str, str]:
    """The Spanish of the names an office is called by, from organisations and places (the
    first record of each name wins): an acronym as the Spanish acronym its curator listed
    among its aliases, a place's name as its Spanish spelling."""
    out: dict[str, str] = {}
    for obj in records:
        if isinstance(obj, Organisation) and obj.acronym:
            for alias in obj.aliases:
                if alias.isupper() and len(alias) == len(obj.acronym) and alias != obj.acronym:
                    out.setdefault(obj.acronym, alias)
        elif isinstance(obj, Place):
            spelt = spanish_spelling(obj.name, obj.aliases)
            if spelt != obj.name:
                out.setdefault(obj.name, spelt)
    return out


def office_in_spanish(office: str, names: Mapping[str, str]) -> str:
    """``office`` with each name ``spanish_names`` knows in Spanish."""
    if not names:
        return office
    return _office_es(office, tuple(sorted(names.items())))


@lru_cache(maxsize=1024)
def _office_es(office: str, names: tuple[tuple[str, str], ...]) -> str:
    by_name = dict(names)
    longest_first = sorted(by_name, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, longest_first)) + r")\b")
    return pattern.sub(lambda m: by_name[m.group(1)], office)
