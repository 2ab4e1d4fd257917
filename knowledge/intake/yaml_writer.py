"""The draft as YAML in the curated layout, with the curator's notes as comments, checked
to read back (as the loader reads it) to exactly the record it was written from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import yaml

from knowledge.intake.common import IntakeError, word_set
from knowledge.intake.known import SECTIONS
from knowledge.intake.layout import clause_window
from knowledge.intake.names import Candidate
from knowledge.intake.page import Page
from knowledge.intake.topics import slugify
from knowledge.loading.yaml_files import _YamlLoader

_PLAIN_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RESERVED = word_set(
    """
null true false yes no on off y n ~
"""
)


def _scalar(value: Any) -> str:
    """One value as a YAML scalar that reads back as the same value (PyYAML's own quoting, or an
    escaped double-quoted string)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if not text.isprintable():  # escaped, or YAML would fold NEL and friends into spaces
        return _double_quoted(text)
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_flow_style=True)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:
        return json.dumps(text, ensure_ascii=False)
    return dumped


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar with every non-printable character escaped."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _flow(values: list[Any]) -> str:
    """A list on one line; ids plain, anything else double-quoted."""
    items = []
    for v in values:
        s = str(v)
        items.append(s if _PLAIN_ID.match(s) and s not in _RESERVED else _double_quoted(s))
    return "[" + ", ".join(items) + "]"


def _block(text: str, indent: str) -> str | None:
    """A literal block (|-) for a multi-line quote, when YAML can hold it as printed."""
    lines = text.split("\n")
    if any(not line or line != line.strip() or not line.isprintable() for line in lines):
        return None
    return "|-\n" + "\n".join(indent + line for line in lines)


def _entry(data: dict[str, Any], indent: str) -> list[str]:
    """One list entry (a dict) in block style, its keys in the record's order."""
    out = []
    first = True
    for key, value in data.items():
        lead = f"{indent}- " if first else f"{indent}  "
        first = False
        if isinstance(value, list):
            out.append(f"{lead}{key}: {_flow(value)}")
        elif isinstance(value, str) and "\n" in value:
            block = _block(value, indent + "    ")
            out.append(f"{lead}{key}: {block or _scalar(value)}")
        else:
            out.append(f"{lead}{key}: {_scalar(value)}")
    return out


_SECTION_NOTES = {
    "places": "known places: identity copied from the knowledge base, quote from this page",
    "organisations": "known organisations: identity copied, quote from this page",
    "people": "people: known ones copied; new ones need their role checked (TODO)",
    "programmes": "known programmes: identity and description copied, quote from this page",
    "publications": "known publications",
    "terms": "known terms",
    "contacts": 'contacts from the "For more information" block',
    "figures": "figures: check measure (reuse a known key for the same measure), unit and counts",
    "facts": "facts: add statements the bot may repeat, each with a verbatim quote",
}
_CANDIDATE_SECTION = {
    "publication": "publications",
    "organisation": "organisations",
    "place": "places",
    "programme": "programmes",
    "name": "candidates",
}


def render_yaml(
    record: dict[str, Any],
    candidates: list[Candidate],
    figure_notes: list[str],
    page: Page,
    dates: list[str],
) -> str:
    """The draft in the curated layout; round-trips to exactly ``record``."""
    by_section: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_section.setdefault(_CANDIDATE_SECTION[c.kind], []).append(c)
    out = _head(record, dates)
    for section in (*SECTIONS, "contacts", "figures", "facts"):
        out += _section(section, record[section], by_section.get(section, []), figure_notes, page)
    if by_section.get("candidates"):
        out.append("")
        out.append("# Other capitalised names on the page that the knowledge base does not know.")
        out.append("# Add the ones that matter under places, organisations, people or programmes.")
        for c in by_section["candidates"]:
            quote = page.quote(*clause_window(page, c.sentence, c.start, c.end, limit=100))
            out.append(f"#   {c.name}: {json.dumps(quote, ensure_ascii=False)}")
    text = "\n".join(out) + "\n"
    _check_reads_back(text, record)
    return text


