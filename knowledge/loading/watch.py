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

from knowledge.loading.cache import Signature, signature

# The path relative to the directory, and the load cache's signature of the file (size,
# mtime, ctime, inode, device): ctime and the inode catch an edit that keeps size and
# mtime, and a file replaced by a rename.
Entry = tuple[str, Signature]
Stamp = frozenset[Entry]

WATCHED_FOLDERS = ("releases", "sources")
WATCHED_FILES = ("vocabulary.yaml",)


def directory_stamp(root: Path) -> Stamp:
    """Every file the loader may read, with what changes when it is edited, added, removed
    or replaced. A missing folder or a file that vanishes mid-scan simply is not listed."""
    entries: list[Entry] = []
    for name in WATCHED_FILES:
        with contextlib.suppress(OSError):
            entries.append((name, signature(os.stat(root / name))))
    for folder in WATCHED_FOLDERS:
        try:
            with os.scandir(root / folder) as scan:
                for item in scan:
                    try:
                        entries.append((f"{folder}/{item.name}", signature(item.stat())))
                    except OSError:
                        continue
        except OSError:
            continue
    return frozenset(entries)
