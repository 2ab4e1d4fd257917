"""Checks on validated records, each returning one line per problem: pydantic errors as a
curator reads them, references, quotes found in their source, entities that agree."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from knowledge.records.models import (
    TODO_RE,
    Fact,
    Organisation,
    Person,
    Place,
    Programme,
    Publication,
    Release,
    Term,
)
from knowledge.text import squash


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


_MESSAGES = {
    "missing": "missing (this field is required)",
    "extra_forbidden": "unknown field (check its spelling)",
}


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    msg = str(error["msg"])
    if kind == "value_error" and "email" in msg:
        return "not a valid email address"
    return msg.removeprefix("Value error, ")


def validation_lines(name: str, exc: ValidationError) -> list[str]:
    """Turn a pydantic error into lines a press officer can act on."""
    lines = []
    for error in exc.errors():
        loc = error["loc"]
        # pydantic puts the failing member of a Literal/union into the loc; drop noise
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        lines.append(f"{name}: {_loc(loc)}: {_message(error)}")
    return lines


def shown(text: str) -> str:
    return text if text.isprintable() else repr(text)


def iter_quotes(model: BaseModel, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (field path, quote) in a record, however deep."""
    return iter_field(model, "quote", True, path)


def iter_field(
    model: BaseModel, name: str, singles: bool, path: str = ""
) -> Iterator[tuple[str, str]]:
    """Every (field path, text) of the string field ``name`` in a record: in lists of
    records however deep, and with ``singles`` in records held directly too
    (``walk_plan`` says which fields to look at)."""
    for field_name, visit in walk_plan(type(model), name, singles):
        value = getattr(model, field_name)
        here = f"{path}.{field_name}" if path else field_name
        if visit == "here":
            if isinstance(value, str):
                yield here, value
        elif singles and isinstance(value, BaseModel):
            yield from iter_field(value, name, singles, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_field(item, name, singles, f"{here}[{i}]")


Visit = Literal["here", "nested"]


@cache
def walk_plan(kind: type, name: str, singles: bool) -> tuple[tuple[str, Visit], ...]:
    """The fields of record type ``kind`` that a walk for the field ``name`` must look at,
    in their order: ``name`` itself ("here"), and each field whose declared type may hold
    a record that has it ("nested": in a list, or, with ``singles``, directly).

    Every load walks every record of every release for its quotes, twice (English and
    Spanish), and most fields (ids, names, numbers, lists of strings) can hold none: at
    5,000 releases the walk over every field was most of a second. A field whose type
    says nothing usable (``Any``, a plain ``list``) is looked at, as before."""
    return _plan(kind, name, singles, frozenset({kind}))


def _plan(
    kind: type, name: str, singles: bool, seen: frozenset[type]
) -> tuple[tuple[str, Visit], ...]:
    plan: list[tuple[str, Visit]] = []
    for field_name, info in getattr(kind, "model_fields", {}).items():
        if field_name == name:
            plan.append((field_name, "here"))
        elif _may_hold(info.annotation, name, singles, True, seen):
            plan.append((field_name, "nested"))
    return tuple(plan)


def _may_hold(annotation: Any, name: str, singles: bool, top: bool, seen: frozenset[type]) -> bool:
    """Whether a value declared ``annotation`` may be (``singles``, at the top) or contain
    (in a list) a record with a field ``name`` somewhere inside it. A record type that
    holds itself (``seen``) is looked at."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if not (singles or not top):
            return False
        return annotation in seen or bool(_plan(annotation, name, singles, seen | {annotation}))
    origin = get_origin(annotation)
    if origin is None:
        return annotation is Any or annotation in (list, object)
    args = get_args(annotation)
    if origin is list:
        return not args or _may_hold(args[0], name, singles, False, seen)
    if origin is Annotated:
        return _may_hold(args[0], name, singles, top, seen)
    if origin in (Union, UnionType):
        return any(_may_hold(a, name, singles, top, seen) for a in args)
    # a literal, a dict or a tuple: records hold none of their quotes there
    return not (origin is Literal or isinstance(origin, type) and not issubclass(origin, list))


def marked_todo(data: Any) -> bool:
    """Whether any string in ``data`` is marked TODO. Walks without building the paths
    ``iter_strings`` names (a path string per value, for every value of every file, cost
    more than the YAML parse at thousands of releases); those are built only to report."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "TODO" in item and TODO_RE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def iter_strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield path or "(top level)", data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from iter_strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_strings(value, f"{path}[{i}]")


def check_references(name: str, release: Release, topic_ids: set[str]) -> list[str]:
    """Every id a release refers to is declared: in the release, or a topic in the vocabulary."""
    return (
        entity_reference_problems(name, release)
        + topic_reference_problems(name, release, topic_ids)
        + duplicate_id_problems(name, release)
    )


def entity_reference_problems(name: str, release: Release) -> list[str]:
    problems: list[str] = []
    orgs = {o.id for o in release.organisations}
    places = {p.id for p in release.places}

    def ref(where: str, value: str | None, known: set[str], what: str, section: str) -> None:
        if value is not None and value not in known:
            problems.append(
                f"{name}: {where}: unknown {what} {value!r} (declare it under {section}:)"
            )

    people = {p.id for p in release.people}
    for i, fact in enumerate(release.facts):
        ref(f"facts[{i}].said_by", fact.said_by, people, "person", "people")
    for i, person in enumerate(release.people):
        ref(f"people[{i}].organisation", person.organisation, orgs, "organisation", "organisations")
    owned: list[tuple[str, Sequence[Programme | Publication]]] = [
        ("programmes", release.programmes),
        ("publications", release.publications),
    ]
    for section, items in owned:
        for i, item in enumerate(items):
            ref(
                f"{section}[{i}].organisation",
                item.organisation,
                orgs,
                "organisation",
                "organisations",
            )
    for i, fig in enumerate(release.figures):
        ref(f"figures[{i}].place", fig.place, places, "place", "places")
        ref(
            f"figures[{i}].attributed_org",
            fig.attributed_org,
            orgs,
            "organisation",
            "organisations",
        )
    return problems


def topic_reference_problems(name: str, release: Release, topic_ids: set[str]) -> list[str]:
    topic_refs = [("topics", t) for t in release.topics]
    topic_refs += [
        (f"figures[{i}].topics", t) for i, f in enumerate(release.figures) for t in f.topics
    ]
    topic_refs += [(f"facts[{i}].topics", t) for i, f in enumerate(release.facts) for t in f.topics]
    return [
        f"{name}: {where}: unknown topic {topic!r} (add it to vocabulary.yaml)"
        for where, topic in topic_refs
        if topic not in topic_ids
    ]


def duplicate_id_problems(name: str, release: Release) -> list[str]:
    problems: list[str] = []
    for section, items in identified_sections(release):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(f"{name}: {section}[{i}].id: duplicate id {item.id!r}")
            seen.add(item.id)
    return problems


Identified = Place | Organisation | Person | Programme | Publication | Term | Fact


def identified_sections(release: Release) -> list[tuple[str, Sequence[Identified]]]:
    """The sections whose items carry an id, in the order problems are reported."""
    return [
        ("places", release.places),
        ("organisations", release.organisations),
        ("people", release.people),
        ("programmes", release.programmes),
        ("publications", release.publications),
        ("terms", release.terms),
        ("facts", release.facts),
    ]


def check_quotes(name: str, release: Release, source_name: str, source: str) -> list[str]:
    haystack = squash(source)
    return [
        f"{name}: {where}: quote not found in {source_name}: {quote[:60]!r}"
        for where, quote in iter_quotes(release)
        if squash(quote) not in haystack
    ]


def check_entity_agreement(releases: list[Release], files_by_id: dict[str, str]) -> list[str]:
    """The same entity id in two releases must name the same thing."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    problems = []
    for release in releases:
        for section, field in (
            ("places", "name"),
            ("organisations", "name_en"),
            ("people", "name"),
            ("programmes", "name"),
            ("publications", "title"),
            ("terms", "name"),
        ):
            for i, item in enumerate(getattr(release, section)):
                value = getattr(item, field)
                key = (section, item.id)
                if key in seen and seen[key][0] != value:
                    problems.append(
                        f"{files_by_id[release.id]}: {section}[{i}].{field}: {value!r} differs "
                        f"from {seen[key][0]!r} for the same id in {seen[key][1]}"
                    )
                seen.setdefault(key, (value, files_by_id[release.id]))
    return problems
