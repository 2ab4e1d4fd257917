"""Places the page names that the knowledge base does not know yet: the dateline
("Tapachula, Chiapas – IOM …"), Mexican states and the region's countries from a small
gazetteer, and towns the sentence itself calls a place ("the city of X", "the cities of X,
Y and Z", "X, Texas", "the capital of Chiapas, X").

Why a gazetteer: a state or a country is a fact about the world, not about the release,
so its kind and country are certain by construction and need no TODO; a town found by
its context is a guess (city or town, which state), so its name is marked TODO for the
curator. Matching the gazetteer before the capitalised-name finder keeps a country from
being proposed as a town and "El Salvador" from becoming "Salvador".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.intake.common import NAME_TOKEN, TODO
from knowledge.intake.known import FoldedView
from knowledge.intake.layout import Sentence, clause_window
from knowledge.intake.names import Coverage
from knowledge.intake.page import Page
from knowledge.intake.topics import slugify
from knowledge.text import fold

#: Mexico's states (the 2014 federal district among them), names as a release prints them.
MEXICAN_STATES = {
    "Aguascalientes": [],
    "Baja California": [],
    "Baja California Sur": [],
    "Campeche": [],
    "Chiapas": [],
    "Chihuahua": [],
    "Coahuila": ["Coahuila de Zaragoza"],
    "Colima": [],
    "Distrito Federal": ["Federal District", "D.F."],
    "Durango": [],
    "Guanajuato": [],
    "Guerrero": [],
    "Hidalgo": [],
    "Jalisco": [],
    "State of Mexico": ["Estado de México", "Estado de Mexico"],
    "Michoacán": ["Michoacan"],
    "Morelos": [],
    "Nayarit": [],
    "Nuevo León": ["Nuevo Leon"],
    "Oaxaca": [],
    "Puebla": [],
    "Querétaro": ["Queretaro"],
    "Quintana Roo": [],
    "San Luis Potosí": ["San Luis Potosi"],
    "Sinaloa": [],
    "Sonora": [],
    "Tabasco": [],
    "Tamaulipas": [],
    "Tlaxcala": [],
    "Veracruz": [],
    "Yucatán": ["Yucatan"],
    "Zacatecas": [],
}
#: The region's countries (where releases about Mexico say migrants come from and go to).
COUNTRIES = {
    "Mexico": ["México"],
    "Guatemala": [],
    "Belize": ["Belice"],
    "El Salvador": [],
    "Honduras": [],
    "Nicaragua": [],
    "Costa Rica": [],
    "Panama": ["Panamá"],
    "United States": ["Estados Unidos", "USA", "EE.UU.", "EEUU"],
    "Canada": ["Canadá"],
    "Cuba": [],
    "Haiti": ["Haití"],
    "Dominican Republic": ["República Dominicana"],
    "Colombia": [],
    "Venezuela": [],
    "Ecuador": [],
    "Peru": ["Perú"],
    "Brazil": ["Brasil"],
    "Bolivia": [],
    "Chile": [],
    "Argentina": [],
    "Jamaica": [],
}
REGIONS = {
    "Central America": ["Centroamérica", "Centroamerica", "América Central"],
    "Latin America": ["Latinoamérica", "América Latina"],
    "North America": ["Norteamérica", "América del Norte"],
    "South America": ["Sudamérica", "Suramérica", "América del Sur"],
    "Caribbean": ["el Caribe"],
}
#: Cities a release names that would otherwise read as their country ("Mexico City").
CITIES = {
    "Mexico City": ["Ciudad de México", "Ciudad de Mexico"],
    "Guatemala City": ["Ciudad de Guatemala"],
}
#: States of the United States a release names after a town ("Laredo, Texas"): read, so
#: that "New Mexico" is not Mexico, but not proposed (the town records its state).
US_STATES = {"Texas", "California", "Arizona", "New Mexico", "Florida", "Illinois", "New York"}

_TOWN = rf"{NAME_TOKEN}(?:\s+(?:de\s+(?:la\s+|las\s+|los\s+)?)?{NAME_TOKEN}){{0,3}}"
_TOWN_LIST = rf"{_TOWN}(?:\s*,\s*{_TOWN})*(?:,?\s+(?:and|y|e)\s+{_TOWN})?"
#: Words that say the names after them are towns: "the cities of", "la ciudad fronteriza de".
_TOWN_CONTEXT = re.compile(
    rf"(?i:\b(?:city|cities|town|towns|municipality|port|ciudad|ciudades|municipio|puerto)"
    rf"(?:\s+(?!of\b|de\b)[a-záéíóúñ]+)?\s+(?:of|de)\s+"
    rf"|\bcapital\s+of\s+{NAME_TOKEN},\s+)(?P<names>{_TOWN_LIST})"
)
#: A town introduced by what it is: "Ciudad Juarez, a city of 1.5 million".
_TOWN_APPOSITIVE = re.compile(
    rf"(?P<names>{_TOWN}),\s+(?:a|an|the|una|un|la|el)\s+(?:[a-záéíóúñ]+\s+)?"
    r"(?:city|town|port|ciudad|municipio|puerto)\b"
)
#: A name that says it is a town: Ciudad Juárez, Ciudad Hidalgo, Puerto Madero.
_TOWN_BY_NAME = re.compile(rf"(?P<names>\b(?:Ciudad|Puerto)\s+{_TOWN})")
_US_TOWN = re.compile(rf"(?P<name>{_TOWN}),\s+(?P<state>{'|'.join(sorted(US_STATES))})\b")
_DATELINE = re.compile(
    rf"^(?P<name>{_TOWN})(?:,\s+(?P<state>{_TOWN}))?(?:,?\s+\d{{1,2}}\s+\w+\s+\d{{4}})?\s+[–—-]\s+\S"
)


@dataclass
class FoundPlace:
    """A new place: its record fields, whether they are certain, and where it is named."""

    name: str
    kind: str
    state: str | None
    country: str | None
    certain: bool  # from the gazetteer; a town found by its context is a guess
    start: int
    end: int
    sentence: Sentence

    def record(self, page: Page) -> dict[str, object]:
        """The place as a draft record; a guessed town's name is marked TODO."""
        out: dict[str, object] = {
            "id": slugify(self.name, 60),
            "name": self.name if self.certain else f"{TODO}{self.name}",
            "kind": self.kind,
        }
        if self.state:
            out["state"] = self.state
        if self.country:
            out["country"] = self.country
        a, b = clause_window(page, self.sentence, self.start, self.end, limit=120)
        out["quote"] = page.quote(a, b)
        return out


