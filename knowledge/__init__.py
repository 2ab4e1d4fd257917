"""Curated IOM Mexico release facts and the answer engine. No Slack imports here."""

from knowledge.answer import Answer, ContactCard, SourceRef
from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.loader import KnowledgeError

__all__ = [
    "Answer",
    "ContactCard",
    "KnowledgeBase",
    "KnowledgeError",
    "SourceRef",
    "load_knowledge",
]
