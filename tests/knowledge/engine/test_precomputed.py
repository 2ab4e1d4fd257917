"""What the index fixes at build time for speed (issue 11, latency at thousands of
releases) must equal what the engine used to compute per question: each structure is
checked against the slow way on the seed releases plus releases invented here."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any, cast

from invented_releases import grown, release

from knowledge import KnowledgeBase
from knowledge.engine.core import Core, figure_of
from knowledge.engine.search import TOP, best_first, leading
from knowledge.engine.who import role_holders
from knowledge.records.models import Person
from knowledge.render.mrkdwn import answer_text
from knowledge.search.candidates import (
    SCAN_ALL,
    SPECIFIC,
    candidate_docs,
    named_docs,
    specific_docs,
)
from knowledge.search.index import GENERIC_PLACES, NAMES_PLACE, NAMES_YEAR, SAYS, Doc
from knowledge.search.postings import distinct_figures, org_words
from knowledge.text import YEAR, content_words, fold, stem

PLACE = {"id": "invented-bay", "name": "Invented Bay", "kind": "town", "quote": "Invented Bay"}
CENSUS = {
    "measure": "bay-shelter-arrivals",
    "value": 310,
    "as_written": "310",
    "unit": "migrants",
    "counts": "migrants arriving at the Invented Bay shelter",
    "period": "each year",
    "topics": ["humanitarian-assistance"],
    "quote": "the Invented Bay shelter receives 310 migrants each year",
}


def bay(release_id: str, warden: str, role: str) -> dict[str, Any]:
    """A release about Invented Bay: a repeated figure, a said fact naming a year and the
    place, and a person whose role other releases share."""
    return release(
        release_id,
        f"IOM Supports the Shelter of Invented Bay ({warden})",
        ["humanitarian-assistance", "cooperation"],
        places=[PLACE],
        people=[
            {
                "id": fold(warden).replace(" ", "-"),
                "name": warden,
                "role": role,
                "quote": f"{warden}, {role}",
            }
        ],
        facts=[
            {
                "id": "bay-said",
                "statement": f"{warden} said in 2019 that Invented Bay needs a second shelter",
                "topics": ["humanitarian-assistance"],
                "quote": f"{warden} said in 2019 that Invented Bay needs a second shelter",
            }
        ],
        figures=[CENSUS],
    )


COUNCIL = "Invented Bay Shelter Council of Volunteers and Boatmen"


def bay_knowledge(tmp_path: Path) -> KnowledgeBase:
    """Three releases: two wardens of one role (Luis named twice, so cited more), a
    keeper, and a council president whose role repeats the council's own name."""
    council = bay("bay-two-council", "Luis Guardia", "Chief Warden of the Invented Bay Shelter")
    council["organisations"] = [
        {"id": "bay-council", "name_en": COUNCIL, "aliases": ["Bay Council"], "quote": COUNCIL}
    ]
    council["people"].append(
        {
            "id": "marta-remo",
            "name": "Marta Remo",
            "role": f"President of the {COUNCIL}",
            "organisation": "bay-council",
            "quote": f"Marta Remo, President of the {COUNCIL}",
        }
    )
    return grown(
        tmp_path,
        bay("bay-one", "Rosa Guardia", "Chief Warden of the Invented Bay Shelter"),
        bay("bay-two", "Luis Guardia", "Chief Warden of the Invented Bay Shelter"),
        bay("bay-three", "Ana Faro", "Lighthouse Keeper of Invented Bay"),
        council,
    )


def test_precomputed_doc_fields_equal_the_slow_way(tmp_path: Path) -> None:
    """Doc.measure, lead_topic, hints and shown_places are what score_figures, hint and
    names_a_place derived from the records per question."""
    core = bay_knowledge(tmp_path).prepare().core
    for d in core.index.docs:
        text = d.plain
        hints = (
            (NAMES_YEAR if YEAR.search(text) else 0)
            | (NAMES_PLACE if d.places - GENERIC_PLACES else 0)
            | (SAYS if d.kind == "fact" and " said " in f" {text} " else 0)
        )
        assert d.hints == hints, d.key
        shown = {
            key
            for key in d.places
            if d.kind != "figure"
            and any(f" {a} " in f" {fold(text)} " for a in core.t(key).aliases)
        }
        assert d.shown_places == shown, d.key
        if d.kind == "figure":
            f = figure_of(d)
            assert d.measure == f.measure and d.value == f.value
            assert d.lead_topic == (f"topic:{f.topics[0]}" if f.topics else None)
    said = [d for d in core.index.docs if d.key == "bay-one/facts[0]"]
    assert said and said[0].hints == NAMES_YEAR | NAMES_PLACE | SAYS
    assert said[0].shown_places == {"place:invented-bay"}


