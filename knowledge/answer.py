"""The Answer: what the engine returns, as structured data every front end renders.

Nothing here is markup. Text is plain (unescaped) text in ``Span``s, each marked with
its emphasis (``strong``, ``em``, ``code`` or none); ``knowledge.render`` turns an Answer
into Slack mrkdwn (escaping once, building links) or terminal text.

These are dataclasses (keyword arguments only, as models take), not pydantic models: the engine builds them from values it has
typed itself (mypy checks them; ``tests/knowledge/engine/test_engine.py`` validates fuzzed
answers against these annotations with pydantic), and a pydantic model builds its
validator when it is defined, importing importlib.metadata to look for plugins on the way:
about 40 ms of every ``iom-bot ask``. What the models' validation did that callers rely
on is kept in ``Answer.__post_init__``: a string lead and string bullets become lines,
and the lists are the answer's own copies.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal, Self

from knowledge.i18n import Lang, _, _n, current
from knowledge.records.models import Figure

Intent = Literal["contact", "who", "what", "facts", "releases", "help", "search", "unknown"]
Style = Literal["text", "strong", "em", "code"]


class Copyable:
    """``model_copy(update=...)`` as pydantic's: a shallow copy with some fields replaced,
    not checked again (frozen or not)."""

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        new = copy.copy(self)
        names = {f.name for f in fields(self)}  # type: ignore[arg-type]  # every subclass is a dataclass
        for name, value in (update or {}).items():
            if name not in names:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            object.__setattr__(new, name, value)
        return new


@dataclass(frozen=True, kw_only=True)
class Span(Copyable):
    """A run of plain text with one emphasis."""

    text: str
    style: Style = "text"


#: A line of text: spans in order (hashable, so lines can be deduplicated).
Inline = tuple[Span, ...]
Part = str | Span | Inline


def inline(*parts: Part) -> Inline:
    """Spans from strings (plain text), spans and other inlines; empty strings are dropped."""
    out: list[Span] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(Span(text=part))
        elif isinstance(part, Span):
            out.append(part)
        else:
            out.extend(part)
    return tuple(out)


def strong(text: str) -> Span:
    return Span(text=text, style="strong")


def em(text: str) -> Span:
    return Span(text=text, style="em")


def code(text: str) -> Span:
    return Span(text=text, style="code")


def plain(line: Inline) -> str:
    """The words of a line, without emphasis."""
    return "".join(s.text for s in line)


def join(lines: Iterable[Inline], sep: str) -> Inline:
    out: list[Span] = []
    for i, line in enumerate(lines):
        out.extend(inline(sep, line) if i else line)
    return tuple(out)


def capitalise(line: Inline) -> Inline:
    """Upper-case the first letter of the line (not of a code span, nor a leading ``*`` or
    ``_`` a curator or user typed: the rule the mrkdwn lines always followed)."""
    if not line:
        return line
    first = line[0]
    i = 1 if first.style == "text" and first.text.startswith(("*", "_")) else 0
    if first.style == "code":
        return line
    text = first.text[:i] + first.text[i : i + 1].upper() + first.text[i + 1 :]
    return (first.model_copy(update={"text": text}), *line[1:])


def sentence(line: Inline) -> Inline:
    """Capitalised, ending with a full stop unless it ends with ``. ? ! :`` already."""
    if line and line[-1].style == "text":
        last = line[-1]
        line = (*line[:-1], last.model_copy(update={"text": last.text.rstrip()}))
    line = capitalise(line)
    ends = bool(line) and line[-1].style == "text" and line[-1].text.endswith((".", "?", "!", ":"))
    return line if ends else inline(line, ".")


@dataclass(frozen=True, kw_only=True)
class Point(Copyable):
    """One bullet of an answer: its text, and the figure, quote and release behind it
    where it has them."""

    text: Inline
    release_id: str | None = None
    figure: Figure | None = None
    quote: str | None = None


@dataclass(frozen=True, kw_only=True)
class ContactCard(Copyable):
    name: str
    office: str
    office_es: str | None = None  # the office in Spanish, when it differs ("OIM México")
    email: str | None  # None: the release printed a phone only
    phone: str  # normalised for display: +52 55 5536 3922
    tel: str  # E.164 for tel: links: +525555363922
    release_id: str
    # further numbers printed for the same person: (display, tel) pairs
    more_phones: tuple[tuple[str, str], ...] = ()

    @property
    def office_in_language(self) -> str:
        """The office in the language being written: App Home and digests show cards
        that no answer has put in the asker's language."""
        return self.office_es if self.office_es and current() != "en" else self.office

    @property
    def key(self) -> str:
        """Who this is, across releases (as ``Contact.key``)."""
        return self.email.casefold() if self.email else f"{self.name.casefold()}|{self.tel}"


