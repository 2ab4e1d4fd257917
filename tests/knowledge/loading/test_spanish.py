"""Curated Spanish: optional fields every directory can go without (reported, never
refused), and ``quote_es`` checked against the release's Spanish page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, KnowledgeError, answer_plain, load_knowledge
from knowledge.loading.spanish import coverage
from tests.invented_releases import LAGOON, grown, grown_knowledge, release

SHARED = Path(__file__).resolve().parents[4] / "shared"

SPANISH_PAGE = "Guardianes de la laguna\n\nlos guardianes de la laguna son voluntarios que guían a migrantes por la orilla\n"


def lagoon_with_fact(**fact_fields: object) -> dict[str, object]:
    """LAGOON with a fact whose words the Spanish page also prints."""
    record = dict(LAGOON)
    fact = {
        "id": "wardens-volunteer",
        "statement": "Lagoon wardens are volunteers.",
        "topics": ["cooperation"],
        "quote": "lagoon wardens are volunteers who guide migrants along the shore",
    }
    fact.update(fact_fields)
    record["facts"] = [fact]
    return record


def lagoon_with_spanish(**term_fields: object) -> dict[str, object]:
    record = dict(LAGOON)
    term = dict(LAGOON["terms"][0])
    term.update(term_fields)
    record["terms"] = [term]
    return record


def test_the_packaged_releases_have_every_spanish_field(kb: KnowledgeBase) -> None:
    for r in kb.releases:
        c = coverage(r)
        assert c.missing == () and c.total >= 15, (r.id, c.missing)
    assert kb.spanish_coverage() == ["Spanish: 109 of 109 curated texts (100%)."]


def test_a_release_without_spanish_loads_and_is_reported(tmp_path: Path) -> None:
    kb = grown(tmp_path, LAGOON)
    lines = kb.spanish_coverage()
    assert any(
        line.startswith("spanish: releases/lagoon-wardens.yaml: 3 of 3 Spanish fields missing:")
        and "terms[0].description_es" in line
        for line in lines
    ), lines
    assert not kb.warnings  # missing Spanish is not a warning --strict fails on


def test_a_missing_field_is_said_in_spanish_and_given_in_english(tmp_path: Path) -> None:
    kb = grown(tmp_path, LAGOON)
    text = answer_plain(kb.answer("lagoon wardens", "es"))
    assert "Volunteers who guide migrants along the shore of Invented Bay (en inglés)." in text
    assert "Parte del texto curado aún no tiene versión en español; se muestra en inglés." in text
    english = answer_plain(kb.answer("lagoon wardens"))
    assert "(en inglés)" not in english and "Parte del texto" not in english


def test_a_translated_field_is_used_unmarked(tmp_path: Path) -> None:
    record = lagoon_with_spanish(description_es="Voluntarios que guían a migrantes por la orilla.")
    record["title_es"] = "La OIM capacita a guardianes de laguna en Bahía Inventada"
    record["summary_es"] = "Guardianes de laguna."
    kb = grown(tmp_path, record)
    text = answer_plain(kb.answer("lagoon wardens", "es"))
    assert "Voluntarios que guían a migrantes por la orilla." in text
    assert "(en inglés)" not in text and "Parte del texto" not in text


def test_quote_es_is_checked_against_the_spanish_page(tmp_path: Path) -> None:
    quote_es = "los guardianes de la laguna son voluntarios que guían a migrantes"
    directory = grown_knowledge(tmp_path, lagoon_with_fact(quote_es=quote_es))
    with pytest.raises(KnowledgeError) as missing:  # no Spanish page yet
        load_knowledge(directory, cache=False)
    assert (
        "facts[0].quote_es: quote_es needs the Spanish page sources/lagoon-wardens.es.txt"
        in str(missing.value.problems)
    )
    page = directory / "sources" / "lagoon-wardens.es.txt"
    page.write_text(SPANISH_PAGE, encoding="utf-8")
    kb = load_knowledge(directory, cache=False)
    lagoon = next(r for r in kb.releases if r.id == "lagoon-wardens")
    assert lagoon.facts[0].quote_es == quote_es
    page.write_text("otra página\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as wrong:
        load_knowledge(directory, cache=False)
    assert any(
        "facts[0].quote_es: quote not found in sources/lagoon-wardens.es.txt" in p
        for p in wrong.value.problems
    )


def test_a_spanish_answer_quotes_the_spanish_page(tmp_path: Path) -> None:
    figure = {
        "measure": "lagoon-wardens-trained",
        "value": 40,
        "as_written": "40",
        "unit": "wardens",
        "counts": "lagoon wardens trained by IOM",
        "counts_es": "guardianes de laguna capacitados por la OIM",
        "topics": ["training"],
        "quote": "IOM trained 40 lagoon wardens",
        "quote_es": "la OIM capacitó a 40 guardianes de laguna",
    }
    record = release(
        "lagoon-training", "IOM Trains 40 Lagoon Wardens", ["training"], figures=[figure]
    )
    directory = grown_knowledge(tmp_path, record)
    (directory / "sources" / "lagoon-training.es.txt").write_text(
        "En Bahía Inventada, la OIM capacitó a 40 guardianes de laguna.\n", encoding="utf-8"
    )
    kb = load_knowledge(directory, cache=False)
    spanish = answer_plain(kb.answer("how many lagoon wardens trained", "es"))
    assert "• “la OIM capacitó a 40 guardianes de laguna”" in spanish
    assert "(cita en inglés)" not in spanish.split("\n")[1]
    english = answer_plain(kb.answer("how many lagoon wardens trained"))
    assert "• “IOM trained 40 lagoon wardens”" in english


def test_the_load_cache_notices_an_edited_spanish_page(tmp_path: Path, monkeypatch) -> None:
    """The Spanish page is among the files a cached load depends on."""
    import time

    from knowledge.loading import cache as cache_module

    monkeypatch.setenv("IOM_BOT_CACHE_DIR", str(tmp_path / "cache"))
    # the files are new: move the cache's clock past its freshness window instead of sleeping
    monkeypatch.setattr(cache_module, "clock", lambda: time.time_ns() + 10 * cache_module.RACY_NS)
    quote_es = "los guardianes de la laguna son voluntarios que guían a migrantes"
    directory = grown_knowledge(tmp_path, lagoon_with_fact(quote_es=quote_es))
    page = directory / "sources" / "lagoon-wardens.es.txt"
    page.write_text(SPANISH_PAGE, encoding="utf-8")
    load_knowledge(directory).prepare()  # writes the cache entry
    assert list((tmp_path / "cache").rglob("*")), "the load was not cached"
    page.write_text(SPANISH_PAGE.replace("voluntarios", "vecinos"), encoding="utf-8")
    with pytest.raises(KnowledgeError):  # a hit would return the stale, valid load
        load_knowledge(directory)


@pytest.mark.skipif(not (SHARED / "dev-kb").is_dir(), reason="no ../shared/dev-kb")
def test_knowledge_check_prints_the_coverage_of_the_dev_knowledge() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "knowledge",
            "check",
            "--knowledge",
            str(SHARED / "dev-kb"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "spanish: releases/cndh-agreement.yaml:" in out
    ok = next(line for line in out.splitlines() if line.startswith("OK: 13 releases"))
    assert " Spanish: " in ok and "curated texts (" in ok
