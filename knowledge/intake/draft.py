"""The draft: every stage run over the page, and what they found turned into a dict
shaped like ``models.Release`` plus its YAML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from knowledge.intake.common import TODO, IntakeError, word_set
from knowledge.intake.contacts import find_contacts, title_case
from knowledge.intake.figures import FoundFigure, find_figures
from knowledge.intake.known import (
    SECTIONS,
    FoldedView,
    Known,
    Match,
    entity_aliases,
    entity_record,
    known_org_in,
    match_known,
)
from knowledge.intake.layout import Layout, Sentence, clause_window, sentences, split_page
from knowledge.intake.names import (
    Candidate,
    Coverage,
    FoundPerson,
    find_candidates,
    find_people,
    known_person_record,
    name_aliases,
)
from knowledge.intake.owners import antecedent
from knowledge.intake.page import Line, Page, decode_page, normalise
from knowledge.intake.places import find_places
from knowledge.intake.topics import find_dates, guess_topics, slugify
from knowledge.intake.yaml_writer import render_yaml
from knowledge.loading.measures import same_kind
from knowledge.records.models import TODO_RE
from knowledge.text import content_words, fold


@dataclass
class Draft:
    """What intake hands back: the record, its YAML, and what the command line reports."""

    release_id: str
    record: dict[str, Any]
    yaml_text: str
    candidates: list[Candidate]
    warnings: list[str]
    title_quote: str = ""  # a verbatim quote of the title (or first sentence) on the page
    known_reused: int = 0  # known entities copied into the draft

    @property
    def todos(self) -> list[str]:
        return [path for path, s in _strings(self.record) if TODO_RE.search(s)]

    def to_json(self) -> str:
        return json.dumps(self.record, ensure_ascii=False, indent=2, default=str)


def _strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the record, with its path ('figures[2].unit'), to list the TODOs."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, f"{path}.{k}" if path else k)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, f"{path}[{i}]")


def _known_measure(
    fig: FoundFigure, known: Known, used: set[str], words: set[str] | None = None
) -> str | None:
    if fig.unit is None:
        return None
    if words is None:
        words = content_words(fig.sentence.text)
    best, score = None, 0.0
    for kf in known.figures:
        if kf.unit != fig.unit or kf.measure in used or not kf.words:
            continue
        if not same_kind(fig, kf):
            continue  # what it counts or its period says another measure: a false merge
        s = len(words & kf.words) / len(kf.words)
        if s > score:
            best, score = kf.measure, s
    # the same unit and over a third of the known measure's words: likely the same measure
    return best if score >= 0.35 else None


_FILLER = word_set("of the a an and to in from de la el los las y en who that are is were was")


def _new_measure(fig: FoundFigure, used: set[str], tried: dict[str, int] | None = None) -> str:
    """A key from what the figure counts, -2, -3… added while taken. ``tried`` remembers,
    per base, the suffix the search got to: ``used`` only grows, so the keys below it are
    still taken and need not be tried again (hundreds of figures of one kind stay linear)."""
    words = [w for w in fold(fig.counts).split() if w not in _FILLER]
    base = slugify(" ".join(words[:4]) or (fig.unit or "figure"), 50)
    if fig.unit == "per cent":
        base = f"{base}-percent"
    if fig.period and re.search(r"(?i)year|annual|año", fig.period):
        base = f"{base}-per-year"
    n = tried.get(base, 2) if tried is not None else 2
    key = base if n == 2 else f"{base}-{n - 1}"
    while key in used:
        key, n = f"{base}-{n}", n + 1
    if tried is not None:
        tried[base] = n
    return key


def draft_release(
    raw: bytes,
    known: Known,
    today: dt.date | None = None,
    name: str = "input",
    title: str | None = None,
) -> Draft:
    """The whole intake: page bytes in, a draft record (and its YAML) out. ``title`` is the
    curator's (``ingest --title``): it replaces the page's title line, or the guess made
    when the page has none."""
    page = normalise(decode_page(raw, name))
    layout = split_page(page)
    sents = sentences(page, layout.paragraphs)
    if not sents:
        raise IntakeError("no recognisable release body (no sentences) was found on the page")
    warnings: list[str] = []
    if title is not None and not " ".join(title.split()):
        raise IntakeError("--title is empty")
    title = " ".join(title.split()) if title else _title(page, layout, sents, warnings)
    title_text = title.removeprefix(TODO)
    release_id = slugify(title_text)
    contacts = _contact_records(page, layout.contact_lines, warnings)
    found = _known_entities(page, layout, sents, known)
    _add_new_people(found, page, sents, known)
    _add_new_places(found, page, sents, known)
    # a new person is not proposed again as a name, nor is their surname alone
    people = found.sections["people"]
    skip = {fold(p["name"]) for p in people} | {fold(p["name"].split()[-1]) for p in people}
    skip |= {fold(p["name"].removeprefix(TODO)) for p in found.sections["places"]}  # named again
    candidates = find_candidates(page, sents, found.taken, skip)
    figures, figure_notes = _FigureRecords(page, known, found).records(find_figures(page, sents))
    dates = sorted(set(find_dates(page.text)))
    body = " ".join(s.text for s in sents)
    record: dict[str, Any] = {
        "id": release_id,
        "title": title,
        "date": None,
        "added": today or dt.date.today(),
        "office": "IOM Mexico",
        "source": f"{release_id}.txt",
        "summary": _summary(dates),
        "topics": guess_topics(f"{title_text} {body}", known),
        **found.sections,
        "contacts": contacts,
        "figures": figures,
        "facts": [],
    }
    text = render_yaml(record, candidates, figure_notes, page, dates)
    title_quote = _title_quote(page, layout, sents)
    return Draft(release_id, record, text, candidates, warnings, title_quote, len(found.matches))


def _title(page: Page, layout: Layout, sents: list[Sentence], warnings: list[str]) -> str:
    """The title line as printed, or a TODO guess from the first sentence."""
    if layout.title is not None:
        return re.sub(r"\s+", " ", page.text[layout.title.start : layout.title.end]).strip()
    first = " ".join(sents[0].text.split()[:14])
    warnings.append("no title line found; the title is a guess from the first sentence")
    return f"{TODO}{first}"


def _title_quote(page: Page, layout: Layout, sents: list[Sentence]) -> str:
    """A verbatim quote of the title, or of the first sentence when there is none (what the
    self-check fills TODO quotes with)."""
    if layout.title is not None:
        return page.quote(layout.title.start, layout.title.end)
    return page.quote(sents[0].start, sents[0].end)


def _summary(dates: list[str]) -> str:
    """The summary is the curator's to write; its TODO also carries the other decision
    left to them, the date (intake never guesses one)."""
    date_note = (
        f"set date: if one of these is the release date: {', '.join(dates[:3])}"
        if dates
        else "the page shows no date, so date stays null"
    )
    summary = (
        f"{TODO}summarise the release in at most 280 characters; check the topics (guessed "
        f"from the words the page uses); {date_note}"
    )
    return summary[:280]


def _contact_records(page: Page, lines: list[Line], warnings: list[str]) -> list[dict[str, Any]]:
    """The contacts of the block, what the page does not print marked TODO; without a
    block, one TODO contact to fill in or delete."""
    found_contacts = find_contacts(page, lines)
    contacts: list[dict[str, Any]] = []
    for c in found_contacts:
        contact: dict[str, Any] = {
            "name": title_case(c.name)
            if c.name
            else f"{TODO}name of the contact at {c.email or c.phone}",
            "office": c.office or f"{TODO}IOM Mexico (no office printed with this contact)",
            "email": c.email or "TODO@iom.int",  # valid-shaped: only the TODO is reported
            "phone": c.phone or f"{TODO}phone (none printed with this contact)",
            "quote": page.quote_lines(c.start, c.end),
        }
        contacts.append(contact)
    if not found_contacts:
        warnings.append(
            'no contact block ("For more information, please contact …") found: the draft '
            "has a TODO contact to fill in or delete"
        )
        contacts.append(
            {
                "name": f"{TODO}no contact block on this page: add the press contact, or delete this entry",
                "office": "IOM Mexico",
                "email": "TODO@iom.int",
                "phone": f"{TODO}phone",
                "quote": f"{TODO}the contact lines exactly as printed on the page",
            }
        )
    return contacts


@dataclass
class _Found:
    """What the page names that the knowledge base knows, and the draft's entity sections
    (known entities, then new people added to ``people``)."""

    matches: list[Match]
    sections: dict[str, list[dict[str, Any]]]
    taken: Coverage  # spans accounted for: never proposed as new names
    org_ids: set[str]  # known organisations the page names
    place_ids: set[str]  # known places the page names


def _known_entities(page: Page, layout: Layout, sents: list[Sentence], known: Known) -> _Found:
    """Known entities found in the body (or the title), each as a record quoting this page."""
    spans = [(s.start, s.end) for s in sents]
    title_span = (layout.title.start, layout.title.end) if layout.title else None
    matches, known_spans = match_known(
        FoldedView.of(page.text), known, spans, title_span, page.text
    )
    taken = Coverage(len(page.text))
    for a, b in known_spans:
        taken.add(a, b)
    org_ids = {m.item.id for m in matches if m.section == "organisations"}
    place_ids = {m.item.id for m in matches if m.section == "places"}
    sections: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTIONS}
    for m in sorted(matches, key=lambda m: (SECTIONS.index(m.section), m.start)):
        s = _sentence_of(m, sents, layout)
        if s is not None:
            sections[m.section].append(_known_record(page, s, m, known, org_ids))
    return _Found(matches, sections, taken, org_ids, place_ids)


def _sentence_of(m: Match, sents: list[Sentence], layout: Layout) -> Sentence | None:
    """The sentence a match is in; the title, as a sentence, for a match in the title."""
    return next(
        (s for s in sents if s.start <= m.start < s.end),
        Sentence(layout.title.start, layout.title.end, "") if layout.title else None,
    )


def _known_record(
    page: Page, s: Sentence, m: Match, known: Known, org_ids: set[str]
) -> dict[str, Any]:
    """A known entity's record: its identity copied, its quote from this page."""
    if m.section == "people":
        return known_person_record(page, s, m, known, org_ids)
    a, b = clause_window(page, s, m.start, m.end, limit=120)
    record = entity_record(m.section, m.item, page.quote(a, b))
    if record.get("organisation") and record["organisation"] not in org_ids:
        record.pop("organisation")
    return record


