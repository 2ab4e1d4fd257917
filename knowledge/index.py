"""Old path of knowledge.search.index. Kept until intake moves; delete after."""

from knowledge.search.index import Doc, Index, Target, build_index
from knowledge.text import content_words, stem

__all__ = ["Doc", "Index", "Target", "build_index", "content_words", "stem"]
