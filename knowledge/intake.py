"""Release intake: turn a raw scraped release page into a draft knowledge record.

The pipeline is a chain of pure functions (no file or network access here; the command
line in ``knowledge.intake_cli`` reads and writes):

    decode_page      bytes → text, refusing empty, binary, non-UTF-8 and oversize input
    normalise        CRLF, HTML entities and tags → a clean view that keeps, for every
                     character, where it came from in the page, so every quote is cut from
                     the page exactly as stored (the loader checks quotes against it)
    split_page       navigation menus, "Who we are" blocks, comment forms… removed;
                     the contact block, the title and the body paragraphs found
    find_contacts    names, emails (mailto: leftovers too), phones and offices
    find_figures     every number that counts something, with its sentence as the quote
    match_known      people, organisations, places, programmes… the knowledge already has
    find_people / find_candidates   new names for the curator to consider
    draft_release    all of it as a dict shaped like ``models.Release``, plus the YAML

Whatever the curator must decide is a string starting ``TODO:`` followed by the best
guess, so that ``iom-bot knowledge check`` lists it ("still marked TODO") until it is
filled.  Fields that have a pattern (ids, topics, dates) always hold a valid guess, so an
unfilled draft gives TODO lines rather than pattern errors; a missing email is the
valid-shaped ``TODO@iom.int``, and only a phone the page does not print is an invalid
placeholder (reported as TODO and as "not a phone number").

Quotes are cut from the stored page through the offset map, so they occur in it by
construction; ``self_check`` proves, before anything is written, that the draft with its
guesses accepted passes the loader's checks.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml
from pydantic import EmailStr, TypeAdapter, ValidationError

from knowledge.index import content_words
from knowledge.loader import (
    _YamlLoader,
    check_entity_agreement,
    check_quotes,
    check_references,
)
from knowledge.models import TODO_RE, Release, Vocabulary
from knowledge.phones import normalise_phone
from knowledge.text import fold, strip_accents

#: The largest page intake accepts. A release page, menus and comment forms included, is
#: 3–60 KB; half a megabyte leaves room for the worst scrape and still keeps intake instant.
MAX_BYTES = 512 * 1024

TODO = "TODO: "


def _words(text: str) -> set[str]:
    """A word list written as running text (keeps the tables below readable)."""
    return set(text.split())


def _phrases(text: str) -> set[str]:
    """A list of phrases separated by |."""
    return {p.strip() for p in text.replace("\n", "|").split("|") if p.strip()}


class IntakeError(ValueError):
    """Input intake cannot draft from; the message is one line for the curator."""


# ---------------------------------------------------------------------------------------
# 1. Reading
# ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_page(raw: bytes, name: str = "input") -> str:
    """The page as text, or an IntakeError saying in one line why it cannot be one."""
    if len(raw) > MAX_BYTES:
        raise IntakeError(
            f"{name} is larger than {MAX_BYTES // 1024} KB; a release page is far smaller "
            "(is this the right file?)"
        )
    if not raw.strip():
        raise IntakeError(f"{name} is empty")
    if b"\x00" in raw:
        raise IntakeError(f"{name} is binary data, not a text page")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IntakeError(
            f"{name} is not UTF-8 text (byte {exc.start}); save the page as UTF-8 and retry"
        ) from None
    if len(_CONTROL.findall(text)) > max(3, len(text) // 100):
        raise IntakeError(f"{name} is binary data, not a text page")
    return text


# ---------------------------------------------------------------------------------------
# 2. A normalised view that remembers where each character came from
# ---------------------------------------------------------------------------------------

_NORMALISE = re.compile(
    r"\r\n?|[\x85\u2028\u2029]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    r"|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,300})?/?>"
    r"|[\u00a0\u2007\u202f\t]"
    r"|[\u200b-\u200d\u2060\ufeff]"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
)
_BLOCK_TAGS = re.compile(r"(?i)^</?(?:br|p|div|li|ul|ol|tr|h[1-6]|section|article)\b")


@dataclass
class Page:
    """The page as stored (``raw``) and a clean view (``text``) mapped back onto it."""

    raw: str
    text: str
    starts: list[int]
    ends: list[int]

    def raw_span(self, start: int, end: int) -> str:
        """The stored page's characters behind text[start:end]."""
        if end <= start:
            return ""
        a, b = self.starts[start], self.ends[end - 1]
        # never cut a letter from its accents: the loader compares quotes in NFC
        while a > 0 and unicodedata.combining(self.raw[a]):
            a -= 1
        while b < len(self.raw) and unicodedata.combining(self.raw[b]):
            b += 1
        return self.raw[a:b]

    def quote(self, start: int, end: int) -> str:
        """A verbatim quote of text[start:end], whitespace runs made single spaces."""
        return re.sub(r"\s+", " ", self.raw_span(start, end)).strip()

    def quote_lines(self, start: int, end: int) -> str:
        """A verbatim quote keeping its line breaks (for contact blocks)."""
        lines = (line.strip() for line in self.raw_span(start, end).splitlines())
        return "\n".join(re.sub(r"\s+", " ", line) for line in lines if line)


def normalise(raw: str) -> Page:
    """CRLF → LF, entities decoded, tags and zero-width characters dropped, NBSP → space."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0

    def keep(chunk: str, start: int, end: int, one_to_one: bool) -> None:
        for i, ch in enumerate(chunk):
            out.append(ch)
            starts.append(start + i if one_to_one else start)
            ends.append(start + i + 1 if one_to_one else end)

    for m in _NORMALISE.finditer(raw):
        keep(raw[pos : m.start()], pos, m.start(), True)
        token = m.group()
        if token[0] in "\r\x85\u2028\u2029":
            new = "\n"
        elif token[0] == "&":
            new = html.unescape(token)
            new = new.replace("\u00a0", " ").replace("\r", "")
            if new == token:
                keep(token, m.start(), m.end(), True)
                pos = m.end()
                continue
        elif token[0] == "<":
            new = "\n" if _BLOCK_TAGS.match(token) else " "
        elif token in "\u00a0\u2007\u202f\t":
            new = " "
        elif "\u200b" <= token <= "\u200d" or token in "\u2060\ufeff":
            new = ""
        else:
            new = " "
        keep(new, m.start(), m.end(), False)
        pos = m.end()
    keep(raw[pos:], pos, len(raw), True)
    return Page(raw=raw, text="".join(out), starts=starts, ends=ends)


# ---------------------------------------------------------------------------------------
# 3. Lines, boilerplate, title, body, sentences
# ---------------------------------------------------------------------------------------


@dataclass
class Line:
    start: int  # offsets of the stripped line in Page.text
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return self.text.split()


def split_lines(page: Page) -> list[Line]:
    lines = []
    pos = 0
    for chunk in page.text.split("\n"):
        stripped = chunk.strip()
        lead = len(chunk) - len(chunk.lstrip())
        lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(chunk) + 1
    return lines


# Lines of site furniture, compared accent-, case- and punctuation-insensitively.
_NAV = _phrases(
    """