def _add_new_people(found: _Found, page: Page, sents: list[Sentence], known: Known) -> None:
    """New people into ``found.sections["people"]`` (their roles are the curator's call),
    their spans into ``found.taken``."""
    used_person_ids = {p["id"] for p in found.sections["people"]}
    for p in find_people(page, sents, found.taken):
        pid = slugify(p.name, 60)
        if pid in used_person_ids or pid in known.entities.get("people", {}):
            continue
        used_person_ids.add(pid)
        found.taken.add(min(p.start, p.name_start), max(p.end, p.name_end))
        found.sections["people"].append(
            _new_person_record(page, sents, p, pid, known, found.org_ids)
        )


def _add_new_places(found: _Found, page: Page, sents: list[Sentence], known: Known) -> None:
    """New places after the known ones (``found.sections["places"]``), each with an id no
    known place has (a known city Querétaro makes the new state querétaro-state)."""
    places = found.sections["places"]
    names = {fold(n) for p in places for n in [p["name"], *p.get("aliases", [])]}
    taken_ids = {p["id"] for p in places} | set(known.entities.get("places", {}))
    for place in find_places(page, sents, found.taken, names):
        record = place.record(page)
        if record["id"] in taken_ids:
            record["id"] = f"{record['id']}-{place.kind}"
        if record["id"] in taken_ids:
            continue
        taken_ids.add(str(record["id"]))
        places.append(record)


