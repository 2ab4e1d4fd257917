"""The KnowledgeBase: the engine is built by one explicit step, and from a corpus alone."""

from __future__ import annotations

from pathlib import Path

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
