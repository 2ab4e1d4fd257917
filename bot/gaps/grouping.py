"""Grouping unanswered questions by similarity, for the ``iom-bot gaps`` report.

The same question typed differently (with accents or without, with a typo) lands in one
group, counted; groups come most frequent first. Pure functions over rows from the state
database, so they can be measured (benchmarks/gaps.py) without one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge import fold_question

SIMILARITY = 85  # rapidfuzz token_set_ratio at or above which two questions are "the same"


normalise = fold_question  # the one home of text rules is knowledge.text


@dataclass
class Group:
    key: str
    texts: Counter[str] = field(default_factory=Counter)
    last_asked: float = 0.0
    where: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def label(self) -> str:
        return self.texts.most_common(1)[0][0]

    def absorb(self, other: Group) -> None:
        self.texts.update(other.texts)
        self.last_asked = max(self.last_asked, other.last_asked)
        self.where.update(other.where)


# Candidate blocking for group_questions. A question is compared only with groups that
# share a feature with it (a word, or the first or last three letters of a longer word, so
# a typo in a word still meets its group), at most MAX_CANDIDATES of them, those sharing
# the most features first. Features more common than MAX_POSTING groups ("de", "que") are
# only used when nothing rarer is shared.
MAX_CANDIDATES = 200
MAX_POSTING = 1000
SCAN_BUDGET = 1500  # posting entries read per question


def features(key: str) -> set[str]:
    words = set(key.split())
    found = set(words)
    for word in words:
        if len(word) >= 5:
            found.add("<" + word[:3])
            found.add(word[-3:] + ">")
    return found


def collect(rows: Iterable[tuple[str, float, str]]) -> dict[str, Group]:
    """One partial group per normalised question, read row by row (rows are not kept)."""
    by_key: dict[str, Group] = {}
    for text, asked_at, where in rows:
        key = normalise(text)
        group = by_key.get(key)
        if group is None:
            group = by_key[key] = Group(key)
        group.texts[text] += 1
        group.last_asked = max(group.last_asked, asked_at)
        group.where[where] += 1
    return by_key


def group_questions(rows: Iterable[tuple[str, float, str]]) -> list[Group]:
    """Greedy clustering: each distinct question joins the first group it resembles.

    Distinct questions are visited most frequent first, so a group is keyed by its most
    common phrasing and a rare typo joins it rather than the other way round. "Resembles"
    is rapidfuzz ``token_set_ratio >= SIMILARITY``, scored in C (``process.extract``) over
    the question's candidate groups only (see ``features``): near-linear instead of one
    comparison per (question, group) pair. Groups are visited in creation order among the
    candidates, so the result is the exhaustive one whenever the matching group is a
    candidate, which holds for phrasings that share a word or a word's start or end.
    """
    by_key = collect(rows)
    groups: list[Group] = []
    postings: dict[str, list[int]] = {}
    for key in sorted(by_key, key=lambda k: (-by_key[k].count, k)):
        target = _first_resembling(key, groups, postings) if key else None
        if target is None:
            target = len(groups)
            groups.append(Group(key))
            for feature in features(key):
                postings.setdefault(feature, []).append(target)
        groups[target].absorb(by_key[key])
    return sorted(groups, key=lambda g: (-g.count, -g.last_asked))


def _first_resembling(key: str, groups: list[Group], postings: dict[str, list[int]]) -> int | None:
    lists = sorted((postings[f] for f in features(key) if f in postings), key=len)
    if not lists:
        return None
    shared: Counter[int] = Counter()
    scanned = 0
    for ids in lists:
        if shared and (len(ids) > MAX_POSTING or scanned + len(ids) > SCAN_BUDGET):
            break
        shared.update(ids[:SCAN_BUDGET])
        scanned += len(ids)
    if len(shared) > MAX_CANDIDATES:
        candidates = sorted(i for i, _ in shared.most_common(MAX_CANDIDATES))
    else:
        candidates = sorted(shared)
    # The first resembling group in creation order wins: score the earliest candidates
    # first, in growing batches, and stop at the first batch with a hit.
    start, size = 0, 16
    while start < len(candidates):
        batch = candidates[start : start + size]
        hits = process.extract(
            key,
            [groups[i].key for i in batch],
            scorer=fuzz.token_set_ratio,
            score_cutoff=SIMILARITY,
            limit=None,
        )
        if hits:
            return batch[min(index for _, _, index in hits)]
        start, size = start + size, size * 4
    return None
