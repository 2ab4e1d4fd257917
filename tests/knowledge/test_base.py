"""The KnowledgeBase: the engine is built by one explicit step, and from a corpus alone."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import knowledge.base
import knowledge.loading.cache as cache_module
import knowledge.loading.loader
from knowledge import load_knowledge
from knowledge.corpus import Corpus
from knowledge.engine import Engine

QUESTIONS = [
    "how many migrants are kidnapped in Mexico each year?",
    "who is Thomas Lothar Weiss",
    "contact veracruz",
    "releases",
    "what is la bestia",
    "how many migrants live in Germany",
]


def test_loading_does_not_build_the_engine_and_prepare_does_once(knowledge_copy: Path) -> None:
    kb = load_knowledge(knowledge_copy, cache=False)
    assert not kb.prepared
    engine = kb.prepare()
    assert kb.prepared
    assert kb.prepare() is engine
    assert kb.engine is engine


def test_the_engine_property_still_prepares_on_first_use(knowledge_copy: Path) -> None:
    kb = load_knowledge(knowledge_copy, cache=False)
    assert isinstance(kb.engine, Engine)
    assert kb.prepared


def test_an_engine_over_a_plain_corpus_answers_as_the_knowledge_base_does(
    knowledge_copy: Path,
) -> None:
    kb = load_knowledge(knowledge_copy, cache=False)
    corpus = Corpus(vocabulary=kb.vocabulary, releases=kb.releases, sources=kb.sources)
    engine = Engine(corpus)
    for question in QUESTIONS:
        assert engine.answer(question) == kb.answer(question)


def test_a_load_pauses_the_collector_and_restores_it(knowledge_copy: Path) -> None:
    seen: list[bool] = []
    real = knowledge.loading.loader.load_records

    def spy(root: Path, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(root, **kwargs)

    knowledge.loading.loader.load_records = spy  # type: ignore[assignment]
    try:
        assert gc.isenabled()
        load_knowledge(knowledge_copy, cache=False).prepare()
        assert seen == [False] and gc.isenabled()
        gc.disable()
        try:
            load_knowledge(knowledge_copy, cache=False)
            assert not gc.isenabled()  # a caller's own choice is kept
        finally:
            gc.enable()
    finally:
        knowledge.loading.loader.load_records = real  # type: ignore[assignment]


def test_store_false_reads_the_cache_but_never_writes_it(
    knowledge_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOM_BOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_module, "clock", lambda: time.time_ns() + 10**10)  # files settled
    load_knowledge(knowledge_copy, store=False).prepare()
    assert not list((tmp_path / "cache").glob("*"))
    load_knowledge(knowledge_copy).prepare()
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    assert load_knowledge(knowledge_copy, store=False).prepared  # read back, index and all


def test_a_warm_ask_parses_no_yaml_email_or_phone(knowledge_copy: Path, tmp_path: Path) -> None:
    """Served by the load cache, answering a contact question imports none of the parsers
    that validation needs: their import time is most of a short command's run."""
    env = {**os.environ, "IOM_BOT_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys, time\n"
        "import knowledge.loading.cache as c\n"
        "c.clock = lambda: time.time_ns() + 10**10\n"
        "from knowledge import load_knowledge, answer_text\n"
        f"kb = load_knowledge({str(knowledge_copy)!r}); warm = kb.prepared; kb.prepare()\n"
        "print(warm, answer_text(kb.answer('contact veracruz'))[:40])\n"
        "print(sorted(m for m in ('yaml', 'email_validator', 'phonenumbers') if m in sys.modules))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for _ in range(2)
    ]
    assert runs[0][0].startswith("False") and runs[0][1] != "[]"  # cold: validated, parsed
    assert runs[1][0].startswith("True") and "+52" not in runs[1][0]
    assert runs[1][1] == "[]"
    assert runs[1][0].split(" ", 1)[1] == runs[0][0].split(" ", 1)[1]  # the same answer
