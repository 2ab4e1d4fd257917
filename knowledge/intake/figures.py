"""Figures: every number in the body that counts something (years, dates, times, phones,
article numbers and codes do not), with its qualifier, unit, period and attribution.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from knowledge.intake.common import MONTHS, REACH, TODO, word_set
from knowledge.intake.contacts import phones_in
from knowledge.intake.layout import Sentence
from knowledge.intake.page import Page
from knowledge.intake.periods import PERIOD as _PERIOD
from knowledge.intake.periods import assign_periods

_NUMBER = re.compile(r"(?<![\w.,/+\-])(?:[$€£]\s?)?\d[\d.,]*(?<=\d)(st|nd|rd|th|º|ª)?(?![\w/@])")
_PHONE_LIKE = re.compile(r"\+?\(?\d{1,4}\)?(?:[\s.\-]\(?\d{2,4}\)?){2,}")
_CURRENCY_BEFORE = re.compile(r"(?i)(US\s?\$|USD|U\.S\.\s?\$|MXN|EUR|€|£|\$)\s?$")
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
    (
        re.compile(
            r"(?i)\b(over|above|exceeding|superior a|supera|superan|superaba|rebasa|rebasan"
            r"|sobrepasa|sobrepasan|excede|exceden)(\s+(los|las|el|la))?\s*$"
        ),
        "over",
    ),
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
        for w in word_set(
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
    **{
        es: en
        for es, en in (
            pair.split("=")
            for pair in """
