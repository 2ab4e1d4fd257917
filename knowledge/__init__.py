"""Curated IOM Mexico release facts and the answer engine. No Slack imports here.

This module is the package's public face: the Slack layer, the CLI and the benchmarks
import from ``knowledge`` itself, so the modules behind it can move without them noticing.
"""

from knowledge.answer import Answer, ContactCard, Inline, Intent, Point, SourceRef, Span
from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.engine.help import GRAMMAR, Example, example_line
from knowledge.i18n import LANGS, Lang, as_lang, speaking
from knowledge.i18n import current as current_language
from knowledge.loading import KnowledgeError, default_knowledge_dir
from knowledge.records.models import Release
from knowledge.render import answer_json, answer_plain, answer_text, figure_sentence
from knowledge.text import fold_question


def detect_language(text: str) -> Lang | None:
    """The question's language when it is long enough to tell (``knowledge.i18n.detect``,
    imported on first use: its model costs a quarter of a second)."""
    from knowledge.i18n.detect import detect

    return detect(text)


def warm_language_detector() -> None:
    """Load the detector's model now (``knowledge.i18n.detect.warm``)."""
    from knowledge.i18n.detect import warm

    warm()


__all__ = [
    "GRAMMAR",
    "LANGS",
    "Answer",
    "ContactCard",
    "Example",
    "Inline",
    "Intent",
    "KnowledgeBase",
    "KnowledgeError",
    "Lang",
    "Point",
    "Release",
    "SourceRef",
    "Span",
    "answer_json",
    "answer_plain",
    "answer_text",
    "as_lang",
    "current_language",
    "default_knowledge_dir",
    "detect_language",
    "example_line",
    "figure_sentence",
    "fold_question",
    "load_knowledge",
    "speaking",
    "warm_language_detector",
]
