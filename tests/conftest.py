"""Shared fixtures: the packaged knowledge base, loaded once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, load_knowledge
from knowledge.loader import default_knowledge_dir


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged knowledge directory."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target)
    return target
