"""Where knowledge lives: the packaged directory and a directory's release files.

Apart from the loader because a load served by the load cache needs these two and nothing
else of loading (no YAML, no checks): every ``iom-bot ask`` imports this module, and the
loader only when a load reads files.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_knowledge_dir() -> Path:
    """The packaged knowledge: ``data/`` beside the package's modules (what
    ``importlib.resources.files("knowledge") / "data"`` names for a package on disk,
    without importing importlib.resources and zipfile)."""
    return Path(__file__).parent.parent / "data"


def release_paths(root: Path) -> list[Path]:
    """The release files of a knowledge directory, in load order: ``*.yaml`` then ``*.yml``,
    each sorted as ``sorted(Path.glob(...))`` sorts them (``release_names``)."""
    folder = root / "releases"
    return [folder / n for n in release_names(root)]


def release_names(root: Path) -> list[str]:
    """The names of ``release_paths``, without making a ``Path`` of each.

    One ``scandir`` and a sort of names, instead of two globs and a sort of ``Path``
    objects: every warm start lists the directory to check the load cache, and at 5,000
    releases comparing ``Path`` objects alone took 80 ms (making them, another 60 ms).
    ``normcase`` keeps Windows' case-insensitive matching and order."""
    try:
        with os.scandir(root / "releases") as entries:
            names = [e.name for e in entries]
    except OSError:
        return []
    out: list[str] = []
    for suffix in (".yaml", ".yml"):
        picked = [n for n in names if os.path.normcase(n).endswith(suffix)]
        out += sorted(picked, key=os.path.normcase)
    return out
