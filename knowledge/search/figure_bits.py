"""Figure docs as bits of one integer, so a question scores hundreds of candidates with a
few dozen integer operations instead of a dozen set operations per candidate.

At 5,000 releases a topic such as kidnapping has ~400 distinct figures, each of its own
measure, and every one is a candidate of "how many migrants are kidnapped each year?".
Scoring them one by one in Python was most of the slowest answers. Here each figure doc
is bit ``i`` of a Python integer (arbitrary precision, its ``&`` and ``|`` run in C over
machine words), and each value a score reads (a word, a target, a place, a form, a year,
a first topic) has the integer of the docs that have it. A question's candidates are one
integer; each part of its score splits them into groups that score alike (``split``);
only the final groups are read doc by doc, for their measures.

The integers are built lazily, per value a question asks about, from inverted lists made
once per index (4 bytes an entry): a mask of every value would cost megabytes.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence

from knowledge.search.index import Doc

_ONE = re.compile("1")
MAX_CACHED = 4096  # masks kept per field: the values questions asked about, bounded


class Field:
    """One field of the figure docs (their words, targets…): value → the docs' bits."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lists: dict[str, array[int]] = defaultdict(lambda: array("I"))
        self._masks: dict[str, int] = {}

    def add(self, value: str, bit: int) -> None:
        self.lists[value].append(bit)

    def settle(self) -> None:
        self.lists = dict(self.lists)

    def mask(self, value: str | None) -> int:
        """The docs whose field holds ``value`` (0 if none)."""
        if value is None:
            return 0
        found = self._masks.get(value)
        if found is None:
            found = mask_of(self.lists.get(value, ()), self.size)
            if len(self._masks) >= MAX_CACHED:
                self._masks.clear()  # rare: a long run of new words; rebuilt on demand
            self._masks[value] = found
        return found

    def any_of(self, values: Iterable[str]) -> int:
        """The docs whose field holds at least one of ``values``."""
        out = 0
        for value in values:
            out |= self.mask(value)
        return out


def mask_of(bits: Iterable[int], size: int) -> int:
    """An integer with the given bits set, built in a byte buffer (setting bits of a big
    integer one by one would copy it each time)."""
    buf = bytearray((size >> 3) + 1)
    for bit in bits:
        buf[bit >> 3] |= 1 << (bit & 7)
    return int.from_bytes(buf, "little")


def bits_of(mask: int) -> list[int]:
    """The set bits of ``mask``, lowest first: found by ``re`` in its binary digits."""
    digits = bin(mask)[:1:-1]  # "0b…" reversed, without the prefix: digit i is bit i
    return [m.start() for m in _ONE.finditer(digits)]


class FigureBits:
    """Every figure doc of an index as a bit, with the fields ``score_figures`` reads."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        self.docs = list(docs)
        self.bit = {id(d): i for i, d in enumerate(self.docs)}
        self.measures = [d.measure for d in self.docs]
        size = len(self.docs)
        self.words, self.targets, self.about = Field(size), Field(size), Field(size)
        self.forms, self.years, self.lead = Field(size), Field(size), Field(size)
        yearly: list[int] = []
        # Docs share their sets (pooled at build): each distinct set's words are added
        # once for all its docs, not once per doc.
        fields = (self.words, self.targets, self.about, self.forms, self.years)
        holders: dict[tuple[int, int], tuple[frozenset[str], Field, list[int]]] = {}
        for i, d in enumerate(self.docs):
            for n, values in enumerate((d.words, d.targets, d.about, d.forms, d.years)):
                entry = holders.get((n, id(values)))
                if entry is None:
                    entry = holders[(n, id(values))] = (values, fields[n], [])
                entry[2].append(i)
            if d.lead_topic is not None:
                self.lead.add(d.lead_topic, i)
            if d.yearly:
                yearly.append(i)
        for values, field, bits in holders.values():
            for value in values:
                field.lists[value].extend(bits)
        for field in (self.words, self.targets, self.about, self.forms, self.years, self.lead):
            field.settle()
        self.yearly = mask_of(yearly, size)
        self._lists: dict[tuple[str, str], int] = {}

    def __getstate__(self) -> dict[str, object]:
        # ``bit`` is keyed by object id, which an unpickled doc does not keep (the load
        # cache pickles the engine): rebuilt from ``docs``, whose order is the bits'.
        return {k: v for k, v in self.__dict__.items() if k != "bit"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.bit = {id(d): i for i, d in enumerate(self.docs)}

    def of_docs(self, docs: Iterable[Doc]) -> int:
        """The mask of ``docs`` (figure docs of this index)."""
        bit = self.bit
        return mask_of((bit[id(d)] for d in docs), len(self.docs))

    def of_list(self, name: str, key: str, docs: list[Doc]) -> int:
        """The mask of one of the postings' lists (``by_target`` or ``postings``, under
        ``key``), kept: a broad target's list is asked for again and again."""
        found = self._lists.get((name, key))
        if found is None:
            if len(self._lists) >= MAX_CACHED:
                self._lists.clear()
            found = self._lists[(name, key)] = self.of_docs(docs)
        return found


Group = tuple[int, float, int]  # docs, score so far, words shared with the question


def split(groups: list[Group], mask: int, weight: float, shared: int = 0) -> list[Group]:
    """Each group's docs in ``mask`` score ``weight`` more (and share ``shared`` more words
    with the question); the others stay as they were. Empty groups are dropped."""
    out: list[Group] = []
    for docs, score, words in groups:
        inside = docs & mask
        if inside:
            out.append((inside, score + weight, words + shared))
        if inside != docs:
            out.append((docs ^ inside, score, words))
    return out
