"""The one definition of a curated release record.

A record is what a press officer writes (YAML, one file per release). Every
statement the bot can repeat carries a ``quote`` that must occur verbatim in the
release's source text; the loader enforces that, which is how the bot is kept from
saying anything the releases did not say.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from knowledge.records.phones import Phone, normalise_phone

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Quote = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


@lru_cache(maxsize=4096)
def checked_email(value: str) -> str:
    """pydantic's own ``EmailStr`` check and normalisation, imported on the first email
    validated: ``EmailStr`` imports email_validator when the models are defined (22 ms of
    every ``iom-bot ask``, which reads validated records back from the load cache), and
    validates every contact anew although thousands of contacts share a few dozen emails."""
    from pydantic.networks import validate_email

    return validate_email(value)[1]


Email = Annotated[str, AfterValidator(checked_email), Field(json_schema_extra={"format": "email"})]

TODO_RE = re.compile(r"\bTODO\b")

Qualifier = Literal[
    "exact",
    "some",
    "over",
    "more than",
    "close to",
    "an estimated",
    "about",
    "at least",
    "up to",
]


class Strict(BaseModel):
    """Rejects unknown keys so that a misspelt field name is reported, not ignored."""

    # defer_build: a process served by the load cache never validates a record, so it never
    # pays for building the validators (about 20 ms of every `iom-bot ask`).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class Place(Strict):
    id: Id
    name: Text
    kind: Literal["country", "state", "city", "town", "region", "border", "continent"]
    state: str | None = Field(
        default=None, description="The state it lies in (Acayucan → Veracruz)."
    )
    country: str | None = None
    aliases: list[Text] = []
    quote: Quote


class Organisation(Strict):
    id: Id
    acronym: str | None = None
    name_en: Text
    name_es: str | None = None
    aliases: list[Text] = []
    description: str | None = None
    description_es: str | None = Field(
        default=None, description="The description in Spanish, for answers in Spanish."
    )
    quote: Quote


class Person(Strict):
    id: Id
    name: Text
    title: str | None = Field(default=None, description="Honorific as printed: Ambassador, Dr.")
    role: Text
    role_es: str | None = Field(
        default=None, description="The role in Spanish (Jefe de Misión de la OIM en México)."
    )
    organisation: Id | None = None
    aliases: list[Text] = []
    quote: Quote


class Programme(Strict):
    id: Id
    name: Text
    kind: Literal["programme", "project", "fund", "event", "agreement", "study"] = "programme"
    organisation: Id | None = None
    aliases: list[Text] = []
    description: Text
    description_es: str | None = Field(
        default=None, description="The description in Spanish, for answers in Spanish."
    )
    quote: Quote


class Publication(Strict):
    id: Id
    title: Text
    organisation: Id | None = None
    aliases: list[Text] = []
    description: Text
    description_es: str | None = Field(
        default=None, description="The description in Spanish, for answers in Spanish."
    )
    quote: Quote


class Term(Strict):
    """A thing the releases explain that is neither place, body nor programme (la Bestia)."""

    id: Id
    name: Text
    aliases: list[Text] = []
    description: Text
    description_es: str | None = Field(
        default=None, description="The description in Spanish, for answers in Spanish."
    )
    quote: Quote


class Contact(Strict):
    name: Text
    office: Text
    email: Email | None = Field(
        default=None, description="As printed; leave it out when the page prints none."
    )
    phone: Text = Field(description="As printed; normalised for display and tel: links.")
    phones: list[Text] = Field(
        default=[], description="Further numbers printed for the same person, as printed."
    )
    quote: Quote

    # The numbers parsed once, when the record is validated, and kept with it (pickled into
    # the load cache): answers then never parse a phone, nor import phonenumbers.
    _phone: Phone | None = PrivateAttr(default=None)
    _more_phones: tuple[Phone, ...] = PrivateAttr(default=())

    @field_validator("phone")
    @classmethod
    def _phone_parses(cls, value: str) -> str:
        normalise_phone(value)  # raises ValueError with a readable message
        return value

    @field_validator("phones")
    @classmethod
    def _phones_parse(cls, values: list[str]) -> list[str]:
        for value in values:
            normalise_phone(value)
        return values

    @model_validator(mode="after")
    def _keep_parsed_phones(self) -> Contact:
        self._phone = normalise_phone(self.phone)
        self._more_phones = tuple(map(normalise_phone, self.phones))
        return self

    @property
    def parsed_phone(self) -> Phone:
        return self._phone if self._phone is not None else normalise_phone(self.phone)

    @property
    def parsed_more_phones(self) -> tuple[Phone, ...]:
        if len(self._more_phones) == len(self.phones):
            return self._more_phones
        return tuple(map(normalise_phone, self.phones))

    @property
    def key(self) -> str:
        """Who this is, across releases: the email, else the name and first number."""
        if self.email:
            return str(self.email).casefold()
        return f"{self.name.casefold()}|{self.parsed_phone.e164}"

    @property
    def phone_display(self) -> str:
        return self.parsed_phone.display

    @property
    def phone_e164(self) -> str:
        return self.parsed_phone.e164


class Figure(Strict):
    measure: Id = Field(description="Same key across releases means the same measure.")
    value: float
    as_written: Text = Field(description="The number exactly as printed: 20,000.")
    qualifier: Qualifier = "exact"
    unit: Text
    counts: Text = Field(description="What is counted, in a phrase a reader understands.")
    counts_es: str | None = Field(
        default=None,
        description="What is counted, in Spanish, as it reads after the number (with the "
        "unit: 'migrantes víctimas de secuestro en México').",
    )
    period: str | None = None
    period_es: str | None = Field(default=None, description="The period in Spanish (cada año).")
    place: Id | None = None
    attributed_to: str | None = None
    attributed_to_es: str | None = Field(
        default=None, description="Who gives the figure, in Spanish, as it reads after 'según'."
    )
    attributed_org: Id | None = None
    topics: list[Id] = []
    quote: Quote
    quote_es: Quote | None = Field(
        default=None,
        description="The same words as printed in the release's Spanish page "
        "(sources/<id>.es.txt), which it must occur in.",
    )
    same_measure: bool = Field(
        default=False,
        description="The curator checked that this figure measures what the other "
        "releases' figures under its measure key measure (knowledge check warns about a "
        "group whose units, periods or wordings differ until then).",
    )

    @model_validator(mode="after")
    def _number_in_quote(self) -> Figure:
        if self.as_written not in self.quote:
            raise ValueError(f"as_written {self.as_written!r} does not occur in the quote")
        return self


class Fact(Strict):
    """A general statement (IOM founded 1951; in Mexico since 2005)."""

    id: Id
    statement: Text
    statement_es: str | None = Field(
        default=None, description="The statement in Spanish, for answers in Spanish."
    )
    said_by: Id | None = Field(
        default=None, description="A person id, when the fact is their words."
    )
    topics: list[Id] = []
    quote: Quote
    quote_es: Quote | None = Field(
        default=None,
        description="The same words as printed in the release's Spanish page "
        "(sources/<id>.es.txt), which it must occur in.",
    )


class Release(Strict):
    id: Id
    title: Text
    title_es: str | None = Field(
        default=None, description="The title in Spanish (the Spanish page's own, if any)."
    )
    date: dt.date | None = None
    added: dt.date | None = Field(
        default=None, description="When curators added the record; orders undated releases."
    )
    office: Text = "IOM Mexico"
    source: str | None = Field(default=None, description="File under sources/; default <id>.txt")
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=280)]
    summary_es: Annotated[
        str | None, StringConstraints(strip_whitespace=True, min_length=1, max_length=280)
    ] = Field(default=None, description="The summary in Spanish, at most 280 characters.")
    topics: list[Id] = Field(min_length=1)
    places: list[Place] = []
    organisations: list[Organisation] = []
    people: list[Person] = []
    programmes: list[Programme] = []
    publications: list[Publication] = []
    terms: list[Term] = []
    contacts: list[Contact] = []
    figures: list[Figure] = []
    facts: list[Fact] = []

    @property
    def source_file(self) -> str:
        return self.source or f"{self.id}.txt"

    @property
    def source_file_es(self) -> str:
        """The release's Spanish page, when the curator adds one (``quote_es`` is cut from it)."""
        return self.source_file.removesuffix(".txt") + ".es.txt"


class Topic(Strict):
    id: Id
    label: Text
    label_es: str | None = Field(default=None, description="The label in Spanish.")
    aliases: list[Text] = []


class Vocabulary(Strict):
    """Shared topics and the query lexicon (Spanish and variant phrasings → English)."""

    topics: list[Topic]
    lexicon: dict[str, str] = {}
    press_office: Email | None = Field(
        default=None,
        description=(
            "Email of the press contact to give when nothing more specific applies. It must "
            "be a contact named in some release. Without it, the most-cited contact is used, "
            "which a newly added release can change."
        ),
    )
