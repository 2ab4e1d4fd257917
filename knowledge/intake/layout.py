"""The page's layout: site furniture (menus, "Who we are" blocks, comment forms) removed,
the contact block, the title and the body paragraphs found, the body cut into sentences,
and the clause of a sentence around a span (what quotes are cut from).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from knowledge.intake.common import REACH, TAIL, IntakeError, phrase_set, word_set
from knowledge.intake.contacts import find_contact_block, split_at_markers
from knowledge.intake.page import Line, Page, split_lines
from knowledge.intake.topics import find_dates
from knowledge.text import fold

# Lines of site furniture, compared accent-, case- and punctuation-insensitively.
_NAV = phrase_set(
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


def cap_ratio(text: str) -> float:
    """The share of longer words that are capitalised: titles and names are mostly capitalised,
    prose is not."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if len(w) >= 4]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def _is_prose(lines: list[Line]) -> bool:
    """Running text (enough words and a sentence end), as opposed to menus and headings."""
    words = sum(len(line.words) for line in lines)
    return words >= 20 and any(re.search(r"[.!?]", line.text) for line in lines)


#: What a wire service or the site prints above a release: a label, never its title.
_LABEL = re.compile(
    r"(?i)^(?:press releases?|news releases?|press briefing notes?|media advisory|comunicados?"
    r"(?: de prensa)?|boletín(?: de prensa)?|nota (?:de prensa|informativa)|aviso a medios"
    r"|news|noticias|briefing notes?)\b|\((?:AP|AFP|EFE|Reuters|Notimex|DPA|ANSA|IPS)\)"
)


def _title_like(line: Line) -> bool:
    """A line that could be the title: a few words, no final punctuation, not metadata, a
    wire-service label, a link or a dangling connector."""
    n = len(line.words)
    return (
        3 <= n <= 30
        and not re.search(r"[.:;,][\"”’')\]]*$", line.text)
        and not _META.match(line.text)
        and not _LABEL.search(line.text)
        and not re.search(r"@|https?://|www\.", line.text)
        and not _CONNECTOR_END.search(line.text)
    )


def _wrapped_prose(line: Line) -> bool:
    """The first line of a hard-wrapped paragraph rather than a title: a comma followed by
    a lowercase word (", the Director General …") is the middle of a sentence."""
    return bool(re.search(r",\s+[a-záéíóúñ]", line.text))


@dataclass
class Layout:
    """Where the parts of the release are on the page."""

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


def split_page(page: Page) -> Layout:
    """Find the contact block, the title and the body paragraphs; drop the rest."""
    lines = split_at_markers(split_lines(page))
    marker, block = find_contact_block(lines)
    block_idx = _block_indices(lines, marker, block)
    junk = {i for i, line in enumerate(lines) if is_junk(line.text)} | _nav_runs(lines, block_idx)
    groups = _kept_groups(lines, junk, block_idx)
    first_prose = next(
        (g for g in groups if _is_prose([lines[i] for i in g if not _META.match(lines[i].text)])),
        None,
    )
    if first_prose is None:
        raise IntakeError(
            "no recognisable release body (no paragraph of running text) was found on the page"
        )
    title_index, body_groups = _title_and_body(lines, groups, first_prose)
    title = lines[title_index] if title_index is not None else None
    return Layout(title, _paragraphs(lines, body_groups, title), block, marker)


def _block_indices(lines: list[Line], marker: Line | None, block: list[Line]) -> set[int]:
    """Where the contact marker and block sit among the lines (by identity: the block's
    first line may be the rest of the marker's line, which is not one of them)."""
    masked = {id(line) for line in block}
    if marker is not None:
        masked.add(id(marker))
    return {i for i, line in enumerate(lines) if id(line) in masked}


def _kept_groups(lines: list[Line], junk: set[int], block_idx: set[int]) -> list[list[int]]:
    """The kept lines grouped into runs; blank, junk and contact lines separate the runs,
    and nothing after the page's furniture starts (``TAIL``) is kept."""
    groups: list[list[int]] = []
    current: list[int] = []
    ended = False
    for i, line in enumerate(lines):
        if TAIL.match(line.text):
            ended = True
        if ended or not line.text or i in junk or i in block_idx:
            if current:
                groups.append(current)
            current = []
            continue
        current.append(i)
    if current:
        groups.append(current)
    return groups