def _head(record: dict[str, Any], dates: list[str]) -> list[str]:
    """The curator's instructions and the release's own fields."""
    rid = record["id"]
    return [
        f"# Draft made by `iom-bot ingest` from sources/{rid}.txt on {record['added']}.",
        "# Fill in every TODO (`iom-bot knowledge check` lists them), check the guesses,",
        "# delete what is wrong, and run `iom-bot knowledge check` until it says OK.",
        f"id: {_scalar(rid)}",
        f"title: {_scalar(record['title'])}",
        "date: null            # never guess: set it only if the page shows the release date"
        + (f" ({', '.join(dates[:3])}?)" if dates else ""),
        f"added: {_scalar(record['added'])}",
        f"office: {_scalar(record['office'])}",
        f"source: {_scalar(record['source'])}",
        f"summary: {_scalar(record['summary'])}",
        f"topics: {_flow(record['topics'])}    # guessed from the vocabulary: keep the relevant, main first",
    ]


def _section(
    section: str,
    items: list[dict[str, Any]],
    candidates: list[Candidate],
    figure_notes: list[str],
    page: Page,
) -> list[str]:
    """One section with its note, its entries, and its new-name candidates commented out."""
    out = ["", f"# {_SECTION_NOTES[section]}"]
    if items:
        out.append(f"{section}:")
    elif candidates:
        out.append(f"{section}: []    # to add one below, delete [] and uncomment it")
    else:
        out.append(f"{section}: []")
    for i, item in enumerate(items):
        if section == "figures":
            out.append(f"  # {figure_notes[i]}")
        out.extend(_entry(item, "  "))
    for c in candidates:
        out.extend(_candidate_lines(c, page))
    return out


def _check_reads_back(text: str, record: dict[str, Any]) -> None:
    """The YAML, read as the loader will read it, is exactly the record: a draft that read
    back differently would be checked and written as something intake did not mean."""
    try:
        back = yaml.load(text, Loader=_YamlLoader)  # as the loader will read it
    except yaml.YAMLError as exc:
        raise IntakeError(f"internal error: the draft YAML does not parse ({exc})") from None
    if back != record:
        where = next((p for p, v in _leaves(record) if _leaf(back, p) != v), "?")
        raise IntakeError(
            f"internal error: the draft YAML does not read back as written at {where}"
        )


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar in nested data with its path, to say where a read-back differs."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, (*path, i))
    else:
        yield path, data


def _leaf(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at path, or None if it is not there."""
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _candidate_lines(c: Candidate, page: Page) -> list[str]:
    """A new name as a commented-out entry of its section, ready to uncomment and complete."""
    quote = page.quote(*clause_window(page, c.sentence, c.start, c.end, limit=160))
    cid = slugify(c.acronym or c.name, 60)
    head = f"  # NEW? {c.name}: uncomment and complete if it matters"
    if c.kind == "organisation":
        body = [f"- id: {cid}"]
        if c.acronym:
            body.append(f"  acronym: {_scalar(c.acronym)}")
        body += [f"  name_en: {_scalar(c.name)}", "  name_es: ", f"  quote: {_scalar(quote)}"]
    elif c.kind == "place":
        body = [
            f"- id: {cid}",
            f"  name: {_scalar(c.name)}",
            "  kind: town    # country, state, city, town, region, border or continent",
            f"  quote: {_scalar(quote)}",
        ]
    elif c.kind == "publication":
        body = [
            f"- id: {cid}",
            f"  title: {_scalar(c.name)}",
            "  description: ",
            f"  quote: {_scalar(quote)}",
        ]
    else:
        body = [
            f"- id: {cid}",
            f"  name: {_scalar(c.name)}",
            "  kind: programme    # programme, project, fund, event, agreement or study",
            "  description: ",
            f"  quote: {_scalar(quote)}",
        ]
    return [head] + [f"  # {line}" for line in body]
