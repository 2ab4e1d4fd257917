"""knowledge check warns about a figure filed under another release's measure key when it
may not measure the same thing (issue 12): a false merge makes the bot say "the releases
disagree" about two different things."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from invented_releases import grown, grown_knowledge, release

from knowledge import load_knowledge

REPO = Path(__file__).resolve().parents[3]

# The seed figure the invented ones are filed with: over 20,000 migrants kidnapped a year.
SEED = "releases/ddg-visit.yaml"  # the first release, in file order, to give it


def filed_with_kidnapping(**changes: Any) -> dict[str, Any]:
    figure = {
        "measure": "migrant-kidnapping-victims-per-year",
        "value": 450000,
        "as_written": "450,000",
        "unit": "migrants",
        "counts": "migrants who are victims of kidnapping in Mexico",
        "period": "each year",
        "quote": "some 450,000 migrants are assisted by the invented programme each year",
    }
    figure.update(changes)
    return release(
        "invented-merge",
        "An Invented Release Filed With Kidnapping",
        ["return-migration"],
        figures=[figure],
    )


def test_the_packaged_knowledge_has_no_warning() -> None:
    assert load_knowledge(cache=False).warnings == ()


def test_the_same_measure_with_another_value_is_a_real_disagreement(tmp_path: Path) -> None:
    kb = grown(tmp_path, filed_with_kidnapping())
    assert kb.warnings == ()
    assert kb.answer("how many migrants are kidnapped in Mexico each year?").disagreement


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"unit": "children"}, "the unit differs ('children', not 'migrants')"),
        ({"period": "in 2014"}, "the period differs ('in 2014', not 'each year')"),
        (
            {"counts": "returned Mexicans assisted by the Humane Repatriation Programme"},
            "it counts 'returned Mexicans assisted by the Humane Repatriation Programme'",
        ),
    ],
)
def test_a_planted_false_merge_is_reported_naming_both_figures(
    tmp_path: Path, changes: dict[str, str], reason: str
) -> None:
    kb = grown(tmp_path, filed_with_kidnapping(**changes))
    assert len(kb.warnings) == 1
    line = kb.warnings[0]
    assert line.startswith(
        "releases/invented-merge.yaml: figures[0]: measure 'migrant-kidnapping-victims-per-year' "
        f"groups it with {SEED} figures["
    )
    assert reason in line and "set same_measure: true" in line


def test_a_confirmed_group_passes(tmp_path: Path) -> None:
    kb = grown(tmp_path, filed_with_kidnapping(unit="children", same_measure=True))
    assert kb.warnings == ()


def test_knowledge_check_prints_warnings_and_strict_fails_on_them(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path, filed_with_kidnapping(unit="children"))

    def check(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "knowledge",
                "check",
                "--knowledge",
                str(directory),
                *extra,
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "IOM_BOT_CACHE_DIR": "off"},
            timeout=120,
            check=False,
        )

    relaxed = check()
    assert relaxed.returncode == 0, relaxed.stderr
    assert relaxed.stdout.startswith("warning: releases/invented-merge.yaml: figures[0]: ")
    ok = next(line for line in relaxed.stdout.splitlines() if line.startswith("OK: "))
    assert ok.endswith("1 warning(s) to review.")  # (the Spanish report follows it)
    assert check("--strict").returncode == 1
