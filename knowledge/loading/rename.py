"""``iom-bot knowledge rename OLD NEW``: give a release (published or draft) a new id.

Why a command: a release's id is in three places that must agree, its ``id:`` field, the
name of its file in ``releases/`` or ``drafts/``, and the name of its page in ``sources/``
(its ``source:`` field, or ``<id>.txt`` by default); renaming by hand means editing two
fields and moving two files, and a slip leaves a directory that no longer loads. The YAML
is edited line by line, so the curator's comments and layout are kept.

Nothing is changed unless all of it can be: NEW must be a valid id no record, file or page
uses, and a renamed published release must still let the whole directory load (else every
step is undone and the problems are reported).
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.loading.drafts import DRAFTS, check_draft
from knowledge.loading.errors import KnowledgeError
from knowledge.loading.loader import load_records
from knowledge.loading.yaml_files import read_yaml

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FOLDERS = ("releases", DRAFTS)


@dataclass(frozen=True)
class Renamed:
    """What moved: the record's file and its page, each (before, after), relative to root."""

    record: tuple[str, str]
    source: tuple[str, str] | None


def _record_file(root: Path, release_id: str) -> Path | None:
    for folder in _FOLDERS:
        for suffix in (".yaml", ".yml"):
            path = root / folder / f"{release_id}{suffix}"
            if path.is_file():
                return path
    return None


def _ids_in_use(root: Path) -> dict[str, str]:
    """Every release id a file in releases/ or drafts/ declares, with that file."""
    ids: dict[str, str] = {}
    for folder in _FOLDERS:
        for path in sorted((root / folder).glob("*.y*ml")) if (root / folder).is_dir() else []:
            name = f"{folder}/{path.name}"
            data, _ = read_yaml(path, name, root)
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                ids.setdefault(data["id"], name)
            ids.setdefault(path.stem, name)
    return ids


def _refusal(root: Path, old: str, new: str) -> tuple[Path, dict[str, object]]:
    """The record's file and fields, or a KnowledgeError saying in one line why not."""
    if not _ID.match(new) or len(new) > 80:
        raise KnowledgeError([f"{new!r} is not a valid id (lowercase letters, digits, hyphens)"])
    path = _record_file(root, old)
    if path is None:
        raise KnowledgeError([f"no release {old!r} in {root} (no releases/ or drafts/ file)"])
    taken = _ids_in_use(root)
    if new in taken:
        raise KnowledgeError([f"release id {new!r} is already used by {taken[new]}; not renaming"])
    data, problems = read_yaml(path, f"{path.parent.name}/{path.name}", root)
    if not isinstance(data, dict) or data.get("id") != old:
        raise KnowledgeError(problems or [f"{path.parent.name}/{path.name}: its id is not {old!r}"])
    if (root / "sources" / f"{new}.txt").exists():
        raise KnowledgeError([f"sources/{new}.txt already exists; not renaming"])
    return path, data


def _edited(text: str, old: str, new: str, source: str | None) -> str:
    """The record's YAML with its id (and its source: line, if it names the page) changed."""
    id_line = re.compile(rf"(?m)^id:[ \t]*([\"']?){re.escape(old)}\1[ \t]*(#.*)?$")
    text, n = id_line.subn(lambda m: f"id: {new}" + (f"  {m.group(2)}" if m.group(2) else ""), text)
    if n != 1:
        raise KnowledgeError([f"cannot find the line 'id: {old}' to edit; rename it by hand"])
    if source is not None:
        source_line = re.compile(rf"(?m)^source:[ \t]*([\"']?){re.escape(source)}\1[ \t]*(#.*)?$")
        text, n = source_line.subn(
            lambda m: f"source: {new}.txt" + (f"  {m.group(2)}" if m.group(2) else ""), text
        )
        if n != 1:
            raise KnowledgeError([f"cannot find the line 'source: {source}' to edit"])
    return text


def rename_release(root: Path, old: str, new: str) -> Renamed:
    """Rename release ``old`` to ``new`` (its file, its id, its page), or raise
    KnowledgeError with what stops it, having changed nothing."""
    path, data = _refusal(root, old, new)
    name = f"{path.parent.name}/{path.name}"
    known_problems = (
        {p.replace(name, f"{DRAFTS}/{new}{path.suffix}") for p in check_draft(root, path).problems}
        if path.parent.name == DRAFTS
        else set()
    )
    source = data.get("source")
    source_field = source if isinstance(source, str) else None
    page = root / "sources" / str(source_field or f"{old}.txt")
    original = path.read_text(encoding="utf-8")
    text = _edited(original, old, new, source_field)
    target = path.with_name(f"{new}{path.suffix}")
    new_page = root / "sources" / f"{new}.txt"
    moved_page = False
    try:
        if page.is_file():
            os.replace(page, new_page)
            moved_page = True
        target.write_text(text, encoding="utf-8")
        path.unlink()
        _still_loads(root, target, known_problems)
    except BaseException:
        path.write_text(original, encoding="utf-8")  # as it was, comments and all
        with contextlib.suppress(OSError):
            target.unlink()
        if moved_page:
            os.replace(new_page, page)
        raise
    relative = (f"{path.parent.name}/{path.name}", f"{target.parent.name}/{target.name}")
    moved = (f"sources/{page.name}", f"sources/{new_page.name}") if moved_page else None
    return Renamed(relative, moved)


def _still_loads(root: Path, target: Path, known_problems: set[str]) -> None:
    """A published release must leave the directory loading; a draft must have no problem
    it did not have before (its TODOs are still the curator's to fill)."""
    if target.parent.name == "releases":
        load_records(root)
        return
    problems = [p for p in check_draft(root, target).problems if p not in known_problems]
    if problems:
        raise KnowledgeError(problems)