def test_figure_postings_hold_one_of_each_alike_figure_and_miss_none(tmp_path: Path) -> None:
    """A word's postings are the full scan's figures with that word, one per set of
    figures that score alike; the repeated figure still answers with all its releases."""
    kb = bay_knowledge(tmp_path)
    core = kb.prepare().core
    every = [d for docs in core.index.figures_by_measure.values() for d in docs]
    words = {w for d in every for w in d.words}
    for w in words:
        scan = distinct_figures(d for d in every if w in d.words)
        assert [id(d) for d in core.figures.postings[w]] == [id(d) for d in scan], w
    assert len([d for d in core.figures.postings["shelter"] if d.measure == CENSUS["measure"]]) == 1
    answer = kb.answer("how many migrants arrive at the Invented Bay shelter each year?")
    assert "310" in answer_text(answer) and "4 releases give the same figure" in answer_text(answer)


def test_figures_by_target_are_the_scan_of_each_targets_figures(tmp_path: Path) -> None:
    """The signatures kept across targets (``distinct_figures(…, signatures)``) pick, per
    target, the figures a scan of that target's docs alone picks."""
    kb = bay_knowledge(tmp_path)
    core = kb.prepare().core
    checked = 0
    for key, docs in core.index.docs_by_target.items():
        scan = distinct_figures(d for d in docs if d.kind == "figure")
        held = core.figures.by_target.get(key, [])
        assert [id(d) for d in held] == [id(d) for d in scan], key
        checked += bool(scan)
    assert checked > 5
    place = core.figures.by_target["place:invented-bay"]
    assert len([d for d in place if d.measure == CENSUS["measure"]]) == 1


def role_holders_by_scan(core: Core, words: list[str], keys: list[str]) -> list[str]:
    """role_holders as it was: every person doc scored on its own."""
    wanted, generic = {stem(w) for w in words}, {"iom", "mexico", "mexican"}
    best: dict[str, float] = {}
    for target in core.index.targets.values():
        for d in core.index.docs_by_target.get(target.key, []) if target.kind == "person" else []:
            if d.kind != "person" or not isinstance(d.obj, Person):
                continue
            org = org_words(core.index, d.obj.organisation)
            role = frozenset(content_words(d.obj.role))
            if not (wanted - generic) <= (role | org):
                continue
            role_core = role - generic
            if f"org:{d.obj.organisation}" in keys:
                role_core -= org
            precision = len(wanted & role_core) / max(len(role_core), 1)
            if precision >= 0.5:
                best[target.key] = max(best.get(target.key, 0.0), precision)
    if not best:
        return []
    top = max(best.values())
    return sorted(
        (k for k, v in best.items() if v == top), key=lambda k: -sum(core.t(k).releases.values())
    )


def test_role_shapes_find_exactly_the_holders_the_full_scan_finds(tmp_path: Path) -> None:
    """Two releases share one role shape, a third has another: scoring shapes once gives
    the people, and their order, of scoring every person doc."""
    core = bay_knowledge(tmp_path).prepare().core
    questions = [
        "who is the chief warden of the invented bay shelter",
        "who is the warden",
        "who is the lighthouse keeper",
        "who is the chief of mission",
        "who is the director general of iom",
        "who is the commissioner",
        "who is the president of the bay council",
    ]
    found = []
    for text in questions:
        q = core.parser.parse(text)
        found.append(role_holders(core, q))
        assert found[-1] == role_holders_by_scan(core, q.content, q.keys), text
    assert found[0] == ["person:luis-guardia", "person:rosa-guardia"]  # the most cited first
    assert found[2] == ["person:ana-faro"]
    assert found[-1] == ["person:marta-remo"]  # the council's words are its name, not asked


def fake_docs(n: int) -> list[Doc]:
    return [Doc(f"d{i}", "fact", "r", set(), set(), (), cast(Any, None)) for i in range(n)]


