"""The period of each figure of a sentence: "each year", "in 2010", "between January and May
2014", "each December", read from the figure's own clause.

Why per clause: a sentence often holds several numbers, and a period written next to one
of them ("some 13,000 migrants were returned in 2010") says nothing about the others;
giving every number of the sentence its first period was how "each year" ended up on the
wrong figure. A period in a clause of its own ("Between January and May 2014, a total of
43,863 …") belongs to the nearest figure, but that is a reading, not what the page says
next to the number, so it is proposed marked TODO.
"""

from __future__ import annotations

import re

from knowledge.intake.common import MONTHS, TODO

#: A rate: how often the counted thing happens.
PERIOD = re.compile(
    r"(?i)\b(each year|every year|annually|per year|a year|yearly|per annum|cada año|al año"
    r"|anualmente|por año|each month|every month|monthly|per month|al mes|cada mes"
    r"|each day|every day|daily|per day|al día|diariamente|cada día)\b"
)
#: Spanish rates said the way the knowledge base says them, so that one measure has one
#: kind of period whatever the release's language.
_IN_ENGLISH = {
    "cada año": "each year",
    "al año": "each year",
    "anualmente": "each year",
    "por año": "each year",
    "al mes": "each month",
    "cada mes": "each month",
    "al día": "daily",
    "diariamente": "daily",
    "cada día": "daily",
}
_YEAR = r"(?:19|20)\d\d"
_OF = r"(?:\s+(?:of|de|del))?"
#: A stretch of time: the year or months the figure is about.
_SPAN = re.compile(
    rf"(?i)\b(?:"
    rf"(?P<range>(?:between|entre)\s+(?:{MONTHS}){_OF}(?:\s+{_YEAR})?\s+(?:and|y)\s+"
    rf"(?:{MONTHS}){_OF}\s+{_YEAR}"
    rf"|(?:from|de|desde)\s+(?:{MONTHS})\s+(?:to|a|hasta)\s+(?:{MONTHS}){_OF}\s+{_YEAR}"
    rf"|(?:between|entre)\s+{_YEAR}\s+(?:and|y)\s+{_YEAR})"
    rf"|(?:in|during|en|durante)\s+(?P<month>(?:{MONTHS}){_OF}\s+{_YEAR})"
    rf"|(?:in|during|en|durante)\s+(?:the\s+year\s+|el\s+año\s+)?(?P<year>{_YEAR})"
    rf"|(?P<each>(?:each|every|cada)\s+(?:{MONTHS}))"
    rf"|(?P<last>(?:last|this|next|past)\s+year)"
    rf")\b"
)
#: Where a clause ends: punctuation, a dash, or a relative pronoun ("… opened in June
#: 2010 to support a programme which assists 450,000 …": the date is the opening's).
#: How many characters besides the period a clause holding only a period may have
#: ("Between January and May 2014, " has none; "ofrece diariamente alojamiento, " a verb
#: and a noun).
_OWN_CLAUSE_SLACK = 30
_CLAUSE_END = re.compile(
    r"[,;:]\s|\s[–—]\s|\s(?=(?:which|who|whom|whose|where|que|quien|quienes|donde|cuyo|cuya)\s)"
)


def periods_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, period as the record says it) for each period the sentence prints."""
    found = []
    for m in PERIOD.finditer(text):
        said = m.group(1).casefold()
        found.append((m.start(), m.end(), _IN_ENGLISH.get(said, said)))
    for m in _SPAN.finditer(text):
        said = next(
            g for g in (m.group(k) for k in ("range", "month", "year", "each", "last")) if g
        )
        if m.group("range"):  # "Between January and May 2014," opening a sentence
            said = said[0].lower() + said[1:]
        found.append((m.start(), m.end(), " ".join(said.split())))
    return sorted(found)


def _clause_of(text: str, pos: int, cuts: list[int]) -> int:
    return sum(1 for c in cuts if c <= pos)


def assign_periods(text: str, numbers: list[tuple[int, int]]) -> list[str | None]:
    """The period of each number (offsets in ``text``, in order): the nearest period of its
    own clause (marked TODO when the clause holds other numbers too); else a period standing in a clause of its own just before goes to the
    first number after it, marked TODO; else none."""
    periods = periods_in(text)
    out: list[str | None] = [None] * len(numbers)
    if not periods:
        return out
    cuts = [m.end() for m in _CLAUSE_END.finditer(text)]
    clause = [_clause_of(text, a, cuts) for a, _ in numbers]
    with_numbers = set(clause)
    for i, (a, b) in enumerate(numbers):
        own = [p for p in periods if _clause_of(text, p[0], cuts) == clause[i]]
        own = [p for p in own if not (p[0] <= a < p[1])]  # "in 2010" is no figure's period
        if own:
            said = min(own, key=lambda p: _distance(p, a, b))[2]
            shared = clause.count(clause[i]) > 1  # which of the clause's numbers is it?
            out[i] = f"{TODO}{said}" if shared else said
    for p in periods:
        at = _clause_of(text, p[0], cuts)
        if at in with_numbers:
            continue
        # a clause of its own just before the figure's: "Between January and May 2014, …"
        # (a longer clause is about something else: "opened in June 2010 in support of …")
        clause_start = cuts[at - 1] if at else 0
        clause_end = cuts[at] if at < len(cuts) else len(text)
        if (clause_end - clause_start) - (p[1] - p[0]) > _OWN_CLAUSE_SLACK:
            _rate_after_its_count(p, numbers, out)
            continue
        following = [i for i in range(len(numbers)) if clause[i] == at + 1]
        if not following:
            _rate_after_its_count(p, numbers, out)
        elif out[following[0]] is None:
            out[following[0]] = f"{TODO}{p[2]}"
    return out


def _rate_after_its_count(
    period: tuple[int, int, str], numbers: list[tuple[int, int]], out: list[str | None]
) -> None:
    """A rate in a later clause ("some 150,000 migrants, mostly from Central America,
    enter the country each year") goes to the nearest number before it, marked TODO; a
    date there dates something else ("opened in June 2010, …") and goes to no number."""
    if not PERIOD.fullmatch(period[2]):
        return
    before = [i for i, (_, b) in enumerate(numbers) if b <= period[0]]
    if before and out[before[-1]] is None:
        out[before[-1]] = f"{TODO}{period[2]}"


def _distance(period: tuple[int, int, str], a: int, b: int) -> int:
    start, end, _ = period
    return a - end if end <= a else start - b if start >= b else 0