def _new_person_record(
    page: Page, sents: list[Sentence], p: FoundPerson, pid: str, known: Known, org_ids: set[str]
) -> dict[str, Any]:
    """A new person's record, the role printed next to the name marked TODO."""
    record: dict[str, Any] = {"id": pid, "name": p.name}
    if p.title:
        record["title"] = p.title
    record["role"] = f"{TODO}{p.role}" if p.role else f"{TODO}role (not printed next to the name)"
    org = known_org_in(p.role or "", known, org_ids)
    if org:
        record["organisation"] = org
    if aliases := name_aliases(p.name):
        record["aliases"] = aliases
    s = next(s for s in sents if s.start <= p.name_start < s.end)
    a, b = (p.start, p.end) if p.role else clause_window(page, s, p.name_start, p.name_end)
    record["quote"] = page.quote(a, b)
    return record


class _FigureRecords:
    """Found figures as records, with a note for the curator on each measure key.

    A release's measure keys are unique, so each figure's key depends on those before it;
    what depends only on a figure's sentence is computed once per sentence (by identity:
    the figures of one sentence share its Sentence, and a sentence can hold hundreds)."""

    def __init__(self, page: Page, known: Known, found: _Found) -> None:
        self.page = page
        self.known = known
        self.found = found
        self.used_measures: set[str] = set()
        self.taken_measures = set(known.measures)  # used_measures | known.measures, up to date
        self.tried: dict[str, int] = {}
        self.same_units: dict[str | None, list[str]] = {}
        self.words_of: dict[int, set[str]] = {}
        self.place_of: dict[int, str | None] = {}
        self.topics_of: dict[int, list[str]] = {}

    def records(self, found: list[FoundFigure]) -> tuple[list[dict[str, Any]], list[str]]:
        """The records, in page order, and the note on each one's measure."""
        figures: list[dict[str, Any]] = []
        notes: list[str] = []
        for fig in found:
            measure, note, maybe = self._measure(fig)
            record = self._record(fig, measure)
            if maybe is not None:  # the question goes where knowledge check reports it
                record["counts"] += f" (the same measure as {maybe}? then use measure: {maybe})"
            figures.append(record)
            notes.append(note)
        return figures, notes

    def _measure(self, fig: FoundFigure) -> tuple[str, str, str | None]:
        """A known measure's key when the figure looks like one, else a new unique key; and
        the known key it may be the same measure as, when intake is unsure."""
        key = id(fig.sentence)
        if key not in self.words_of:
            self.words_of[key] = content_words(fig.sentence.text)
        measure = _known_measure(fig, self.known, self.used_measures, self.words_of[key])
        note = f"measure: reuses {measure!r}, the key other releases give this measure"
        maybe: str | None = None
        if measure is not None and not self._sure_reuse(fig, measure):
            maybe = measure
            # a false merge makes the bot report a disagreement that is not one; a missed
            # merge only loses a comparison: when unsure, a new key, the known one named
            note = f"measure: a new key; if this is the same measure as {measure}, use that key"
            measure = _new_measure(fig, self.taken_measures, self.tried)
        elif measure is None:
            measure = _new_measure(fig, self.taken_measures, self.tried)
            if fig.unit not in self.same_units:
                self.same_units[fig.unit] = sorted(
                    {kf.measure for kf in self.known.figures if kf.unit == fig.unit}
                )[:4]
            same_unit = self.same_units[fig.unit]
            note = "measure: a new key" + (
                f"; if this is the same measure as {', '.join(same_unit)}, use that key"
                if same_unit
                else ""
            )
        self.used_measures.add(measure)
        self.taken_measures.add(measure)
        return measure, note, maybe

    def _record(self, fig: FoundFigure, measure: str) -> dict[str, Any]:
        """The figure's record; its quote and as_written cut from the stored page."""
        page, key = self.page, id(fig.sentence)
        a, b = clause_window(page, fig.sentence, fig.num_start, fig.num_end, limit=400)
        quote = page.quote(a, b)
        # as printed on the stored page, so that it occurs in the quote by construction
        as_written = re.sub(r"\s+", " ", page.raw_span(fig.num_start, fig.written_end)).strip()
        record: dict[str, Any] = {
            "measure": measure,
            "value": int(fig.value) if fig.value.is_integer() else fig.value,
            "as_written": as_written,
        }
        if fig.qualifier != "exact":
            record["qualifier"] = fig.qualifier
        if fig.unit is None:
            record["unit"] = f"{TODO}unit"
        else:
            record["unit"] = (
                fig.unit if fig.unit_certain else f"{TODO}{fig.unit.removeprefix(TODO)}"
            )
        record["counts"] = f"{TODO}{fig.counts}" if fig.counts else f"{TODO}what is counted"
        checks: list[str] = []
        if fig.period:
            record["period"] = fig.period
        if key not in self.place_of:
            self.place_of[key] = _figure_place(fig, self.found.matches, self.found.place_ids)
        place = self.place_of[key]
        if place:
            record["place"] = place
            checks.append("place")
        if fig.attributed_to:
            record["attributed_to"] = fig.attributed_to
            org = known_org_in(fig.attributed_to, self.known, self.found.org_ids)
            if org:
                record["attributed_org"] = org
        elif guess := self._org_before(fig):
            record["attributed_to"] = (
                f"{TODO}{guess[1]} (named in what the figure describes; keep it only if "
                "it is the figure's source)"
            )
            record["attributed_org"] = guess[0]
        if key not in self.topics_of:
            self.topics_of[key] = [
                t for t in guess_topics(fig.sentence.text, self.known, limit=4) if t != "iom"
            ][:3]
        topics = list(self.topics_of[key])
        if topics:
            record["topics"] = topics
            checks.append("topics")
        if checks:  # ids cannot carry a TODO: the figure's own TODO names them
            record["counts"] += f" (guessed, check: {', '.join(checks)})"
        record["quote"] = quote
        return record

    def _sure_reuse(self, fig: FoundFigure, measure: str) -> bool:
        """A reused key is sure when the unit is printed next to the number, the period is
        the figure's own, and most of the known measure's words are in the sentence."""
        if not fig.unit_certain or (fig.period or "").startswith(TODO):
            return False
        words = self.words_of[id(fig.sentence)]
        return any(
            kf.measure == measure and len(words & kf.words) >= 0.6 * len(kf.words)
            for kf in self.known.figures
        )

    def _org_before(self, fig: FoundFigure) -> tuple[str, str] | None:
        """(id, name) of the known organisation named in the phrase the figure's relative
        clause or partitive hangs from (knowledge.intake.owners), a guess the curator
        confirms."""
        span = antecedent(self.page.text[fig.sentence.start : fig.num_start])
        if span is None:
            return None
        a, b = fig.sentence.start + span[0], fig.sentence.start + span[1]
        view = FoldedView.of(self.page.text[a:b])
        best: tuple[int, str, str] | None = None
        for org_id in self.found.org_ids:
            item = self.known.entities["organisations"][org_id]
            for alias, cs in entity_aliases("organisations", item):
                for start, _ in view.find(alias, cs):
                    if best is None or start > best[0]:
                        best = (start, org_id, item.name_en)
        return (best[1], best[2]) if best else None


_PLACE_RANK = {
    "city": 0,
    "town": 0,
    "border": 1,
    "state": 2,
    "region": 4,
    "country": 3,
    "continent": 5,
}


def _figure_place(fig: FoundFigure, matches: list[Match], place_ids: set[str]) -> str | None:
    """The known place the figure's sentence says it happens in: the most local one named, never an
    origin or a destination ('from Honduras')."""
    text = fig.sentence.text
    view = FoldedView.of(text)
    options = []
    for m in matches:
        if m.section != "places":
            continue
        for alias, cs in entity_aliases("places", m.item):
            hit = next(view.find(alias, cs), None)
            if hit is None:
                continue
            before = text[: hit[0]]
            if re.search(
                r"(?i)\b(from|de|desde|to|reach|reaching|hacia|north to|a)\s+(the\s+)?$", before
            ):
                break  # origin or destination, not where it happens
            options.append((_PLACE_RANK.get(m.item.kind, 9), hit[0], m.item.id))
            break
    options.sort()
    return options[0][2] if options and options[0][2] in place_ids else None