def _title_in(lines: list[Line], group: list[int]) -> int | None:
    """Several title-like lines together: the first is the title (a subtitle or a dateline
    may follow it)."""
    found = [i for i in group if _title_like(lines[i]) and not _date_only(lines[i].text)]
    return found[0] if found else None


def _title_and_body(
    lines: list[Line], groups: list[list[int]], first_prose: list[int]
) -> tuple[int | None, list[list[int]]]:
    """The title's line and the groups of body lines.

    The title is either the first line of the body's block (no blank line between them, as
    on hard-wrapped pages) or the nearest title-like line before the body."""
    g_index = groups.index(first_prose)
    while len(first_prose) > 2 and _LABEL.search(lines[first_prose[0]].text):
        first_prose = first_prose[1:]  # "Press Briefing Notes" above the title
        groups = [*groups[:g_index], first_prose, *groups[g_index + 1 :]]
    body_groups = groups[g_index:]
    head = first_prose[0]
    nxt = lines[first_prose[1]] if len(first_prose) > 1 else None
    head_ok = (
        _title_like(lines[head])
        and nxt is not None
        and not _wrapped_prose(lines[head])
        and not nxt.text[:1].islower()  # the head's sentence goes on: no title
        and (len(lines[head].words) < len(nxt.words) + 12 or cap_ratio(lines[head].text) >= 0.6)
        and (cap_ratio(lines[head].text) >= 0.5 or nxt.text[:1].isupper())
    )
    before = _title_in(lines, groups[g_index - 1]) if g_index > 0 else None
    title_index: int | None = None
    if head_ok and (cap_ratio(lines[head].text) >= 0.6 or before is None):
        title_index = head
        body_groups = [first_prose[1:], *groups[g_index + 1 :]]
    else:
        title_index = next(
            (t for g in reversed(groups[:g_index]) if (t := _title_in(lines, g)) is not None),
            None,
        )
    if title_index is not None and title_index != head:
        # everything kept after the title is body, a standfirst before the first
        # paragraph included
        body_groups = [kept for g in groups if (kept := [i for i in g if i > title_index])]
    return title_index, body_groups


def _paragraphs(
    lines: list[Line], body_groups: list[list[int]], title: Line | None
) -> list[list[Line]]:
    """The body's lines as paragraphs, without the title repeated or metadata lines."""
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
    return paragraphs


def _date_only(text: str) -> bool:
    """A dateline, which is title-shaped but never the title."""
    return bool(find_dates(text)) and len(text.split()) <= 8


@dataclass
class Sentence:
    """A sentence of the body (offsets in Page.text; text with whitespace runs made single spaces)."""

    start: int
    end: int
    text: str
    # offsets where its clauses start (see clause_window), computed once: a long sentence holding
    # hundreds of figures would otherwise be rescanned for each of them
    cuts: list[int] | None = field(default=None, repr=False, compare=False)


_ABBREV = word_set(
    """
dr dra mr mrs ms sr sra srta lic ing mtro mtra prof st no nos vs etc jr gen gov amb approx
aprox ca inc ltd co dept est fig p pp vol núm num ee uu
"""
)
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(¿¡]?[A-ZÁÉÍÓÚÑÜ0-9])")


def sentences(page: Page, paragraphs: list[list[Line]]) -> list[Sentence]:
    """The body's sentences, not cut after abbreviations or initials; fragments of under three words
    dropped (no usable quote)."""
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
    """A sentence of text[start:end], its offsets moved in past surrounding whitespace."""
    text = page.text[start:end]
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    start, end = start + lead, end - trail
    return Sentence(start, end, re.sub(r"\s+", " ", page.text[start:end]))


_CLAUSE = re.compile(r"[,;:]\s+")


def clause_window(page: Page, s: Sentence, a: int, b: int, limit: int = 160) -> tuple[int, int]:
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
    if end - start > limit + REACH:  # such a clause: start from words around the figure
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