migrantes=migrants personas=people funcionarios=officials víctimas=victims niños=children
niñas=children menores=minors adolescentes=adolescents mujeres=women hombres=men
familias=families refugiados=refugees trabajadores=workers años=years meses=months
semanas=weeks días=days kilómetros=kilometres países=countries estados=states
municipios=municipalities comunidades=communities sesiones=sessions cursos=courses
talleres=workshops participantes=participants albergues=shelters casos=cases
deportaciones=deportations instituciones=institutions organizaciones=organizations
proyectos=projects estudiantes=students beneficiarios=beneficiaries oficinas=offices
solicitantes=applicants mexicanos=Mexicans guatemaltecos=Guatemalans hondureños=Hondurans
salvadoreños=Salvadorans repatriaciones=repatriations retornos=returns eventos=events
becas=grants centros=centres habitantes=inhabitants refugios=shelters
""".split()
        )
    },
    "centres": "centres",
    "centers": "centers",
    "inhabitants": "inhabitants",
    "residents": "residents",
    "buses": "buses",
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
#: Units written in the singular when joined to the number: an "18-month project".
_JOINED_UNITS = {"month": "months", "week": "weeks", "day": "days", "hour": "hours"}
_TWO_WORD_UNITS = {
    "member states": "member states",
    "training sessions": "training sessions",
    "estados miembros": "estados miembros",
    "servidores públicos": "servidores públicos",
}


#: Cardinal number words, English and Spanish. "one"/"un"/"una" count only with a
#: multiplier ("one million"): alone they are an article or a pronoun ("one of the").
#: Ordinals ("third", "tercera") are never counts.
_WORD_VALUES = {
    **dict(
        zip(
            "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty".split(),
            range(2, 21),
            strict=True,
        )
    ),
    **{"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80},
    **{"ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100},
    **dict(
        zip(
            "dos tres cuatro cinco seis siete ocho nueve diez doce trece catorce quince "
            "dieciséis diecisiete dieciocho diecinueve veinte".split(),
            [*range(2, 11), *range(12, 21)],
            strict=True,
        )
    ),
    **{"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70},
    **{"ochenta": 80, "noventa": 90, "cien": 100, "dieciseis": 16},
}
_ONE = {"one": 1, "un": 1, "una": 1, "uno": 1, "a": 1}
_NUMBER_WORD = re.compile(
    r"(?i)(?<![\w-])(" + "|".join(sorted({*_WORD_VALUES, *_ONE}, key=len, reverse=True)) + r")"
    r"(?![\w-])"
)
#: Lengths of time: "three days" in words describes an event, it is not a statistic.
_DURATIONS = {"days", "weeks", "months", "years", "hours"}
#: Markup left on a page: an HTML attribute, a CSS colour or length. Never a figure.
_MARKUP = re.compile(
    r"(?i)\b[a-z-]+\s*=\s*[\"'][^\"'>]*[\"']|\b[a-z-]+=[^\s\"'>]+|rgba?\([^)]*\)"
    r"|#[0-9a-f]{3,6}\b|\b\d+(?:\.\d+)?\s?(?:px|pt|em|rem)\b"
    r"|\b(?:border|margin|padding|width|height|background|float|clear|color|font|display"
    r"|position|top|left|right|bottom|text-align)(?:-[a-z]+)*\s*:\s*[^;\"]*(?:;|\"|$)"
)


@dataclass
class FoundFigure:
    """A number that counts something, with what intake guessed about it (offsets in Page.text)."""

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
    #: the unit is the word printed right after the number, or its sign ($, %): read, not
    #: guessed from words further on ("three migrant shelters" vs "300 of them children")
    unit_certain: bool = False


def _parse_number(token: str) -> float | None:
    """A number written the English (1,234.5) or the Spanish (1.234,5) way; None if it is neither."""
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
    figures: list[FoundFigure] = []
    for s in sents:
        figures += _sentence_figures(page.text[s.start : s.end], s)
    return figures


def _sentence_figures(text: str, s: Sentence) -> list[FoundFigure]:
    """The figures of one sentence. What depends on the sentence alone is computed once for
    all its numbers (a sentence can hold hundreds), its periods and attribution only once a
    number in it turns out to be a figure."""
    skip = [(a, b) for _, a, b in phones_in(text, 0)]
    skip += [
        (m.start(), m.end())
        for m in _PHONE_LIKE.finditer(text)
        if len(re.sub(r"\D", "", m.group())) >= 8
    ]
    skip += [(m.start(), m.end()) for m in _MARKUP.finditer(text)]
    read = [(m, _read_number(text, m)) for m in _NUMBER.finditer(text)]
    read += [(m, _read_word_number(text, m)) for m in _NUMBER_WORD.finditer(text)]
    numbers = [
        (m, n)
        for m, n in sorted(read, key=lambda pair: pair[0].start())
        if n is not None and not any(a <= m.start() < b for a, b in skip)
    ]
    numbers = [
        (m, n)
        for k, (m, n) in enumerate(numbers)
        if not (k and _conversion(text, numbers[k - 1][0].end(), m.start()))
    ]
    if not numbers:
        return []
    periods = assign_periods(text, [(m.start(), m.end()) for m, _ in numbers])
    attributed = _attribution(text)
    figures = [_figure(n, m, s, periods[i], attributed) for i, (m, n) in enumerate(numbers) if n]
    for (m, _), figure in zip(numbers, figures, strict=True):
        if figure.unit is None:  # never certain: unit_certain stays False
            figure.unit = _unit_named_before(text[: m.start()])
    return figures


#: What a sentence says it counts before the number: "the number of migrants … exceeds
#: 200,000"; "a city of 1.5 million" counts its inhabitants.
_NUMBER_OF = re.compile(
    r"(?i)\b(?:the number of|the total of|el número de|la cantidad de|el total de)"
    r"\s+(?P<word>[^\W\d_]+)"
)
_POPULATION = re.compile(
    r"(?i)\b(?:city|town|country|municipality|ciudad|municipio|país)\s+(?:of|de)\s+"
    r"(?:(?:about|some|over|more than|nearly|unos|más de|casi)\s+)?$"
)


def _unit_named_before(before: str) -> str | None:
    """The unit a sentence names before its number, when none follows the number."""
    if _POPULATION.search(before):
        return "inhabitants"
    found = list(_NUMBER_OF.finditer(before))
    return _UNIT_WORDS.get(found[-1].group("word").casefold()) if found else None


def _conversion(text: str, previous_end: int, start: int) -> bool:
    """A number in brackets just after another one restates it in other units: the
    "(689 miles)" of "the 1108 kilometre journey (689 miles)"."""
    between = text[previous_end:start]
    return between.endswith("(") and len(between) <= 30 and "," not in between


def _read_word_number(text: str, m: re.Match[str]) -> _Number | None:
    """A number written as a word ("three shelters", "seis centros", "some one million"),
    or None: "one" needs a multiplier, and a word joined to a unit ("three-day") is a
    length, not a count."""
    word = m.group(1).casefold()
    after = text[m.end() : m.end() + REACH]
    multiplier = re.match(r"\s+([A-Za-zñó]+)\b", after)
    scale = _MULTIPLIER.get(multiplier.group(1).casefold(), 0) if multiplier else 0
    if scale < 1e3 or (multiplier and multiplier.group(1) == "m"):
        scale = 0
    if word in _ONE and not scale:
        return None
    if word == "a" and (
        not multiplier or multiplier.group(1).casefold() not in ("million", "billion")
    ):
        return None
    value = float(_WORD_VALUES.get(word) or _ONE[word])
    before = text[max(0, m.start() - 25) : m.start()]
    if _code_time_or_date(before, after) or re.search(r"(?i)\b(ages?|aged)\s*(of\s*)?$", before):
        return None
    written_end = m.end()
    if scale and multiplier:
        value *= scale
        written_end = m.end() + multiplier.end()
        after = re.sub(r"(?i)^\s+de\s+", " ", after[multiplier.end() :])
    if re.match(r"\s*(?:years?[\s-]+old|años\s+de\s+edad)", after, re.I):
        return None  # an age
    folded_next = [w.casefold() for w in _words_after(after, 5)]
    unit = _unit(after, folded_next, "", None) if folded_next else None
    partitive = re.search(r"(?i)\b(?:one|uno|una)\s+(?:of|de)\s+(?:the\s+|los\s+|las\s+)?$", before)
    if unit in _DURATIONS or (unit is None and not partitive and not scale):
        return None  # "three days", "these two fields": a description, not a statistic
    as_written = text[m.start() : written_end].strip()
    return _Number(value, as_written, None, before, after, folded_next, as_written, written_end)


@dataclass
class _Number:
    """A number that counts something, as read in its sentence (offsets in the sentence)."""

    value: float  # multiplied out: "20 mil" is 20000
    token: str  # as matched, without an ordinal suffix
    ordinal: str | None
    before: str  # the 25 characters before it
    after: str  # what follows it (at most REACH characters), past a multiplier word
    folded_next: list[str]  # the first words of ``after``, casefolded
    as_written: str
    written_end: int


def _read_number(text: str, m: re.Match[str]) -> _Number | None:
    """The number at ``m``, or None if it does not count anything."""
    ordinal = m.group(1)
    token = m.group()[: len(m.group()) - len(ordinal or "")]
    value = _parse_number(token)
    if value is None:
        return None
    before = text[max(0, m.start() - 25) : m.start()]  # only its last 25 are read
    after = text[m.end() : m.end() + REACH]
    if _code_time_or_date(before, after):
        return None
    if re.match(r"\s*(?:-\s*)?(?:years?[\s-]+old|year-old|años\s+de\s+edad)", after, re.I):
        return None  # an age: "15 years old", "a 15-year-old girl"
    folded_next = [w.casefold() for w in _words_after(after, 5)]
    if _year_range_or_fraction(token, ordinal, before, after, folded_next):
        return None
    as_written = token.strip()
    written_end = m.end() - len(ordinal or "")
    multiplier = re.match(r"\s+([A-Za-zñó]+)\b", after)
    if multiplier and multiplier.group(1).casefold() in _MULTIPLIER and multiplier.group(1) != "m":
        value *= _MULTIPLIER[multiplier.group(1).casefold()]
        as_written = text[m.start() : m.end() + multiplier.end()].strip()
        written_end = m.end() + multiplier.end()
        after = after[multiplier.end() :]
        after = re.sub(r"(?i)^\s+de\s+", " ", after)
        folded_next = [w.casefold() for w in _words_after(after, 5)]
    if ordinal:
        as_written = m.group().strip()
        written_end = m.end()
    return _Number(value, token, ordinal, before, after, folded_next, as_written, written_end)


def _code_time_or_date(before: str, after: str) -> bool:
    """An article, law or phone number, a time or temperature, a day of a month, a century."""
    if _NOT_FIGURE_BEFORE.search(before[-20:]):
        return True
    if re.match(r"\s*(?::\d\d|[ap]\.?m\b|hrs?\b|h\b|°)", after, re.I):
        return True  # times and temperatures
    if re.search(rf"(?i)\b({MONTHS})\.?\s*$", before[-15:]) or re.match(
        rf"(?i)\s*(?:(?:to|and|y|al|a|-|–)\s*\d{{1,2}}\s+)?(?:de\s+)?({MONTHS})\b", after
    ):
        return True  # 12 May, May 12, 11 de septiembre, the 21 of "21 to 24 June"
    return bool(re.match(r"\s*(?:th\s+)?centur|\s*siglo", after, re.I))


def _year_range_or_fraction(
    token: str, ordinal: str | None, before: str, after: str, folded_next: list[str]
) -> bool:
    """A year (unless it counts something: "2013 migrants"), a range, a fraction."""
    digits = token.lstrip("$€£ ")
    is_year = re.fullmatch(r"(1[89]|20)\d\d", digits) and not ordinal
    if is_year and (
        not folded_next or folded_next[0] not in _UNIT_WORDS or _YEAR_WORDS.search(before[-12:])
    ):
        return True
    # ranges and fractions written 2011-2012, 9/11
    return bool(re.match(r"\s*-\s*\d", after) or re.match(r"\s*/\s*\d", after))


def _figure(
    n: _Number, m: re.Match[str], s: Sentence, period: str | None, attributed: str | None
) -> FoundFigure:
    """The figure a number makes: its qualifier, unit and counted phrase guessed."""
    qualifier = "exact"
    for pattern, name in _QUALIFIERS:
        if pattern.search(n.before[-25:]):
            qualifier = name
            break
    unit = _currency_unit(n.before, n.token, _unit(n.after, n.folded_next, n.token, n.ordinal))
    return FoundFigure(
        value=n.value,
        as_written=n.as_written,
        qualifier=qualifier,
        unit=unit,
        counts=_counts_guess(n.after, unit),
        period=period,
        sentence=s,
        num_start=s.start + m.start() + len(m.group()) - len(m.group().lstrip("$€£ ")),
        num_end=s.start + m.end(),
        written_end=s.start + n.written_end,
        attributed_to=attributed,
        unit_certain=_unit_is_printed(unit, n),
    )


_SIGN_UNITS = {"per cent", "rank", "pesos", "euros", "pounds", "US dollars"}


def _unit_is_printed(unit: str | None, n: _Number) -> bool:
    """Whether the unit is printed with the number (its sign, or its noun)."""
    if unit is None or unit.startswith(TODO):
        return False
    if unit in _SIGN_UNITS:
        return True
    # the noun right after the number, or after one adjective ("5,000 deported migrants");
    # not a word further on ("300 of them children")
    near = [w.split("-")[-1] for w in n.folded_next[:2]]
    if not near or near[0] in _NOT_UNIT_START:
        return False
    if _JOINED_UNITS.get(near[0]) == unit:
        return True  # "18-month"
    return any(_UNIT_WORDS.get(w) == unit for w in near) or (
        near[0] in ("migrant", "migrante") and "migrant " in unit
    )


_NOT_UNIT_START = word_set(
    """
