"""The directory stamp changes exactly when a file the loader reads changes (issue 12)."""

from __future__ import annotations

import os
from pathlib import Path

from invented_releases import grown_knowledge

from knowledge.loading.watch import directory_stamp


def test_an_edit_that_keeps_size_and_mtime_still_changes_the_stamp(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    path = directory / "releases" / "ddg-visit.yaml"
    before = directory_stamp(directory)
    st = path.stat()
    text = path.read_text()
    path.write_text(text.replace("id:", "id:", 1))  # same bytes, rewritten: ctime moves
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert directory_stamp(directory) != before


def test_adding_removing_and_replacing_files_change_the_stamp(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    stamps = [directory_stamp(directory)]
    (directory / "sources" / "new.txt").write_text("A page\n")
    stamps.append(directory_stamp(directory))
    replacement = directory / "new.tmp"
    replacement.write_text("A page\n")  # same content, another inode
    os.replace(replacement, directory / "sources" / "new.txt")
    stamps.append(directory_stamp(directory))
    (directory / "sources" / "new.txt").unlink()
    stamps.append(directory_stamp(directory))
    assert len(set(stamps[:3])) == 3
    assert stamps[3] == stamps[0]
    (directory / "vocabulary.yaml").write_text((directory / "vocabulary.yaml").read_text() + "\n")
    assert directory_stamp(directory) != stamps[0]


def test_drafts_and_other_files_do_not_change_the_stamp(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    before = directory_stamp(directory)
    (directory / "drafts").mkdir()
    (directory / "drafts" / "unfinished.yaml").write_text("id: [\n")
    (directory / "README.md").write_text("notes\n")
    assert directory_stamp(directory) == before


def test_a_missing_directory_is_an_empty_stamp(tmp_path: Path) -> None:
    assert directory_stamp(tmp_path / "nothing") == frozenset()
