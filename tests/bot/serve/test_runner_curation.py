"""At start-up the bot says, in one line each, how many figures a curator should review
and how many drafts it does not serve (issue 12)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from invented_releases import grown_knowledge, release

from bot.serve.runner import report_curation
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
    kb = load_knowledge(directory, cache=False)
    with caplog.at_level(logging.INFO, logger="iom_bot"):
        report_curation(kb)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "knowledge: 1 figure(s) may be filed under another measure; "
        "`iom-bot knowledge check` lists them",
        "knowledge: 1 draft(s) in drafts/ not served until published",
    ]


def test_a_clean_directory_says_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="iom_bot"):
        report_curation(load_knowledge(cache=False))
    assert caplog.records == []
