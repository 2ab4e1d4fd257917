"""People and new names: people named with an honorific, a role or a speech verb, the
record of a known person as this page names them, and the capitalised names the knowledge
base does not know (organisations, places, programmes, publications) for the curator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from knowledge.intake.common import MONTHS, NAME_TOKEN, NOT_NAME_WORDS, PARTICLE, TODO, word_set
from knowledge.intake.known import Known, Match, entity_record
from knowledge.intake.layout import Sentence, cap_ratio, clause_window
from knowledge.intake.page import Page
from knowledge.text import fold

_HONORIFIC = (
    r"(?:Ambassador|Amb\.|Dr\.|Dra\.|Mr\.|Ms\.|Mrs\.|Sr\.|Sra\.|Lic\.|Mtro\.|Mtra\.|Prof\."
    r"|Minister|Governor|Commissioner|Senator|Embajador|Embajadora|Gobernador|Gobernadora"
    r"|Ministra?|Senadora?|Comisionad[oa])"
)
_ROLE_WORDS = word_set(
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
_PERSON_NAME = rf"(?:{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)*{NAME_TOKEN}){{1,4}})"
_NOT_PERSON_WORDS = (
    NOT_NAME_WORDS
    | word_set(
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
_SENTENCE_STARTERS = word_set(
    """
