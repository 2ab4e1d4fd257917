"""Reading the files of a knowledge directory safely: only regular files inside it, bounded.

A symlink that leaves the directory, a FIFO, a device or a file larger than the limit is
refused with a one-line reason instead of being read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The largest release page a source may be: twice the 512 KB page ``iom-bot ingest`` accepts,
#: so every page ingest stores fits, and nothing like /dev/zero or a stray dump is read whole.
MAX_SOURCE_BYTES = 1024 * 1024
#: The largest release or vocabulary file: curated records are 2–15 KB, a drafted one from
#: the largest page ingest accepts stays far under this.
MAX_YAML_BYTES = 1024 * 1024

_O_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    | getattr(os, "O_NOFOLLOW", 0)  # the path is already resolved: no symlink swapped in
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class Refused(Exception):
    """A file the loader will not read; the message completes "<file>: …" in one line."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"


class Within:
    """One knowledge directory's folders, resolved once for the many files a load reads.

    ``read_contained`` resolves the whole path of every file it reads (a ``lstat`` per
    component, for the file and for the root): at 5,000 releases that was 0.7 s of the
    cold load, for folders that are the same two each time. With a ``Within``, a folder
    is resolved the first time a file in it is read; a file is then one ``lstat``, and
    only one that is a symlink takes the full resolution. Made for one load and dropped
    with it, so a folder swapped for a symlink is seen by the next load."""

    def __init__(self, root: Path) -> None:
        self.real_root = os.path.realpath(root)
        self._folders: dict[str, str | None] = {}

    def folder(self, folder: str) -> str | None:
        """The resolved ``folder`` if it is inside the root, else None (the slow path
        decides what to say about it)."""
        if folder not in self._folders:
            real = os.path.realpath(folder)
            inside = Path(real).is_relative_to(self.real_root)
            self._folders[folder] = real if inside else None
        return self._folders[folder]


def read_contained(path: Path, root: Path, limit: int, within: Within | None = None) -> bytes:
    """The bytes of ``path``, if it is a regular file inside ``root`` of at most ``limit``
    bytes; otherwise ``Refused`` (or ``OSError`` if it cannot be read at all).

    Symlinks are resolved first: one whose target stays inside ``root`` is followed, one
    that leaves it is refused. The file type is checked with ``stat`` before opening and
    again on the open descriptor (opened non-blocking, without following a symlink), so a
    FIFO or a device is never read and a file swapped in between is caught. ``within``
    (the same ``root``, resolved once) spares resolving its folders again.
    """
    st = None
    if within is not None:
        folder, leaf = os.path.split(path)
        real_folder = within.folder(folder) if leaf not in ("", ".", "..") else None
        if real_folder is not None:
            real = os.path.join(real_folder, leaf)
            st = os.lstat(real)
            if stat.S_ISLNK(st.st_mode):  # where it points: the full resolution decides
                st = None
    if st is None:
        real = os.path.realpath(path)
        if not Path(real).is_relative_to(
            within.real_root if within is not None else os.path.realpath(root)
        ):
            raise Refused("points outside the knowledge directory (symlink or ../ path); refused")
        st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"is {_kind(st.st_mode)}, not a regular file; refused")
    if st.st_size > limit:
        raise Refused(f"is larger than {_size(limit)}; refused")
    fd = os.open(real, _O_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"is {_kind(st.st_mode)}, not a regular file; refused")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Refused(f"is larger than {_size(limit)}; refused")
    return data


def read_source(root: Path, source: str, within: Within | None = None) -> str:
    """The text of ``sources/<source>`` as the quote check sees it (universal newlines, like
    ``Path.read_text``); ``Refused`` or ``OSError``/``UnicodeDecodeError`` otherwise."""
    if os.path.isabs(source) or Path(source).is_absolute() or Path(source).drive:
        raise Refused("is an absolute path; name a file under sources/")
    raw = read_contained(root / "sources" / source, root, MAX_SOURCE_BYTES, within)
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