of de per por the los las who que to in en a for para
"""
)


def _currency_unit(before: str, token: str, unit: str | None) -> str | None:
    """A currency written before the number ("US$ 1.2 million", "MXN 300") decides its unit;
    a bare $ is pesos or dollars, which only the page's context tells."""
    currency = _CURRENCY_BEFORE.search(before[-6:])
    if not currency or token.startswith(("$", "€", "£")):
        return unit
    return {
        "MXN": "pesos",
        "EUR": "euros",
        "€": "euros",
        "£": "pounds",
        "$": unit if unit in ("pesos", "US dollars") else f"{TODO}pesos or US dollars ($)",
    }.get(currency.group(1).upper(), "US dollars")


def _unit(after: str, folded_next: list[str], token: str, ordinal: str | None) -> str | None:
    """The unit the number is in, from its sign or the words after it; None when nothing says."""
    if ordinal:
        return "rank"
    joined = re.match(r"-([a-z]+)\b", after)
    if joined and joined.group(1) in _JOINED_UNITS:  # an "18-month project"
        return _JOINED_UNITS[joined.group(1)]
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
        if "-" in word:  # "18-month", "two-week": the unit is joined to the number
            word = word.split("-")[-1]
            word = _JOINED_UNITS.get(word, word)
        after_it = folded_next[i + 1] if i + 1 < len(folded_next) else ""
        if word in ("migrant", "migrante") and after_it in _UNIT_WORDS:
            return f"migrant {_UNIT_WORDS[after_it]}"  # migrant children are children
        if word in _UNIT_WORDS:
            return _UNIT_WORDS[word]
        if word in word_set(
            """
of de per por the los las who que to
"""
        ):
            break
    return None


