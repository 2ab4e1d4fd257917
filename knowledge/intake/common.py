"""What several intake stages share: the TODO marker, the error type, the page size limit,
the month names, the shape of a personal name, and the line that ends a release.

Kept apart so that no stage reaches into a sibling's private names: the contact finder and
the people finder agree on what a name looks like, and the figure finder, the capitalised
name finder and the date finder agree on the month names, because they read them here.
"""

from __future__ import annotations

import re

#: The largest page intake accepts. A release page, menus and comment forms included, is
#: 3–60 KB; half a megabyte leaves room for the worst scrape and still keeps intake instant.
MAX_BYTES = 512 * 1024

TODO = "TODO: "


def word_set(text: str) -> set[str]:
    """A word list written as running text (keeps the tables below readable)."""
    return set(text.split())


def phrase_set(text: str) -> set[str]:
    """A list of phrases separated by |."""
    return {p.strip() for p in text.replace("\n", "|").split("|") if p.strip()}


class IntakeError(ValueError):
    """Input intake cannot draft from; the message is one line for the curator."""


#: Month names and abbreviations, English and Spanish: a number next to one is a date,
#: a capitalised one is not a name.
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|"
    "julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)

#: A capitalised word of a name, and the particles between them ("Ortiz de Rosas").
NAME_TOKEN = r"[A-ZÁÉÍÓÚÑÜ][\w'’.-]*"
PARTICLE = r"(?:de|del|la|las|los|y|van|von|da|di|dos|das|du|le|el|bin|al|e)"
#: Words that make a capitalised run an office or a role rather than a person's name.
NOT_NAME_WORDS = word_set(
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


#: Once one of these appears, the release is over: what follows is the page's furniture.
TAIL = re.compile(
    r"(?i)^(use facebook to comment|%d bloggers like this|\d+ bloggers like this|leave a reply"
    r"|leave a comment|no comments yet|written by$|related (posts|news|stories|articles)"
    r"|share this|post navigation|protected by |you may also like|noticias relacionadas)"
)

#: How far around a figure its counted phrase and its quote are looked for. A clause is a
#: few hundred characters; only a pathological page (one clause thousands of characters
#: long, without a comma, semicolon or colon) reaches this, and bounding it keeps intake
#: linear there: otherwise each of its figures reads and trims the whole clause.
REACH = 4000