the a an in on at for with by from to as since during although both according most once
recent this these that it its their our his her el la los las un una en según durante desde
con para por del al este esta estos estas equally immediate significant unfortunately
funding added however but and or also while after before
"""
)


@dataclass
class FoundPerson:
    """A new person the page names, and the span to quote (name and role)."""

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


#: ", the IOM Chief of Mission in Mexico" up to the punctuation, colon or verb that ends
#: it: "…, IOM Chief of Mission in Mexico explains:" is the role without "explains".
_ROLE_AFTER = re.compile(
    r",\s*((?:the\s+|la\s+|el\s+)?[^,;:.()“”\"«»]{3,140}?)"
    rf"(?=\s*(?:[,;:.(“”\"«»]|\s+(?:kicked|met|who|which|que|quien|{_SPEECH.strip('(?:)')})\b|$))"
)


def _role_after(text: str, pos: int) -> tuple[str, int] | None:
    """', the IOM Chief of Mission in Mexico' after a name → (role, end offset in text)."""
    m = _ROLE_AFTER.match(text[pos:])
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
    first_role = _last_role_start(words)
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


def _last_role_start(words: list[re.Match[str]]) -> int | None:
    """Where the role next to a name starts: the first role word, unless a verb comes
    after it ("the Director General met with the Commissioner of …, Name": the role is
    the Commissioner's), then the first role word after the last such verb."""
    start: int | None = None
    verb_since = False
    for k, w in enumerate(words):
        word = w.group()
        if _bare(word) in _ROLE_WORDS:
            if start is None or verb_since:
                start, verb_since = k, False
        elif (
            start is not None
            and word[:1].islower()
            and word.casefold() not in _CONNECTORS
            and not re.fullmatch(r"[a-záéíóúñ]+(?:ern|al|an|ian)", word)  # the southern state
        ):
            verb_since = True
    return start


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


#: How a new person is introduced: "the governor Name", "Dr. Name", "Name, role",
#: "role, Name", "said Name", "Name said".
_PERSON_PATTERNS = [
    re.compile(rf"\b(?:el|la|the)\s+(?P<lrole>{_LOWER_ROLES})\s+(?P<name>{_PERSON_NAME})"),
    re.compile(
        rf"(?P<hon>{_HONORIFIC})\s+(?P<name>{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)*{NAME_TOKEN}){{0,4}})"
    ),
    re.compile(rf"(?P<name>{_PERSON_NAME})(?=,\s)"),
    re.compile(rf"(?<=,\s)(?P<name>{_PERSON_NAME})"),
    re.compile(rf"(?<=\s){_SPEECH}\s+(?P<name>{_PERSON_NAME})"),
    re.compile(rf"(?P<name>{_PERSON_NAME})\s+{_SPEECH}\b"),
]
_NOT_FIRST_WORDS = _NOT_PERSON_WORDS | _SENTENCE_STARTERS


def find_people(page: Page, sents: list[Sentence], taken: Coverage) -> list[FoundPerson]:
    """People named with an honorific, a role or a speech verb, not already known."""
    people: dict[str, FoundPerson] = {}
    for s in sents:
        text = page.text[s.start : s.end]
        for pattern in _PERSON_PATTERNS:
            for m in pattern.finditer(text):
                person = _person_at(text, s, m, taken)
                if person is not None:
                    people.setdefault(fold(person.name), person)  # the first mention wins
    return _fullest_names(list(people.values()))


def _name_tokens(m: re.Match[str]) -> tuple[list[str], str | None] | None:
    """The words of the name matched and its honorific; role words and sentence starters
    caught at either end trimmed. None if what is left is not a person's name."""
    tokens = m.group("name").split()
    hon = m.groupdict().get("hon")
    while tokens and re.fullmatch(_HONORIFIC, tokens[0]):
        hon = tokens.pop(0)
    while tokens and (_bare(tokens[0]) in _NOT_FIRST_WORDS):
        tokens.pop(0)
    while tokens and (_bare(tokens[-1]) in _NOT_PERSON_WORDS or not tokens[-1][:1].isupper()):
        tokens.pop()
    while tokens and not tokens[0][:1].isupper():
        tokens.pop(0)
    if len(tokens) < (1 if hon else 2):
        return None
    if any(_bare(t) in _NOT_PERSON_WORDS for t in tokens):
        return None
    if any(re.search(r"\d", t) for t in tokens):
        return None
    if len(tokens[-1]) > 2:
        tokens[-1] = tokens[-1].rstrip(".")
    return tokens, hon


def _person_at(text: str, s: Sentence, m: re.Match[str], taken: Coverage) -> FoundPerson | None:
    """The person a match names, with the span to quote: None if the name is accounted for
    already, or has no role, honorific or speech verb next to it (then it may be anything)."""
    trimmed = _name_tokens(m)
    if trimmed is None:
        return None
    tokens, hon = trimmed
    n_start = s.start + m.start("name") + m.group("name").index(tokens[0])
    n_end = s.start + m.start("name") + m.group("name").rindex(tokens[-1]) + len(tokens[-1])
    if taken.overlaps(n_start, n_end):
        return None
    rel_a, rel_b = n_start - s.start, n_end - s.start
    after = _role_after(text, rel_b)
    before = None if after else _role_before(text, rel_a)
    speech = re.search(rf"{_SPEECH}\s*$", text[:rel_a]) or re.match(
        rf"\s+{_SPEECH}\b", text[rel_b:]
    )
    lrole = m.groupdict().get("lrole")
    if not (after or before or hon or speech or lrole):
        return None
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
    return FoundPerson(
        name=" ".join(tokens),
        title=hon,
        role=role.replace("’", "'") if role else None,
        start=s.start + q_start,
        end=s.start + q_end,
        name_start=n_start,
        name_end=n_end,
    )


def _fullest_names(out: list[FoundPerson]) -> list[FoundPerson]:
    """One person named twice ("Ambassador Thompson", "Laura Thompson"): the fuller name."""
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


_ORG_WORDS = word_set(
    """
ministry institute commission foundation fund organization organisation agency office
council university centre center colegio collective secretaría instituto comisión fundación
fondo universidad government gobierno association asociación network red coalition committee
comité bank union nations a.c. ac church iglesia casa albergue shelter consulate consulado
embassy embajada senate senado congress congreso secretariat unit unidad police policía
sistema system programme cruz cross
"""
)
_PROGRAMME_WORDS = word_set(
    """
programme program programa project proyecto week semana seminar seminario conference
conferencia forum foro campaign campaña initiative iniciativa plan strategy estrategia
course curso workshop taller agreement convenio study estudio report informe guide guía
survey encuesta
"""
)
_COMMON_CAPS = (
    word_set(
        """
government state states governor ambassador chief mission under secretary deputy
director general president commissioner minister human rights officials national
international mexican central american spanish english migration migrants iom oim un onu
god internet beast bestia
"""
    )
    | set(MONTHS.split("|"))
    | word_set(
        """
monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves
viernes sábado domingo
"""
    )
)
_CAP_SEQ = re.compile(
    rf"{NAME_TOKEN}(?:\s+(?:(?:of|for|the|on|with|de|del|la|las|los|el|al|para|sobre|con)\s+)*"
    rf"{NAME_TOKEN})*"
)


_CONNECTORS = {"al"} | word_set(
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
    """A new name proposed to the curator, with a guess of what it names."""

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
    proposals = _Proposals(taken, skip or set())
    for s in sents:
        text = page.text[s.start : s.end]
        _quoted_titles(proposals, text, s)
        for m in _CAP_SEQ.finditer(text):
            _capitalised_name(proposals, page.text, text, s, m)
    return list(proposals.found.values())


class _Proposals:
    """The candidates found so far, in page order, and what is not to be proposed: spans
    accounted for (each candidate's own span joins them) and folded names."""

    def __init__(self, taken: Coverage, skip: set[str]) -> None:
        self.taken = taken
        self.skip = skip
        self.found: dict[str, Candidate] = {}

    def covered(self, a: int, b: int) -> bool:
        return self.taken.ratio(a, b) >= 0.6

    def add(self, name: str, kind: str, acronym: str | None, a: int, b: int, s: Sentence) -> None:
        key = fold(name)
        if acronym:
            self.skip.add(fold(acronym))
        if key and key not in self.found and key not in self.skip:
            self.found[key] = Candidate(name, kind, acronym, a, b, s)
            self.taken.add(a, b)


def _quoted_titles(proposals: _Proposals, text: str, s: Sentence) -> None:
    """A title in quotation marks is one name: “Guide to Best Practices for …”."""
    for m in re.finditer(r"[“\"]([^”\"]{12,220})[”\"]", text):
        inner = m.group(1).rstrip(",.;: ")
        if cap_ratio(inner) >= 0.6 and not re.search(r"[.!?]\s", inner):
            a = s.start + m.start(1)
            if not proposals.covered(a, a + len(inner)):
                before = text[: m.start()].casefold()
                kind = (
                    "publication"
                    if re.search(
                        r"(report|guide|publication|study|book|manual|informe|guía|estudio|publicación)\W*$",
                        before,
                    )
                    else "programme"
                )
                proposals.add(" ".join(inner.split()), kind, None, a, a + len(inner), s)


def _capitalised_name(
    proposals: _Proposals, page_text: str, text: str, s: Sentence, m: re.Match[str]
) -> None:
    """Propose the name a run of capitalised words makes, with a guess of its kind, unless
    it is a common word or a role, or accounted for already."""
    span = _name_span(page_text, text, s, m)
    if span is None:
        return
    name, a, b, at_start, prefixed = span
    words = [w.casefold() for w in name.split()]
    if not name or proposals.covered(a, b):
        return
    if _common_words(name, words, at_start):
        return
    bare = {_bare(w) for w in words}
    if bare & _ROLE_WORDS and not bare & _ORG_WORDS:
        return  # a role: "Chief of Mission", "Under Secretary for …"
    acronym_m = re.match(
        r"\s*\(([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9.&-]{1,14}(?:\s+A\.C\.)?)[)\s,]",
        page_text[b : b + 40],
    )
    acronym = acronym_m.group(1) if acronym_m else None
    kind = "name"
    if bare & _PROGRAMME_WORDS:
        kind = "programme"
    elif bare & _ORG_WORDS or acronym or (name.isupper() and len(name) <= 8):
        kind = "organisation"
    elif prefixed or len(words) <= 3 and _after_place_word(page_text, s.start, a):
        kind = "place"
    proposals.add(name, kind, acronym, a, b, s)
    if acronym_m:  # "(CASEDE A.C.)" is this organisation, not another name
        proposals.taken.add(b, b + acronym_m.end())


_ARTICLES = word_set(
    """
The El Los Las A An In En
"""
)
#: Capitalised inside a sentence, a Spanish article is part of the name: El Paso, El
#: Salvador, Las Cruces, La Paz (only a sentence's first word is capitalised anyway).
_SPANISH_ARTICLES = word_set(
    """
El Los Las La
"""
)


def _name_span(
    page_text: str, text: str, s: Sentence, m: re.Match[str]
) -> tuple[str, int, int, bool, bool] | None:
    """(name, start, end, at the sentence start, had a place prefix) of a capitalised run,
    without a leading article or sentence-initial common word, trailing connectors, a
    possessive, or "State of" before a place; None if nothing is left."""
    tokens = list(re.finditer(r"\S+", m.group()))
    at_start = bool(_OPENING.fullmatch(text, 0, m.start()))  # nothing but these before
    # a sentence-initial common word ("The", "According", "Funding")
    while tokens and (
        (at_start and _bare(tokens[0].group()) in _SENTENCE_STARTERS)
        or tokens[0].group() in _ARTICLES
        and (at_start or tokens[0].group() not in _SPANISH_ARTICLES)
    ):
        tokens.pop(0)
        at_start = False
    while tokens and tokens[-1].group().casefold() in _CONNECTORS:
        tokens.pop()
    if not tokens:
        return None
    a = s.start + m.start() + tokens[0].start()
    raw_name = page_text[a : s.start + m.start() + tokens[-1].end()]
    raw_name = raw_name.rstrip(".,’'").removesuffix("’s").removesuffix("'s")
    prefix = _PLACE_PREFIX.match(raw_name)
    if prefix and len(raw_name) > prefix.end():  # "State of Chiapas" is Chiapas
        a += prefix.end()
        raw_name = raw_name[prefix.end() :]
    return " ".join(raw_name.split()), a, a + len(raw_name), at_start, prefix is not None


def _common_words(name: str, words: list[str], at_start: bool) -> bool:
    """A common word capitalised (first in the sentence, a month, a nationality: "Mexicans"),
    or nothing but common words and roles ("Deputy Director General")."""
    if len(words) == 1 and (
        at_start or words[0] in _COMMON_CAPS or len(name) < 3 or words[0].endswith("ans")
    ):
        return True
    return all(w in _COMMON_CAPS or _bare(w) in _ROLE_WORDS for w in words)


def known_person_record(
    page: Page, s: Sentence, m: Match, known: Known, org_ids: set[str]
) -> dict[str, Any]:
    """A known person's record: identity copied, role and quote from this page when it prints a role
    next to the name (a different role is marked TODO)."""
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
    record = entity_record("people", person, "")
    if role:
        role = role.replace("’", "'")
        same = _role_key(role) in {_role_key(r) for r in known.roles.get(person.id, set())}
        record["role"] = role if same else f"{TODO}{role}"
        record["quote"] = page.quote(s.start + q_start, s.start + q_end)
    else:
        record["role"] = f"{TODO}{person.role} (role in another release; not printed here)"
        w = clause_window(page, s, m.start, m.end)
        record["quote"] = page.quote(*w)
    if record.get("organisation") and record["organisation"] not in org_ids:
        record.pop("organisation")
    return record


def name_aliases(name: str) -> list[str]:
    """'Mariana Treviño Salgado' is also 'Treviño Salgado' and 'Mariana Treviño' (Spanish
    names carry two surnames; 'Ortiz de Rosas' keeps its particle)."""
    parts: list[str] = []
    for token in name.split():
        if parts and re.fullmatch(PARTICLE, parts[-1].split()[-1]):
            parts[-1] = f"{parts[-1]} {token}"
        else:
            parts.append(token)
    if len(parts) < 3:
        return []
    return [f"{parts[-2]} {parts[-1]}", f"{parts[0]} {parts[-2]}"]


def _role_key(role: str) -> str:
    """Roles compared without articles and possessives: 'the IOM Mexico's Chief of Mission'."""
    return " ".join(w for w in fold(role).split() if w not in {"the", "s", "a", "el", "la"})
