"""Curated IOM Mexico release facts and the answer engine. No Slack imports here.

This module is the package's public face: the Slack layer, the CLI and the benchmarks
import from ``knowledge`` itself, so the modules behind it can move without them noticing.
"""

from knowledge.answer import Answer, ContactCard, Intent, SourceRef, mrkdwn_to_plain
from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.engine import figure_sentence
from knowledge.loading import KnowledgeError, default_knowledge_dir
from knowledge.records.models import Release

__all__ = [
    "Answer",
    "ContactCard",
    "Intent",
    "KnowledgeBase",
    "KnowledgeError",
    "Release",
    "SourceRef",
    "default_knowledge_dir",
    "figure_sentence",
    "load_knowledge",
    "mrkdwn_to_plain",
]
