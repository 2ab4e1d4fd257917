"""Drafts: release records that are not served until a curator publishes them.

``iom-bot ingest`` writes its draft to ``drafts/<id>.yaml`` (the page to
``sources/<id>.txt``). The loader reads ``releases/`` only, so an unfinished draft can
never stop a bot that serves the directory. ``knowledge check`` checks the drafts too;
``knowledge publish ID`` moves one into ``releases/`` once it passes, and only if the whole
directory then still loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from knowledge.loading.errors import KnowledgeError
from knowledge.loading.loader import load_records

DRAFTS = "drafts"


@dataclass(frozen=True)
class DraftReport:
    name: str  # drafts/<file>
    release_id: str | None
    problems: list[str]


def draft_paths(root: Path) -> list[Path]:
    folder = root / DRAFTS
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))


def check_draft(root: Path, path: Path) -> DraftReport:
    """What keeps one draft from being published (empty: it can be): the directory is
    loaded as if the draft were published, and its problems reported."""
    name = f"{DRAFTS}/{path.name}"
    try:
        _, _, _, files = load_records(root, extra=[path])
    except KnowledgeError as exc:
        return DraftReport(name, None, exc.problems)
    rid = next((r for r, f in files.items() if f == name), None)
    return DraftReport(name, rid, [])


def check_drafts(root: Path) -> list[DraftReport]:
    return [check_draft(root, path) for path in draft_paths(root)]


def publish(root: Path, release_id: str) -> Path:
    """Move ``drafts/<id>.yaml`` into ``releases/`` if it passes; raise KnowledgeError
    with one line per problem otherwise (nothing moved)."""
    draft = next((p for p in draft_paths(root) if p.stem == release_id), None)
    if draft is None:
        raise KnowledgeError([f"{DRAFTS}/{release_id}.yaml: no such draft in {root}"])
    report = check_draft(root, draft)
    if report.problems:
        raise KnowledgeError(report.problems)
    target = root / "releases" / f"{release_id}.yaml"
    if target.exists() or target.with_suffix(".yml").exists():
        raise KnowledgeError([f"releases/{target.name}: already exists; not overwriting it"])
    os.replace(draft, target)  # atomic: the bot sees the old directory or the new one
    try:
        load_records(root)
    except KnowledgeError:
        os.replace(target, draft)  # the directory would not load: put the draft back
        raise
    return target
