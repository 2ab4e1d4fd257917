"""Figures scored as bits (FigureBits) rank exactly as scoring each figure on its own."""

from __future__ import annotations

import pickle
import random
from pathlib import Path
from typing import Any, cast

from invented_releases import LAGOON, grown, release

from knowledge.engine.core import Core, figure_of
from knowledge.engine.figures import UNIT_HINTS, score_figures
from knowledge.search.candidates import (
    SCAN_ALL,
    SPECIFIC,
    candidate_docs,
    candidate_mask,
    each_once,
)
from knowledge.search.figure_bits import FigureBits, bits_of, mask_of, split
from knowledge.search.index import Doc
from knowledge.search.lexicon import GENERIC_WORDS
from knowledge.search.query import Query
from knowledge.text import fold, stem


def score_figures_by_scan(core: Core, q: Query, strong: list[str]) -> list[tuple[float, str]]:
    """score_figures as it was: every candidate figure scored on its own, with sets."""
    wanted = {stem(w) for w in q.content if w not in GENERIC_WORDS}
    raw_words = set(fold(q.raw).split())
    units = {stem(unit) for word, unit in UNIT_HINTS.items() if word in raw_words}
    wanted |= units
    per_measure: dict[str, float] = {}
    strong_set, keys = set(strong), set(q.keys)
    if strong:
        candidates = candidate_docs([core.figures.by_target.get(k, []) for k in strong])
    else:
        candidates = list(each_once([core.figures.postings.get(w, []) for w in wanted]).values())
    left = {w for w in q.left_over if not w.isdigit()} - {stem(w) for w in UNIT_HINTS}
    places = {k for k in strong if core.t(k).kind == "place"}
    need = 1 if q.fact_question and not q.unknown else 2
    for d in candidates:
        strong_hits = len(d.targets & strong_set)
        if strong and (not strong_hits or (left and left.isdisjoint(d.words))):
            continue
        if units and units.isdisjoint(d.words):
            continue
        if places and places.isdisjoint(d.about):
            continue
        overlap = len(wanted & d.words)
        if not strong and overlap < need:
            continue
        score = 3 * strong_hits + overlap + 0.5 * len(d.targets & keys)
        if "year" in q.words and d.yearly:
            score += 1
        if q.years and not q.years.isdisjoint(d.years):
            score += 3
        if d.lead_topic in strong_set:
            score += 1
        score += len(raw_words & d.forms)
        per_measure[d.measure] = max(per_measure.get(d.measure, 0.0), score)
    spread = core.figures.spread
    return sorted(
        ((s, m) for m, s in per_measure.items() if s + spread[m] >= 2),
        key=lambda sm: (sm[0], spread[sm[1]], sm[1]),
        reverse=True,
    )


def test_masks_hold_exactly_their_bits() -> None:
    rng = random.Random(3)
    for size in (1, 7, 8, 9, 64, 1000):
        for _ in range(20):
            bits = sorted(rng.sample(range(size), rng.randint(0, size)))
            assert bits_of(mask_of(bits, size)) == bits
    assert mask_of([], 10) == 0 and bits_of(0) == []


def test_split_puts_each_doc_in_one_group_with_its_score() -> None:
    groups = split([(0b1111, 0.0, 0)], 0b0101, 3.0, shared=1)
    assert sorted(groups) == [(0b0101, 3.0, 1), (0b1010, 0.0, 0)]
    groups = split(groups, 0b0011, 0.5)
    assert sorted(groups) == [
        (0b0001, 3.5, 1),
        (0b0010, 0.5, 0),
        (0b0100, 3.0, 1),
        (0b1000, 0.0, 0),
    ]
    assert split(groups, 0, 1.0) == groups  # a part no doc has changes nothing
    assert split([], 0b1, 1.0) == []


def fake_docs(n: int) -> list[Doc]:
    return [
        Doc(f"d{i}", "figure", "r", frozenset(), frozenset(), (), cast(Any, None)) for i in range(n)
    ]


