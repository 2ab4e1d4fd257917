"""The index builder's text memo: an earlier build's tables stand in for computing, and an
index built with them is the index built without."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge.search.memo as memo_module
from knowledge import load_knowledge
from knowledge.search.index import Index, build_index
from knowledge.search.memo import TextMemo, TextTables, remembered
from knowledge.text import content_words, fold, stem


def test_the_earlier_tables_are_used_before_computing() -> None:
    """A planted answer shows the lookup path: an earlier table's value is taken as is."""
    memo = TextMemo(TextTables(folded={"Ciudad Juárez": "planted"}, stems={"ran": "planted"}))
    assert memo.fold("Ciudad Juárez") == "planted"
    assert memo.stem("ran") == "planted"
    assert memo.fold("Tapachula, Chiapas") == fold("Tapachula, Chiapas")
    assert memo.content_words("kidnapped migrants") == frozenset(
        content_words("kidnapped migrants")
    )
    assert memo.stem("migrants") == stem("migrants")
    assert memo.page("A PAGE, folded.") == fold("A PAGE, folded.")


def test_now_holds_only_what_this_build_used() -> None:
    """Texts the earlier build had and this one does not use are not carried on."""
    memo = TextMemo(TextTables(folded={"gone": "gone", "kept": "kept"}))
    memo.fold("kept")
    memo.fold("new text")
    assert memo.now.folded == {"kept": "kept", "new text": "new text"}
    assert memo.earlier.folded["gone"] == "gone" and "gone" not in memo.now.folded


def fingerprint(index: Index) -> list[object]:
    """Everything ranking reads from the index, in order."""
    targets = [
        (t.key, t.kind, t.name, sorted(t.aliases), sorted(t.releases.items()))
        for t in index.targets.values()
    ]
    docs = [
        (d.key, sorted(d.targets), sorted(d.words), sorted(d.places), sorted(d.shown_places))
        for d in index.docs
    ]
    return [targets, docs, sorted(index.aliases), index.spell_vocab, sorted(index.known_words)]


def test_an_index_built_with_an_earlier_builds_tables_is_the_same_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kb = load_knowledge(cache=False)
    topics = list(kb.vocabulary.topics)
    first = TextMemo()
    plain = build_index(list(kb.releases), dict(kb.sources), topics, first)
    assert first.now.folded and first.now.content and len(first.now.pages) == len(kb.sources)
    assert first.now.spanish and first.now.word_terms

    def computed(*args: object) -> str:
        raise AssertionError(f"computed again: {args!r:.80}")

    for name in ("fold", "stem", "content_words", "word_terms"):  # nothing computed anew
        monkeypatch.setattr(memo_module, name, computed)
    second = TextMemo(first.now)
    again = build_index(list(kb.releases), dict(kb.sources), topics, second)
    assert fingerprint(again) == fingerprint(plain)
    assert again.spanish_aliases == plain.spanish_aliases
    assert second.now.pages == first.now.pages


def test_place_matches_are_taken_only_under_the_same_place_aliases() -> None:
    """The places a text names hold for one set of place aliases: an earlier build's are
    taken when its aliases name the same places, never when any alias differs."""
    key = (("invented bay", "place:invented-bay"),)
    planted = TextMemo(TextTables(places={"a text": frozenset({"planted"})}, places_key=key))

    def find(text: str) -> frozenset[str]:
        return frozenset({"found"})

    now, earlier = planted.place_tables(key)
    assert remembered(now, earlier, "a text", find) == {"planted"}
    assert remembered(now, earlier, "another text", find) == {"found"}
    assert planted.now.places_key == key and set(planted.now.places) == {"a text", "another text"}
    moved = (("invented bay", "place:other-bay"),)
    again = TextMemo(TextTables(places={"a text": frozenset({"planted"})}, places_key=key))
    now, earlier = again.place_tables(moved)
    assert remembered(now, earlier, "a text", find) == {"found"}
    assert again.now.places_key == moved


def test_a_new_place_alias_finds_its_place_in_texts_the_earlier_build_had(
    tmp_path: Path,
) -> None:
    """An incremental build after a release adds an alias to a place: texts of unchanged
    releases that name the place by that alias are matched anew."""
    from tests.invented_releases import grown, release

    laguna = {
        "id": "invented-lagoon",
        "name": "Invented Lagoon",
        "kind": "town",
        "quote": "Invented Lagoon",
    }
    fact = {
        "id": "shore-walk",
        "statement": "Volunteers walk the shore of La Charca with migrants.",
        "topics": ["cooperation"],
        "quote": "Volunteers walk the shore of La Charca with migrants",
    }
    first_kb = grown(
        tmp_path,
        release("lagoon-one", "Lagoon One", ["cooperation"], places=[laguna], facts=[fact]),
    )
    first = TextMemo()
    build_index(list(first_kb.releases), dict(first_kb.sources), list(first_kb.topics), first)
    named = {**laguna, "aliases": ["La Charca"]}
    second_kb = grown(
        tmp_path, release("lagoon-two", "Lagoon Two", ["cooperation"], places=[named])
    )
    kept = build_index(
        list(second_kb.releases),
        dict(second_kb.sources),
        list(second_kb.topics),
        TextMemo(first.now),
    )
    fresh = build_index(list(second_kb.releases), dict(second_kb.sources), list(second_kb.topics))
    assert fingerprint(kept) == fingerprint(fresh)
    walk = next(d for d in kept.docs if d.key == "lagoon-one/facts[0]")
    assert "place:invented-lagoon" in walk.places
