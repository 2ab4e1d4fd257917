"""Topics, dates and ids: the vocabulary topics the text uses, the dates it prints, and
the slugs ids are made of.
"""

from __future__ import annotations

import re
from collections import Counter

from knowledge.intake.common import MONTHS
from knowledge.intake.known import Known
from knowledge.text import fold


def guess_topics(body: str, known: Known, limit: int = 10) -> list[str]:
    """Vocabulary topics whose aliases the text uses, most used first."""
    folded = f" {fold(body)} "
    counts: Counter[str] = Counter()
    for topic_id, keys in known.topic_keys:
        for key in keys:
            counts[topic_id] += folded.count(f" {key} ")
    ranked = [t for t, n in counts.most_common() if n > 0]
    if len(ranked) > 1:
        ranked.remove("iom") if "iom" in ranked else None
    if ranked:
        return ranked[:limit]
    ids = [t for t, _ in known.topics]
    return ["iom"] if "iom" in ids or not ids else ids[:1]


def find_dates(text: str) -> list[str]:
    """The dates the text prints, as printed: offered to the curator, never set (intake does not
    guess the release date)."""
    pattern = re.compile(
        rf"(?i)\b(\d{{1,2}}\s+(?:de\s+)?(?:{MONTHS})\.?,?\s+(?:de\s+)?(?:19|20)\d\d"
        rf"|(?:{MONTHS})\.?\s+\d{{1,2}},?\s+(?:19|20)\d\d"
        r"|\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)\b"
    )
    return [" ".join(m.group(1).split()) for m in pattern.finditer(text)]


def slugify(text: str, max_len: int = 60) -> str:
    """A lowercase, hyphenated, accent-free id from text, cut at a word boundary to at most max_len
    characters."""
    words = fold(text).split()
    out = ""
    for w in words:
        nxt = f"{out}-{w}" if out else w
        if len(nxt) > max_len:
            break
        out = nxt
    return out or "release"