def _gazetteer() -> list[tuple[str, str, str, str | None]]:
    """(alias, name, kind, country) for every gazetteer name, longest alias first (so
    'Baja California Sur' is read before 'Baja California', 'El Salvador' as one)."""
    rows: list[tuple[str, str, str, str | None]] = []
    us_states: dict[str, list[str]] = {name: [] for name in US_STATES}
    for table, kind, country in (
        (MEXICAN_STATES, "state", "Mexico"),
        (CITIES, "city", "Mexico"),
        (COUNTRIES, "country", None),
        (REGIONS, "region", None),
        (us_states, "us-state", "United States"),
    ):
        for name, aliases in table.items():
            rows += [(alias, name, kind, country) for alias in (name, *aliases)]
    return sorted(rows, key=lambda r: -len(r[0]))


GAZETTEER = _gazetteer()


def find_places(
    page: Page, sents: list[Sentence], taken: Coverage, known_names: set[str]
) -> list[FoundPlace]:
    """New places in page order: gazetteer names first, then towns named by their context.
    ``taken`` are spans accounted for (known entities); each place found joins them.
    ``known_names`` are folded names of places the draft already has."""
    found: dict[tuple[str, str], FoundPlace] = {}
    seen = {(name, kind) for name in known_names for kind in ("state", "city", "country")}

    def add(place: FoundPlace) -> None:
        key = (fold(place.name), "city" if place.kind == "city" else place.kind)
        if key in seen or taken.overlaps(place.start, place.end):
            return
        seen.add(key)
        taken.add(place.start, place.end)
        found[key] = place

    for s in sents:
        _gazetteer_places(page, s, add, taken)
    for i, s in enumerate(sents):
        _town_places(page, s, add, dateline=i == 0)
    return sorted(found.values(), key=lambda p: p.start)


#: Capitalised only because they start a sentence: "In Chiapas", "Desde Oaxaca".
_STARTERS = {
    "in",
    "from",
    "to",
    "the",
    "across",
    "throughout",
    "both",
    "and",
    "for",
    "since",
    "el",
    "la",
    "en",
    "desde",
    "y",
    "para",
    "hacia",
    "a",
    "de",
    "del",
    "through",
    "at",
    "on",
}
Add = Callable[[FoundPlace], None]


