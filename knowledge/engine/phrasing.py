"""How the engine says things: a figure's number with qualifier and unit, and the curated
text of a statement, in the language being written (``knowledge.i18n``).

English is the curated text as it always was; Spanish takes the curator's ``_es`` fields
and falls back to the English, marked (``knowledge.i18n.curated``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import attrgetter

from knowledge import offices
from knowledge.answer import Inline, inline, strong
from knowledge.i18n import N_, _, current
from knowledge.i18n.curated import curated
from knowledge.offices import spanish_spelling
from knowledge.records.models import (
    Fact,
    Figure,
    Organisation,
    Person,
    Place,
    Programme,
    Publication,
    Release,
    Term,
    Topic,
)
from knowledge.search.index import Doc, Target
from knowledge.text import fold


def fmt_number(f: Figure) -> str:
    if current() != "en":
        return number_es(f)
    return _fmt_number(f.qualifier, f.as_written, f.unit, f.counts)


#: What ``fmt_number`` reads of a figure, read in C.
NUMBER_FIELDS = attrgetter("qualifier", "as_written", "unit", "counts")


def distinct_numbers(figures: Iterable[Figure]) -> list[str]:
    """``fmt_number`` of each figure, each distinct text once, in the order they come.

    Hundreds of figures of one measure give a few numbers between them: their fields are
    read in C and only each distinct (qualifier, number, unit, counts) is formatted."""
    fields = dict.fromkeys(map(NUMBER_FIELDS, figures))
    if current() != "en":
        return list(dict.fromkeys(_number_es(q, written) for q, written, _, _ in fields))
    return list(dict.fromkeys(_fmt_number(*f) for f in fields))


@lru_cache(maxsize=65536)
def _fmt_number(qualifier: str, as_written: str, unit: str, counts: str) -> str:
    qualifier = "" if qualifier == "exact" else f"{qualifier} "
    number = f"{qualifier}{as_written}"
    unit_words = fold(unit).split()
    if unit_words and unit_words[0] not in fold(counts).split()[:5]:
        number += f" {unit}"
    return number


# The qualifiers a figure can have (``Qualifier``), as the catalog says them.
QUALIFIERS = {
    "some": lambda: _("some"),
    "over": lambda: _("over"),
    "more than": lambda: _("more than"),
    "close to": lambda: _("close to"),
    "an estimated": lambda: _("an estimated"),
    "about": lambda: _("about"),
    "at least": lambda: _("at least"),
    "up to": lambda: _("up to"),
}


def number_es(f: Figure) -> str:
    """The number with its qualifier, in the current (non-English) language: what it
    counts follows as the curator wrote it, unit included (``counts_es``)."""
    return _number_es(f.qualifier, f.as_written)


def _number_es(qualifier: str, as_written: str) -> str:
    said = QUALIFIERS[qualifier]() if qualifier != "exact" else ""
    return f"{said} {as_written}" if said else as_written


def figure_line(f: Figure) -> Inline:
    """The number (strong), what it counts, its period and who gives it."""
    if current() != "en":
        return figure_line_es(f)
    number = fmt_number(f)
    joiner = ": " if number.endswith(f" {f.unit}") else " "
    parts: list[str] = [joiner, f.counts]
    if f.period and fold(f.period) not in fold(f.counts):
        parts.append(f", {f.period}")
    if f.attributed_to:
        parts.append(f" (according to {f.attributed_to})")
    return inline(strong(number), *parts)


def figure_line_es(f: Figure) -> Inline:
    """``figure_line`` from the curator's Spanish: the English wording of a missing field
    is given, marked."""
    if f.counts_es:
        counts = f.counts_es
    else:  # the English unit and counts, as the English line says them
        english = _fmt_number("exact", "", f.unit, f.counts).strip()
        counts = curated(f"{english}: {f.counts}" if english else f.counts, None)
    parts: list[str] = [" ", counts]
    if f.period and fold(f.period) not in fold(f.counts):
        parts.append(", " + period(f))
    if f.attributed_to:
        according = curated(f.attributed_to, f.attributed_to_es)
        parts.append(_(" (according to {source})").format(source=according))
    return inline(strong(number_es(f)), *parts)


def period(f: Figure) -> str:
    """The period in the current language: the curator's, else the catalog's for a common
    period ("each year"), else a year as printed, else the English, marked."""
    assert f.period is not None
    if f.period_es:
        return f.period_es
    said = _(f.period)  # a period the catalog knows (see ``COMMON_PERIODS``)
    if said != f.period or f.period.strip().isdigit():
        return said
    return curated(f.period, None)


def _common_periods() -> tuple[str, ...]:
    """Periods curators write over and over; the catalog translates them (listed here so
    that message extraction finds them)."""
    return (
        _("each year"),
        _("annually"),
        _("per year"),
        _("a year"),
        _("daily"),
        _("each day"),
        _("per day"),
        _("each month"),
        _("monthly"),
        _("each week"),
        _("weekly"),
    )


def doc_text(d: Doc) -> Inline:
    """A statement doc's text in the current language (English: the doc's own text)."""
    if current() == "en":
        return d.text
    obj = d.obj
    if isinstance(obj, Fact):
        return inline(curated(obj.statement, obj.statement_es))
    if isinstance(obj, Person):
        title = honorific(obj)
        title = f"{title} " if title else ""
        return inline(strong(title + obj.name), ", " + curated(obj.role, obj.role_es))
    if isinstance(obj, Programme | Term):
        return inline(strong(obj.name), ": " + curated(obj.description, obj.description_es))
    if isinstance(obj, Publication):
        return inline(strong(obj.title), ": " + curated(obj.description, obj.description_es))
    if isinstance(obj, Organisation) and obj.description:
        name = obj.name_es or obj.name_en
        return inline(strong(name), ": " + curated(obj.description, obj.description_es))
    return d.text


def title_of(release: Release) -> str:
    """A release's title in the language being written."""
    return curated(release.title, release.title_es)


