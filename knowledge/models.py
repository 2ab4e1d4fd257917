"""Old path of knowledge.records.models. Kept until intake moves; delete after."""

from knowledge.records import (
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

__all__ = [
    "TODO_RE",
    "Contact",
    "Fact",
    "Figure",
    "Organisation",
    "Person",
    "Place",
    "Programme",
    "Publication",
    "Release",
    "Term",
    "Topic",
    "Vocabulary",
]