def _gazetteer_places(page: Page, s: Sentence, add: Add, taken: Coverage) -> None:
    """States, countries and regions the sentence names. Not: a state name after 'city
    of' (the city, left to the town finder), a name inside a longer capitalised name
    ('Juan Guerrero', 'IOM Mexico'), a US state (its town records it)."""
    text = page.text[s.start : s.end]
    view = FoldedView.of(text)
    claimed = Coverage(len(text))
    for alias, name, kind, country in GAZETTEER:
        for a, b in view.find(alias, True):
            if claimed.overlaps(a, b):
                continue
            claimed.add(a, b)
            if alias[0].isupper() and not text[a].isupper():
                continue  # "un guerrero", "chile": a word, not Guerrero or Chile
            if kind == "us-state":
                taken.add(s.start + a, s.start + b)  # "Laredo, Texas": never a new name
                continue
            if _inside_a_name(text, a, b):
                continue
            if kind == "state" and re.search(
                r"(?i)\b(city|ciudad|capital)\s+(of|de)\s+$", text[:a]
            ):
                continue
            add(FoundPlace(name, kind, None, country, True, s.start + a, s.start + b, s))


def _inside_a_name(text: str, a: int, b: int) -> bool:
    """The words around text[a:b] are capitalised too: part of a person's or an office's
    name, not the place alone (a list, 'Chiapas, Oaxaca', is separated by commas)."""
    before = re.search(r"(\S+)\s$", text[max(0, a - 40) : a])
    after = re.match(r"\s(\S+)", text[b : b + 40])
    word_before = before.group(1) if before else ""
    word_after = after.group(1) if after else ""
    capital_before = (
        word_before[:1].isupper()
        and not word_before.endswith((",", ";", ":"))
        and word_before.casefold().strip("“\"'(¿¡") not in _STARTERS
    )
    return capital_before or word_after[:1].isupper()


def _town_places(page: Page, s: Sentence, add: Add, dateline: bool) -> None:
    """Towns the sentence calls towns, with their state when printed next to them; the
    first sentence's dateline too."""
    text = page.text[s.start : s.end]
    hits: list[tuple[str, int, str | None, str | None]] = []
    if dateline and (m := _DATELINE.match(text)):
        hits.append((m.group("name"), m.start("name"), _state_of(m.group("state")), None))
    contexts = [_TOWN_CONTEXT, _TOWN_APPOSITIVE, _TOWN_BY_NAME]
    for m in (m for pattern in contexts for m in pattern.finditer(text)):
        for k, (name, offset) in enumerate(_names_in_list(m.group("names"), m.start("names"))):
            if k and _state_of(name):
                continue  # "Ciudad Juarez, Chihuahua": the town's state, not a town
            hits.append((name, offset, _state_after(text, offset + len(name)), None))
    for m in _US_TOWN.finditer(text):
        hits.append((m.group("name"), m.start("name"), m.group("state"), "United States"))
    for name, offset, state, country in hits:
        gazetteer = _in_gazetteer(name)
        if gazetteer is not None and gazetteer[1] not in ("state", "city"):
            continue  # a country or region is never a town
        a = s.start + offset
        if gazetteer is not None and gazetteer[1] == "city":  # "MEXICO CITY, 5 June –"
            add(FoundPlace(gazetteer[0], "city", None, "Mexico", True, a, a + len(name), s))
            continue
        if state is None and gazetteer is not None:
            state = gazetteer[0]  # "the city of Queretaro" lies in Querétaro
        if state in MEXICAN_STATES and country is None:
            country = "Mexico"
        add(FoundPlace(name, "city", state, country, False, a, a + len(name), s))


def _names_in_list(text: str, offset: int) -> list[tuple[str, int]]:
    """'Monterrey, Saltillo and Rio Verde' → each name with its offset."""
    out = []
    for m in re.finditer(_TOWN, text):
        name = m.group()
        if name.casefold() in {"and", "y", "e"}:
            continue
        out.append((name, offset + m.start()))
    return out


def _state_after(text: str, end: int) -> str | None:
    """The Mexican or US state printed right after a town ('Ixtepec, Oaxaca')."""
    m = re.match(rf",\s+(?:en\s+)?({_TOWN})", text[end:])
    return _state_of(m.group(1)) if m else None


def _state_of(name: str | None) -> str | None:
    if not name:
        return None
    if name in US_STATES:
        return name
    hit = _in_gazetteer(name)
    return hit[0] if hit is not None and hit[1] == "state" else None


def _in_gazetteer(name: str) -> tuple[str, str] | None:
    """(gazetteer name, kind) of a name, compared folded."""
    key = fold(name)
    return next(((n, k) for alias, n, k, _ in GAZETTEER if fold(alias) == key), None)
