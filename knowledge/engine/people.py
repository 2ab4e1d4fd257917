"""Describing people the releases name (and press contacts), shared by who, what and search."""

from __future__ import annotations

from knowledge.answer import Answer, Inline, inline, join, strong
from knowledge.engine.core import Core, record
from knowledge.engine.phrasing import honorific
from knowledge.i18n import _, _n, current
from knowledge.i18n.curated import curated
from knowledge.i18n.phrase import fmt
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
            names.append(fmt(_("{name} is an IOM Mexico press contact"), name=strong(target.name)))
            continue
        name, also = person_line(core, target)
        names.append(name)
        bullets += also
        if len(rids) > 1:
            bullets.append(
                fmt(_n("Named in {n} release.", "Named in {n} releases.", len(rids)), n=len(rids))
            )
    if len(keys) == 1:
        lead = inline(names[0], ".")
    elif current() == "en":  # the label is the question's words, as the parser read them
        lead = fmt(
            _(
                "The releases name {n} people as {role}: {names}. The releases are undated, "
                "so they cannot say who holds the role now."
            ),
            n=len(keys),
            role=role_label or _("this"),
            names=join(names, "; "),
        )
    else:
        lead = fmt(
            _(
                "The releases name {n} people in this role: {names}. The releases are "
                "undated, so they cannot say who holds the role now."
            ),
            n=len(keys),
            names=join(names, "; "),
        )
    return core.answered(
        "who", lead, list(dict.fromkeys(bullets)), releases, disagreement=len(keys) > 1
    )


def person_line(core: Core, target: Target) -> tuple[Inline, list[Inline]]:
    """'*Name* is <first role> (<organisation>)', and a bullet for a different other role."""
    docs = [d for d in core.index.docs_by_target.get(target.key, []) if d.kind == "person"]
    by_role: dict[str, Person] = {}
    for d in docs:
        holder = record(d.obj, Person)
        by_role.setdefault(holder.role, holder)
    roles = list(by_role)
    first = role_of(by_role[roles[0]])  # as written (English: roles[0])
    person = record(target.obj, Person)
    org = org_name(core, person.organisation)
    title = honorific(person)
    title = f"{title} " if title else ""
    acronym = org.rsplit(", ", 1)[-1] if org else ""
    named_in_role = org and (
        fold(org.split(",")[0]) in fold(first)
        or fold(acronym).split()[0:1] == fold(first).split()[0:1]
        or f" {fold(acronym)} " in f" {fold(first)} "
    )
    name = inline(
        fmt(_("{name} is {role}"), name=strong(title + person.name), role=first),
        "" if not org or named_in_role else f" ({org})",
    )
    said = fold(roles[0]).removeprefix("the ")  # the first other role that says otherwise
    other = next((r for r in roles[1:] if fold(r).removeprefix("the ") != said), None)
    also = [role_of(by_role[other])] if other is not None else []
    return name, [fmt(_("Also described as: {role}"), role=r) for r in also]


def role_of(person: Person) -> str:
    """The person's role in the language being written."""
    return curated(person.role, person.role_es)


def org_name(core: Core, org_id: str | None) -> str | None:
    if not org_id or f"org:{org_id}" not in core.index.targets:
        return None
    org = record(core.t(f"org:{org_id}").obj, Organisation)
    name = org.name_es if current() == "es" and org.name_es else org.name_en
    return f"{name}" + (f", {acronym_of(org)}" if org.acronym else "")


def acronym_of(org: Organisation) -> str:
    """The acronym; in Spanish, a Spanish one the curator listed among the aliases (IOM is
    OIM): an all-capitals alias of the acronym's length."""
    acronym = org.acronym or ""
    if current() == "es":
        for alias in org.aliases:
            if alias.isupper() and len(alias) == len(acronym) and alias != acronym:
                return alias
    return acronym