news|global|who we are|our work|what we do|partnerships|highlights|where we work|take action|
work with us|get involved|data and research|2030 agenda|home|menu|main menu|search|
skip to main content|skip to content|about us|about iom|donate|contact us|media centre|
media center|press releases|press release|news releases|latest news|noticias|
comunicados de prensa|comunicado de prensa|inicio|quienes somos|que hacemos|donde trabajamos|
english|espanol|francais|language|idioma|share|share this|like this|loading|related|tweet|
print|email|e mail|facebook|twitter|linkedin|whatsapp|reddit|pinterest|telegram|more|
read more|leer mas|back to top|subscribe|follow us|sign up|log in|login|register|comments|
comment|reply|name|website|post comment|submit|compartir|imprimir|volver|ver mas|
related posts|related news|you may also like|post navigation|previous post|next post|
written by|no comments yet|leave a reply|leave a comment|iom|oim|un migration|onu migracion|
en|es|fr
"""
)
_JUNK_PATTERNS = [
    # a menu heading glued to the blurb under it: "WHO WE AREThe International …"
    re.compile(r"^(?i:who we are|our work|what we do|where we work|take action)[A-Z]"),
    re.compile(r"(?i)^(use facebook to comment|%d bloggers like this|\d+ bloggers like this)"),
    re.compile(r"(?i)^(protected by |what is \d+\s*[-+x*]\s*\d+|please leave these)"),
    re.compile(r"(?i)^important! to be able to proceed"),
    re.compile(r"(?i)^(posted (in|by|on)|filed under|tags?:|categor(y|ies):|share this)"),
    re.compile(r"(?i)^(your email address will not be published|required fields are marked)"),
    re.compile(r"(?i)^(notify me of|save my name|copyright|©|all rights reserved)"),
    re.compile(r"(?i)^(privacy policy|terms of use|this site uses cookies|we use cookies)"),
    re.compile(r"(?i)^(like this|loading\.\.\.|related (posts|news|stories|articles))"),
    # IOM's standard "about" blurb from the site menus
    re.compile(r"(?i)is part of the united nations system as the leading inter-governmental"),
    re.compile(r"(?i)^as the leading inter-governmental organization promoting since 1951"),
]
# Once one of these appears, the release is over: what follows is the page's furniture.
_TAIL = re.compile(
    r"(?i)^(use facebook to comment|%d bloggers like this|\d+ bloggers like this|leave a reply"
    r"|leave a comment|no comments yet|written by$|related (posts|news|stories|articles)"
    r"|share this|post navigation|protected by |you may also like|noticias relacionadas)"
)
_META = re.compile(
    r"(?i)^(date( publish(ed)?)?|published|posted|region|country|countries|themes?|topics?"
    r"|fecha|pa[ií]s|regi[oó]n|temas?|tags?|source|fuente|author|autor|by)\s*:"
)


def is_junk(text: str) -> bool:
    """A line of navigation, comment form or share buttons, never part of a release."""
    if not text:
        return False
    folded = fold(text)
    if not folded or folded in _NAV:
        return True
    return any(p.search(text) for p in _JUNK_PATTERNS)


_TERMINAL = re.compile(r"[.!?:;][\"”’')\]]*$")
_CONNECTOR_END = re.compile(
    r"(?i)\b(the|of|and|a|an|to|for|with|in|on|at|by|from|de|del|la|las|los|el|y|en|a|con"
    r"|para|por|que)$"
)


def _cap_ratio(text: str) -> float:
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if len(w) >= 4]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _is_prose(lines: list[Line]) -> bool:
    words = sum(len(line.words) for line in lines)
    return words >= 20 and any(re.search(r"[.!?]", line.text) for line in lines)


def _title_like(line: Line) -> bool:
    n = len(line.words)
    return (
        3 <= n <= 30
        and not re.search(r"[.:;,][\"”’')\]]*$", line.text)
        and not _META.match(line.text)
        and not re.search(r"@|https?://|www\.", line.text)
        and not _CONNECTOR_END.search(line.text)
    )


@dataclass
class Layout:
    title: Line | None
    paragraphs: list[list[Line]]  # body paragraphs, in order
    contact_lines: list[Line]
    contact_marker: Line | None


def _nav_runs(lines: list[Line], masked: set[int]) -> set[int]:
    """Runs of three or more very short lines (menus), and lines repeated back to back."""
    out: set[int] = set()
    run: list[int] = []

    def short(i: int) -> bool:
        line = lines[i]
        return (
            i not in masked
            and 0 < len(line.words) <= 3
            and not _TERMINAL.search(line.text)
            and not re.search(r"\d|@", line.text)
        )

    for i in range(len(lines) + 1):
        if i < len(lines) and (short(i) or (not lines[i].text and run)):
            if lines[i].text:
                run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    prev = ""
    for i, line in enumerate(lines):
        if line.text and len(line.words) <= 5 and line.text == prev and i not in masked:
            out.update({i, i - 1} if i > 0 and lines[i - 1].text == prev else {i})
        if line.text:
            prev = line.text
    return out


def _split_at_markers(lines: list[Line]) -> list[Line]:
    """A contact marker after a sentence, mid-line ("… each year. For more information,
    please contact …"), starts a line of its own."""
    out = []
    for line in lines:
        m = _MID_MARKER.search(line.text)
        if m is None:
            out.append(line)
            continue
        cut = m.start(1)
        head = line.text[:cut].rstrip()
        out.append(Line(line.start, line.start + len(head), head))
        out.append(Line(line.start + cut, line.end, line.text[cut:]))
    return out


def split_page(page: Page) -> Layout:
    """Find the contact block, the title and the body paragraphs; drop the rest."""
    lines = _split_at_markers(split_lines(page))
    marker, block = find_contact_block(lines)
    masked = {id(line) for line in block}
    if marker is not None:
        masked.add(id(marker))
    block_idx = {i for i, line in enumerate(lines) if id(line) in masked}
    junk = {i for i, line in enumerate(lines) if is_junk(line.text)} | _nav_runs(lines, block_idx)

    # kept lines grouped into runs; blank, junk and contact lines separate the runs
    groups: list[list[int]] = []
    current: list[int] = []
    ended = False
    for i, line in enumerate(lines):
        if _TAIL.match(line.text):
            ended = True
        if ended or not line.text or i in junk or i in block_idx:
            if current:
                groups.append(current)
            current = []
            continue
        current.append(i)
    if current:
        groups.append(current)

    first_prose = next(
        (g for g in groups if _is_prose([lines[i] for i in g if not _META.match(lines[i].text)])),
        None,
    )
    if first_prose is None:
        raise IntakeError(
            "no recognisable release body (no paragraph of running text) was found on the page"
        )
    g_index = groups.index(first_prose)
    body_groups = groups[g_index:]

    def title_in(g: list[int]) -> int | None:
        # several title-like lines together: the first is the title (a subtitle or a
        # dateline may follow it)
        found = [i for i in g if _title_like(lines[i]) and not _date_only(lines[i].text)]
        return found[0] if found else None

    # the title is either the first line of the body's block (no blank line between them,
    # as on hard-wrapped pages) or the nearest title-like line before the body
    head = first_prose[0]
    nxt = lines[first_prose[1]] if len(first_prose) > 1 else None
    head_ok = (
        _title_like(lines[head])
        and nxt is not None
        and len(lines[head].words) < len(nxt.words) + 12
        and (_cap_ratio(lines[head].text) >= 0.5 or nxt.text[:1].isupper())
    )
    before = title_in(groups[g_index - 1]) if g_index > 0 else None
    title_index: int | None = None
    if head_ok and (_cap_ratio(lines[head].text) >= 0.6 or before is None):
        title_index = head
        body_groups = [first_prose[1:], *groups[g_index + 1 :]]
    else:
        title_index = next(
            (t for g in reversed(groups[:g_index]) if (t := title_in(g)) is not None), None
        )
    title = lines[title_index] if title_index is not None else None
    if title_index is not None and title_index != head:
        # everything kept after the title is body, a standfirst before the first
        # paragraph included
        body_groups = [kept for g in groups if (kept := [i for i in g if i > title_index])]
    paragraphs: list[list[Line]] = []
    for g in body_groups:
        para: list[Line] = []
        for i in g:
            line = lines[i]
            if title is not None and fold(line.text) == fold(title.text):
                continue
            if _META.match(line.text):
                continue
            # a short line without final punctuation followed by more text is a subheading
            if (
                para
                and not _TERMINAL.search(para[-1].text)
                and len(para[-1].words) <= 8
                and (len(para) == 1 and line.text[:1].isupper() and len(para[-1].words) < 6)
            ):
                paragraphs.append(para)
                para = []
            para.append(line)
        if para:
            paragraphs.append(para)
    return Layout(title, paragraphs, block, marker)


def _date_only(text: str) -> bool:
    return bool(_find_dates(text)) and len(text.split()) <= 8


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    # offsets where its clauses start (see _window), computed once: a long sentence holding
    # hundreds of figures would otherwise be rescanned for each of them
    cuts: list[int] | None = field(default=None, repr=False, compare=False)


_ABBREV = _words(
    """
dr dra mr mrs ms sr sra srta lic ing mtro mtra prof st no nos vs etc jr gen gov amb approx
aprox ca inc ltd co dept est fig p pp vol núm num ee uu
"""
)
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(¿¡]?[A-ZÁÉÍÓÚÑÜ0-9])")


def sentences(page: Page, paragraphs: list[list[Line]]) -> list[Sentence]:
    out = []
    for para in paragraphs:
        start, end = para[0].start, para[-1].end
        chunk = page.text[start:end]
        pos = 0
        for m in _BOUNDARY.finditer(chunk):
            before = chunk[pos : m.start()]
            last = re.search(r"(\S+)$", before)
            token = last.group(1).strip("(").rstrip(".").casefold() if last else ""
            if token in _ABBREV or re.fullmatch(r"[a-z]|(?:[a-z]\.)+[a-z]", token):
                continue
            cut = m.start() + len(m.group().rstrip())
            out.append(_sentence(page, start + pos, start + cut))
            pos = m.end()
        if chunk[pos:].strip():
            out.append(_sentence(page, start + pos, end))
    return [s for s in out if len(s.text.split()) >= 3]  # shorter is no usable quote


def _sentence(page: Page, start: int, end: int) -> Sentence:
    text = page.text[start:end]
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    start, end = start + lead, end - trail
    return Sentence(start, end, re.sub(r"\s+", " ", page.text[start:end]))


# ---------------------------------------------------------------------------------------
# 4. Contacts
# ---------------------------------------------------------------------------------------

