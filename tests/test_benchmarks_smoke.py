"""The benchmarks still run. Nothing here is timed: benchmarks measure, tests don't."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.synth import generate  # noqa: E402
from knowledge import load_knowledge  # noqa: E402


def test_generated_directory_passes_validation(tmp_path: Path) -> None:
    out = tmp_path / "kb"
    generate(out, 40)
    kb = load_knowledge(out, cache=False)  # raises KnowledgeError on any problem
    assert len(kb.releases) == 40
    synthetic = [r for r in kb.releases if r.source and r.id[-5:].isdigit()]
    assert len(synthetic) == 35
    assert len({r.title for r in synthetic}) > 25  # varied, not copies of one release
    assert len({c.email for r in synthetic for c in r.contacts}) > 5
    assert len({f.measure for r in synthetic for f in r.figures}) > 30


def run_script(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python benchmarks/NAME ARGS`` from this checkout, output captured."""
    return subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / name), *args],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_benchmark_script_runs_at_n5(tmp_path: Path) -> None:
    done = run_script(
        "run.py",
        *("--sizes", "5", "--quick", "--reps", "1", "--skip-http"),
        *("--work", str(tmp_path / "work"), "--json", str(tmp_path / "out.json")),
    )
    assert done.returncode == 0, done.stderr
    assert "answer p50/p99/max" in done.stdout
    assert "FTS5 accuracy" in done.stdout
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert size["n"] == 5 and size["warm"]["releases"] == 5


def test_incremental_script_reuses_every_release_but_the_changed_one(tmp_path: Path) -> None:
    done = run_script(
        "incremental.py",
        *("--sizes", "12", "--work", str(tmp_path / "work"), "--json", str(tmp_path / "inc.json")),
    )
    assert done.returncode == 0, done.stderr
    assert " ".join(done.stdout.split()).startswith("| releases | before this start | cache |")
    (size,) = json.loads((tmp_path / "inc.json").read_text(encoding="utf-8"))
    reused = {s["change"]: (s["cache_hit"], s["reused"]) for s in size["starts"]}
    assert reused == {
        "cold (no cache)": (False, 0),
        "edit one release": (False, 11),
        "add one release": (False, 12),  # 13 files, the new one read
        "remove one release": (False, 12),
        "nothing changed (warm)": (True, 0),
    }


def test_generalisation_script_runs_on_the_packaged_knowledge(tmp_path: Path) -> None:
    """No synthetic sizes and no shared directory: the packaged row alone."""
    done = run_script(
        "generalisation.py",
        *("--sizes", "", "--shared", str(tmp_path / "no-shared")),
        *("--json", str(tmp_path / "rows.json")),
    )
    assert done.returncode == 0, done.stderr
    (row,) = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))
    assert row["set"] == "packaged" and row["questions"] == 62
    assert "| packaged | 5 | 62 |" in done.stdout


def test_reload_script_runs_on_the_packaged_knowledge(tmp_path: Path) -> None:
    done = run_script("reload.py", "--sizes", "5", "--json", str(tmp_path / "reload.json"))
    assert done.returncode == 0, done.stderr
    assert "| releases | open s | reload s |" in done.stdout
    (row,) = json.loads((tmp_path / "reload.json").read_text(encoding="utf-8"))
    assert row["releases"] == 5 and row["answers_busy"]["n"] > 0


def test_intake_script_compares_drafts_with_curated_records(tmp_path: Path) -> None:
    """A packaged release's page against the packaged knowledge as its curated record: the
    page is matched by its source text, every row is printed, and the measure keys it
    shares with itself are right reuses, not false merges."""
    packaged = REPO / "knowledge" / "data"
    shared = tmp_path / "shared"
    (shared / "dev-releases").mkdir(parents=True)
    page = packaged / "sources" / "kidnapping-training.txt"
    (shared / "dev-releases" / "page.txt").write_bytes(page.read_bytes())
    shutil.copytree(packaged, shared / "dev-kb")
    done = run_script("intake.py", "--shared", str(shared), "--json", str(tmp_path / "out.json"))
    assert done.returncode == 0, done.stderr
    assert "| field | drafted | curated | right | precision | recall | TODO-marked |" in done.stdout
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    rows = {row["field"]: row for row in report["rows"]}
    assert {"places", "figures", "period", "attribution", "roles", "contact email"} <= set(rows)
    assert report["pages"][0]["record"] == "kidnapping-training"
    assert rows["figures"]["curated"] > 0 and rows["contact email"]["right"] >= 1
    assert report["reused_right"] > 0 and report["false_merges"] == 0


def test_intake_script_refuses_a_folder_without_pages(tmp_path: Path) -> None:
    done = run_script("intake.py", "--shared", str(tmp_path))
    assert done.returncode == 2 and "dev-releases" in done.stderr


def test_answers_script_dumps_and_diffs(tmp_path: Path) -> None:
    """Two dumps of the same code agree; a changed answer is found and exits 1."""
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        done = run_script(
            "answers.py", "dump", str(out), "--sizes", "", "--shared", str(tmp_path / "none")
        )
        assert done.returncode == 0, done.stderr
    same = run_script("answers.py", "diff", str(first), str(second))
    assert same.returncode == 0 and "0 answers differ" in same.stdout
    dumped = json.loads(second.read_text(encoding="utf-8"))
    question = next(iter(dumped["packaged"]))
    dumped["packaged"][question][0] += " (changed)"
    second.write_text(json.dumps(dumped), encoding="utf-8")
    changed = run_script("answers.py", "diff", str(first), str(second))
    assert changed.returncode == 1 and "1 answers differ" in changed.stdout
    assert repr(question) in changed.stdout


def test_yaml_check_script_finds_the_packaged_files_identical(tmp_path: Path) -> None:
    done = run_script("yaml_check.py", "--sizes", "", "--shared", str(tmp_path / "no-shared"))
    assert done.returncode == 0, done.stderr
    assert "| packaged | 6 | 6 |" in done.stdout


def test_spanish_benchmark_runs() -> None:
    run = run_script("spanish.py")
    assert run.returncode == 0, run.stderr
    assert "| short (<= 3 words):" in run.stdout and "| long (> 3 words):" in run.stdout


@pytest.mark.postgres
def test_http_load_two_hosts_runs_on_the_test_server(tmp_path: Path) -> None:
    """A few requests through both set-ups (one SQLite host, two PostgreSQL hosts)."""
    done = run_script(
        "http_load.py", "--two-hosts", "--requests", "8", "--work", str(tmp_path / "work")
    )
    assert done.returncode == 0, done.stderr
    rows = [
        line for line in done.stdout.splitlines() if line.startswith(("| sqlite", "| postgresql"))
    ]
    assert len(rows) == 4, done.stdout
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[6] == "0" and cells[7] == "8/8" and cells[8] == "0", (
            row
        )  # errors, answered, dups


def test_ask_script_compares_two_installs(tmp_path: Path) -> None:
    script = tmp_path / "iom-bot"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m bot.cli "$@"\n')
    script.chmod(0o755)
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "ask.py"),
            str(script),
            str(script),
            "--runs",
            "2",
        ],
        env={**os.environ, "PYTHONPATH": str(REPO), "IOM_BOT_CACHE_DIR": str(tmp_path / "c")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2 alternating runs each, the same answer" in done.stdout
    assert done.stdout.count("| old |") == done.stdout.count("| new |") == 1
