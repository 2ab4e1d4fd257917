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

from knowledge.index import content_words
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
from knowledge.intake.layout import Sentence, clause_window, sentences, split_page
from knowledge.intake.names import (
    Candidate,
    Coverage,
    find_candidates,
    find_people,
    known_person_record,
    name_aliases,
)
from knowledge.intake.page import decode_page, normalise
from knowledge.intake.topics import find_dates, guess_topics, slugify
from knowledge.intake.yaml_writer import render_yaml
from knowledge.models import TODO_RE
from knowledge.text import fold


@dataclass
class Draft:
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
) -> Draft:
    """The whole intake: page bytes in, a draft record (and its YAML) out."""
    source = decode_page(raw, name)
    page = normalise(source)
    layout = split_page(page)
    sents = sentences(page, layout.paragraphs)
    if not sents:
        raise IntakeError("no recognisable release body (no sentences) was found on the page")
    warnings: list[str] = []
    view = FoldedView.of(page.text)

    # title and id
    if layout.title is not None:
        title = re.sub(r"\s+", " ", page.text[layout.title.start : layout.title.end]).strip()
    else:
        first = " ".join(sents[0].text.split()[:14])
        title = f"{TODO}{first}"
        warnings.append("no title line found; the title is a guess from the first sentence")
    title_text = title.removeprefix(TODO)
    release_id = slugify(title_text)

    # contacts
    found_contacts = find_contacts(page, layout.contact_lines)
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

    # known entities, found in the body (or the title)
    spans = [(s.start, s.end) for s in sents]
    matches, known_spans = match_known(
        view,
        known,
        spans,
        (layout.title.start, layout.title.end) if layout.title else None,
        page.text,
    )
    sentence_at = {}
    for m in matches:
        sentence_at[id(m)] = next(
            (s for s in sents if s.start <= m.start < s.end),
            Sentence(layout.title.start, layout.title.end, "") if layout.title else None,
        )
    sections: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTIONS}
    taken = Coverage(len(page.text))
    for a, b in known_spans:
        taken.add(a, b)
    org_ids = {m.item.id for m in matches if m.section == "organisations"}
    place_ids = {m.item.id for m in matches if m.section == "places"}
    for m in sorted(matches, key=lambda m: (SECTIONS.index(m.section), m.start)):
        s = sentence_at[id(m)]
        if s is None:
            continue
        if m.section == "people":
            record = known_person_record(page, s, m, known, org_ids)
        else:
            a, b = clause_window(page, s, m.start, m.end, limit=120)
            record = entity_record(m.section, m.item, page.quote(a, b))
            if record.get("organisation") and record["organisation"] not in org_ids:
                record.pop("organisation")
        sections[m.section].append(record)

    # new people (their roles are the curator's call)
    used_person_ids = {p["id"] for p in sections["people"]}
    for p in find_people(page, sents, taken):
        pid = slugify(p.name, 60)
        if pid in used_person_ids or pid in known.entities.get("people", {}):
            continue
        used_person_ids.add(pid)
        taken.add(min(p.start, p.name_start), max(p.end, p.name_end))
        record = {"id": pid, "name": p.name}
        if p.title:
            record["title"] = p.title
        record["role"] = (
            f"{TODO}{p.role}" if p.role else f"{TODO}role (not printed next to the name)"
        )
        org = known_org_in(p.role or "", view, known, org_ids)
        if org:
            record["organisation"] = org
        if aliases := name_aliases(p.name):
            record["aliases"] = aliases
        s = next(s for s in sents if s.start <= p.name_start < s.end)
        a, b = (p.start, p.end) if p.role else clause_window(page, s, p.name_start, p.name_end)
        record["quote"] = page.quote(a, b)
        sections["people"].append(record)

    skip = {fold(p["name"]) for p in sections["people"]}
    skip |= {fold(p["name"].split()[-1]) for p in sections["people"]}
    candidates = find_candidates(page, sents, taken, skip)

    # figures
    figures: list[dict[str, Any]] = []
    figure_notes: list[str] = []
    used_measures: set[str] = set()
    taken_measures = set(known.measures)  # used_measures | known.measures, kept up to date
    tried: dict[str, int] = {}
    same_units: dict[str | None, list[str]] = {}
    # what depends only on a figure's sentence, once per sentence (by identity: the
    # figures of one sentence share its Sentence)
    words_of: dict[int, set[str]] = {}
    place_of: dict[int, str | None] = {}
    topics_of: dict[int, list[str]] = {}
    for fig in find_figures(page, sents):
        key = id(fig.sentence)
        if key not in words_of:
            words_of[key] = content_words(fig.sentence.text)
        measure = _known_measure(fig, known, used_measures, words_of[key])
        note = f"measure: reuses {measure!r}, the key other releases give this measure"
        if measure is None:
            measure = _new_measure(fig, taken_measures, tried)
            if fig.unit not in same_units:
                same_units[fig.unit] = sorted(
                    {kf.measure for kf in known.figures if kf.unit == fig.unit}
                )[:4]
            same_unit = same_units[fig.unit]
            note = "measure: a new key" + (
                f"; if this is the same measure as {', '.join(same_unit)}, use that key"
                if same_unit
                else ""
            )
        used_measures.add(measure)
        taken_measures.add(measure)
        a, b = clause_window(page, fig.sentence, fig.num_start, fig.num_end, limit=400)
        quote = page.quote(a, b)
        # as printed on the stored page, so that it occurs in the quote by construction
        as_written = re.sub(r"\s+", " ", page.raw_span(fig.num_start, fig.written_end)).strip()
        record = {
            "measure": measure,
            "value": int(fig.value) if fig.value.is_integer() else fig.value,
            "as_written": as_written,
        }
        if fig.qualifier != "exact":
            record["qualifier"] = fig.qualifier
        record["unit"] = fig.unit or f"{TODO}unit"
        record["counts"] = f"{TODO}{fig.counts}" if fig.counts else f"{TODO}what is counted"
        if fig.period:
            record["period"] = fig.period
        if key not in place_of:
            place_of[key] = _figure_place(fig, matches, place_ids)
        place = place_of[key]
        if place:
            record["place"] = place
        if fig.attributed_to:
            record["attributed_to"] = fig.attributed_to
            org = known_org_in(fig.attributed_to, view, known, org_ids)
            if org:
                record["attributed_org"] = org
        if key not in topics_of:
            topics_of[key] = [
                t for t in guess_topics(fig.sentence.text, known, limit=4) if t != "iom"
            ][:3]
        topics = list(topics_of[key])
        if topics:
            record["topics"] = topics
        record["quote"] = quote
        figures.append(record)
        figure_notes.append(note)

    # the summary carries what else the curator must decide: the date
    dates = sorted(set(find_dates(page.text)))
    date_note = (
        f"set date: if one of these is the release date: {', '.join(dates[:3])}"
        if dates
        else "the page shows no date, so date stays null"
    )
    summary = f"{TODO}summarise the release in at most 280 characters; {date_note}"
    summary = summary[:280]

    body = " ".join(s.text for s in sents)
    record = {
        "id": release_id,
        "title": title,
        "date": None,
        "added": today or dt.date.today(),
        "office": "IOM Mexico",
        "source": f"{release_id}.txt",
        "summary": summary,
        "topics": guess_topics(f"{title_text} {body}", known),
        **sections,
        "contacts": contacts,
        "figures": figures,
        "facts": [],
    }
    text = render_yaml(record, candidates, figure_notes, page, dates)
    title_quote = (
        page.quote(layout.title.start, layout.title.end)
        if layout.title is not None
        else page.quote(sents[0].start, sents[0].end)
    )
    return Draft(release_id, record, text, candidates, warnings, title_quote, len(matches))


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