_MARKER = re.compile(
    r"(?i)^\W*(?:for\s+(?:more|further|additional)\s+information|for\s+media\s+"
    r"(?:inquiries|enquiries|information)|media\s+contacts?\b|press\s+contacts?\b|contacts?\s*:"
    r"|para\s+(?:m[aá]s|mayor)\s+informaci[oó]n|contactos?(?:\s+(?:de\s+prensa|para\s+medios))?"
    r"\s*:|prensa\s*:|informes?\s*:)"
)
_MID_MARKER = re.compile(
    r"[.!?][\"”’)]?\s+(" + _MARKER.pattern.removeprefix("(?i)^\\W*") + ")", re.I
)
_AFTER_MARKER = re.compile(
    r"(?i)\b(?:contact(?:ar|e|o|s)?|comun[ií]quese\s+con|comunicarse\s+con|escribir\s+a)\b"
    r"(?:\s+(?:a|with|con)\b)?\s*[:,\-–]?\s*"
)
_EMAIL = re.compile(
    r"(?<![\w.+'-])(?:mailto:)?([A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+"
    r"(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_EMAIL_OBFUSCATED = re.compile(
    r"(?i)(?<![\w.])([a-z0-9][a-z0-9._-]*)\s*[\[(]\s*(?:at|arroba)\s*[\])]\s*"
    r"([a-z0-9-]+(?:\s*(?:\.|[\[(]\s*(?:dot|punto)\s*[\])])\s*[a-z0-9-]+)+)"
)
_PHONE = re.compile(
    r"(?<![\w@.])((?:\(\+\d{1,3}\)|\+)\s?\(?\d[\d\s().\-]{5,}\d|\(?\d{2,4}\)?[\s.\-]?\d{2,4}[\s.\-]\d{2,4}"
    r"(?:[\s.\-]\d{2,4})*)"
    r"(\s*,?\s*(?i:ext\.?|extension|extensi[oó]n|x)\s*\d{1,6})?"
)
_PHONE_LABEL = re.compile(
    r"(?i)\b(tel[eé]fono|tel[eé]f|tel|phone|ph|mobile|m[oó]vil|cel(?:ular)?|cell|fax|t|m|p)"
    r"\b\s*\.?\s*[:.]?\s*$"
)
_LABELS = re.compile(
    r"(?i)\b(?:e-?mail|correo(?:\s+electr[oó]nico)?|tel[eé]fono|tel[eé]f|tel|phone|mobile|"
    r"m[oó]vil|cel(?:ular)?|cell|fax|name|nombre|contact|contacto|office|oficina)\b\s*\.?\s*:?"
)
_LABEL_ONLY = re.compile(r"\W*" + _LABELS.pattern.removeprefix("(?i)") + r"\W*", re.I)
_OFFICE = re.compile(r"(?<![\w])(IOM|OIM|UN Migration|ONU Migraci[oó]n)(?![\w])")
_NAME_TOKEN = r"[A-ZÁÉÍÓÚÑÜ][\w'’.-]*"
_PARTICLE = r"(?:de|del|la|las|los|y|van|von|da|di|dos|das|du|le|el|bin|al|e)"
_NAME = re.compile(rf"^{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_TOKEN}){{1,5}}$")
_NOT_NAME_WORDS = _words(
    """
iom oim mexico méxico office oficina tel email e-mail phone mission misión press prensa
media medios communications comunicación comunicaciones officer oficial unit unidad
department information información contact contacto please for para public regional
organization organización international internacional migration migraciones national
nacional nations naciones united unidas government gobierno coordinator coordinadora
coordinador assistant asistente specialist especialista head chief jefe jefa director
directora manager spokesperson vocero vocera hq headquarters geneva ginebra fax mobile cell
tel.
"""
)


@dataclass
class _Item:
    kind: str  # name, office, phone, email
    value: str
    start: int
    end: int


@dataclass
class FoundContact:
    name: str | None = None
    office: str | None = None
    email: str | None = None
    phone: str | None = None
    start: int = 0
    end: int = 0

    def add(self, item: _Item) -> None:
        if self.start == self.end:
            self.start, self.end = item.start, item.end
        self.start, self.end = min(self.start, item.start), max(self.end, item.end)
        setattr(self, item.kind, item.value)


def _contact_like(text: str) -> bool:
    if not text:
        return False
    if _EMAIL.search(text) or _EMAIL_OBFUSCATED.search(text) or _phones_in(text, 0):
        return True
    if _OFFICE.search(text) and len(text.split()) <= 8:
        return True
    if re.fullmatch(r"(?i)(or|o|and|y|/|-|–|—|\||,)", text):
        return True
    if _LABEL_ONLY.fullmatch(text):
        return True
    stripped = _LABELS.sub(" ", text).strip(" :,-–")
    return bool(_NAME.match(stripped)) and not _has_non_name_word(stripped)


def _has_non_name_word(text: str) -> bool:
    return any(w.casefold().strip(".,:;") in _NOT_NAME_WORDS for w in text.split())


def find_contact_block(lines: list[Line]) -> tuple[Line | None, list[Line]]:
    """The "For more information, please contact" marker and the contact lines after it.

    The marker can sit anywhere; the block ends at a line of prose or page furniture, or at
    a blank line that is not followed by more contact lines. The first marker whose block
    has an email or phone wins.
    """
    for i, line in enumerate(lines):
        if not _MARKER.match(line.text):
            continue
        block: list[Line] = []
        m = _AFTER_MARKER.search(line.text)
        rest_start = None
        if m:
            rest_start = line.start + m.end()
        elif ":" in line.text:
            rest_start = line.start + line.text.index(":") + 1
        if rest_start is not None and rest_start < line.end:
            block.append(Line(rest_start, line.end, line.text[rest_start - line.start :]))
        j = i + 1
        blanks = 0
        while j < len(lines) and len(block) < 40:
            text = lines[j].text
            if not text:
                blanks += 1
                if blanks > 3:
                    break
                j += 1
                continue
            if _TAIL.match(text) or not _contact_like(text):
                break
            if blanks and block and not _continues_block(lines, j):
                break
            blanks = 0
            block.append(lines[j])
            j += 1
        if any(_EMAIL.search(b.text) or _phones_in(b.text, 0) for b in block):
            return line, block
    return None, []


def _continues_block(lines: list[Line], j: int) -> bool:
    """After a blank line: another contact follows only if an email or phone comes soon."""
    for k in range(j, min(j + 5, len(lines))):
        text = lines[k].text
        if text and (_EMAIL.search(text) or _phones_in(text, 0)):
            return True
        if text and not _contact_like(text):
            return False
    return False


def _phones_in(text: str, offset: int) -> list[tuple[str, int, int]]:
    """(phone as printed, start, end) for each real phone number in a piece of text."""
    found = []
    for m in _PHONE.finditer(text):
        printed = m.group().strip().rstrip(".,;")
        digits = re.sub(r"\D", "", m.group(1))
        if not 7 <= len(digits) <= 15:
            continue
        label = _PHONE_LABEL.search(text[max(0, m.start() - 14) : m.start()])
        if label and label.group(1).casefold() == "fax":
            continue
        if not label and not m.group(1).lstrip().startswith(("+", "(+")) and len(digits) < 8:
            continue
        try:
            normalise_phone(printed)
        except ValueError:
            try:
                printed = m.group(1).strip()
                normalise_phone(printed)
            except ValueError:
                continue
        found.append((printed, offset + m.start(), offset + m.start() + len(printed)))
    return found


_EMAIL_CHECK = TypeAdapter(EmailStr)


def _valid_email(email: str) -> bool:
    """The check the Contact model makes, so a found email never fails it."""
    try:
        _EMAIL_CHECK.validate_python(email)
    except ValidationError:
        return False
    return True


def _title_case(name: str) -> str:
    """'José Ramón CORDOBA' → 'José Ramón Cordoba' (all-capital surnames as printed)."""
    return " ".join(
        w.capitalize() if len(w) > 2 and w.isupper() and w.isalpha() else w for w in name.split()
    )


