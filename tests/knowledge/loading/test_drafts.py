"""Drafts are not served; publishing moves one in only if the directory then loads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from invented_releases import grown_knowledge, release, write_release

from knowledge import KnowledgeError, load_knowledge
from knowledge.loading.drafts import check_drafts, publish

DESK = release("bay-desk", "IOM Opens a Desk in Invented Bay", ["return-migration"])


def as_draft(directory: Path, record: dict[str, object]) -> Path:
    """Write ``record`` as a draft: its page in sources/, its YAML in drafts/."""
    write_release(directory, record)
    draft = directory / "drafts" / f"{record['id']}.yaml"
    draft.parent.mkdir(exist_ok=True)
    (directory / "releases" / f"{record['id']}.yaml").rename(draft)
    return draft


def test_an_unfinished_draft_is_not_served_and_cannot_be_published(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    draft = as_draft(directory, {**DESK, "summary": "TODO: what the release says"})
    assert len(load_knowledge(directory, cache=False).releases) == 5  # the bot still serves
    (report,) = check_drafts(directory)
    assert report.problems == ["drafts/bay-desk.yaml: summary: still marked TODO"]
    with pytest.raises(KnowledgeError):
        publish(directory, "bay-desk")
    assert draft.exists() and not (directory / "releases" / "bay-desk.yaml").exists()


def test_a_ready_draft_is_published_and_served(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    as_draft(directory, DESK)
    assert check_drafts(directory)[0].problems == []
    target = publish(directory, "bay-desk")
    assert target == directory / "releases" / "bay-desk.yaml"
    assert not (directory / "drafts" / "bay-desk.yaml").exists()
    assert len(load_knowledge(directory, cache=False).releases) == 6


def test_a_draft_under_a_published_id_is_refused_naming_both(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    draft = as_draft(directory, {**DESK, "source": "bay-desk.txt"})
    data = yaml.safe_load(draft.read_text())
    draft.write_text(yaml.safe_dump({**data, "id": "ddg-visit"}, sort_keys=False))
    with pytest.raises(KnowledgeError) as caught:
        publish(directory, "bay-desk")
    assert caught.value.problems == [
        "drafts/bay-desk.yaml: id: duplicate release id 'ddg-visit' "
        "(also in releases/ddg-visit.yaml)"
    ]
    assert draft.exists()


def test_no_such_draft_is_one_line(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    with pytest.raises(KnowledgeError) as caught:
        publish(directory, "nothing-here")
    assert caught.value.problems == [f"drafts/nothing-here.yaml: no such draft in {directory}"]
