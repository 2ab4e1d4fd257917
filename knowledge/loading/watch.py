"""What a knowledge directory looks like on disk right now, cheaply, to notice changes.

A running bot compares a ``Stamp`` taken every few seconds with the one its knowledge was
loaded from (``knowledge.live``). Only metadata is read (one ``stat`` per file, no file
contents), so at 5,000 releases a stamp costs milliseconds. ``drafts/`` is not part of it:
drafts are not served, so editing one must not make the bot reload.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

# (path relative to the directory, size, mtime_ns, ctime_ns, inode) per file. ctime and
# the inode catch an edit that keeps size and mtime, and a file replaced by a rename.
Entry = tuple[str, int, int, int, int]
Stamp = frozenset[Entry]

WATCHED_FOLDERS = ("releases", "sources")
WATCHED_FILES = ("vocabulary.yaml",)


def _entry(name: str, st: os.stat_result) -> Entry:
    return (name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def directory_stamp(root: Path) -> Stamp:
    """Every file the loader may read, with what changes when it is edited, added, removed
    or replaced. A missing folder or a file that vanishes mid-scan simply is not listed."""
    entries: list[Entry] = []
    for name in WATCHED_FILES:
        with contextlib.suppress(OSError):
            entries.append(_entry(name, os.stat(root / name)))
    for folder in WATCHED_FOLDERS:
        try:
            with os.scandir(root / folder) as scan:
                for item in scan:
                    try:
                        entries.append(_entry(f"{folder}/{item.name}", item.stat()))
                    except OSError:
                        continue
        except OSError:
            continue
    return frozenset(entries)