def _line_items(page: Page, line: Line) -> list[_Item]:
    text = page.text[line.start : line.end]
    items: list[_Item] = []
    mask = list(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            mask[k] = " "

    for m in _EMAIL.finditer(text):
        if _valid_email(m.group(1)):
            items.append(
                _Item("email", m.group(1).casefold(), line.start + m.start(), line.start + m.end())
            )
        blank(m.start(), m.end())
    for m in _EMAIL_OBFUSCATED.finditer(text):
        domain = re.sub(r"\s*(?:\.|[\[(]\s*(?:dot|punto)\s*[\])])\s*", ".", m.group(2))
        if not _valid_email(f"{m.group(1)}@{domain}"):
            continue
        items.append(
            _Item(
                "email",
                f"{m.group(1)}@{domain}".casefold(),
                line.start + m.start(),
                line.start + m.end(),
            )
        )
        blank(m.start(), m.end())
    # leftovers of a link: "mailto:…">…  or href="…"
    for m in re.finditer(r"(?i)(href=)?[\"']?mailto:[^\s\"'>]*[\"']?>?|[\"']>", "".join(mask)):
        blank(m.start(), m.end())
    masked = "".join(mask)
    for printed, a, b in _phones_in(masked, 0):
        items.append(_Item("phone", printed, line.start + a, line.start + b))
        blank(a, b)
    masked = _LABELS.sub(lambda m: " " * len(m.group()), "".join(mask))
    # what is left: names and offices, separated by punctuation or "at"/"en"
    for m in re.finditer(r"[^,;|•·()\[\]<>\"“”:/]+", masked):
        seg_start = m.start()
        for part in re.split(r"\s(?:at|en|from|de la|–|—|-)\s", m.group()):
            idx = masked.find(part, seg_start)
            seg_start = idx + len(part)
            value = part.strip(" .-–—\t")
            value = re.sub(r"(?i)^(?:or|and|o|y|or contact|o bien)\s+", "", value)
            if not value:
                continue
            a = line.start + idx + part.index(value)
            b = a + len(value)
            if _OFFICE.search(value) and len(value.split()) <= 8:
                items.append(_Item("office", value, a, b))
            elif _NAME.match(value) and not _has_non_name_word(value):
                items.append(_Item("name", _title_case(value), a, b))
    items.sort(key=lambda it: it.start)
    return items


def find_contacts(page: Page, block: list[Line]) -> list[FoundContact]:
    """Group the block's names, offices, emails and phones into contacts, in page order."""
    items = [it for line in block for it in _line_items(page, line)]
    office_first = bool(items) and items[0].kind == "office"
    contacts: list[FoundContact] = []
    current: FoundContact | None = None
    pending_office: _Item | None = None

    def new() -> FoundContact:
        c = FoundContact()
        if pending_office is not None:
            c.add(pending_office)
        contacts.append(c)
        return c

    for item in items:
        if item.kind == "name":
            if current is None or current.name or current.email or current.phone:
                if (
                    current is not None
                    and not current.name
                    and not (current.email and current.phone)
                ):
                    current.add(item)  # a name after an email or phone alone: same person
                    continue
                current = new()
                pending_office = None
            current.add(item)
        elif item.kind == "office":
            if office_first or current is None:
                pending_office = item
                if current is not None and not current.name and not current.email:
                    current.add(item)
            elif current.office is None:
                current.add(item)
            else:
                pending_office = item
        elif item.kind == "email":
            if current is None or (current.email and current.email != item.value):
                current = new()
            current.add(item)
        elif item.kind == "phone":
            if current is None or (current.phone and current.email):
                current = new()
            if current.phone is None:
                current.add(item)
    return [c for c in contacts if c.email or c.phone]


# ---------------------------------------------------------------------------------------
# 5. Figures
# ---------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.,/+\-])(?:[$€£]\s?)?\d[\d.,]*(?<=\d)(st|nd|rd|th|º|ª)?(?![\w/@])")
_PHONE_LIKE = re.compile(r"\+?\(?\d{1,4}\)?(?:[\s.\-]\(?\d{2,4}\)?){2,}")
_CURRENCY_BEFORE = re.compile(r"(?i)(US\s?\$|USD|U\.S\.\s?\$|MXN|EUR|€|£|\$)\s?$")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|"
    "julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
_MULTIPLIER = {
    "million": 1e6,
    "millions": 1e6,
    "millón": 1e6,
    "millon": 1e6,
    "millones": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "thousand": 1e3,
    "mil": 1e3,
    "bn": 1e9,
    "m": 1e6,
}
_QUALIFIERS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"(?i)\b(more than|more|in excess of|upwards of|más de|mas de|arriba de)\s*$"),
        "more than",
    ),
    (re.compile(r"(?i)\b(over|above|exceeding|superior a)\s*$"), "over"),
    (
        re.compile(r"(?i)\b(close to|nearly|almost|just under|cerca de|cerca del|casi)\s*$"),
        "close to",
    ),
    (
        re.compile(r"(?i)\b(at least|no less than|al menos|por lo menos|no menos de)\s*$"),
        "at least",
    ),
    (re.compile(r"(?i)\b(up to|as many as|hasta)\s*$"), "up to"),
    (
        re.compile(r"(?i)\b(an estimated|estimated|un estimado de|unos estimados)\s*$"),
        "an estimated",
    ),
    (re.compile(r"(?i)\b(some|unos|unas|algunos|algunas)\s*$"), "some"),
    (
        re.compile(
            r"(?i)\b(about|around|approximately|roughly|alrededor de|aproximadamente|aprox\.|approx\.)\s*$"
        ),
        "about",
    ),
]
_PERIOD = re.compile(
    r"(?i)\b(each year|every year|annually|per year|a year|yearly|per annum|cada año|al año"
    r"|anualmente|por año|each month|every month|monthly|per month|al mes|cada mes"
    r"|each day|every day|daily|per day|al día|diariamente|cada día)\b"
)
_NOT_FIGURE_BEFORE = re.compile(
    r"(?i)\b(article|artículo|art\.|no\.|nº|núm\.|number|número|page|p\.|resolution|resolución"
    r"|law|ley|decree|decreto|chapter|capítulo|section|sección|version|versión|room|sala|ext\.?"
    r"|aged|aged under|aged over|age of|ages of|edad de|menores de|mayores de"
    r"|tel\.?|phone|fax|covid|code|código|route|ruta|highway|carretera|km|kilómetro|kilometer)"
    r"\s*#?\s*$"
)
_YEAR_WORDS = re.compile(
    r"(?i)\b(in|since|of|by|until|till|from|to|between|and|during|before|after|early|late|mid"
    r"|the|year|en|desde|de|del|hasta|entre|y|durante|antes|después|año|circa|c\.)\s*$"
)
_UNIT_WORDS = {
    **{
        w: w
        for w in _words(
            """
migrants migrantes people persons personas officials funcionarios officers agents victims
víctimas children minors menores niños niñas adolescents adolescentes women mujeres men
hombres families familias returnees refugees refugiados workers trabajadores nationals
households years años months meses weeks semanas days días hours kilometers kilometres
kilómetros miles countries países states estados municipalities municipios communities
comunidades sessions sesiones courses cursos workshops talleres participants participantes
shelters albergues cases casos deportations deportaciones institutions instituciones
organizations organizaciones projects proyectos dólares pesos euros students estudiantes
staff beneficiaries beneficiarios trips offices oficinas kits meals solicitantes mexicanos
guatemaltecos hondureños salvadoreños repatriations repatriaciones returns retornos arrivals
detentions apprehensions events eventos grants becas
"""
        )
    },
    "migrant": "migrants",
    "servidores": "servidores públicos",
    "year": "years",
    "kilometer": "kilometers",
    "kilometre": "kilometres",
    "km": "kilometers",
    "mile": "miles",
    "dollars": "US dollars",
    "seekers": "asylum seekers",
    "mexicans": "Mexicans",
    "guatemalans": "Guatemalans",
    "hondurans": "Hondurans",
    "salvadorans": "Salvadorans",
    "nicaraguans": "Nicaraguans",
    "cubans": "Cubans",
    "haitians": "Haitians",
    "venezuelans": "Venezuelans",
}
_TWO_WORD_UNITS = {
    "member states": "member states",
    "training sessions": "training sessions",
    "estados miembros": "estados miembros",
    "servidores públicos": "servidores públicos",
}


@dataclass
class FoundFigure:
    value: float
    as_written: str
    qualifier: str
    unit: str | None
    counts: str
    period: str | None
    sentence: Sentence
    num_start: int
    num_end: int
    written_end: int  # end of as_written ("20 mil" reaches past the number)
    attributed_to: str | None = None


