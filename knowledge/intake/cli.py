"""``iom-bot ingest FILE``: draft a knowledge record from a scraped release page.

Reads the page (``-`` for standard input), drafts the record with ``knowledge.intake``,
checks that the draft would pass ``iom-bot knowledge check`` once its TODOs are filled,
and writes ``releases/<id>.yaml`` and ``sources/<id>.txt`` (the page byte for byte) into
the knowledge directory, or prints the draft as JSON with ``--json``.

Every failure is one line on stderr (``error: …``), exit status 2, and no file written.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.intake.common import MAX_BYTES, IntakeError
from knowledge.intake.draft import Draft, draft_release
from knowledge.intake.known import Known
from knowledge.intake.self_check import self_check
from knowledge.loading.drafts import DRAFTS
from knowledge.loading.loader import default_knowledge_dir, load_release, load_vocabulary
from knowledge.loading.reading import MAX_SOURCE_BYTES, Refused, read_contained
from knowledge.loading.yaml_files import read_yaml
from knowledge.records.models import Release
from knowledge.text import fold


@dataclass
class KnowledgeDir:
    """What intake needs from the target directory, read leniently: a directory holding an
    unfilled draft (TODOs) is normal while curators work, so broken or unfinished release
    files are skipped for reuse but still count as taken ids and titles."""

    root: Path
    known: Known
    releases: list[Release]  # complete, valid releases (their entities are reused)
    topic_ids: set[str]
    ids: dict[str, str] = field(default_factory=dict)  # release id -> file
    titles: dict[str, str] = field(default_factory=dict)  # folded title -> file


def read_knowledge_dir(root: Path) -> KnowledgeDir:
    """What the target directory already holds, or an IntakeError if it is no knowledge directory."""
    if not root.is_dir():
        raise IntakeError(f"{root}: not a knowledge directory (no such folder)")
    if not (root / "vocabulary.yaml").is_file():
        raise IntakeError(f"{root}: not a knowledge directory (no vocabulary.yaml)")
    vocabulary, problems = load_vocabulary(root)
    if vocabulary is None:
        raise IntakeError(f"{root}: {problems[0]} (run `iom-bot knowledge check` first)")
    topic_ids = {t.id for t in vocabulary.topics}
    releases: list[Release] = []
    ids: dict[str, str] = {}
    titles: dict[str, str] = {}
    folder = root / "releases"
    paths = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if folder.is_dir() else []
    for path in paths:
        name = f"releases/{path.name}"
        data, _ = read_yaml(path, name, root)
        if isinstance(data, dict):
            if isinstance(data.get("id"), str):
                ids.setdefault(data["id"], name)
            if isinstance(data.get("title"), str):
                titles.setdefault(fold(data["title"].removeprefix("TODO: ")), name)
        release, _, release_problems = load_release(root, path, topic_ids)
        if release is not None and not any("still marked TODO" in p for p in release_problems):
            releases.append(release)
    known = Known.from_releases(vocabulary, releases)
    return KnowledgeDir(root, known, releases, topic_ids, ids, titles)


def read_input(file: str) -> tuple[bytes, str]:
    """The page's bytes (at most one byte over the limit, so oversize is detected)."""
    if file == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1), "standard input"
    path = Path(file)
    if path.is_dir():
        raise IntakeError(f"{file} is a folder, not a page")
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1), file
    except OSError as exc:
        raise IntakeError(f"cannot read {file} ({exc.strerror})") from None


