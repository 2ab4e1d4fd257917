"""Which statements a question's names make worth scoring, at any size of knowledge."""

from __future__ import annotations

from itertools import chain
from operator import attrgetter

from knowledge.search.index import Doc

SCAN_ALL = 1500  # docs scored one by one; past this, only the specific ones
SPECIFIC = 600  # a name with at most this many docs is specific (a programme, not a state)


def specific_docs(lists: list[list[Doc]]) -> set[int] | None:
    """At thousands of releases a state or a topic has thousands of statements: score only
    those about the question's specific names, or about two or more of its names (None:
    score them all). Like a rare term in BM25, the specific name is what the question
    is about; a statement only about the state cannot outrank one about both."""
    if sum(map(len, lists)) <= SCAN_ALL or len(lists) < 2:
        return None
    small = [docs for docs in lists if len(docs) <= SPECIFIC]
    if not small:
        return None
    allowed: set[int] = set()
    for docs in small:  # a doc in two lists, one of them small, is in this already
        allowed.update(map(id, docs))
    large = [docs for docs in lists if len(docs) > SPECIFIC]
    if len(large) > 1:  # a doc about two broad names: read only then, the lists are long
        seen: set[int] = set()
        for docs in large:
            ids = set(map(id, docs))
            allowed |= ids & seen
            seen |= ids
    return allowed


def each_once(lists: list[list[Doc]]) -> dict[int, Doc]:
    """The docs of ``lists`` by id, each once, in the order they first come: built at C
    speed (a dict keeps a key's first place), not by a Python test per doc."""
    flat = list(chain.from_iterable(lists))
    return dict(zip(map(id, flat), flat, strict=True))


def candidate_docs(lists: list[list[Doc]]) -> list[Doc]:
    """The docs of the lists of a question's names worth scoring (``specific_docs``),
    each once, in the order they first come. A long list is only filtered, in C: the
    docs it shares with the specific names take their place in it."""
    allowed = specific_docs(lists)
    if allowed is None:
        return list(each_once(lists).values())
    large = sum(len(docs) > SPECIFIC for docs in lists)
    docs_of = each_once([docs for docs in lists if large > 1 or len(docs) <= SPECIFIC])
    keep = allowed.__contains__
    ordered = dict.fromkeys(chain.from_iterable(filter(keep, map(id, docs)) for docs in lists))
    return [docs_of[i] for i in ordered]


def named_docs(lists: list[list[Doc]], keys: list[str]) -> list[Doc]:
    """``candidate_docs(lists)`` for the lists of an index's ``docs_by_target`` under
    ``keys``: a doc is in a key's list exactly when the key is in its ``about``, and every
    list is in ``Doc.position`` order. So a long list is not read: the docs it shares with
    the specific names are those of theirs about its key, put in its order by position.
    Only when two long lists must be intersected is one read (the others' keys are tested
    on its docs)."""
    sizes = list(map(len, lists))
    if sum(sizes) <= SCAN_ALL or len(lists) < 2 or min(sizes) > SPECIFIC:
        return list(each_once(lists).values())
    allowed = each_once([docs for docs in lists if len(docs) <= SPECIFIC])
    large = [(n, k) for n, k in zip(sizes, keys, strict=True) if n > SPECIFIC]
    if len(large) > 1:  # docs about two broad names: every pair has a list but the longest
        longest = max(large)[1]
        for docs, key in zip(lists, keys, strict=True):
            if len(docs) <= SPECIFIC or key == longest:
                continue
            others = frozenset(k for _, k in large if k != key)
            for d in docs:
                if not others.isdisjoint(d.about):
                    allowed.setdefault(id(d), d)
    parts: list[list[Doc]] = []
    for docs, key in zip(lists, keys, strict=True):
        if len(docs) <= SPECIFIC:
            parts.append(docs)
        else:  # the allowed docs of a long list, in its order
            parts.append(sorted((d for d in allowed.values() if key in d.about), key=POSITION))
    ordered = dict.fromkeys(map(id, chain.from_iterable(parts)))
    return list(map(allowed.__getitem__, ordered))


POSITION = attrgetter("position")


def candidate_mask(masks: list[int], sizes: list[int]) -> int:
    """``candidate_docs`` over lists given as masks (``FigureBits``) with their lengths:
    the same rule, so the same docs."""
    if sum(sizes) <= SCAN_ALL or len(masks) < 2:
        return union(masks)
    small = [m for m, n in zip(masks, sizes, strict=True) if n <= SPECIFIC]
    if not small:
        return union(masks)
    allowed = union(small)
    large = [m for m, n in zip(masks, sizes, strict=True) if n > SPECIFIC]
    if len(large) > 1:
        seen = 0
        for m in large:
            allowed |= m & seen
            seen |= m
    return allowed


def union(masks: list[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out
