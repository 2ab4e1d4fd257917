"""what: a programme, organisation, publication, term, place, topic or release."""

from __future__ import annotations

from knowledge.answer import Answer, Inline, inline, sentence, strong
from knowledge.engine.core import Core, distinct, point, record
from knowledge.engine.figures import figure_answer_if
from knowledge.engine.people import acronym_of, describe_people
from knowledge.engine.phrasing import doc_text, target_name
from knowledge.engine.releases import on_releases
from knowledge.engine.topics import topic_facts
from knowledge.i18n import _, current
from knowledge.i18n.curated import curated
from knowledge.i18n.phrase import fmt
from knowledge.records.models import Organisation, Place, Programme, Publication, Term
from knowledge.search.index import Doc, Target
from knowledge.search.query import Query
from knowledge.text import fold, stem

LOCATIVE = frozenset({"in", "at", "en"})
# What a place in "what is X in <place>" can qualify.
NAMED = frozenset({"programme", "publication", "term", "org", "person", "contact"})
# Words that ask for the description itself: "what is X's role" is "what is X".
DESCRIBING = frozenset(
    "role roles purpose aim aims goal goals function mandate job work works doing do does "
    "papel funcion objetivo".split()
)

# Which target a "what is" question means when its words name several.
KIND_ORDER = {
    "programme": 0,
    "publication": 1,
    "term": 2,
    "org": 3,
    "person": 4,
    "contact": 5,
    "place": 6,
    "topic": 7,
    "release": 8,
}


def on_what(core: Core, q: Query) -> Answer | None:
    if core.out_of_scope(q) or not q.keys:
        return None
    covered = q.covered
    if len(covered) * 2 < len([i for i, w in enumerate(q.words) if w in q.content]):
        return None
    keys = core.strong_keys(q) or q.keys
    named = [k for k in keys if core.t(k).kind in NAMED and k not in qualifiers(core, q)]
    subjects = named if named and len(named) < len(keys) else keys
    key = min(subjects, key=lambda k: (-span(core, q, k), KIND_ORDER[core.t(k).kind]))
    target = core.t(key)
    measured = measure_of(core, q, key)
    if measured is not None:
        return measured
    if not covers(core, q, key):
        return None  # "what is the population of X": X's description does not say
    if target.kind in ("person", "contact"):
        return describe_people(core, [key], None)
    if target.kind == "topic":
        return topic_facts(core, [key], q)
    if target.kind == "release":
        return on_releases(core, q)
    if target.kind == "place":
        return describe_place(core, target)
    return describe_thing(core, target)


def qualifiers(core: Core, q: Query) -> set[str]:
    """Places that qualify the subject ("CAM in Ciudad Juárez"), not the subject."""
    return {
        m.key
        for m in q.matches
        if m.start > 0 and q.words[m.start - 1] in LOCATIVE and core.t(m.key).kind == "place"
    }


def covers(core: Core, q: Query, key: str) -> bool:
    """Whether what is known of the target has the words the question adds to its name:
    an answer must cover the question's content, not only its subject."""
    left = q.left_over - {stem(w) for w in DESCRIBING}
    if not left:
        return True
    docs = core.index.docs_by_target.get(key, [])
    return any(left & d.words for d in docs)


def measure_of(core: Core, q: Query, key: str) -> Answer | None:
    """'What is the budget of the X project': the words the name leaves over ask for a
    measure of X; a figure about X that has them answers, not X's description."""
    left = q.left_over
    if not left:
        return None
    return figure_answer_if(core, q, [key], lambda d: key in d.targets and bool(left & d.words))


def span(core: Core, q: Query, key: str) -> int:
    return max(m.end - m.start for m in q.matches if m.key == key)


def describe_thing(core: Core, target: Target) -> Answer | None:
    docs = [
        d
        for d in core.index.docs_by_target.get(target.key, [])
        if d.kind in ("programme", "publication", "term", "org")
        and f"{d.kind}:" in target.key
        and target.key.endswith(d.key.split(":")[-1])
    ]
    related_by_obj: dict[str, Doc] = {}
    own = {id(d) for d in docs}  # by identity: comparing docs field by field is quadratic
    for d in core.index.docs_by_target.get(target.key, []):
        if id(d) not in own and d.kind in ("programme", "publication", "person", "term"):
            related_by_obj.setdefault(f"{d.kind}:{getattr(d.obj, 'id', d.key)}", d)
    related = list(related_by_obj.values())
    releases = core.ranked_releases([target.key])
    if target.kind == "org":
        org = record(target.obj, Organisation)
        lead = org_lead(org)
        if docs:
            lead = inline(lead, " ", sentence(inline(description_of(docs[0]))))
        bullets = [point(d) for d in related]
    elif docs:
        lead = sentence(doc_text(docs[0]))
        bullets = [point(d) for d in docs[1:] if doc_text(d) != lead] + [point(d) for d in related]
    else:
        return None
    return core.answered("what", lead, distinct(bullets), releases)


def org_lead(org: Organisation) -> Inline:
    """'*INM* is the National Migration Institute (Instituto Nacional de Migración).': in
    Spanish the Spanish name leads and the English one follows."""
    first, second = org.name_en, org.name_es
    if current() == "es" and org.name_es:
        first, second = org.name_es, org.name_en
    same = second and fold(second) == fold(first)
    other = f" ({second})" if second and not same else ""
    if org.acronym:
        return fmt(
            _("{acronym} is the {name}{other}."),
            acronym=strong(acronym_of(org)),
            name=first,
            other=other,
        )
    return inline(strong(first), f"{other}.")


PLACE_KINDS = {
    "country": lambda: _("a country"),
    "state": lambda: _("a state"),
    "city": lambda: _("a city"),
    "town": lambda: _("a town"),
    "region": lambda: _("a region"),
    "border": lambda: _("a border"),
    "continent": lambda: _("a continent"),
}


def describe_place(core: Core, target: Target) -> Answer:
    place = record(target.obj, Place)
    parts = [x for x in (place.state, place.country) if x and x != place.name]
    where = ", ".join(spelled(core, x) for x in parts)
    template = _("{place} is {kind} in {where}.") if where else _("{place} is {kind}.")
    kind = PLACE_KINDS[place.kind]()
    lead = fmt(template, place=strong(target_name(target)), kind=kind, where=where)
    docs = core.index.docs_by_target.get(target.key, [])
    releases = core.ranked_releases([target.key])
    return core.answered("what", lead, distinct([point(d) for d in docs]), releases)


def spelled(core: Core, name: str) -> str:
    """A state's or country's name as the language being written spells it (English: as
    curated), from the place the knowledge has under that name."""
    if current() == "en":
        return name
    for key in core.index.aliases.get(fold(name), ()):
        if core.t(key).kind == "place":
            return target_name(core.t(key))
    return name


def description_of(d: Doc) -> str:
    """The description a programme, publication, term or organisation doc was built from."""
    described = (Programme, Publication, Term, Organisation)
    if isinstance(d.obj, described) and d.obj.description is not None:
        return curated(d.obj.description, d.obj.description_es)
    raise TypeError(f"{d.key} has no description")