def as_loaded(raw: bytes) -> str:
    """The page as the loader will read it back (Path.read_text: universal newlines)."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _umask() -> int:
    """The process umask (os.umask can only be read by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_copy(folder: Path, data: bytes) -> Path:
    """The data in a new temporary file next to its final name, synced, so that placing it is
    atomic."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".ingest-", suffix=".tmp")
    try:
        os.chmod(name, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _place(temp: Path, final: Path) -> None:
    """Move a finished temp file to its name, atomically, never replacing a file there."""
    try:
        os.link(temp, final)  # fails if final exists: no window for a race to clobber it
    except FileExistsError:
        raise IntakeError(f"{final.name} appeared while writing; not overwriting it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        if final.exists():  # a filesystem without hard links: check, then rename
            raise IntakeError(f"{final.name} already exists; not overwriting it") from None
        os.replace(temp, final)


def write_draft(kd: KnowledgeDir, draft: Draft, raw: bytes) -> tuple[Path, Path]:
    """Write drafts/<id>.yaml and sources/<id>.txt, both or neither (a draft is not
    served until ``iom-bot knowledge publish`` moves it into releases/)."""
    rid = draft.release_id
    release_path = kd.root / DRAFTS / f"{rid}.yaml"
    source_path = kd.root / "sources" / f"{rid}.txt"
    for kept_in, what in (("releases", "file"), (DRAFTS, "draft")):
        for suffix in (".yaml", ".yml"):
            if (kd.root / kept_in / f"{rid}{suffix}").exists():
                raise IntakeError(
                    f"{kept_in}/{rid}{suffix} already exists in {kd.root}; not overwriting it "
                    f"(edit that {what}, or move it away to ingest again)"
                )
    if rid in kd.ids:
        raise IntakeError(f"release id {rid!r} is already used by {kd.ids[rid]} in {kd.root}")
    title_key = fold(draft.record["title"].removeprefix("TODO: "))
    if title_key in kd.titles:
        raise IntakeError(
            f"this release is already in {kd.root} as {kd.titles[title_key]} (same title)"
        )
    reuse_source = os.path.lexists(source_path)
    try:
        same = reuse_source and read_contained(source_path, kd.root, MAX_SOURCE_BYTES) == raw
    except (Refused, OSError):  # a FIFO, a device, a link out of the directory: never read
        same = False
    if reuse_source and not same:
        raise IntakeError(
            f"sources/{source_path.name} already exists in {kd.root} with other text; "
            "not overwriting it"
        )
    for folder in (release_path.parent, source_path.parent):
        folder.mkdir(exist_ok=True)
    temps: list[Path] = []
    placed: list[Path] = []
    try:
        temps.append(_temp_copy(source_path.parent, raw))
        temps.append(_temp_copy(release_path.parent, draft.yaml_text.encode("utf-8")))
        if not reuse_source:
            _place(temps[0], source_path)
            placed.append(source_path)
        _place(temps[1], release_path)
        placed.append(release_path)
    except BaseException:
        for path in placed:  # both or neither
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    finally:
        for temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
    return release_path, source_path


def main(args: argparse.Namespace) -> int:
    """`iom-bot ingest`: draft, self-check, then print the JSON or write both files."""
    root = Path(args.knowledge) if args.knowledge else default_knowledge_dir()
    try:
        raw, name = read_input(args.file)
        kd = read_knowledge_dir(root)
        draft = draft_release(
            raw, kd.known, today=dt.date.today(), name=name, title=getattr(args, "title", None)
        )
        problems = self_check(draft, as_loaded(raw), kd.releases, kd.topic_ids)
        if problems:  # a bug in intake, never the curator's fault: say so, write nothing
            raise IntakeError(f"internal error, the draft would not pass the check: {problems[0]}")
        if not args.json:
            if not args.knowledge:  # the packaged knowledge lives inside the installed package
                raise IntakeError(
                    "ingest writes into a knowledge directory you maintain: pass --knowledge DIR "
                    "(make one with `iom-bot knowledge init DIR`), or use --json"
                )
            release_path, source_path = write_draft(kd, draft, raw)
    except IntakeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write to {root} ({exc.strerror})", file=sys.stderr)
        return 2
    for warning in draft.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(draft.to_json())
        return 0
    record = draft.record
    print(f"Drafted {release_path.relative_to(root)} from {name} in {root}")
    print(f"  page kept unchanged as {source_path.relative_to(root)}")
    real_contacts = [c for c in record["contacts"] if not c["quote"].startswith("TODO")]
    print(
        f"  {len(real_contacts)} contact(s), {len(record['figures'])} figure(s), "
        f"{len(record['people'])} people, {draft.known_reused} known names reused, "
        f"{len(draft.candidates)} new names proposed (commented out)"
    )
    print(
        f"  {len(draft.todos)} value(s) marked TODO: fill them in, run "
        f"`iom-bot knowledge check --knowledge {root}`, then "
        f"`iom-bot knowledge publish {draft.release_id} --knowledge {root}`"
    )
    print("  (a draft is not served: the bot answers from releases/ only)")
    return 0
