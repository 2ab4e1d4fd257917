"""Figures: measures ranked for a question, the answer one measure gives, and every
figure when the releases disagree. Shared by the facts and what intents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter, itemgetter

from knowledge.answer import Answer, Inline, Point, capitalise, em, inline, join, sentence
from knowledge.engine.core import MAX_BULLETS, Core, figure_of
from knowledge.engine.phrasing import distinct_numbers, figure_line, title_of
from knowledge.i18n import _, _n
from knowledge.i18n.curated import quoted
from knowledge.i18n.phrase import fmt
from knowledge.search.candidates import candidate_mask
from knowledge.search.figure_bits import Group, bits_of, split
from knowledge.search.index import Doc
from knowledge.search.lexicon import GENERIC_WORDS
from knowledge.search.query import Query
from knowledge.text import fold, stem

# "how far" asks for a distance, "what percentage" for a share: words of the unit
UNIT_HINTS = {
    "far": "kilometer",
    "distance": "kilometer",
    "long": "kilometer",
    "percentage": "cent",
    "percent": "cent",
    "share": "cent",
    "proportion": "cent",
    "distancia": "kilometer",
    "lejos": "kilometer",
    "porcentaje": "cent",
    "proporcion": "cent",
}


def candidates(core: Core, strong: list[str], wanted: set[str]) -> int:
    """The figure docs (as ``FigureBits``) worth scoring: about a named target, or, with
    no names, sharing a word with the question."""
    bits, figures = core.figure_bits, core.figures
    if strong:
        lists = [figures.by_target.get(k, []) for k in strong]
        masks = [bits.of_list("target", k, docs) for k, docs in zip(strong, lists, strict=True)]
        return candidate_mask(masks, [len(d) for d in lists])
    docs = 0
    for w in wanted:
        docs |= bits.of_list("word", w, figures.postings.get(w, []))
    return docs


def score_figures(core: Core, q: Query, strong: list[str]) -> list[tuple[float, str]]:
    """Measures ranked by how well their figures fit the question."""
    wanted = {q.term(w) for w in q.content if w not in GENERIC_WORDS}  # "mexico" says nothing
    raw_words = set(fold(q.raw).split())
    units = {stem(unit) for word, unit in UNIT_HINTS.items() if word in raw_words}
    wanted |= units
    strong_set, keys = set(strong), set(q.keys)
    bits = core.figure_bits
    docs = candidates(core, strong, wanted)
    # What the question asks beyond the names (digits and question words aside): a
    # figure about the names that has none of it answers something else.
    left = {w for w in q.left_over if not w.isdigit()} - {stem(w) for w in UNIT_HINTS}
    places = {k for k in strong if core.t(k).kind == "place"}
    need = 1 if q.fact_question and not q.unknown else 2  # shared words, with no names
    # Fields fixed at build (settle_doc), as bits of every figure doc (FigureBits): the
    # candidates that cannot answer are dropped, then each part of the score splits the
    # rest into groups that score alike.
    if strong:
        docs &= bits.targets.any_of(strong_set)
        if left:
            docs &= bits.words.any_of(left)
    if units:
        docs &= bits.words.any_of(units)  # "how far" wants a distance, not a head count
    if places:
        docs &= bits.about.any_of(places)  # "in Veracruz": not a figure about elsewhere
    groups: list[Group] = [(docs, 0.0, 0)] if docs else []
    for k in strong_set:
        groups = split(groups, bits.targets.mask(k), 3.0)
    for w in wanted:
        groups = split(groups, bits.words.mask(w), 1.0, shared=1)
    for k in keys:
        groups = split(groups, bits.targets.mask(k), 0.5)
    if "year" in q.words:
        groups = split(groups, bits.yearly, 1.0)  # "each year": a yearly figure
    if q.years:
        groups = split(groups, bits.years.any_of(q.years), 3.0)  # "in 2014": of that year
    # the figure is chiefly about what was asked
    groups = split(groups, bits.lead.any_of(strong_set), 1.0)
    # The question's own word forms: "traffickers" is not "trafficking", though the two
    # share a stem.
    for w in raw_words:
        groups = split(groups, bits.forms.mask(w), 1.0)
    per_measure: dict[str, float] = {}
    measures = bits.measures
    for members, score, shared in sorted(groups, key=itemgetter(1), reverse=True):
        if not strong and shared < need:
            continue
        for i in bits_of(members):  # best group first: a measure's first score is its best
            per_measure.setdefault(measures[i], score)
    # How widely a measure is cited only breaks ties: a group of releases giving one
    # measure must not outrank a figure that fits the question better.
    spread = core.figures.spread
    return sorted(
        ((s, m) for m, s in per_measure.items() if s + spread[m] >= 2),
        key=lambda sm: (sm[0], spread[sm[1]], sm[1]),
        reverse=True,
    )


def other_years(q: Query, docs: list[Doc]) -> Inline:
    """What to say before a figure that is not of the year asked about."""
    asked = _(" or ").join(sorted(q.years))
    given = sorted(set().union(*(d.years for d in docs)))
    if given:
        template = _("The releases give no figure for {asked}, only for {given}: ")
        return fmt(template, asked=asked, given=", ".join(given))
    return fmt(_("The releases give no figure for {asked} in particular; they say: "), asked=asked)


def release_order(core: Core, keys: list[str]) -> Callable[[Doc], tuple[float, int, str]]:
    """Docs in the order of ``core.ranked_releases(keys)`` (releases it does not rank
    last, by doc key), scored per doc instead of ranking every release of the keys."""
    weights = [core.t(k).releases for k in keys]
    order = core.release_order

    def key(d: Doc) -> tuple[float, int, str]:
        rid, score = d.release_id, 0.0
        for weight in weights:  # a loop, not sum(): called once per doc of a measure
            score += weight.get(rid, 0.0)
        return (-score, order[rid] if score else 0, d.key)

    return key


RELEASE_ID, VALUE = attrgetter("release_id"), attrgetter("value")
OBJ = attrgetter("obj")


def figure_answer_if(
    core: Core, q: Query, keys: list[str], keep: Callable[[Doc], bool]
) -> Answer | None:
    """The figure answer to ``q`` read as a "how many" question about ``keys``, among the
    measures that have a figure ``keep`` accepts; None if none has."""
    asked = replace(q, fact_question=True)
    scored = [
        (score, measure)
        for score, measure in score_figures(core, asked, keys)
        if any(keep(d) for d in core.index.figures_by_measure[measure])
    ]
    return figure_answer(core, asked, scored) if scored else None


def figure_answer(core: Core, q: Query, scored: list[tuple[float, str]]) -> Answer:
    measure = scored[0][1]
    docs = core.index.figures_by_measure[measure]
    caveat: Inline = ()
    if q.years:  # a year asked for selects the figures of that year, or is said missing
        of_year = [d for d in docs if q.years & d.years]
        if of_year:
            docs = of_year
        else:
            caveat = other_years(q, docs)
    docs = sorted(docs, key=release_order(core, core.strong_keys(q)))
    values = list(dict.fromkeys(map(VALUE, docs)))  # fixed at build (settle_doc)
    releases = list(map(RELEASE_ID, docs))
    if len(values) > 1:
        answer = disagreement(core, docs, values, releases)
        return answer.model_copy(update={"lead": inline(*caveat, *answer.lead)})
    lead = inline(*caveat, *sentence(figure_line(figure_of(docs[0]))))
    bullets = [
        Point(
            text=inline(quoted(figure_of(d).quote, figure_of(d).quote_es)),
            release_id=d.release_id,
            figure=figure_of(d),
            quote=figure_of(d).quote,
        )
        for d in docs[:1]
    ]
    if len(docs) > 1:
        same = _n(
            "{n} release gives the same figure.", "{n} releases give the same figure.", len(docs)
        )
        bullets.append(Point(text=fmt(same, n=len(docs))))
    if not q.fact_question:  # "facts kidnapping": an overview, not one number
        for _, other in scored[1:MAX_BULLETS]:
            d = core.index.figures_by_measure[other][0]
            line = capitalise(figure_line(figure_of(d)))
            bullets.append(Point(text=line, release_id=d.release_id, figure=figure_of(d)))
            releases.append(d.release_id)
    return core.answered("facts", lead, bullets, releases, contacts=core.contacts_for(releases[:1]))


MAX_TITLES = 3  # release titles named for one figure of a disagreement
MAX_FIGURES = 6  # distinct figures shown in a disagreement


def source_titles(core: Core, ids: list[str]) -> Inline:
    """The titles of the releases giving one figure (``ids``, each once), at most
    ``MAX_TITLES`` of them: at thousands of releases one widely cited figure would
    otherwise name them all."""
    titles: list[Inline] = [
        inline(em(title_of(core.corpus.release(rid)))) for rid in ids[:MAX_TITLES]
    ]
    more = len(ids) - MAX_TITLES
    tail = (
        fmt(_n(" and {n} more release", " and {n} more releases", more), n=more)
        if more > 0
        else inline()
    )
    return inline(*join(titles, "; "), *tail)


def disagreement(core: Core, docs: list[Doc], values: list[float], releases: list[str]) -> Answer:
    """Every figure the releases give for one measure, each with its sources."""
    groups: dict[float, list[Doc]] = defaultdict(list)
    for d in docs:
        groups[d.value].append(d)
    bullets: list[Point] = []
    numbers: list[str] = []
    ordered = sorted(groups)
    for value in ordered[:MAX_FIGURES]:  # only the figures shown are written out
        group = groups[value]  # hundreds of docs at thousands of releases: map, in C
        numbers.append(" / ".join(distinct_numbers(map(OBJ, group))))
        ids = list(dict.fromkeys(map(RELEASE_ID, group)))
        line = inline(
            capitalise(figure_line(figure_of(group[0]))),
            _n(". Source: ", ". Source: ", len(ids)),
            *source_titles(core, ids),
        )
        bullets.append(Point(text=line, release_id=group[0].release_id, figure=figure_of(group[0])))
    if len(ordered) > MAX_FIGURES:
        listed = _("{listed} and {n} more").format(
            listed=", ".join(numbers), n=len(ordered) - MAX_FIGURES
        )
    else:
        listed = _("{listed} and {last}").format(listed=", ".join(numbers[:-1]), last=numbers[-1])
    lead = fmt(
        _("The releases disagree: they give {n} different figures for this: {listed}."),
        n=len(values),
        listed=listed,
    )
    answer = core.answered(
        "facts", lead, [], releases, disagreement=True, contacts=core.contacts_for(releases)
    )
    return answer.model_copy(update={"bullets": bullets, "total": len(ordered)})
