"""``iom-bot knowledge rename OLD NEW``: the id, the record's file and its page move
together, the YAML keeps its comments, and a rename that cannot be done changes nothing.
Runs on a copy of the packaged knowledge and on a draft of an invented page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from knowledge import load_knowledge
from knowledge.intake import Known, draft_release
from knowledge.intake.cli import read_knowledge_dir, write_draft
from knowledge.loading.drafts import check_draft
from knowledge.loading.errors import KnowledgeError
from knowledge.loading.loader import default_knowledge_dir
from knowledge.loading.rename import rename_release


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(default_knowledge_dir(), root)
    return root


def state(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_published_release_is_renamed_with_its_page(kb: Path) -> None:
    page = (kb / "sources" / "veracruz-governor.txt").read_bytes()
    done = rename_release(kb, "veracruz-governor", "veracruz-governor-meeting")
    assert done.record == (
        "releases/veracruz-governor.yaml",
        "releases/veracruz-governor-meeting.yaml",
    )
    assert done.source == ("sources/veracruz-governor.txt", "sources/veracruz-governor-meeting.txt")
    text = (kb / "releases" / "veracruz-governor-meeting.yaml").read_text(encoding="utf-8")
    assert (
        "id: veracruz-governor-meeting\n" in text
        and "source: veracruz-governor-meeting.txt" in text
    )
    assert text.startswith("# One curated record per release.")  # comments kept
    assert "date: null            # the page carries no date" in text
    assert (kb / "sources" / "veracruz-governor-meeting.txt").read_bytes() == page
    assert not (kb / "releases" / "veracruz-governor.yaml").exists()
    assert not (kb / "sources" / "veracruz-governor.txt").exists()
    ids = {r.id for r in load_knowledge(kb, cache=False).releases}
    assert "veracruz-governor-meeting" in ids and "veracruz-governor" not in ids


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("veracruz-governor", "ddg-visit", "already used by releases/ddg-visit.yaml"),
        ("no-such-release", "anything", "no release 'no-such-release'"),
        ("veracruz-governor", "Not An Id", "is not a valid id"),
    ],
)
def test_a_rename_that_cannot_be_done_changes_nothing(
    kb: Path, old: str, new: str, message: str
) -> None:
    before = state(kb)
    with pytest.raises(KnowledgeError) as caught:
        rename_release(kb, old, new)
    assert message in caught.value.problems[0]
    assert state(kb) == before


def test_a_taken_page_name_is_refused(kb: Path) -> None:
    (kb / "sources" / "new-name.txt").write_text("another page", encoding="utf-8")
    before = state(kb)
    with pytest.raises(KnowledgeError, match="sources/new-name.txt already exists"):
        rename_release(kb, "veracruz-governor", "new-name")
    assert state(kb) == before


def test_a_draft_is_renamed_in_drafts(kb: Path) -> None:
    page = (
        b"Shelter Opens in the Port of Veracruz\n\nThe new shelter will receive travellers "
        b"arriving by train and will offer them food, a bed and legal advice for free.\n"
    )
    draft = draft_release(page, Known())
    write_draft(read_knowledge_dir(kb), draft, page)
    rename_release(kb, draft.release_id, "veracruz-port-shelter")
    target = kb / "drafts" / "veracruz-port-shelter.yaml"
    assert (kb / "sources" / "veracruz-port-shelter.txt").read_bytes() == page
    problems = check_draft(kb, target).problems  # what the unfilled draft had, renamed
    assert any("veracruz-port-shelter.yaml: summary: still marked TODO" in p for p in problems)
    assert all("TODO" in p for p in problems)


def test_the_cli_says_what_moved_and_refuses_in_one_line(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["knowledge", "rename", "ddg-visit", "ddg-visit-2013", "--knowledge", str(kb)]) == 0
    out = capsys.readouterr().out
    assert "releases/ddg-visit.yaml -> releases/ddg-visit-2013.yaml" in out
    assert "sources/ddg-visit.txt -> sources/ddg-visit-2013.txt" in out
    assert main(["knowledge", "rename", "ddg-visit", "x", "--knowledge", str(kb)]) == 1
    assert capsys.readouterr().err.startswith("error: no release 'ddg-visit'")
    assert main(["knowledge", "check", "--knowledge", str(kb)]) == 0