def _parse_number(token: str) -> float | None:
    token = token.lstrip("$€£ ")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        return float(token.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if re.fullmatch(r"\d+,\d{1,2}", token):
        return float(token.replace(",", "."))
    return None


_WORD_OR_PERCENT = re.compile(r"[^\W\d_][\w'’-]*|%")


def _words_after(text: str, n: int) -> list[str]:
    """The first n words of text (findall()[:n], without scanning past them)."""
    return [m.group() for m in itertools.islice(_WORD_OR_PERCENT.finditer(text), n)]


def find_figures(page: Page, sents: list[Sentence]) -> list[FoundFigure]:
    """Every number in the body that counts something; years, dates, phones, codes are not."""
    figures = []
    for s in sents:
        text = page.text[s.start : s.end]
        # what depends on the sentence alone, computed once for all its numbers
        period: str | None = None
        attributed: str | None = None
        per_sentence_done = False
        phone_spans = [(a, b) for _, a, b in _phones_in(text, 0)]
        phone_spans += [
            (m.start(), m.end())
            for m in _PHONE_LIKE.finditer(text)
            if len(re.sub(r"\D", "", m.group())) >= 8
        ]
        for m in _NUMBER.finditer(text):
            if any(a <= m.start() < b for a, b in phone_spans):
                continue
            ordinal = m.group(1)
            token = m.group()[: len(m.group()) - len(ordinal or "")]
            value = _parse_number(token)
            if value is None:
                continue
            before = text[max(0, m.start() - 25) : m.start()]  # only its last 25 are read
            after = text[m.end() : m.end() + _REACH]
            digits = token.lstrip("$€£ ")
            if _NOT_FIGURE_BEFORE.search(before[-20:]):
                continue
            if re.match(r"\s*(?::\d\d|[ap]\.?m\b|hrs?\b|h\b|°)", after, re.I):
                continue  # times and temperatures
            if re.search(rf"(?i)\b({_MONTHS})\.?\s*$", before[-15:]) or re.match(
                rf"(?i)\s*(?:de\s+)?({_MONTHS})\b", after
            ):
                continue  # 12 May, May 12, 11 de septiembre
            if re.match(r"\s*(?:th\s+)?centur|\s*siglo", after, re.I):
                continue
            unit_words = _words_after(after, 5)
            folded_next = [w.casefold() for w in unit_words]
            is_year = re.fullmatch(r"(1[89]|20)\d\d", digits) and not ordinal
            if is_year and (
                not folded_next
                or folded_next[0] not in _UNIT_WORDS
                or _YEAR_WORDS.search(before[-12:])
            ):
                continue
            if re.match(r"\s*-\s*\d", after) or re.match(r"\s*/\s*\d", after):
                continue  # ranges and fractions written 2011-2012, 9/11
            as_written = token.strip()
            written_end = m.end() - len(ordinal or "")
            multiplier = re.match(r"\s+([A-Za-zñó]+)\b", after)
            if (
                multiplier
                and multiplier.group(1).casefold() in _MULTIPLIER
                and multiplier.group(1) != "m"
            ):
                value *= _MULTIPLIER[multiplier.group(1).casefold()]
                as_written = text[m.start() : m.end() + multiplier.end()].strip()
                written_end = m.end() + multiplier.end()
                after = after[multiplier.end() :]
                after = re.sub(r"(?i)^\s+de\s+", " ", after)
                unit_words = _words_after(after, 5)
                folded_next = [w.casefold() for w in unit_words]
            if ordinal:
                as_written = m.group().strip()
                written_end = m.end()
            qualifier = "exact"
            for pattern, name in _QUALIFIERS:
                if pattern.search(before[-25:]):
                    qualifier = name
                    break
            unit = _unit(after, folded_next, token, ordinal)
            currency = _CURRENCY_BEFORE.search(before[-6:])
            if currency and not token.startswith(("$", "€", "£")):
                unit = {
                    "MXN": "pesos",
                    "EUR": "euros",
                    "€": "euros",
                    "£": "pounds",
                    "$": unit
                    if unit in ("pesos", "US dollars")
                    else f"{TODO}pesos or US dollars ($)",
                }.get(currency.group(1).upper(), "US dollars")
            if not per_sentence_done:
                period = p.group(1).casefold() if (p := _PERIOD.search(text)) else None
                attributed = _attribution(text)
                per_sentence_done = True
            figures.append(
                FoundFigure(
                    value=value,
                    as_written=as_written,
                    qualifier=qualifier,
                    unit=unit,
                    counts=_counts_guess(after, unit),
                    period=period,
                    sentence=s,
                    num_start=s.start + m.start() + len(m.group()) - len(m.group().lstrip("$€£ ")),
                    num_end=s.start + m.end(),
                    written_end=s.start + written_end,
                    attributed_to=attributed,
                )
            )
    return figures


def _unit(after: str, folded_next: list[str], token: str, ordinal: str | None) -> str | None:
    if ordinal:
        return "rank"
    if folded_next[:1] in (["pesos"], ["mxn"]):
        return "pesos"
    if folded_next[:1] in (["dollars"], ["dólares"], ["usd"]):
        return "US dollars"
    if token.startswith("$"):
        return f"{TODO}pesos or US dollars ($)"  # both are written $ in Mexico
    if token.startswith("€"):
        return "euros"
    if re.match(r"\s*(%|per\s?cent\b|percent\b|por\s+ciento\b)", after, re.I):
        return "per cent"
    pairs = [" ".join(folded_next[i : i + 2]) for i in range(len(folded_next) - 1)]
    for i, word in enumerate(folded_next):
        if i < len(pairs) and pairs[i] in _TWO_WORD_UNITS:
            return _TWO_WORD_UNITS[pairs[i]]
        word = word.split("-")[-1] if "-" in word else word
        if word in _UNIT_WORDS:
            return _UNIT_WORDS[word]
        if word in _words(
            """
of de per por the los las who que to
"""
        ):
            break
    return None


def _counts_guess(after: str, unit: str | None) -> str:
    rest = re.sub(r"^\s*(%|per\s?cent|percent|por\s+ciento)", "", after, flags=re.I)
    rest = re.split(r"[;:.]\s|[.;:]$|\s[–—]\s|\(", rest.strip() + " ", maxsplit=1)[0]
    head = re.split(r",(?!\d)", rest, maxsplit=1)[0]
    if len(head.split()) >= 3:
        rest = head
    rest = _PERIOD.sub("", rest)
    words = rest.replace("’", "'").split()[:16]
    phrase = " ".join(words).strip(" ,")
    if unit == "per cent":
        phrase = f"share {phrase}".strip()
    return phrase or (unit or "")


def _attribution(text: str) -> str | None:
    m = re.search(
        r"(?i)\b(?:according to|según|de acuerdo con|de acuerdo a)\s+([^,]{3,120}?)(?:,|\s(?=over|some|more|an estimated|about|\d))",
        text,
    )
    if m:
        return m.group(1).strip().replace("’", "'")
    m = re.search(r"(?i)\b((?:the\s+)?[A-Z][\w’' ]{3,80}?['’]s\s+latest\s+estimates)", text)
    return m.group(1).replace("’", "'") if m else None


# ---------------------------------------------------------------------------------------
# 6. What the knowledge base already knows
# ---------------------------------------------------------------------------------------

_SECTIONS = ("places", "organisations", "people", "programmes", "publications", "terms")
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
    measure: str
    unit: str
    words: set[str]
    release_id: str


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
            for section in _SECTIONS:
                for item in getattr(release, section):
                    known.entities.setdefault(section, {}).setdefault(item.id, item)
            for person in release.people:
                known.roles.setdefault(person.id, set()).add(fold(person.role))
            for f in release.figures:
                words = content_words(" ".join([f.measure.replace("-", " "), f.counts]))
                known.figures.append(KnownFigure(f.measure, f.unit, words, release.id))
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
    section: str
    item: Any
    start: int
    end: int


def _aliases(section: str, item: Any) -> list[tuple[str, bool]]:
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

    for section in _SECTIONS:
        for item in known.entities.get(section, {}).values():
            best: tuple[int, int] | None = None
            in_title: tuple[int, int] | None = None
            for alias, case_sensitive in _aliases(section, item):
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


# ---------------------------------------------------------------------------------------
# 7. People and new names
# ---------------------------------------------------------------------------------------

_HONORIFIC = (
    r"(?:Ambassador|Amb\.|Dr\.|Dra\.|Mr\.|Ms\.|Mrs\.|Sr\.|Sra\.|Lic\.|Mtro\.|Mtra\.|Prof\."
    r"|Minister|Governor|Commissioner|Senator|Embajador|Embajadora|Gobernador|Gobernadora"
    r"|Ministra?|Senadora?|Comisionad[oa])"
)
_ROLE_WORDS = _words(
    """
director directora deputy chief head commissioner comisionado comisionada president
presidente presidenta minister ministra ministro secretary secretario secretaria
undersecretary subsecretario subsecretaria governor gobernador gobernadora mayor alcalde
alcaldesa ambassador embajador embajadora advisor adviser asesor asesora coordinator
coordinador coordinadora representative representante officer oficial spokesperson spokesman
spokeswoman vocero vocera manager gerente specialist especialista consul cónsul senator
senador senadora delegate delegado delegada chair chairman chairperson envoy rapporteur
relator relatora attorney prosecutor fiscal judge juez jueza professor profesor profesora
researcher investigador investigadora titular jefe jefa leader líder founder fundador
fundadora rector rectora dean
"""
)
_LOWER_ROLES = (
    r"gobernador|gobernadora|presidente|presidenta|secretario|secretaria|subsecretario"
    r"|subsecretaria|director|directora|comisionado|comisionada|embajador|embajadora|alcalde"
    r"|alcaldesa|coordinador|coordinadora|titular|cónsul|consul|governor|mayor|minister"
    r"|ministro|ministra|senador|senadora|diputado|diputada|obispo|bishop|padre|father"
)
_SPEECH = (
    r"(?:said|says|explained|explains|added|adds|stressed|stresses|noted|notes|stated|states"
    r"|declared|emphasized|emphasised|highlighted|dijo|explicó|señaló|afirmó|comentó|agregó"
    r"|destacó|indicó|subrayó|declaró|expresó)"
)
_PERSON_NAME = rf"(?:{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_TOKEN}){{1,4}})"
_NOT_PERSON_WORDS = (
    _NOT_NAME_WORDS
    | _words(
        """
institute instituto commission comisión ministry secretaría state estado fund fondo
programme program programa project proyecto university universidad foundation fundación
centre center centro week semana border frontera america américa states council consejo
committee comité agency agencia bank banco union unión the el la los las system sistema
day día republic república city ciudad human rights derechos humanos development
desarrollo security seguridad trust network red collective colectivo colegio group grupo
grupos a.c. nations mexican mexicano mexicana central southern northern sur norte
general interior affairs multilateral issues of and
"""
    )
    | _ROLE_WORDS
)
_SENTENCE_STARTERS = _words(
    """
the a an in on at for with by from to as since during although both according most once
recent this these that it its their our his her el la los las un una en según durante desde
con para por del al este esta estos estas equally immediate significant unfortunately
funding added however but and or also while after before
"""
)


@dataclass
class FoundPerson:
    name: str
    title: str | None
    role: str | None
    start: int  # of the name + role span, for the quote
    end: int
    name_start: int
    name_end: int


def _bare(word: str) -> str:
    """'Mexico’s,' → 'mexico': a word as looked up in the word lists."""
    word = word.casefold().strip('.,;:()“”"')
    return word.removesuffix("’s").removesuffix("'s")


def _role_after(text: str, pos: int) -> tuple[str, int] | None:
    """', the IOM Chief of Mission in Mexico' after a name → (role, end offset in text)."""
    m = re.match(
        r",\s*((?:the\s+|la\s+|el\s+)?[^,;.()“”\"]{3,140}?)(?=\s*(?:[,;.(“”\"]|\s+(?:kicked|met|said|says|who|which|que|quien)\b|$))",
        text[pos:],
    )
    if not m:
        return None
    role = " ".join(m.group(1).split())
    if not any(_bare(w) in _ROLE_WORDS for w in role.split()):
        return None
    return role, pos + m.end(1)


def _role_before(text: str, pos: int) -> tuple[str, int] | None:
    """'IOM Mexico’s Chief of Mission, ' or 'IOM Mexico Chief of Mission ' before a name."""
    chunk = text[:pos]
    chunk = re.sub(rf"\s*{_HONORIFIC}\s*$", "", chunk)
    had_comma = chunk.rstrip().endswith(",")
    chunk = chunk.rstrip().rstrip(",").rstrip()
    boundary = max(
        (m.end() for m in re.finditer(r"[,;:(“”\"]|[.!?]\s|\s[-–—]\s", chunk)), default=0
    )
    words = list(re.finditer(r"\S+", chunk[boundary:]))
    if not words:
        return None
    first_role = next((k for k, w in enumerate(words) if _bare(w.group()) in _ROLE_WORDS), None)
    if first_role is None:
        return None
    # "… says IOM Mexico Chief of Mission Thomas Lothar Weiss": capitalised words only
    if not had_comma and any(
        not (w.group()[:1].isupper() or w.group() in _CONNECTORS) for w in words[first_role:]
    ):
        return None
    k = first_role
    while (
        k > 0
        and words[k - 1].group()[:1].isupper()
        and _bare(words[k - 1].group()) not in _SENTENCE_STARTERS
    ):
        k -= 1
    start = boundary + words[k].start()
    role = " ".join(chunk[start:].split())
    return (role, start) if len(role.split()) <= 20 else None


class Coverage:
    """Which characters of the page are already accounted for (known names, people)."""

    def __init__(self, size: int) -> None:
        self.mask = bytearray(size + 1)

    def add(self, a: int, b: int) -> None:
        self.mask[a:b] = b"\x01" * (b - a)

    def overlaps(self, a: int, b: int) -> bool:
        return 1 in self.mask[a:b]

    def ratio(self, a: int, b: int) -> float:
        return self.mask[a:b].count(1) / (b - a) if b > a else 1.0


def find_people(page: Page, sents: list[Sentence], taken: Coverage) -> list[FoundPerson]:
    """People named with an honorific, a role or a speech verb, not already known."""
    people: dict[str, FoundPerson] = {}
    patterns = [
        re.compile(rf"\b(?:el|la|the)\s+(?P<lrole>{_LOWER_ROLES})\s+(?P<name>{_PERSON_NAME})"),
        re.compile(
            rf"(?P<hon>{_HONORIFIC})\s+(?P<name>{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_TOKEN}){{0,4}})"
        ),
        re.compile(rf"(?P<name>{_PERSON_NAME})(?=,\s)"),
        re.compile(rf"(?<=,\s)(?P<name>{_PERSON_NAME})"),
        re.compile(rf"(?<=\s){_SPEECH}\s+(?P<name>{_PERSON_NAME})"),
        re.compile(rf"(?P<name>{_PERSON_NAME})\s+{_SPEECH}\b"),
    ]
    for s in sents:
        text = page.text[s.start : s.end]
        for pattern in patterns:
            for m in pattern.finditer(text):
                name = m.group("name")
                tokens = name.split()
                hon = m.groupdict().get("hon")
                while tokens and re.fullmatch(_HONORIFIC, tokens[0]):
                    hon = tokens.pop(0)
                # trim role words and sentence starters caught at either end
                while tokens and (_bare(tokens[0]) in _NOT_PERSON_WORDS | _SENTENCE_STARTERS):
                    tokens.pop(0)
                while tokens and (
                    _bare(tokens[-1]) in _NOT_PERSON_WORDS or not tokens[-1][:1].isupper()
                ):
                    tokens.pop()
                while tokens and not tokens[0][:1].isupper():
                    tokens.pop(0)
                if len(tokens) < (1 if hon else 2):
                    continue
                if any(_bare(t) in _NOT_PERSON_WORDS for t in tokens):
                    continue
                if any(re.search(r"\d", t) for t in tokens):
                    continue
                if len(tokens[-1]) > 2:
                    tokens[-1] = tokens[-1].rstrip(".")
                n_start = s.start + m.start("name") + m.group("name").index(tokens[0])
                n_end = (
                    s.start + m.start("name") + m.group("name").rindex(tokens[-1]) + len(tokens[-1])
                )
                name = " ".join(tokens)
                if taken.overlaps(n_start, n_end):
                    continue
                rel_a, rel_b = n_start - s.start, n_end - s.start
                after = _role_after(text, rel_b)
                before = None if after else _role_before(text, rel_a)
                speech = re.search(rf"{_SPEECH}\s*$", text[:rel_a]) or re.match(
                    rf"\s+{_SPEECH}\b", text[rel_b:]
                )
                lrole = m.groupdict().get("lrole")
                if not (after or before or hon or speech or lrole):
                    continue
                role, q_start, q_end = None, rel_a, rel_b
                if lrole and not (after or before):
                    role, q_start = lrole, m.start("lrole")
                if after:
                    role, q_end = after[0], after[1]
                elif before:
                    role, q_start = before[0], before[1]
                if hon:
                    h = re.search(rf"{re.escape(hon)}\s*$", text[:rel_a])
                    if h:
                        q_start = min(q_start, h.start())
                key = fold(name)
                if key in people:
                    continue
                people[key] = FoundPerson(
                    name=name,
                    title=hon,
                    role=role.replace("’", "'") if role else None,
                    start=s.start + q_start,
                    end=s.start + q_end,
                    name_start=n_start,
                    name_end=n_end,
                )
    # "Ambassador Thompson" and "Laura Thompson" are one person: keep the fuller name
    out = list(people.values())
    return [
        p
        for p in out
        if not any(
            o is not p
            and len(o.name) > len(p.name)
            and o.name.endswith(p.name.split()[-1])
            and p.name.split()[-1] in o.name.split()
            and len(p.name.split()) == 1
            for o in out
        )
    ]


_ORG_WORDS = _words(
    """
ministry institute commission foundation fund organization organisation agency office
council university centre center colegio collective secretaría instituto comisión fundación
fondo universidad government gobierno association asociación network red coalition committee
comité bank union nations a.c. ac church iglesia casa albergue shelter consulate consulado
embassy embajada senate senado congress congreso secretariat unit unidad police policía
sistema system programme cruz cross
"""
)
_PROGRAMME_WORDS = _words(
    """
programme program programa project proyecto week semana seminar seminario conference
conferencia forum foro campaign campaña initiative iniciativa plan strategy estrategia
course curso workshop taller agreement convenio study estudio report informe guide guía
survey encuesta
"""
)
_COMMON_CAPS = (
    _words(
        """
government state states governor ambassador chief mission under secretary deputy
director general president commissioner minister human rights officials national
international mexican central american spanish english migration migrants iom oim un onu
god internet beast bestia
"""
    )
    | set(_MONTHS.split("|"))
    | _words(
        """
monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves
viernes sábado domingo
"""
    )
)
_CAP_SEQ = re.compile(
    rf"{_NAME_TOKEN}(?:\s+(?:(?:of|for|the|on|with|de|del|la|las|los|el|al|para|sobre|con)\s+)*"
    rf"{_NAME_TOKEN})*"
)


_CONNECTORS = {"al"} | _words(
    """
of for the on with de del la las los el para sobre con
"""
)
_PLACE_PREFIX = re.compile(
    r"^(?:the\s+)?(?:State|City|Town|Municipality|Port|Estado|Ciudad|Municipio|Puerto)\s+(?:of|de)\s+"
)


_OPENING = re.compile(r"[ “\"‘'(¿¡\-–—]*")
_PLACE_WORD_END = re.compile(r"(?i)\b(in|from|through|into|en|desde)\s*$")


def _after_place_word(text: str, start: int, a: int) -> bool:
    """Whether text[start:a] ends with "in", "from", "desde"… and spaces (the sentence up to
    a name, where the name is a place), reading only its last few characters."""
    e = a
    while e > start and text[e - 1].isspace():
        e -= 1
    # the word ends at e, is at most 7 letters, and \b needs the character before it
    return bool(_PLACE_WORD_END.search(text[max(start, e - 8) : a]))


@dataclass
class Candidate:
    name: str
    kind: str  # organisation, place, programme, name
    acronym: str | None
    start: int
    end: int
    sentence: Sentence


def find_candidates(
    page: Page, sents: list[Sentence], taken: Coverage, skip: set[str] | None = None
) -> list[Candidate]:
    """Capitalised names the knowledge base does not know, with a guess of what they are.

    ``taken`` are spans already accounted for (known names, people found); ``skip`` are
    folded names not to propose again (a new person's surname)."""
    skip = skip or set()
    out: dict[str, Candidate] = {}

    def covered(a: int, b: int) -> bool:
        return taken.ratio(a, b) >= 0.6

    def add(name: str, kind: str, acronym: str | None, a: int, b: int, s: Sentence) -> None:
        key = fold(name)
        if acronym:
            skip.add(fold(acronym))
        if key and key not in out and key not in skip:
            out[key] = Candidate(name, kind, acronym, a, b, s)
            taken.add(a, b)

    for s in sents:
        text = page.text[s.start : s.end]
        # a title in quotation marks is one name: “Guide to Best Practices for …”
        for m in re.finditer(r"[“\"]([^”\"]{12,220})[”\"]", text):
            inner = m.group(1).rstrip(",.;: ")
            if _cap_ratio(inner) >= 0.6 and not re.search(r"[.!?]\s", inner):
                a = s.start + m.start(1)
                if not covered(a, a + len(inner)):
                    before = text[: m.start()].casefold()
                    kind = (
                        "publication"
                        if re.search(
                            r"(report|guide|publication|study|book|manual|informe|guía|estudio|publicación)\W*$",
                            before,
                        )
                        else "programme"
                    )
                    add(" ".join(inner.split()), kind, None, a, a + len(inner), s)
        for m in _CAP_SEQ.finditer(text):
            tokens = list(re.finditer(r"\S+", m.group()))
            at_start = bool(_OPENING.fullmatch(text, 0, m.start()))  # nothing but these before
            # a sentence-initial common word ("The", "According", "Funding")
            while tokens and (
                (at_start and _bare(tokens[0].group()) in _SENTENCE_STARTERS)
                or tokens[0].group()
                in _words(
                    """
The El Los Las A An In En
"""
                )
            ):
                tokens.pop(0)
                at_start = False
            while tokens and tokens[-1].group().casefold() in _CONNECTORS:
                tokens.pop()
            if not tokens:
                continue
            a = s.start + m.start() + tokens[0].start()
            raw_name = page.text[a : s.start + m.start() + tokens[-1].end()]
            raw_name = raw_name.rstrip(".,’'").removesuffix("’s").removesuffix("'s")
            prefix = _PLACE_PREFIX.match(raw_name)
            if prefix and len(raw_name) > prefix.end():  # "State of Chiapas" is Chiapas
                a += prefix.end()
                raw_name = raw_name[prefix.end() :]
            b = a + len(raw_name)
            name = " ".join(raw_name.split())
            words = [w.casefold() for w in name.split()]
            if not name or covered(a, b):
                continue
            if len(words) == 1 and (
                at_start or words[0] in _COMMON_CAPS or len(name) < 3 or words[0].endswith("ans")
            ):
                continue
            if all(w in _COMMON_CAPS or _bare(w) in _ROLE_WORDS for w in words):
                continue
            bare = {_bare(w) for w in words}
            if bare & _ROLE_WORDS and not bare & _ORG_WORDS:
                continue  # a role: "Chief of Mission", "Under Secretary for …"
            acronym_m = re.match(
                r"\s*\(([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9.&-]{1,14}(?:\s+A\.C\.)?)[)\s,]",
                page.text[b : b + 40],
            )
            acronym = acronym_m.group(1) if acronym_m else None
            kind = "name"
            if bare & _PROGRAMME_WORDS:
                kind = "programme"
            elif bare & _ORG_WORDS or acronym or (name.isupper() and len(name) <= 8):
                kind = "organisation"
            elif prefix or len(words) <= 3 and _after_place_word(page.text, s.start, a):
                kind = "place"
            add(name, kind, acronym, a, b, s)
            if acronym_m:  # "(CASEDE A.C.)" is this organisation, not another name
                taken.add(b, b + acronym_m.end())
    return list(out.values())


# ---------------------------------------------------------------------------------------
# 8. Topics, dates, ids
# ---------------------------------------------------------------------------------------


def guess_topics(body: str, known: Known, limit: int = 10) -> list[str]:
    """Vocabulary topics whose aliases the text uses, most used first."""
    folded = f" {fold(body)} "
    counts: Counter[str] = Counter()
    for topic_id, keys in known.topic_keys:
        for key in keys:
            counts[topic_id] += folded.count(f" {key} ")
    ranked = [t for t, n in counts.most_common() if n > 0]
    if len(ranked) > 1:
        ranked.remove("iom") if "iom" in ranked else None
    if ranked:
        return ranked[:limit]
    ids = [t for t, _ in known.topics]
    return ["iom"] if "iom" in ids or not ids else ids[:1]


def _find_dates(text: str) -> list[str]:
    pattern = re.compile(
        rf"(?i)\b(\d{{1,2}}\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?(?:19|20)\d\d"
        rf"|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d"
        r"|\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b"
    )
    return [" ".join(m.group(1).split()) for m in pattern.finditer(text)]


def slugify(text: str, max_len: int = 60) -> str:
    words = fold(text).split()
    out = ""
    for w in words:
        nxt = f"{out}-{w}" if out else w
        if len(nxt) > max_len:
            break
        out = nxt
    return out or "release"


# ---------------------------------------------------------------------------------------
# 9. The draft
# ---------------------------------------------------------------------------------------


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


_CLAUSE = re.compile(r"[,;:]\s+")
#: How far around a figure its counted phrase and its quote are looked for. A clause is a
#: few hundred characters; only a pathological page (one clause thousands of characters
#: long, without a comma, semicolon or colon) reaches this, and bounding it keeps intake
#: linear there: otherwise each of its figures reads and trims the whole clause.
_REACH = 4000


def _window(page: Page, s: Sentence, a: int, b: int, limit: int = 160) -> tuple[int, int]:
    """The clause of the sentence around text[a:b], grown to at least a few words and cut
    at word boundaries to at most ``limit`` characters."""
    if s.end - s.start <= limit:
        return s.start, s.end
    if s.cuts is None:
        s.cuts = [s.start]
        s.cuts += [m.end() for m in _CLAUSE.finditer(page.text, s.start, s.end)]
        s.cuts.append(s.end)
    cuts = s.cuts  # ascending: the last cut at or before a, the first at or after b
    i = min(bisect.bisect_right(cuts, a) - 1, len(cuts) - 2)
    j = max(bisect.bisect_left(cuts, b), 1)
    start, end = cuts[i], cuts[j]
    if end - start > limit + _REACH:  # such a clause: start from words around the figure
        if start < a - limit:
            cut = page.text.find(" ", a - limit, a)
            start = cut + 1 if cut >= 0 else a
        if end > b + limit:
            cut = page.text.rfind(" ", b, b + limit)
            end = cut if cut > b else b
    while end - start < 60 and (i > 0 or j < len(cuts) - 1):
        if j < len(cuts) - 1:
            j += 1
            end = cuts[j]
        else:
            i -= 1
            start = cuts[i]
    while end - start > limit:
        left, right = a - start, end - b
        if right >= left and end > b:
            cut = page.text.rfind(" ", b, end - 1)
            end = cut if cut > b else b
        elif start < a:
            cut = page.text.find(" ", start + 1, a)
            start = cut + 1 if cut >= 0 else a
        else:
            break
    return start, end


def _entity_record(section: str, item: Any, quote: str) -> dict[str, Any]:
    """A known entity's identity fields, with the quote from the new page."""
    data = item.model_dump(exclude_defaults=True, exclude={"quote"})
    if section == "organisations":
        data.pop("description", None)  # describes what it did in another release
    data["quote"] = quote
    return data


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


_FILLER = _words("of the a an and to in from de la el los las y en who that are is were was")


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
            "name": _title_case(c.name)
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
    sections: dict[str, list[dict[str, Any]]] = {s: [] for s in _SECTIONS}
    taken = Coverage(len(page.text))
    for a, b in known_spans:
        taken.add(a, b)
    org_ids = {m.item.id for m in matches if m.section == "organisations"}
    place_ids = {m.item.id for m in matches if m.section == "places"}
    for m in sorted(matches, key=lambda m: (_SECTIONS.index(m.section), m.start)):
        s = sentence_at[id(m)]
        if s is None:
            continue
        if m.section == "people":
            record = _known_person(page, s, m, known, org_ids)
        else:
            a, b = _window(page, s, m.start, m.end, limit=120)
            record = _entity_record(m.section, m.item, page.quote(a, b))
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
        org = _org_in(p.role or "", view, known, org_ids)
        if org:
            record["organisation"] = org
        if aliases := _name_aliases(p.name):
            record["aliases"] = aliases
        s = next(s for s in sents if s.start <= p.name_start < s.end)
        a, b = (p.start, p.end) if p.role else _window(page, s, p.name_start, p.name_end)
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
        a, b = _window(page, fig.sentence, fig.num_start, fig.num_end, limit=400)
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
            org = _org_in(fig.attributed_to, view, known, org_ids)
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
    dates = sorted(set(_find_dates(page.text)))
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


def _known_person(
    page: Page, s: Sentence, m: Match, known: Known, org_ids: set[str]
) -> dict[str, Any]:
    person = m.item
    text = page.text[s.start : s.end]
    a, b = m.start - s.start, m.end - s.start
    role_found = _role_after(text, b)
    q_start, q_end = a, b
    role = None
    if role_found:
        role, q_end = role_found
    else:
        before = _role_before(text, a)
        if before:
            role, q_start = before
    hon = re.search(rf"{_HONORIFIC}\s*$", text[:q_start])
    if hon and role is None:
        q_start = hon.start()
    record = _entity_record("people", person, "")
    if role:
        role = role.replace("’", "'")
        same = _role_key(role) in {_role_key(r) for r in known.roles.get(person.id, set())}
        record["role"] = role if same else f"{TODO}{role}"
        record["quote"] = page.quote(s.start + q_start, s.start + q_end)
    else:
        record["role"] = f"{TODO}{person.role} (role in another release; not printed here)"
        w = _window(page, s, m.start, m.end)
        record["quote"] = page.quote(*w)
    if record.get("organisation") and record["organisation"] not in org_ids:
        record.pop("organisation")
    return record


def _name_aliases(name: str) -> list[str]:
    """'Mariana Treviño Salgado' is also 'Treviño Salgado' and 'Mariana Treviño' (Spanish
    names carry two surnames; 'Ortiz de Rosas' keeps its particle)."""
    parts: list[str] = []
    for token in name.split():
        if parts and re.fullmatch(_PARTICLE, parts[-1].split()[-1]):
            parts[-1] = f"{parts[-1]} {token}"
        else:
            parts.append(token)
    if len(parts) < 3:
        return []
    return [f"{parts[-2]} {parts[-1]}", f"{parts[0]} {parts[-2]}"]


def _role_key(role: str) -> str:
    """Roles compared without articles and possessives: 'the IOM Mexico's Chief of Mission'."""
    return " ".join(w for w in fold(role).split() if w not in {"the", "s", "a", "el", "la"})


def _org_in(text: str, view: FoldedView, known: Known, org_ids: set[str]) -> str | None:
    if not text:
        return None
    sub = FoldedView.of(text)
    for org_id in org_ids:
        item = known.entities["organisations"][org_id]
        for alias, cs in _aliases("organisations", item):
            if next(sub.find(alias, cs), None) is not None and org_id != "iom":
                return org_id
    if "iom" in org_ids and re.search(r"\b(IOM|OIM)\b", text):
        return "iom"
    return None


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
        for alias, cs in _aliases("places", m.item):
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


# ---------------------------------------------------------------------------------------
# 10. YAML in the curated layout, with the curator's notes as comments
# ---------------------------------------------------------------------------------------

_PLAIN_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RESERVED = _words(
    """
null true false yes no on off y n ~
"""
)


def _scalar(value: Any) -> str:
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
    rid = record["id"]
    out = [
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
    by_section: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_section.setdefault(_CANDIDATE_SECTION[c.kind], []).append(c)
    for section in (*_SECTIONS, "contacts", "figures", "facts"):
        items = record[section]
        out.append("")
        out.append(f"# {_SECTION_NOTES[section]}")
        if items:
            out.append(f"{section}:")
        elif by_section.get(section):
            out.append(f"{section}: []    # to add one below, delete [] and uncomment it")
        else:
            out.append(f"{section}: []")
        for i, item in enumerate(items):
            if section == "figures":
                out.append(f"  # {figure_notes[i]}")
            out.extend(_entry(item, "  "))
        for c in by_section.get(section, []):
            out.extend(_candidate_lines(c, page))
    if by_section.get("candidates"):
        out.append("")
        out.append("# Other capitalised names on the page that the knowledge base does not know.")
        out.append("# Add the ones that matter under places, organisations, people or programmes.")
        for c in by_section["candidates"]:
            quote = page.quote(*_window(page, c.sentence, c.start, c.end, limit=100))
            out.append(f"#   {c.name}: {json.dumps(quote, ensure_ascii=False)}")
    text = "\n".join(out) + "\n"
    try:
        back = yaml.load(text, Loader=_YamlLoader)  # as the loader will read it
    except yaml.YAMLError as exc:
        raise IntakeError(f"internal error: the draft YAML does not parse ({exc})") from None
    if back != record:
        where = next((p for p, v in _leaves(record) if _leaf(back, p) != v), "?")
        raise IntakeError(
            f"internal error: the draft YAML does not read back as written at {where}"
        )
    return text


def _leaves(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, (*path, i))
    else:
        yield path, data


def _leaf(data: Any, path: tuple) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _candidate_lines(c: Candidate, page: Page) -> list[str]:
    quote = page.quote(*_window(page, c.sentence, c.start, c.end, limit=160))
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


# ---------------------------------------------------------------------------------------
# 11. Self-check: a filled draft must pass `knowledge check`
# ---------------------------------------------------------------------------------------


def fill_todos(record: dict[str, Any], title_quote: str) -> dict[str, Any]:
    """The draft as a curator who accepts every guess would leave it (used to self-check)."""

    def fill(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v, key) for v in value]
        if isinstance(value, str) and TODO_RE.search(value):
            if key == "email":
                return "press@iom.int"
            if key == "phone":
                return "+52 55 5536 3922"
            if key == "quote":
                return title_quote
            return value.replace(TODO, "").replace("TODO", "").strip() or "filled"
        return value

    return fill(record, "")


def self_check(
    draft: Draft, source: str, known_releases: list[Release], topic_ids: set[str]
) -> list[str]:
    """Problems `knowledge check` would report once the TODOs are filled: none, by design."""
    name = f"releases/{draft.release_id}.yaml"
    filled = fill_todos(draft.record, draft.title_quote)
    try:
        release = Release.model_validate(filled)
    except ValidationError as exc:
        return [f"{name}: {e['loc']}: {e['msg']}" for e in exc.errors()]
    problems = check_references(name, release, topic_ids)
    problems += check_quotes(name, release, f"sources/{release.source_file}", source)
    files = {r.id: f"releases/{r.id}.yaml" for r in known_releases}
    files[release.id] = name
    problems += [
        p for p in check_entity_agreement([*known_releases, release], files) if p.startswith(name)
    ]
    return problems
