"""Which statements a question's names make worth scoring, at any size of knowledge."""

from __future__ import annotations

from collections import Counter

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
    counts = Counter(id(d) for docs in lists for d in docs)
    allowed = {id(d) for docs in small for d in docs}
    allowed.update(i for i, n in counts.items() if n > 1)
    return allowed