def _counts_guess(after: str, unit: str | None) -> str:
    """What the figure counts, guessed from the words after it up to the end of the clause."""
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


#: Who a sentence says its figures come from: "according to the INM", "based on data
#: from the Ministry", "con datos del INM", "figures from the CNDH show".
_SOURCE_BEFORE = re.compile(
    r"(?i)\b(?:according to|based on|según|de acuerdo con|de acuerdo a|con base en|con datos de"
    r"|citing|as reported by)\s+(?P<source>[^,;:]{3,120}?)"
    r"(?:[,;:]|\s(?=over|some|more|an estimated|about|nearly|almost|at least|\d)|$)"
)
_SOURCE_NAMED = re.compile(
    r"(?i)\b(?P<source>(?:(?:recent|latest|new|official|recientes|últimas)\s+)?"
    r"(?:data|figures|statistics|estimates|records|datos|cifras|estadísticas|estimaciones)"
    r"(?:\s+(?:captured|collected|compiled|gathered|published|released|recopilad[oa]s))?"
    r"\s+(?:from|of|by|del|de\s+la|de|por)\s+(?:the\s+|el\s+|la\s+)?[A-ZÁÉÍÓÚ][^,;:]{2,100}?)"
    r"(?=\s+(?:show|shows|indicate|indicates|place|places|put|puts|reveal|reveals|muestran"
    r"|indican|sitúan)\b|[,;:]|$)"
)


def _attribution(text: str) -> str | None:
    """Whose figure it is ('according to the National Migration Institute'), when the
    sentence says; the words of the page, without the 'according to'."""
    m = _SOURCE_BEFORE.search(text) or _SOURCE_NAMED.search(text)
    if m:
        return m.group("source").strip().rstrip(".").replace("’", "'")
    m = re.search(r"(?i)\b((?:the\s+)?[A-Z][\w’' ]{3,80}?['’]s\s+latest\s+estimates)", text)
    return m.group(1).replace("’", "'") if m else None
