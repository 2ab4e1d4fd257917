"""At start-up the bot says in one line how many figures a curator should review, and
names each draft it does not serve, one line each (issue 12)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from invented_releases import grown_knowledge, release

from bot.serve.runner import DRAFT_LINES, report_curation
from knowledge import load_knowledge

MERGED = release(
    "invented-merge",
    "An Invented Release Filed With Kidnapping",
    ["return-migration"],
    figures=[
        {
            "measure": "migrant-kidnapping-victims-per-year",
            "value": 450000,
            "as_written": "450,000",
            "unit": "children",
            "counts": "migrants who are victims of kidnapping in Mexico",
            "period": "each year",
            "quote": "some 450,000 children are assisted each year",
        }
    ],
)


def test_warnings_and_drafts_are_one_line_each(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = grown_knowledge(tmp_path, MERGED)
    (directory / "drafts").mkdir()
    (directory / "drafts" / "unfinished.yaml").write_text("id: unfinished\n")
    (directory / "drafts" / "another.yaml").write_text("id: [broken\n")
    kb = load_knowledge(directory, cache=False)
    with caplog.at_level(logging.INFO, logger="iom_bot"):
        report_curation(kb)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "knowledge: 1 figure(s) may be filed under another measure; "
        "`iom-bot knowledge check` lists them",
        "knowledge: drafts/another.yaml skipped: not served until published",
        "knowledge: drafts/unfinished.yaml skipped: not served until published",
    ]


def test_many_drafts_are_named_up_to_a_bound_then_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = grown_knowledge(tmp_path)
    (directory / "drafts").mkdir()
    for n in range(DRAFT_LINES + 3):
        (directory / "drafts" / f"d{n:02d}.yaml").write_text("id: d\n")
    with caplog.at_level(logging.INFO, logger="iom_bot"):
        report_curation(load_knowledge(directory, cache=False))
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == DRAFT_LINES + 1
    assert lines[0] == "knowledge: drafts/d00.yaml skipped: not served until published"
    assert lines[-1] == "knowledge: 3 more draft(s) skipped"


def test_a_clean_directory_says_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="iom_bot"):
        report_curation(load_knowledge(cache=False))
    assert caplog.records == []
