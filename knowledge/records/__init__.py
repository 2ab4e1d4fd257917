"""The curated records: what a press officer writes, validated (models) and its phone rule."""

from knowledge.records.models import (
    TODO_RE,
    Contact,
    Fact,
    Figure,
    Organisation,
    Person,
    Place,
    Programme,
    Publication,
    Release,
    Term,
    Topic,
    Vocabulary,
)
from knowledge.records.phones import Phone, normalise_phone

__all__ = [
    "TODO_RE",
    "Contact",
    "Fact",
    "Figure",
    "Organisation",
    "Person",
    "Phone",
    "Place",
    "Programme",
    "Publication",
    "Release",
    "Term",
    "Topic",
    "Vocabulary",
    "normalise_phone",
]