def test_candidates_are_the_docs_the_per_doc_loop_took(tmp_path: Path) -> None:
    """specific_docs by set operations and candidate_docs by dict building select, in
    order, the docs the loop over every list's docs selected."""
    rng = random.Random(5)
    pool = fake_docs(4000)
    for _ in range(40):
        sizes = [
            rng.choice([50, SPECIFIC, SPECIFIC + 1, 900, 2500]) for _ in range(rng.randint(1, 4))
        ]
        lists = [rng.sample(pool, size) for size in sizes]
        counts = Counter(id(d) for docs in lists for d in docs)
        expected_allowed: set[int] | None = None
        small = [docs for docs in lists if len(docs) <= SPECIFIC]
        if sum(sizes) > SCAN_ALL and len(lists) >= 2 and small:
            expected_allowed = {id(d) for docs in small for d in docs}
            expected_allowed |= {i for i, n in counts.items() if n > 1}
        assert specific_docs(lists) == expected_allowed
        seen: set[int] = set()
        loop = []
        for docs in lists:
            for d in docs:
                if id(d) in seen or (
                    expected_allowed is not None and id(d) not in expected_allowed
                ):
                    continue
                seen.add(id(d))
                loop.append(d)
        assert candidate_docs(lists) == loop


def test_leading_docs_are_the_prefix_an_answer_reads(tmp_path: Path) -> None:
    """The first doc of each measure or statement, stopped once a lead, the bullets and
    the sources are known, is a prefix of the full list, and holds all an answer shows."""
    core = bay_knowledge(tmp_path).prepare().core
    ranked = list(core.index.docs)
    for start in range(0, len(ranked), 7):
        order = ranked[start:] + ranked[:start]
        full: dict[str, Doc] = {}
        for d in order:
            full.setdefault(d.measure if d.kind == "figure" else d.key, d)
        every = list(full.values())
        head = leading(order)
        assert head == every[: len(head)]
        assert every[:5] == head[:5]
        releases = list(dict.fromkeys(d.release_id for d in every))[:4]
        assert list(dict.fromkeys(d.release_id for d in head))[:4] == releases


def test_docs_with_the_same_words_share_one_interned_set(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from invented_releases import grown

    index = grown(tmp_path).prepare().core.index
    by_words: dict[frozenset[str], list[int]] = {}
    for d in index.docs:
        by_words.setdefault(d.words, []).append(id(d.words))
    assert any(len(ids) > 1 for ids in by_words.values())  # some docs do share their words
    assert all(len(set(ids)) == 1 for ids in by_words.values())  # and then one object
    spellings: dict[str, set[int]] = {}
    for d in index.docs:
        for w in d.words:
            spellings.setdefault(w, set()).add(id(w))
    assert all(len(ids) == 1 for ids in spellings.values())  # each word one string object


def target_lists(n_docs: int, keys: list[str], rng: random.Random) -> dict[str, list[Doc]]:
    """Invented docs about random keys, and each key's list as the index builds them: the
    docs whose ``about`` has the key, in ``Doc.position`` order."""
    docs = fake_docs(n_docs)
    weights = [rng.choice([0.01, 0.14, 0.16, 0.3, 0.7]) for _ in keys]
    for position, d in enumerate(docs):
        d.position = position
        d.about = frozenset(k for k, w in zip(keys, weights, strict=True) if rng.random() < w)
    return {k: [d for d in docs if k in d.about] for k in keys}


def test_named_docs_are_candidate_docs_without_reading_the_long_lists() -> None:
    """named_docs (membership by ``about``, order by position) selects, in order, the docs
    candidate_docs selects from the same lists, with one, two or three long lists."""
    rng = random.Random(13)
    keys = [f"k{i}" for i in range(8)]
    checked = 0
    for _ in range(40):
        by_key = target_lists(4000, keys, rng)
        for _ in range(10):
            chosen = rng.sample(keys, rng.randint(1, 5))
            lists = [by_key[k] for k in chosen]
            got = named_docs(lists, chosen)
            assert [id(d) for d in got] == [id(d) for d in candidate_docs(lists)], chosen
            checked += specific_docs(lists) is not None
    assert checked > 50  # the long-list rule, not only the read-everything one, was tested


def test_every_doc_by_score_bucket_is_the_sorted_order() -> None:
    """best_first orders thousands of docs by score buckets: the order sorting the
    (score, tie order, doc) entries gives, ints and halves alike; the best TOP of it
    when not every doc is wanted."""
    rng = random.Random(17)
    docs = fake_docs(3000)
    for size in (0, 5, TOP, TOP + 1, 900, 3000):
        scores = [rng.choice([4, 5, 6.5, 7, 7.0, 8.5, 12]) for _ in range(size)]
        scored = [(-s, i, d) for i, (s, d) in enumerate(zip(scores, docs, strict=False))]
        expected = [d for _, _, d in sorted(scored)]
        assert best_first(list(scored), True) == expected
        assert best_first(list(scored), False) == expected[:TOP]
