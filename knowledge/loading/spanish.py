"""Spanish coverage: which curated Spanish fields a release still lacks, and the quotes
from its Spanish page.

A release needs no Spanish to be served: a Spanish answer gives the English of a missing
field, marked. So missing Spanish is reported by ``knowledge check`` (per release, with
the coverage), never refused, and not counted among the warnings ``--strict`` fails on: a
newly published release is expected to lack it for a while.

``quote_es`` is the other way round: it claims words of the release's Spanish page
(``sources/<id>.es.txt``), so it is checked exactly as ``quote`` is against the English
page, and a directory whose ``quote_es`` is not found there does not load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

from knowledge.i18n.curated import quote_lang
from knowledge.loading.checks import iter_field
from knowledge.loading.reading import Refused, Within, read_source
from knowledge.records.models import Release
from knowledge.text import squash

#: The prose fields a curator translates, by the English field they stand for.
SPANISH_FIELDS = {
    "title": "title_es",
    "summary": "summary_es",
    "counts": "counts_es",
    "role": "role_es",
    "description": "description_es",
    "statement": "statement_es",
    "attributed_to": "attributed_to_es",
}


class Coverage(NamedTuple):
    """How many of a release's translatable fields have their Spanish, and which lack it."""

    filled: int
    total: int
    missing: tuple[str, ...]  # field paths: "figures[2].counts_es"


def _fields(model: BaseModel, path: str = "") -> Iterator[tuple[str, bool]]:
    """(Spanish field path, whether it is filled) for every English prose field set."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        spanish = SPANISH_FIELDS.get(name)
        if spanish in type(model).model_fields and isinstance(value, str) and value:
            filled = bool(getattr(model, spanish)) or quote_lang(value) == "es"  # already Spanish
            yield (f"{path}.{spanish}" if path else spanish), filled
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _fields(item, f"{here}[{i}]")


def coverage(release: Release) -> Coverage:
    fields = list(_fields(release))
    missing = tuple(path for path, filled in fields if not filled)
    return Coverage(len(fields) - len(missing), len(fields), missing)


def coverage_lines(releases: list[Release], files: dict[str, str]) -> list[str]:
    """``knowledge check``'s report: a line for each release that lacks Spanish, then the
    coverage (which ``knowledge check`` adds to its "OK" line)."""
    lines: list[str] = []
    filled = total = 0
    for release in releases:
        c = coverage(release)
        filled, total = filled + c.filled, total + c.total
        if c.missing:
            shown = ", ".join(c.missing[:6]) + (
                f" and {len(c.missing) - 6} more" if len(c.missing) > 6 else ""
            )
            name = files.get(release.id, f"releases/{release.id}.yaml")
            lines.append(
                f"spanish: {name}: {len(c.missing)} of {c.total} Spanish fields missing: {shown}"
            )
    share = 100 * filled / total if total else 100.0
    lines.append(f"Spanish: {filled} of {total} curated texts ({share:.0f}%).")
    return lines


def iter_quotes_es(model: BaseModel, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (field path, quote_es) in a record (in lists of records, however deep)."""
    return iter_field(model, "quote_es", False, path)


def check_quotes_es(
    root: Path, name: str, release: Release, within: Within | None = None
) -> tuple[bool, list[str]]:
    """Problems with the release's ``quote_es`` fields (none: True if it has any, so
    the load records its Spanish page among the files it read)."""
    quotes = list(iter_quotes_es(release))
    if not quotes:
        return False, []
    page = f"sources/{release.source_file_es}"
    try:
        haystack = squash(read_source(root, release.source_file_es, within))
    except (Refused, OSError, UnicodeDecodeError):
        where = quotes[0][0]
        return True, [
            f"{name}: {where}: quote_es needs the Spanish page {page}, which cannot be read"
        ]
    return True, [
        f"{name}: {where}: quote not found in {page}: {quote[:60]!r}"
        for where, quote in quotes
        if squash(quote) not in haystack
    ]
