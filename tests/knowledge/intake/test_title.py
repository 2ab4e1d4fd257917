"""The draft's title is the release's title line: not the first line of a hard-wrapped
paragraph, not a wire-service label, and the curator's ``--title`` when given. Invented
pages only."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from knowledge.intake import IntakeError, Known, draft_release
from knowledge.intake import cli as intake_cli
from knowledge.loading.loader import default_knowledge_dir

WRAPPED = """Ministers Open a Returnee Centre in Nogales

On 3 to 5 March 2012, the Deputy Minister of the Interior, Mr. Ramón
Ortega Díaz, travelled to Nogales to open a centre for returnees and
to meet the staff who will run it.

The centre will offer legal advice and help to find work.
"""

LONG_HEAD = """Press Briefing Notes
IOM and the Municipality of Nogales Sign an Agreement to Assist Returnees Who Arrive Without Documents at the Northern Border of Mexico
Following last month's meeting between
IOM and the municipal authorities, a centre was opened
for returnees arriving in the city of Nogales.
"""


def title(page: str, **kwargs: str) -> str:
    return str(draft_release(page.encode(), Known(), **kwargs).record["title"])


def test_the_first_line_of_a_wrapped_paragraph_is_not_the_title() -> None:
    assert title(WRAPPED) == "Ministers Open a Returnee Centre in Nogales"


def test_a_long_title_on_top_of_a_wrapped_body_is_the_title_and_a_label_is_not() -> None:
    assert title(LONG_HEAD).startswith("IOM and the Municipality of Nogales Sign")


def test_the_curators_title_overrides_the_page() -> None:
    draft = draft_release(WRAPPED.encode(), Known(), title="  Nogales  returnee centre opens ")
    assert draft.record["title"] == "Nogales returnee centre opens"
    assert draft.release_id == "nogales-returnee-centre-opens"
    assert draft.record["source"] == "nogales-returnee-centre-opens.txt"
    with pytest.raises(IntakeError, match="--title is empty"):
        draft_release(WRAPPED.encode(), Known(), title="   ")


def test_ingest_title_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(default_knowledge_dir(), kb)
    page = tmp_path / "page.txt"
    page.write_text(WRAPPED, encoding="utf-8")
    args = argparse.Namespace(file=str(page), json=True, knowledge=str(kb), title="Centre opens")
    assert intake_cli.main(args) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "centre-opens"