def summary_of(release: Release) -> str:
    return curated(release.summary, release.summary_es)


def target_name(target: Target) -> str:
    """What a target is called in the language being written: a topic's or an
    organisation's Spanish name when it has one; a place's Spanish spelling; other names
    are names."""
    if current() == "en":
        return target.name
    obj = target.obj
    if isinstance(obj, Topic) and obj.label_es:
        return obj.label_es
    if isinstance(obj, Organisation) and obj.name_es and target.name == obj.name_en:
        return obj.name_es
    if isinstance(obj, Place):
        return spanish_spelling(obj.name, obj.aliases)
    if isinstance(obj, Release):  # "Para <title>, el contacto de prensa es …"
        return title_of(obj)
    return target.name


# Honorifics as printed before a name (``Person.title``), and their Spanish through the
# catalog: the feminine form is its own message, chosen by the curator's Spanish role
# ("la Directora General Adjunta": a woman) or by the English honorific itself (Ms.).
HONORIFICS = {
    "Mr.": (N_("Mr."), N_("Mr.")),
    "Mrs.": (N_("Mrs."), N_("Mrs.")),
    "Ms.": (N_("Ms."), N_("Ms.")),
    "Miss": (N_("Miss"), N_("Miss")),
    "Dr.": (N_("Dr."), N_("Dr. (a woman)")),
    "Ambassador": (N_("Ambassador"), N_("Ambassador (a woman)")),
    "Professor": (N_("Professor"), N_("Professor (a woman)")),
}
FEMININE_ROLE = re.compile(r"^(?:la|una)\b", re.I)


def honorific(person: Person) -> str:
    """The person's honorific in the language being written: as printed in English; in
    Spanish the catalog's ("Embajadora", "Sr."), or as printed when it is not a common
    one (a name, then, as the curator wrote it)."""
    title = person.title or ""
    if current() == "en" or title not in HONORIFICS:
        return title
    masculine, feminine = HONORIFICS[title]
    woman = bool(person.role_es and FEMININE_ROLE.match(person.role_es.strip()))
    return _(feminine if woman else masculine)


def spanish_names(targets: Mapping[str, Target]) -> dict[str, str]:
    """``offices.spanish_names`` of the records the targets stand for, in target order."""
    return offices.spanish_names(t.obj for t in targets.values())


def office_name(office: str, names: Mapping[str, str]) -> str:
    """An office as printed ("IOM Mexico"), in the language being written: in Spanish
    each name in it that ``spanish_names`` knows ("OIM México", "OIM Tapachula")."""
    if current() == "en":
        return office
    return offices.office_in_spanish(office, names)
