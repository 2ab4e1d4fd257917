"""Every guess a curator must confirm is marked TODO, so ``knowledge check`` lists it until
it is decided; what is read from the page as printed is not. A draft with its guesses
accepted still passes. The page is invented; the knowledge is the packaged one."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from knowledge.intake import draft_release, self_check
from knowledge.intake.cli import as_loaded, read_knowledge_dir, write_draft
from knowledge.loading.drafts import check_draft
from knowledge.loading.loader import default_knowledge_dir

PAGE = """IOM Expands Voluntary Returns from the Town of Escárcega

Escárcega, Campeche – IOM’s Assisted Voluntary Return Programme will open a desk in the \
town of Escárcega, where some 900 travellers arrive each month, among them 60 young Honduran children.

The desk assisted 40 families and 25 volunteers in 2015, and will hire 12 staff.

Between April and June 2016, a total of 1,250 people asked for help in Chiapas.
"""


def drafted() -> tuple[Any, Any]:
    kd = read_knowledge_dir(default_knowledge_dir())
    return draft_release(PAGE.encode(), kd.known, today=dt.date(2024, 1, 1)), kd


def figure(record: dict[str, Any], value: float) -> dict[str, Any]:
    return next(f for f in record["figures"] if f["value"] == value)


def test_guessed_values_are_marked_and_printed_ones_are_not() -> None:
    record = drafted()[0].record
    assert figure(record, 900)["unit"] == "TODO: unit"  # no unit word intake knows
    assert figure(record, 60)["unit"] == "TODO: children"  # three words after the number
    assert figure(record, 900)["period"] == "each month"  # its own clause, alone in it
    assert figure(record, 40)["period"] == "TODO: 2015"  # a clause of three numbers
    assert figure(record, 12)["unit"] == "staff"  # printed next to the number
    assert figure(record, 1250)["period"] == "TODO: between April and June 2016"
    places = {p["id"]: p for p in record["places"]}
    assert places["campeche"]["name"] == "Campeche"  # the gazetteer: certain
    assert places["escarcega"]["name"] == "TODO: Escárcega"  # a town read from context
    (programme,) = record["programmes"]
    assert programme["description"].startswith("TODO: ")  # copied from another release
    assert "check the topics" in record["summary"]


def test_guesses_held_in_ids_are_named_in_the_figures_todo() -> None:
    record = drafted()[0].record
    located = [f for f in record["figures"] if f.get("place")]
    assert located and all("place" in f["counts"] for f in located)
    assert all(f["counts"].startswith("TODO: ") for f in record["figures"])


def test_knowledge_check_lists_the_guesses_and_the_filled_draft_passes(tmp_path: Path) -> None:
    draft, kd = drafted()
    assert self_check(draft, as_loaded(PAGE.encode()), kd.releases, kd.topic_ids) == []
    root = tmp_path / "kb"
    shutil.copytree(default_knowledge_dir(), root)
    path, _ = write_draft(read_knowledge_dir(root), draft, PAGE.encode())
    todo = {p.split(": ")[1] for p in check_draft(root, path).problems if "TODO" in p}
    for guess in ("places[", "programmes[0].description", ".unit", ".period"):
        assert any(guess in line for line in todo), (guess, todo)