@dataclass(frozen=True, kw_only=True)
class SourceRef(Copyable):
    release_id: str
    title: str
    title_es: str | None = None  # the curator's Spanish title, for answers in Spanish


def _as_inline(value: Any) -> Any:
    """A line from a string (plain text) or from spans in any sequence."""
    return inline(value) if isinstance(value, str) else tuple(value)


@dataclass(kw_only=True)
class Answer(Copyable):
    query: str
    answered: bool
    intent: Intent
    lead: Inline
    bullets: list[Point] = field(default_factory=list)
    total: int = 0  # how many bullets the engine had before it cut them to those shown
    contacts: list[ContactCard] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)  # queries to offer as "Did you mean …"
    disagreement: bool = False  # releases give different figures for one measure
    # How to narrow a list the engine had to cut (rendered after "…and N more").
    narrow: Inline = ()
    # The bullets are the sources (a list of releases): no separate "Sources" line.
    lists_sources: bool = False
    # Typos the engine corrected, (as typed, as read), folded: the reply says so.
    corrections: list[tuple[str, str]] = field(default_factory=list)
    # The language the answer is written in (``Engine.answer``'s ``lang``), and how many
    # curated texts it had to give in English for want of the curator's Spanish.
    lang: Lang = "en"
    untranslated: int = 0

    @property
    def left_out(self) -> int:
        """Bullets the engine had but does not show."""
        return max(0, self.total - len(self.bullets))

    def __post_init__(self) -> None:
        """A string (or any sequence of spans) as the lead, or as a bullet, is a line; the
        lists are copies (the contacts may be the corpus's own list)."""
        self.lead = _as_inline(self.lead)
        self.narrow = _as_inline(self.narrow)
        self.bullets = [
            Point(text=_as_inline(b)) if isinstance(b, str | tuple) else b for b in self.bullets
        ]
        self.contacts = list(self.contacts)
        self.sources = list(self.sources)
        self.suggestions = list(self.suggestions)
        self.corrections = [(typed, read) for typed, read in self.corrections]

    @property
    def shown(self) -> int:
        return len(self.bullets)


def corrections_line(answer: Answer) -> Inline | None:
    """ "I read “migrnats” as “migrants”." when the engine corrected typos; else None."""
    if not answer.corrections:
        return None
    pairs = [
        inline(_("“{typed}” as “{read}”").format(typed=typed, read=read))
        for typed, read in answer.corrections[:5]
    ]
    return inline(_("I read "), *join(pairs, ", "), ".")


def narrow_default() -> Inline:
    return inline(_("Ask a narrower question to see them."))


def more_line(answer: Answer) -> Inline | None:
    """ "…and N more" with how to narrow the list, when the engine cut one; else None."""
    if not answer.left_out:
        return None
    more = _n("…and {n} more. ", "…and {n} more. ", answer.left_out).format(n=answer.left_out)
    return inline(more, *(answer.narrow or narrow_default()))


def untranslated_line(answer: Answer) -> Inline | None:
    """Said once when curated text had to be given in English (each such text is marked
    "(en inglés)" where it stands); else None."""
    if not answer.untranslated and not (
        answer.lang == "es" and any(s.title_es is None for s in shown_sources(answer))
    ):
        return None
    return inline(_("Some of the curated text has no Spanish version yet; it is given in English."))


def shown_sources(answer: Answer) -> list[SourceRef]:
    """The sources the reply's "Sources" line names (none when the bullets are the list)."""
    return [] if answer.lists_sources else answer.sources
