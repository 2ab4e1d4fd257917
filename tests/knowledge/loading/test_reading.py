"""``read_contained`` with a ``Within`` (folders resolved once per load) refuses and reads
exactly what it does without one, on real files, links, FIFOs and climbing paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.loading.reading import Refused, Within, read_contained


def outcome(path: Path, root: Path, within: Within | None) -> str:
    try:
        return "read " + read_contained(path, root, 64, within).decode()
    except Refused as exc:
        return f"refused: {exc}"
    except OSError as exc:
        return f"error {exc.errno}"


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "page.txt").write_text("an invented page")
    (root / "sources" / "big.txt").write_text("x" * 65)
    (root / "top.txt").write_text("at the top")
    (tmp_path / "secret.txt").write_text("outside")
    (root / "sources" / "inside-link.txt").symlink_to(root / "top.txt")
    (root / "sources" / "outside-link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "sources" / "folder").mkdir()
    os.mkfifo(root / "sources" / "pipe.txt")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "page.txt").write_text("through a linked folder")
    (root / "linked").symlink_to(tmp_path / "elsewhere")
    return root


CASES = [
    "sources/page.txt",
    "sources/big.txt",
    "sources/inside-link.txt",
    "sources/outside-link.txt",
    "sources/folder",
    "sources/pipe.txt",
    "sources/missing.txt",
    "sources/../top.txt",
    "sources/../../secret.txt",
    "sources/..",
    "linked/page.txt",
]


@pytest.mark.parametrize("name", CASES)
def test_within_decides_as_the_full_resolution_does(tree: Path, name: str) -> None:
    within = Within(tree)
    assert outcome(tree / name, tree, within) == outcome(tree / name, tree, None)


def test_what_each_case_comes_to(tree: Path) -> None:
    within = Within(tree)
    got = {name: outcome(tree / name, tree, within).split(":")[0] for name in CASES}
    assert got == {
        "sources/page.txt": "read an invented page",
        "sources/big.txt": "refused",
        "sources/inside-link.txt": "read at the top",
        "sources/outside-link.txt": "refused",
        "sources/folder": "refused",
        "sources/pipe.txt": "refused",
        "sources/missing.txt": "error 2",
        "sources/../top.txt": "read at the top",
        "sources/../../secret.txt": "refused",
        "sources/..": "refused",
        "linked/page.txt": "refused",
    }


def test_a_file_swapped_for_a_link_after_its_folder_was_resolved_is_still_refused(
    tree: Path,
) -> None:
    within = Within(tree)
    page = tree / "sources" / "page.txt"
    assert outcome(page, tree, within) == "read an invented page"
    page.unlink()
    page.symlink_to(tree.parent / "secret.txt")
    assert outcome(page, tree, within).startswith("refused: points outside")
