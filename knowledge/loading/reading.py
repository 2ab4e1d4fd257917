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


def read_contained(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of ``path``, if it is a regular file inside ``root`` of at most ``limit``
    bytes; otherwise ``Refused`` (or ``OSError`` if it cannot be read at all).

    Symlinks are resolved first: one whose target stays inside ``root`` is followed, one
    that leaves it is refused. The file type is checked with ``stat`` before opening and
    again on the open descriptor (opened non-blocking, without following a symlink), so a
    FIFO or a device is never read and a file swapped in between is caught.
    """
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(root)):
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


def read_source(root: Path, source: str) -> str:
    """The text of ``sources/<source>`` as the quote check sees it (universal newlines, like
    ``Path.read_text``); ``Refused`` or ``OSError``/``UnicodeDecodeError`` otherwise."""
    if os.path.isabs(source) or Path(source).is_absolute() or Path(source).drive:
        raise Refused("is an absolute path; name a file under sources/")
    raw = read_contained(root / "sources" / source, root, MAX_SOURCE_BYTES)
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
