"""Describing people the releases name (and press contacts), shared by who, what and search."""

from __future__ import annotations

from knowledge.answer import Answer, Inline, inline, join, strong
from knowledge.engine.core import Core, record
from knowledge.records.models import Organisation, Person
from knowledge.search.index import Target
from knowledge.text import fold


def describe_people(core: Core, keys: list[str], role_label: str | None) -> Answer:
    bullets: list[Inline] = []
    releases: list[str] = []
    names: list[Inline] = []
    for key in keys:
        target = core.t(key)
        rids = core.ranked_releases([key])
        releases += rids
        if target.kind == "contact":
            names.append(inline(strong(target.name), " is an IOM Mexico press contact"))
            continue
        name, also = person_line(core, target)
        names.append(name)
        bullets += also
        if len(rids) > 1:
            bullets.append(inline(f"Named in {len(rids)} releases."))
    if len(keys) == 1:
        lead = inline(names[0], ".")
    else:
        lead = inline(
            f"The releases name {len(keys)} people as {role_label or 'this'}: ",
            join(names, "; "),
            ". The releases are undated, so they cannot say who holds the role now.",
        )
    return core.answered(
        "who", lead, list(dict.fromkeys(bullets)), releases, disagreement=len(keys) > 1
    )


def person_line(core: Core, target: Target) -> tuple[Inline, list[Inline]]:
    """'*Name* is <first role> (<organisation>)', and a bullet for a different other role."""
    docs = [d for d in core.index.docs_by_target.get(target.key, []) if d.kind == "person"]
    roles = list(dict.fromkeys(record(d.obj, Person).role for d in docs))
    person = record(target.obj, Person)
    org = org_name(core, person.organisation)
    title = f"{person.title} " if person.title else ""
    acronym = org.rsplit(", ", 1)[-1] if org else ""
    named_in_role = org and (
        fold(org.split(",")[0]) in fold(roles[0])
        or fold(acronym).split()[0:1] == fold(roles[0]).split()[0:1]
        or f" {fold(acronym)} " in f" {fold(roles[0])} "
    )
    name = inline(
        strong(title + person.name),
        f" is {roles[0]}",
        "" if not org or named_in_role else f" ({org})",
    )
    others = [
        r for r in roles[1:] if fold(r).removeprefix("the ") != fold(roles[0]).removeprefix("the ")
    ]
    return name, [inline(f"Also described as: {r}") for r in others[:1]]


def org_name(core: Core, org_id: str | None) -> str | None:
    if not org_id or f"org:{org_id}" not in core.index.targets:
        return None
    org = record(core.t(f"org:{org_id}").obj, Organisation)
    return f"{org.name_en}" + (f", {org.acronym}" if org.acronym else "")
