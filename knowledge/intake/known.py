"""What the knowledge base already knows (entities, roles, measures, topics, ids) and
where the page names those entities, matched accent- and punctuation-insensitively.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from knowledge.intake.common import TODO
from knowledge.records.models import Release, Vocabulary
from knowledge.text import content_words, fold, strip_accents

SECTIONS = ("places", "organisations", "people", "programmes", "publications", "terms")
_NAME_FIELD = {
    "places": "name",
    "organisations": "name_en",
    "people": "name",
    "programmes": "name",
    "publications": "title",
    "terms": "name",
}


@dataclass
class KnownFigure:
    """A measure another release uses, with the words that describe it (to recognise it again)."""

    measure: str
    unit: str
    words: set[str]
    release_id: str
    counts: str = ""  # what it counts and its period: a reused key must agree on both
    period: str | None = None


@dataclass
class Known:
    """What intake reuses from a knowledge directory: entities, measures, topics, ids."""

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)  # section -> id -> model
    roles: dict[str, set[str]] = field(default_factory=dict)  # person id -> folded roles
    figures: list[KnownFigure] = field(default_factory=list)
    topics: list[tuple[str, list[str]]] = field(default_factory=list)  # id, aliases
    release_ids: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # folded title -> release id

    @classmethod
    def from_releases(cls, vocabulary: Vocabulary | None, releases: Iterable[Release]) -> Known:
        known = cls()
        if vocabulary is not None:
            known.topics = [(t.id, [t.label, *t.aliases]) for t in vocabulary.topics]
        for release in releases:
            known.release_ids.add(release.id)
            known.titles[fold(release.title)] = release.id
            for section in SECTIONS:
                for item in getattr(release, section):
                    known.entities.setdefault(section, {}).setdefault(item.id, item)
            for person in release.people:
                known.roles.setdefault(person.id, set()).add(fold(person.role))
            for f in release.figures:
                words = content_words(" ".join([f.measure.replace("-", " "), f.counts]))
                known.figures.append(
                    KnownFigure(f.measure, f.unit, words, release.id, f.counts, f.period)
                )
        return known

    @cached_property
    def topic_keys(self) -> list[tuple[str, list[str]]]:
        return [(t, [k for a in aliases if (k := fold(a))]) for t, aliases in self.topics]

    @property
    def measures(self) -> set[str]:
        return {f.measure for f in self.figures}


@dataclass
class FoldedView:
    """The page text folded for matching (accents, apostrophes), mapped back to offsets."""

    lower: str
    cased: str
    index: list[int]

    @classmethod
    def of(cls, text: str) -> FoldedView:
        lower: list[str] = []
        cased: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            if ch.isascii():
                pieces = ch if ch.isalnum() else " "
            else:
                pieces = strip_accents(ch) or " "
                pieces = "".join(c if c.isalnum() else " " for c in pieces)
            for c in pieces:
                if c == " " and cased and cased[-1] == " ":
                    continue
                cased.append(c)
                lower.append(c.casefold() if len(c.casefold()) == 1 else c.lower())
                index.append(i)
        index.append(len(text))
        return cls("".join(lower), "".join(cased), index)

    def find(self, alias: str, case_sensitive: bool) -> Iterator[tuple[int, int]]:
        key = " ".join("".join(c if c.isalnum() else " " for c in strip_accents(alias)).split())
        if not key:
            return
        if case_sensitive:
            first = re.escape(key[0])
            pattern = rf"(?<![0-9A-Za-z])(?:{first.upper()}|{first.lower()}){re.escape(key[1:])}(?![0-9A-Za-z])"
            haystack = self.cased
        else:
            pattern = rf"(?<![0-9a-z]){re.escape(key.casefold())}(?![0-9a-z])"
            haystack = self.lower
        for m in re.finditer(pattern, haystack):
            yield self.index[m.start()], self.index[m.end() - 1] + 1


@dataclass
class Match:
    """A known entity named on the page, and where (offsets in Page.text)."""

    section: str
    item: Any
    start: int
    end: int


def entity_aliases(section: str, item: Any) -> list[tuple[str, bool]]:
    """(alias, case_sensitive) pairs an entity is recognised by."""
    names = [getattr(item, _NAME_FIELD[section])]
    if section == "organisations":
        names += [n for n in (item.acronym, item.name_es) if n]
    if section == "places" and item.name.startswith("Mexico's "):
        names.append(item.name.removeprefix("Mexico's "))
    names += list(item.aliases)
    out = []
    for alias in names:
        if not alias or len(alias) < 2:
            continue
        if any(c.isupper() for c in alias):
            out.append((alias, True))
        elif section == "places":
            out.append((alias, False))  # "southern border", "frontera sur"
    return out


def match_known(
    view: FoldedView,
    known: Known,
    body: list[tuple[int, int]],
    title: tuple[int, int] | None,
    text: str = "",
) -> tuple[list[Match], list[tuple[int, int]]]:
    """Known entities the page names: the first mention of each (in the body, else the
    title), and every span where any known name occurs (so it is not proposed as new)."""
    matches = []
    everywhere: list[tuple[int, int]] = []
    body = sorted(body)
    starts = [s for s, _ in body]

    def in_body(a: int, b: int) -> bool:
        k = bisect.bisect_right(starts, a) - 1
        return k >= 0 and b <= body[k][1]

    for section in SECTIONS:
        for item in known.entities.get(section, {}).values():
            best: tuple[int, int] | None = None
            in_title: tuple[int, int] | None = None
            for alias, case_sensitive in entity_aliases(section, item):
                for a, b in view.find(alias, case_sensitive):
                    if alias.isupper() and len(alias) <= 3 and text[b : b + 1] == "$":
                        continue  # US$ is a currency, not the United States
                    everywhere.append((a, b))
                    if in_body(a, b) and (best is None or a < best[0]):
                        best = (a, b)
                    elif title and title[0] <= a and b <= title[1] and in_title is None:
                        in_title = (a, b)
            span = best or in_title
            if span:
                matches.append(Match(section, item, *span))
    return matches, everywhere


def entity_record(section: str, item: Any, quote: str) -> dict[str, Any]:
    """A known entity's identity fields, with the quote from the new page."""
    data = item.model_dump(exclude_defaults=True, exclude={"quote"})
    if section == "organisations":
        data.pop("description", None)  # describes what it did in another release
    elif data.get("description"):  # required for these: what another release said of it
        data["description"] = (
            f"{TODO}{data['description']} (copied from another release: keep what this "
            "page supports)"
        )
    data["quote"] = quote
    return data


def known_org_in(text: str, known: Known, org_ids: set[str]) -> str | None:
    """The known organisation (of those the page names) a role or an attribution mentions; IOM only
    when no other one is named."""
    if not text:
        return None
    sub = FoldedView.of(text)
    for org_id in org_ids:
        item = known.entities["organisations"][org_id]
        for alias, cs in entity_aliases("organisations", item):
            if next(sub.find(alias, cs), None) is not None and org_id != "iom":
                return org_id
    if "iom" in org_ids and re.search(r"\b(IOM|OIM)\b", text):
        return "iom"
    return None