def test_candidate_mask_selects_the_docs_candidate_docs_selects() -> None:
    rng = random.Random(8)
    pool = fake_docs(4000)
    bits = FigureBits(pool)
    for _ in range(60):
        sizes = [
            rng.choice([5, SPECIFIC, SPECIFIC + 1, 900, 2500]) for _ in range(rng.randint(1, 4))
        ]
        lists = [rng.sample(pool, size) for size in sizes]
        expected = {bits.bit[id(d)] for d in candidate_docs(lists)}
        got = candidate_mask([bits.of_docs(docs) for docs in lists], sizes)
        assert set(bits_of(got)) == expected
    assert SCAN_ALL > SPECIFIC  # the thresholds the lists above straddle


def figure_questions(core: Core, rng: random.Random) -> list[str]:
    """Questions made from the figures themselves: their words, topics, places and years,
    with the question words that change a score ("each year", "how far", "in 2014")."""
    out = []
    for docs in core.index.figures_by_measure.values():
        f = figure_of(docs[0])
        words = fold(f.counts).split()
        topic = f.topics[0].replace("-", " ") if f.topics else ""
        place = f.place.replace("-", " ") if f.place else ""
        year = rng.choice([*sorted(docs[0].years), "2031", ""])
        picks = rng.sample(words, min(len(words), rng.randint(1, 4)))
        out += [
            f"how many {' '.join(picks)} {topic} each year",
            f"how many {' '.join(picks)} in {place} in {year}",
            f"how far {topic} {place}",
            f"facts {topic}",
            f"what percentage of {' '.join(picks)}",
            " ".join(picks),
        ]
    return out


def test_scoring_by_bits_ranks_as_scoring_each_figure(tmp_path: Path) -> None:
    """Over the packaged releases and invented ones (one measure in several releases, a
    figure per place and year), with and without named targets: the same measures, the
    same scores, the same order."""
    census = {
        "value": 310,
        "as_written": "310",
        "unit": "people",
        "qualifier": "exact",
        "counts": "migrants arriving at the Lagoon shelter",
        "period": "each year",
        "measure": "lagoon-arrivals-per-year",
        "topics": ["transit-migration"],
        "quote": "310 migrants",
    }
    more = []
    for i, year in enumerate(["2011", "2012", "2014"]):
        figure = {
            **census,
            "value": 300 + i,
            "as_written": str(300 + i),
            "period": f"in {year}",
            "measure": f"lagoon-arrivals-{year}",
            "quote": f"{300 + i} migrants in {year}",
        }
        more.append(
            release(
                f"lagoon-{year}",
                f"Lagoon shelter in {year}",
                ["transit-migration"],
                figures=[figure],
            )
        )
    core = grown(tmp_path, LAGOON, *more).prepare().core
    rng = random.Random(13)
    questions = figure_questions(core, rng)
    assert len(questions) > 50
    nonempty = 0
    for text in questions:
        q = core.parser.parse(text)
        for strong in (core.strong_keys(q), []):
            expected = score_figures_by_scan(core, q, strong)
            assert score_figures(core, q, strong) == expected, (text, strong)
            nonempty += bool(expected)
    assert nonempty > len(questions) // 2  # most questions do score some figure


def test_bits_survive_the_load_cache(tmp_path: Path) -> None:
    """The load cache pickles the engine: docs come back as new objects, and the bits
    must follow them (they were keyed by object id, which pickling does not keep)."""
    kb = grown(tmp_path, LAGOON)
    kb.prepare()
    again = pickle.loads(pickle.dumps(kb))
    text = "how many migrants are kidnapped in Mexico each year?"
    core, core_again = kb.engine.core, again.engine.core
    q, q_again = core.parser.parse(text), core_again.parser.parse(text)
    expected = score_figures(core, q, core.strong_keys(q))
    assert expected
    assert score_figures(core_again, q_again, core_again.strong_keys(q_again)) == expected
    assert again.answer(text).answered
