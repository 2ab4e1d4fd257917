"""Write a synthetic knowledge directory of N releases for the benchmarks.

    python benchmarks/synth.py OUT_DIR --n 500 [--seed 7]

The directory holds the five real releases (so the real questions still have their
answers) plus N - 5 synthetic ones, each a release page (``sources/<id>.txt``) and a
curated record (``releases/<id>.yaml``) whose every quote is cut from that page, so the
real loader accepts it. Releases are assembled from lists of Mexican states and towns,
first names and surnames, organisations, programmes and figure templates, so they differ
in places, people, organisations, figures and press contacts. Some measure keys recur
across releases with different values, so the engine's disagreement path is exercised.

Release ``i`` depends only on ``seed`` and ``i``: the first 500 releases of the 5,000
directory are the 500 releases of the 500 directory. ``ground_truth.json`` records, per
synthetic release, what a question about it should find (used by benchmarks/questions.py).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

GENERATOR_VERSION = "4"
REAL_IDS = (
    "ddg-visit",
    "kidnapping-training",
    "national-migration-week",
    "southern-border-seminar",
    "veracruz-governor",
)

# -- entity lists ----------------------------------------------------------------------------

STATES = [
    # (name, Spanish/alias, capital, phone area code)
    ("Aguascalientes", None, "Aguascalientes", "449"),
    ("Baja California", None, "Mexicali", "686"),
    ("Baja California Sur", None, "La Paz", "612"),
    ("Campeche", None, "Campeche", "981"),
    ("Chiapas", None, "Tuxtla Gutiérrez", "961"),
    ("Chihuahua", None, "Chihuahua", "614"),
    ("Coahuila", None, "Saltillo", "844"),
    ("Colima", None, "Colima", "312"),
    ("Durango", None, "Durango", "618"),
    ("Guanajuato", None, "Guanajuato", "473"),
    ("Guerrero", None, "Chilpancingo", "747"),
    ("Hidalgo", None, "Pachuca", "771"),
    ("Jalisco", None, "Guadalajara", "33"),
    ("State of Mexico", "Estado de México", "Toluca", "722"),
    ("Michoacán", "Michoacan", "Morelia", "443"),
    ("Morelos", None, "Cuernavaca", "777"),
    ("Nayarit", None, "Tepic", "311"),
    ("Nuevo León", "Nuevo Leon", "Monterrey", "81"),
    ("Oaxaca", None, "Oaxaca", "951"),
    ("Puebla", None, "Puebla", "222"),
    ("Querétaro", "Queretaro", "Querétaro", "442"),
    ("Quintana Roo", None, "Chetumal", "983"),
    ("San Luis Potosí", "San Luis Potosi", "San Luis Potosí", "444"),
    ("Sinaloa", None, "Culiacán", "667"),
    ("Sonora", None, "Hermosillo", "662"),
    ("Tabasco", None, "Villahermosa", "993"),
    ("Tamaulipas", None, "Ciudad Victoria", "834"),
    ("Tlaxcala", None, "Tlaxcala", "246"),
    ("Veracruz", None, "Xalapa", "228"),
    ("Yucatán", "Yucatan", "Mérida", "999"),
    ("Zacatecas", None, "Zacatecas", "492"),
]
TOWNS = [
    # (name, state, kind, on a route: border/south/north/centre)
    ("Tapachula", "Chiapas", "town", "south"),
    ("Ciudad Hidalgo", "Chiapas", "town", "south"),
    ("Frontera Comalapa", "Chiapas", "town", "south"),
    ("Palenque", "Chiapas", "town", "south"),
    ("Arriaga", "Chiapas", "town", "south"),
    ("Huixtla", "Chiapas", "town", "south"),
    ("Comitán", "Chiapas", "town", "south"),
    ("San Cristóbal de las Casas", "Chiapas", "city", "south"),
    ("Tenosique", "Tabasco", "town", "south"),
    ("Villahermosa", "Tabasco", "city", "south"),
    ("Chetumal", "Quintana Roo", "city", "south"),
    ("Ixtepec", "Oaxaca", "town", "south"),
    ("Juchitán", "Oaxaca", "town", "south"),
    ("Coatzacoalcos", "Veracruz", "city", "centre"),
    ("Tierra Blanca", "Veracruz", "town", "centre"),
    ("Orizaba", "Veracruz", "city", "centre"),
    ("Córdoba", "Veracruz", "city", "centre"),
    ("Apizaco", "Tlaxcala", "town", "centre"),
    ("Lechería", "State of Mexico", "town", "centre"),
    ("Huehuetoca", "State of Mexico", "town", "centre"),
    ("Celaya", "Guanajuato", "city", "centre"),
    ("Irapuato", "Guanajuato", "city", "centre"),
    ("Guadalajara", "Jalisco", "city", "centre"),
    ("Morelia", "Michoacán", "city", "centre"),
    ("Saltillo", "Coahuila", "city", "north"),
    ("Torreón", "Coahuila", "city", "north"),
    ("Piedras Negras", "Coahuila", "town", "north"),
    ("Monterrey", "Nuevo León", "city", "north"),
    ("Nuevo Laredo", "Tamaulipas", "city", "north"),
    ("Reynosa", "Tamaulipas", "city", "north"),
    ("Matamoros", "Tamaulipas", "city", "north"),
    ("Ciudad Juárez", "Chihuahua", "city", "north"),
    ("Ojinaga", "Chihuahua", "town", "north"),
    ("Nogales", "Sonora", "city", "north"),
    ("Altar", "Sonora", "town", "north"),
    ("Agua Prieta", "Sonora", "town", "north"),
    ("Mexicali", "Baja California", "city", "north"),
    ("Tijuana", "Baja California", "city", "north"),
    ("Ensenada", "Baja California", "city", "north"),
    ("Culiacán", "Sinaloa", "city", "north"),
    ("Zacatecas", "Zacatecas", "city", "centre"),
    ("Acapulco", "Guerrero", "city", "centre"),
    ("Mérida", "Yucatán", "city", "south"),
    ("Cancún", "Quintana Roo", "city", "south"),
]
COUNTRIES = [
    ("Guatemala", "Guatemalan"),
    ("Honduras", "Honduran"),
    ("El Salvador", "Salvadoran"),
    ("Nicaragua", "Nicaraguan"),
    ("Belize", "Belizean"),
    ("Cuba", "Cuban"),
    ("Haiti", "Haitian"),
    ("Colombia", "Colombian"),
    ("Ecuador", "Ecuadorian"),
    ("Venezuela", "Venezuelan"),
]
FIRST = [
    "Alejandra",
    "Andrés",
    "Beatriz",
    "Carlos",
    "Carmen",
    "Claudia",
    "Daniel",
    "Diana",
    "Eduardo",
    "Elena",
    "Enrique",
    "Fernanda",
    "Francisco",
    "Gabriela",
    "Gerardo",
    "Guadalupe",
    "Héctor",
    "Isabel",
    "Jorge",
    "Josefina",
    "Juan Pablo",
    "Julia",
    "Laura",
    "Leticia",
    "Lorena",
    "Luis",
    "Manuel",
    "Margarita",
    "María José",
    "Mariana",
    "Mario",
    "Martín",
    "Mónica",
    "Natalia",
    "Norma",
    "Óscar",
    "Patricia",
    "Pedro",
    "Rafael",
    "Ricardo",
    "Roberto",
    "Rocío",
    "Salvador",
    "Sandra",
    "Sergio",
    "Silvia",
    "Sofía",
    "Teresa",
    "Ulises",
    "Verónica",
    "Víctor",
    "Ximena",
    "Yolanda",
    "Emily",
    "David",
    "Sarah",
    "Michael",
    "Anne",
    "Pierre",
    "Ingrid",
]
SURNAMES = [
    "Aguilar",
    "Alvarado",
    "Arellano",
    "Ávila",
    "Barrios",
    "Bautista",
    "Cabrera",
    "Camacho",
    "Cárdenas",
    "Castañeda",
    "Cervantes",
    "Contreras",
    "Delgado",
    "Domínguez",
    "Escobar",
    "Espinoza",
    "Estrada",
    "Figueroa",
    "Fuentes",
    "Galindo",
    "Gallegos",
    "Garza",
    "Guerrero",
    "Gutiérrez",
    "Ibarra",
    "Juárez",
    "Lara",
    "Ledesma",
    "Luna",
    "Maldonado",
    "Marín",
    "Medina",
    "Mejía",
    "Miranda",
    "Montoya",
    "Navarro",
    "Nieto",
    "Ochoa",
    "Orozco",
    "Pacheco",
    "Padilla",
    "Peña",
    "Quintero",
    "Ramos",
    "Rangel",
    "Reyes",
    "Ríos",
    "Robles",
    "Rosales",
    "Salazar",
    "Sandoval",
    "Santiago",
    "Serrano",
    "Solís",
    "Soto",
    "Tapia",
    "Trejo",
    "Valdez",
    "Vázquez",
    "Velasco",
    "Villarreal",
    "Zamora",
    "Zavala",
    "Zúñiga",
    "Hartmann",
    "Lindqvist",
    "O'Brien",
    "Dubois",
    "Keller",
    "Moreau",
]
# press officers: a small, stable pool as in a real country office
CONTACT_OFFICES = [
    ("IOM Mexico", "55"),
    ("IOM Mexico", "55"),
    ("IOM Mexico", "55"),
    ("IOM Tapachula", "962"),
    ("IOM Tijuana", "664"),
    ("IOM Ciudad Juárez", "656"),
    ("IOM Tenosique", "934"),
    ("IOM Monterrey", "81"),
]
FEDERAL_ORGS = [
    # id, acronym, name_en, name_es
    (
        "comar",
        "COMAR",
        "Mexican Commission for Refugee Assistance",
        "Comisión Mexicana de Ayuda a Refugiados",
    ),
    (
        "dif",
        "DIF",
        "National System for Integral Family Development",
        "Sistema Nacional para el Desarrollo Integral de la Familia",
    ),
    ("conapo", "CONAPO", "National Population Council", "Consejo Nacional de Población"),
    (
        "stps",
        "STPS",
        "Ministry of Labour and Social Welfare",
        "Secretaría del Trabajo y Previsión Social",
    ),
    ("ssa", "SSA", "Ministry of Health", "Secretaría de Salud"),
    ("sep", "SEP", "Ministry of Public Education", "Secretaría de Educación Pública"),
    (
        "fevimtra",
        "FEVIMTRA",
        "Special Prosecutor for Crimes of Violence against Women and Trafficking in Persons",
        "Fiscalía Especial para los Delitos de Violencia contra las Mujeres y Trata de Personas",
    ),
    (
        "conapred",
        "CONAPRED",
        "National Council to Prevent Discrimination",
        "Consejo Nacional para Prevenir la Discriminación",
    ),
    ("unhcr", "UNHCR", "UN Refugee Agency", "ACNUR"),
    (
        "unicef",
        "UNICEF",
        "United Nations Children's Fund",
        "Fondo de las Naciones Unidas para la Infancia",
    ),
    (
        "unfpa",
        "UNFPA",
        "United Nations Population Fund",
        "Fondo de Población de las Naciones Unidas",
    ),
    ("un-women", None, "UN Women", "ONU Mujeres"),
    ("wfp", "WFP", "World Food Programme", "Programa Mundial de Alimentos"),
    ("paho", "PAHO", "Pan American Health Organization", "Organización Panamericana de la Salud"),
    ("prm", "PRM", "US Bureau of Population, Refugees and Migration", None),
    ("echo", "ECHO", "European Commission's Humanitarian Aid Office", None),
    (
        "aecid",
        "AECID",
        "Spanish Agency for International Development Cooperation",
        "Agencia Española de Cooperación Internacional para el Desarrollo",
    ),
    (
        "sdc",
        "SDC",
        "Swiss Agency for Development and Cooperation",
        "Agencia Suiza para el Desarrollo y la Cooperación",
    ),
    ("global-affairs-canada", None, "Global Affairs Canada", "Asuntos Globales Canadá"),
    ("red-cross-mexico", None, "Mexican Red Cross", "Cruz Roja Mexicana"),
]
SHELTER_NAMES = [
    "Casa del Migrante San José",
    "Albergue Belén",
    "Hogar de la Misericordia",
    "Casa del Migrante Nazareth",
    "Albergue Jesús el Buen Pastor",
    "Casa Tochan",
    "Albergue La 72",
    "Casa del Migrante Scalabrini",
    "Albergue Decanal Guadalupano",
    "Casa de la Caridad Cristiana",
    "Albergue San Juan Diego",
    "Casa Mambré",
    "Albergue Todo por Ellos",
    "Casa del Peregrino",
    "Albergue Senda de Vida",
    "Casa Nicolás",
    "Albergue Santa Martha",
    "Casa del Caminante",
    "Albergue El Samaritano",
    "Casa de Acogida Santa Faustina",
]
TOPIC_SETS = {
    # theme: (topics, programme stem, purpose phrase, theme words)
    "assistance": (
        ["humanitarian-assistance", "transit-migration", "human-rights"],
        "Humanitarian Assistance Project",
        "provide shelter, food, medical care and legal orientation to migrants in transit",
    ),
    "trafficking": (
        ["trafficking", "human-rights", "training"],
        "Counter-Trafficking Programme",
        "identify, protect and assist victims of trafficking in persons",
    ),
    "kidnapping": (
        ["kidnapping", "organized-crime", "violence"],
        "Kidnapping Prevention Project",
        "prevent the kidnapping of migrants and assist its victims",
    ),
    "return": (
        ["return-migration", "assisted-voluntary-return", "deportation"],
        "Return and Reintegration Programme",
        "support the safe return and reintegration of returning migrants",
    ),
    "minors": (
        ["unaccompanied-minors", "human-rights", "humanitarian-assistance"],
        "Child Protection Project",
        "protect unaccompanied migrant children and adolescents",
    ),
    "labour": (
        ["labour-migration", "cooperation", "migration-policy"],
        "Labour Mobility Project",
        "promote safe and orderly labour migration for temporary workers",
    ),
    "border": (
        ["southern-border", "security", "human-security"],
        "Border Management Project",
        "strengthen humane border management on the southern border",
    ),
    "training": (
        ["training", "cooperation", "human-rights"],
        "Capacity Building Programme",
        "train public officials on the human rights of migrants",
    ),
    "smuggling": (
        ["smuggling", "organized-crime", "security"],
        "Migrant Smuggling Prevention Project",
        "prevent migrant smuggling and protect smuggled migrants",
    ),
    "policy": (
        ["migration-policy", "cooperation", "publications"],
        "Migration Governance Programme",
        "support state governments in designing migration policy",
    ),
}
# figure templates: key (with {place}/{year} slots), unit, counts, sentence, value range
FIGURES = [
    dict(
        key="migrants-assisted-{place}-{year}",
        unit="migrants",
        themes=("assistance", "minors", "border"),
        counts="migrants assisted by IOM in {where}",
        period="in {year}",
        text="In {year}, IOM assisted {q}{n} migrants in {where}",
        lo=80,
        hi=9000,
    ),
    dict(
        key="shelter-nights-{place}-{year}",
        unit="nights of shelter",
        themes=("assistance",),
        counts="nights of shelter given to migrants in {where}",
        period="in {year}",
        text="Shelters in {where} gave {q}{n} nights of shelter to migrants in {year}",
        lo=500,
        hi=60000,
    ),
    dict(
        key="trafficking-victims-identified-{place}-{year}",
        unit="victims",
        themes=("trafficking",),
        counts="victims of trafficking identified in {where}",
        period="in {year}",
        text="Authorities identified {q}{n} victims of trafficking in {where} in {year}",
        lo=5,
        hi=400,
    ),
    dict(
        key="kidnapping-complaints-{place}-{year}",
        unit="complaints",
        themes=("kidnapping",),
        counts="complaints of migrant kidnapping filed in {where}",
        period="in {year}",
        text="{Q}{n} complaints of migrant kidnapping were filed in {where} in {year}",
        lo=3,
        hi=900,
    ),
    dict(
        key="returnees-received-{place}-{year}",
        unit="returnees",
        themes=("return",),
        counts="returning Mexican migrants received in {where}",
        period="in {year}",
        text="{Q}{n} returning Mexican migrants were received in {where} in {year}",
        lo=1000,
        hi=250000,
    ),
    dict(
        key="avr-returns-{place}-{year}",
        unit="migrants",
        themes=("return",),
        counts="migrants helped home under assisted voluntary return from {where}",
        period="in {year}",
        text="IOM helped {q}{n} migrants return home voluntarily from {where} in {year}",
        lo=20,
        hi=3000,
    ),
    dict(
        key="unaccompanied-minors-detained-{place}-{year}",
        unit="minors",
        themes=("minors",),
        counts="unaccompanied migrant children detained in {where}",
        period="in {year}",
        text="{Q}{n} unaccompanied migrant children were detained in {where} in {year}",
        lo=50,
        hi=20000,
    ),
    dict(
        key="temporary-work-permits-{place}-{year}",
        unit="permits",
        themes=("labour",),
        counts="temporary work permits issued to border workers in {where}",
        period="in {year}",
        text="{Q}{n} temporary work permits were issued to border workers in {where} in {year}",
        lo=200,
        hi=40000,
    ),
    dict(
        key="officials-trained-{place}-{year}",
        unit="officials",
        themes=("training", "trafficking", "border", "smuggling"),
        counts="public officials trained by IOM in {where}",
        period="in {year}",
        text="IOM trained {q}{n} public officials in {where} in {year}",
        lo=15,
        hi=2500,
    ),
    dict(
        key="smuggling-cases-{place}-{year}",
        unit="cases",
        themes=("smuggling",),
        counts="migrant smuggling cases investigated in {where}",
        period="in {year}",
        text="Prosecutors investigated {q}{n} migrant smuggling cases in {where} in {year}",
        lo=5,
        hi=700,
    ),
    dict(
        key="project-budget-{programme}",
        unit="US dollars",
        themes=tuple(TOPIC_SETS),
        counts="budget of the {programme_name}",
        period=None,
        text="The {programme_name} has a budget of {q}US$ {n}",
        lo=50000,
        hi=4000000,
    ),
    dict(
        key="shelter-capacity-{org}",
        unit="beds",
        themes=("assistance", "minors"),
        counts="beds in the {org_name} shelter",
        period=None,
        text="The {org_name} shelter has {q}{n} beds",
        lo=20,
        hi=400,
    ),
]
# national measures shared by many releases, with differing published values
SHARED_FIGURES = [
    dict(
        key="irregular-migrants-per-year",
        unit="migrants",
        values=[140000, 150000, 160000, 400000],
        counts="irregular migrants from Central America transiting through Mexico",
        period="each year",
        text="It is estimated that {q}{n} irregular migrants from Central America transit through Mexico each year",
        topics=["transit-migration"],
    ),
    dict(
        key="migrant-kidnapping-victims-per-year",
        unit="migrants",
        values=[11000, 18000, 20000],
        counts="migrants who are victims of kidnapping in Mexico",
        period="each year",
        text="{Q}{n} migrants are victims of kidnapping in Mexico each year",
        topics=["kidnapping"],
    ),
    dict(
        key="iom-member-states",
        unit="member states",
        values=[146, 151, 155, 162, 166, 175],
        counts="IOM member states",
        period=None,
        text="IOM has {q}{n} member states",
        topics=["iom"],
    ),
    dict(
        key="mexicans-returned-from-us-per-year",
        unit="Mexicans",
        values=[300000, 390000, 410000],
        counts="Mexicans returned from the United States",
        period="each year",
        text="{Q}{n} Mexicans are returned from the United States each year",
        topics=["return-migration", "deportation"],
    ),
    dict(
        key="central-american-deportations-per-year",
        unit="migrants",
        values=[65000, 80000, 107000],
        counts="Central American migrants deported by Mexico",
        period="each year",
        text="Mexico deports {q}{n} Central American migrants each year",
        topics=["deportation"],
    ),
]
QUALIFIERS = [
    "exact",
    "exact",
    "exact",
    "some",
    "over",
    "more than",
    "close to",
    "an estimated",
    "about",
    "at least",
]
FACT_TEMPLATES = [
    (
        "The {programme_name} will run for {months} months and cover {count} municipalities in {state}.",
        ["cooperation"],
    ),
    (
        "Migrants in {town} face {risk} along the route, particularly women and unaccompanied minors.",
        ["violence", "unaccompanied-minors"],
    ),
    (
        "The {org_name} and IOM signed a cooperation agreement to {purpose} in {state}.",
        ["cooperation"],
    ),
    ("Most migrants arriving in {town} come from {country} and {country2}.", ["transit-migration"]),
    ("IOM opened an office in {town} in {year} to {purpose}.", ["humanitarian-assistance"]),
    (
        "The workshops in {town} brought together officials from {org_name} and civil society organizations.",
        ["training"],
    ),
    ("A mobile health unit visits the shelters of {town} every week.", ["humanitarian-assistance"]),
    (
        "{country_adj} migrants increasingly request asylum in {town} instead of continuing north.",
        ["human-rights"],
    ),
]
RISKS = [
    "extortion, robbery and assault",
    "kidnapping and extortion by criminal gangs",
    "accidents on the freight train",
    "dehydration in the desert",
    "abuse by smugglers",
]
QUOTES = [
    "Protecting the rights of migrants is a shared responsibility of every level of government",
    "No migrant should have to choose between safety and survival",
    "This agreement shows what coordination between institutions can achieve",
    "We want every official who meets a migrant to know how to refer them to help",
    "Returning migrants bring skills that our communities need",
    "Children on the move are children first, whatever their migratory status",
    "Data is the first step towards a migration policy that works",
    "The shelters are the front line of humanitarian assistance in the region",
]
TITLES = [
    "IOM and {org_short} Launch {programme_name} in {place}",
    "{place} Hosts IOM Workshop on {theme_label}",
    "IOM Supports {org_short} to {purpose_title} in {place}",
    "{org_short} Meets IOM Mexico to Discuss {theme_label}",
    "New IOM Data on {theme_label} in {place}",
    "IOM Mexico Opens Office in {place} to {purpose_title}",
    "{org_short} and IOM Sign Agreement on {theme_label}",
    "IOM Trains Officials in {place} on {theme_label}",
]
THEME_LABELS = {
    "assistance": "Humanitarian Assistance to Migrants",
    "trafficking": "Trafficking in Persons",
    "kidnapping": "Migrant Kidnapping",
    "return": "Return Migration",
    "minors": "Unaccompanied Migrant Children",
    "labour": "Labour Migration",
    "border": "Border Management",
    "training": "Migrants' Rights",
    "smuggling": "Migrant Smuggling",
    "policy": "Migration Policy",
}


# -- helpers ---------------------------------------------------------------------------------


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def ascii_lower(text: str) -> str:
    return re.sub(r"[^a-z]", "", slug(text))


def fmt_int(n: int) -> str:
    return f"{n:,}"


def round_nicely(n: int) -> int:
    if n >= 100_000:
        return round(n, -4)
    if n >= 10_000:
        return round(n, -3)
    if n >= 1_000:
        return round(n, -2)
    return n


@dataclass
class Pools:
    """Entities shared by every synthetic release (same id → same name everywhere)."""

    people: list[dict[str, Any]]
    contacts: list[dict[str, Any]]
    governors: dict[str, str]


def build_pools(seed: int) -> Pools:
    rng = random.Random(f"pools-{seed}")
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < 2500:
        first = rng.choice(FIRST)
        sur = rng.choice(SURNAMES)
        name = f"{first} {sur}" if rng.random() < 0.55 else f"{first} {sur} {rng.choice(SURNAMES)}"
        if slug(name) not in seen:
            seen.add(slug(name))
            names.append(name)
    people = [
        {
            "name": n,
            "id": slug(n),
            "title": rng.choice([None] * 6 + ["Dr.", "Dr.", "Mtro.", "Ambassador"]),
        }
        for n in names
    ]
    contacts = []
    emails: set[str] = set()
    for i in range(28):
        office, area = CONTACT_OFFICES[i % len(CONTACT_OFFICES)]
        while True:
            first, sur = rng.choice(FIRST), rng.choice(SURNAMES)
            email = f"{ascii_lower(first)[0]}{ascii_lower(sur)}@iom.int"
            if email not in emails and slug(f"{first} {sur}") not in seen:
                break
        emails.add(email)
        local = "".join(str(rng.randint(0, 9)) for _ in range(10 - len(area)))
        contacts.append(
            {
                "name": f"{first} {sur}",
                "office": office,
                "email": email,
                "area": area,
                "local": local,
                "style": i % 4,
            }
        )
    governors = {state: rng.choice(names) for state, *_ in STATES}
    return Pools(people=people, contacts=contacts, governors=governors)


def phone_as_printed(c: dict[str, Any]) -> str:
    area, local = c["area"], c["local"]
    half = len(local) // 2
    return [
        f"+52 {area} {local[:half]} {local[half:]}",
        f"+52 ({area}) {local[:half]} {local[half:]}",
        f"+52 {area} {' '.join(local[i : i + 2] for i in range(0, len(local), 2))}",
        f"+52 {area}{local}",
    ][c["style"]]


@dataclass
class Draft:
    """One release being written: the page's paragraphs and the record's sections."""

    rid: str
    paragraphs: list[str] = field(default_factory=list)
    places: dict[str, dict] = field(default_factory=dict)
    orgs: dict[str, dict] = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)
    programmes: list[dict] = field(default_factory=list)
    publications: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)

    def place(self, pid: str, name: str, kind: str, quote: str, **extra: Any) -> str:
        self.places.setdefault(
            pid, {"id": pid, "name": name, "kind": kind, **extra, "quote": quote}
        )
        return pid

    def org(self, oid: str, name_en: str, quote: str, **extra: Any) -> str:
        self.orgs.setdefault(oid, {"id": oid, **extra, "name_en": name_en, "quote": quote})
        return oid


STATE_BY_NAME = {s[0]: s for s in STATES}


def state_org(state: str) -> tuple[str, str, str]:
    """The state government: id, English and Spanish names."""
    spanish = STATE_BY_NAME[state][1] or state
    return (
        f"government-of-{slug(state)}",
        f"Government of {state}",
        f"Gobierno del Estado de {spanish}",
    )


def synth_release(i: int, seed: int, pools: Pools) -> tuple[dict, str, dict]:
    """Release number ``i``: (record, page text, ground truth)."""
    rng = random.Random(f"release-{seed}-{i}")
    theme = rng.choice(list(TOPIC_SETS))
    topics, programme_stem, purpose = TOPIC_SETS[theme]
    town, state, town_kind, _route = rng.choice(TOWNS)
    year = rng.randint(2008, 2016)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    country, country_adj = rng.choice(COUNTRIES)
    country2 = rng.choice([c for c, _ in COUNTRIES if c != country])

    # the partner organisation: the state government, a federal/UN body or a shelter
    kind = rng.choice(["state", "federal", "federal", "shelter"])
    if kind == "state":
        oid, org_name, org_es = state_org(state)
        acronym = None
        org_short = f"{state} State Government"
    elif kind == "federal":
        oid, acronym, org_name, org_es = rng.choice(FEDERAL_ORGS)
        org_short = acronym or org_name
    else:
        shelter = rng.choice(SHELTER_NAMES)
        oid, acronym, org_name, org_es = (
            f"{slug(shelter)}-{slug(town)}",
            None,
            f"{shelter} ({town})",
            None,
        )
        org_short = shelter
    programme_name = (
        f"{programme_stem} in {state}" if rng.random() < 0.5 else f"{town} {programme_stem}"
    )
    pid = slug(programme_name)
    person = pools.people[
        min(int(rng.paretovariate(1.2)) - 1 + rng.randrange(40), len(pools.people) - 1)
        if rng.random() < 0.3
        else rng.randrange(len(pools.people))
    ]
    if kind == "state" and rng.random() < 0.5:
        pname = pools.governors[state]
        person = next(p for p in pools.people if p["name"] == pname)
        role = f"Governor of the State of {state}"
    elif kind == "shelter":
        role = f"coordinator of the {org_short} shelter in {town}"
    else:
        role = rng.choice(
            [
                f"head of the {org_name} office in {town}",
                f"{org_name} representative in {state}",
                f"Director for {THEME_LABELS[theme]} at the {org_name}",
            ]
        )
    iom_person = pools.people[rng.randrange(len(pools.people))]
    iom_role = rng.choice(
        [
            f"IOM Head of Office in {town}",
            f"IOM programme coordinator in {state}",
            "IOM Mexico Chief of Mission",
            f"IOM {THEME_LABELS[theme]} officer",
        ]
    )
    contact = pools.contacts[rng.randrange(len(pools.contacts))]
    contact2 = pools.contacts[rng.randrange(len(pools.contacts))] if rng.random() < 0.15 else None

    where_place = f"{town}, {state}"
    slots = dict(
        org_short=org_short,
        programme_name=programme_name,
        place=town,
        theme_label=THEME_LABELS[theme],
        purpose_title=" ".join(purpose.split(" ")[:4]).title(),
    )
    title = rng.choice(TITLES).format(**slots)
    rid = f"{slug(title)[:60].rstrip('-')}-{i:05d}"

    d = Draft(rid)
    lead = (
        f"{town}, {state} - IOM and the {org_name} this week launched the {programme_name}, "
        f"a {rng.choice(['one-year', 'two-year', 'eighteen-month', 'three-year'])} initiative to "
        f"{purpose} in the State of {state}."
    )
    d.paragraphs.append(lead)
    town_id = slug(town) if town != "Córdoba" else "cordoba-veracruz"
    d.place(
        town_id,
        town,
        town_kind,
        f"{town}, {state} - IOM and the {org_name}",
        state=state,
        country="Mexico",
    )
    d.place(slug(state), state, "state", f"in the State of {state}", country="Mexico")
    org_extra: dict[str, Any] = {"acronym": acronym} if acronym else {}
    if org_es:
        org_extra["name_es"] = org_es
    d.org(oid, org_name, f"IOM and the {org_name}", **org_extra)
    d.org(
        "iom",
        "International Organization for Migration",
        f"IOM and the {org_name}",
        acronym="IOM",
        name_es="Organización Internacional para las Migraciones",
        aliases=["OIM", "IOM Mexico", "OIM México"],
    )
    d.programmes.append(
        {
            "id": pid,
            "name": programme_name,
            "kind": "project" if "Project" in programme_stem else "programme",
            "organisation": "iom",
            **({"aliases": [programme_stem]} if rng.random() < 0.3 else {}),
            "description": f"An IOM initiative with the {org_name} to {purpose} in the State of {state}.",
            "quote": f"launched the {programme_name}",
        }
    )

    # people and their quotes
    said = rng.choice(QUOTES)
    title_str = f"{person['title']} " if person["title"] else ""
    d.paragraphs.append(f"“{said},” said {title_str}{person['name']}, {role}.")
    d.people.append(
        {
            "id": person["id"],
            "name": person["name"],
            **({"title": person["title"]} if person["title"] else {}),
            "role": role,
            "organisation": oid,
            "quote": f"{person['name']}, {role}",
        }
    )
    if iom_person["id"] != person["id"]:
        said2 = rng.choice([q for q in QUOTES if q != said])
        d.paragraphs.append(f"{iom_person['name']}, {iom_role}, added: “{said2}.”")
        d.people.append(
            {
                "id": iom_person["id"],
                "name": iom_person["name"],
                "role": iom_role,
                "organisation": "iom",
                "quote": f"{iom_person['name']}, {iom_role}",
            }
        )

    # figures
    truth_figures = []
    fig_topics = topics[:1]
    templates = [
        f
        for f in FIGURES
        if theme in f["themes"] and (kind == "shelter" or "{org}" not in f["key"])
    ]
    for tpl in rng.sample(templates, k=min(len(templates), rng.randint(1, 3))):
        fig_year = year - rng.randint(0, 1)
        if rng.random() < 0.4:
            place_id, where = slug(state), f"the State of {state}"
        else:
            place_id, where = town_id, where_place
        q = rng.choice(QUALIFIERS)
        n = round_nicely(rng.randint(tpl["lo"], tpl["hi"]))
        as_written = fmt_int(n)
        qtxt = "" if q == "exact" else f"{q} "
        fmt = dict(
            where=where,
            year=fig_year,
            n=as_written,
            q=qtxt,
            Q=(qtxt or "").capitalize() or "",
            programme_name=programme_name,
            org_name=org_name,
            programme=pid,
            org=oid,
            place=place_id,
        )
        if fmt["Q"] == "" and tpl["text"].startswith("{Q}"):
            fmt["Q"] = ""
        sentence = tpl["text"].format(**fmt) + "."
        sentence = sentence[0].upper() + sentence[1:]
        key = tpl["key"].format(**fmt)[:80].rstrip("-")
        d.paragraphs.append(sentence)
        fig = {
            "measure": key,
            "value": n,
            "as_written": as_written,
            "qualifier": q,
            "unit": tpl["unit"],
            "counts": tpl["counts"].format(**fmt),
        }
        if tpl["period"]:
            fig["period"] = tpl["period"].format(**fmt)
        if "{place}" in tpl["key"]:
            fig["place"] = place_id
        fig.update({"topics": list(fig_topics), "quote": sentence.rstrip(".")})
        d.figures.append(fig)
        truth_figures.append(
            {
                "measure": key,
                "as_written": as_written,
                "counts": fig["counts"],
                "where": where,
                "year": fig_year,
                "unit": tpl["unit"],
                "place_name": town if place_id != slug(state) else state,
                "question": (
                    f"what is the {fig['counts']}?"
                    if tpl["unit"] == "US dollars"
                    else f"how many {fig['counts']} {fig.get('period', '')}?".replace(" ?", "?")
                ),
            }
        )
    if rng.random() < 0.35:
        tpl = rng.choice(SHARED_FIGURES)
        n = rng.choice(tpl["values"])
        q = rng.choice(["some", "over", "an estimated", "exact"])
        qtxt = "" if q == "exact" else f"{q} "
        sentence = tpl["text"].format(n=fmt_int(n), q=qtxt, Q=qtxt.capitalize())
        sentence = sentence[0].upper() + sentence[1:]
        source_name = rng.choice(
            [
                "the National Migration Institute",
                "civil society organizations",
                "the National Human Rights Commission",
                "academic studies",
            ]
        )
        if not sentence.startswith("Mexico"):
            sentence = sentence[0].lower() + sentence[1:]
        para = f"According to {source_name}, {sentence}."
        d.paragraphs.append(para)
        fig = {
            "measure": tpl["key"],
            "value": n,
            "as_written": fmt_int(n),
            "qualifier": q,
            "unit": tpl["unit"],
            "counts": tpl["counts"],
        }
        if tpl["period"]:
            fig["period"] = tpl["period"]
        fig.update(
            {"attributed_to": source_name, "topics": list(tpl["topics"]), "quote": para.rstrip(".")}
        )
        mexico = re.search(r"\w+ Mexico\b|\bMexico \w+", para)
        if mexico:
            d.place("mexico", "Mexico", "country", mexico.group(0), aliases=["México"])
            fig["place"] = "mexico"
        d.figures.append(fig)

    # facts
    for j, (tpl, ftopics) in enumerate(rng.sample(FACT_TEMPLATES, k=rng.randint(1, 3))):
        text = tpl.format(
            programme_name=programme_name,
            months=rng.choice([6, 12, 18, 24, 36]),
            count=rng.randint(3, 40),
            state=state,
            town=town,
            risk=rng.choice(RISKS),
            org_name=org_name,
            purpose=purpose,
            country=country,
            country2=country2,
            year=year - rng.randint(1, 5),
            country_adj=country_adj,
        )
        text = text[0].upper() + text[1:]
        d.paragraphs.append(text)
        d.facts.append(
            {"id": f"fact-{j + 1}", "statement": text, "topics": ftopics, "quote": text.rstrip(".")}
        )
        if "{country}" in tpl:
            d.place(slug(country), country, "country", f"come from {country}")

    # an occasional publication or term
    if rng.random() < 0.25:
        pub_title = f"{THEME_LABELS[theme]} in {state}: A Diagnostic"
        para = (
            f"The event also presented the study “{pub_title},” which maps the services "
            f"available to migrants in {rng.randint(5, 60)} municipalities."
        )
        d.paragraphs.append(para)
        d.publications.append(
            {
                "id": f"{slug(pub_title)}-{year}",
                "title": pub_title,
                "organisation": "iom",
                "description": para.split("which ", 1)[1]
                .rstrip(".")
                .capitalize()
                .replace("Maps", "A study mapping", 1),
                "quote": f"the study “{pub_title},”",
            }
        )
    if rng.random() < 0.1:
        term_name = rng.choice(
            [
                "Tarjeta de Visitante Regional",
                "Tarjeta de Visitante por Razones Humanitarias",
                "Programa Frontera Sur",
            ]
        )
        para = f"Many migrants in {town} apply for the {term_name}, a document issued by the National Migration Institute."
        d.paragraphs.append(para)
        d.terms.append(
            {
                "id": slug(term_name),
                "name": term_name,
                "description": f"A document issued by the National Migration Institute that many migrants in {town} apply for.",
                "quote": f"apply for the {term_name}, a document issued by the National Migration Institute",
            }
        )

    # press contacts, printed as in the real pages
    block = ["For more information, please contact", ""]
    for c in filter(None, [contact, contact2 if contact2 is not contact else None]):
        phone = phone_as_printed(c)
        lines = [c["name"], c["office"], f"Tel: {phone}", f"Email: {c['email']}"]
        if c["style"] % 2:
            lines[2], lines[3] = lines[3], lines[2]
        block += lines + [""]
        d.contacts.append(
            {
                "name": c["name"],
                "office": c["office"],
                "email": c["email"],
                "phone": phone,
                "quote": "\n".join(lines),
            }
        )
    page = (
        "News\nGlobal\n\n"
        + title
        + "\n\n"
        + "\n\n".join(d.paragraphs)
        + "\n\n"
        + "\n".join(block).rstrip()
        + "\n"
    )

    summary = f"{lead.split(' - ', 1)[1]}"
    if len(summary) > 280:
        summary = summary[:277].rsplit(" ", 1)[0] + "…"
    record: dict[str, Any] = {
        "id": rid,
        "title": title,
        "date": f"{year}-{month:02d}-{day:02d}",
        "office": "IOM Mexico",
        "source": f"{rid}.txt",
        "summary": summary,
        "topics": list(
            dict.fromkeys(
                topics + ([rng.choice(["cooperation", "human-rights", "transit-migration"])])
            )
        ),
        "places": list(d.places.values()),
        "organisations": list(d.orgs.values()),
        "people": d.people,
        "programmes": d.programmes,
        "publications": d.publications,
        "terms": d.terms,
        "contacts": d.contacts,
        "figures": d.figures,
        "facts": d.facts,
    }
    record = {k: v for k, v in record.items() if v != []}
    truth = {
        "id": rid,
        "title": title,
        "theme": theme,
        "town": town,
        "state": state,
        "org": org_name,
        "org_short": org_short,
        "acronym": acronym,
        "programme": programme_name,
        "person": person["name"],
        "role": role,
        "contact_emails": [c["email"] for c in d.contacts],
        "figures": truth_figures,
    }
    return record, page, truth


def generate(out: Path, n: int, seed: int = 7, real_dir: Path | None = None) -> dict[str, Any]:
    """Write ``out`` (replacing it) with the real releases plus ``n - 5`` synthetic ones."""
    if real_dir is None:
        from knowledge.loading import default_knowledge_dir

        real_dir = default_knowledge_dir()
    if out.exists():
        shutil.rmtree(out)
    (out / "releases").mkdir(parents=True)
    (out / "sources").mkdir()
    shutil.copy2(real_dir / "vocabulary.yaml", out / "vocabulary.yaml")
    for path in sorted((real_dir / "releases").glob("*.yaml"))[:n]:
        shutil.copy2(path, out / "releases" / path.name)
        shutil.copy2(
            real_dir / "sources" / f"{path.stem}.txt", out / "sources" / f"{path.stem}.txt"
        )
    pools = build_pools(seed)
    truths = []
    for i in range(max(n - len(REAL_IDS), 0)):
        record, page, truth = synth_release(i, seed, pools)
        text = yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        (out / "releases" / f"{record['id']}.yaml").write_text(
            "# Synthetic release written by benchmarks/synth.py\n" + text, encoding="utf-8"
        )
        (out / "sources" / record["source"]).write_text(page, encoding="utf-8")
        truths.append(truth)
    manifest = {"generator": GENERATOR_VERSION, "n": n, "seed": seed, "releases": truths}
    (out / "ground_truth.json").write_text(
        json.dumps(manifest, ensure_ascii=False), encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="load the result with the real loader")
    args = parser.parse_args(argv)
    generate(args.out, args.n, args.seed)
    if args.check:
        from knowledge.loading import KnowledgeError
        from knowledge.loading.loader import load_records

        try:
            _, releases, _, _ = load_records(args.out)
        except KnowledgeError as exc:
            print("\n".join(exc.problems[:20]), file=sys.stderr)
            print(f"{len(exc.problems)} problem(s)", file=sys.stderr)
            return 1
        print(f"OK: {len(releases)} releases in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
