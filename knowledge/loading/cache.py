"""The load cache: a pickle of a loaded, indexed knowledge base, reused while nothing it came
from changed, and read in part (its records) when something did. It knows files and pickles
only; what it stores is the caller's business."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, TypeGuard

from knowledge.loading.paths import release_names

CACHE_ENV = "IOM_BOT_CACHE_DIR"
CACHE_FORMAT = 2  # 2: the records, then the knowledge base, through one pickler
CACHE_KEEP = 8  # cache files kept (one per knowledge directory), least recently used dropped
RACY_NS = 2_000_000_000  # files changed this recently are not cached: their mtime may not move

Signature = tuple[int, int, int, int, int]
# The time "now" in nanoseconds, for the freshness window only; tests move it instead of sleeping.
clock: Callable[[], int] = time.time_ns
# Non-blocking (a FIFO in its place is never waited on) and not through a symlink (a link
# planted in the cache directory could point at any pickle this user can read).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)


def user_cache_dir() -> Path | None:
    """Where load caches live: ``IOM_BOT_CACHE_DIR``, else the platform's user cache dir.

    ``IOM_BOT_CACHE_DIR=off`` (or empty) turns caching off.
    """
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        value = value.strip()
        if not value or value.lower() in ("0", "off", "false", "no", "none"):
            return None
        return Path(value).expanduser()
    import platformdirs  # here: with IOM_BOT_CACHE_DIR set, a warm start never imports it

    return Path(platformdirs.user_cache_dir("iom-bot", appauthor=False, opinion=False))


# What a load's result depends on besides this package (pydantic_core: the validators).
LIBRARIES = ("pydantic", "pydantic_core", "yaml", "_yaml", "rapidfuzz", "Stemmer", "phonenumbers")


def library_stamp(name: str) -> str:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return f"{name}:absent|"
    try:
        st = os.stat(spec.origin)
    except OSError:
        return f"{name}:{spec.origin}|"
    return f"{name}:{spec.origin}:{st.st_size}:{st.st_mtime_ns}|"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of everything that decides what a load produces: this package's code, the
    Python and library versions. Any change makes every cache entry stale.

    A library is identified by its installed files (path, size, mtime of the module and
    of its compiled core), found without importing it: a process served by the cache
    never imports PyYAML, and an upgrade or reinstall changes them."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
    for library in LIBRARIES:
        digest.update(library_stamp(library).encode())
    package = Path(__file__).resolve().parents[1]  # knowledge/
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class LoadCache:
    """A pickle of a validated, indexed knowledge base, reused while nothing it came from changed.

    One file per knowledge directory, named by a hash of the directory's path. It starts
    with a small header naming every file the load read (``vocabulary.yaml``, each release
    file and the source each release cites) with its size, mtime, ctime, inode and device,
    and the ``code_version()`` that loaded them. A read is a hit only if the code version is
    the same, the release directory lists exactly the same release files and every recorded
    file still has the recorded signature: adding, removing, editing, replacing or touching
    any of them is a miss.

    Signatures are taken before the files are read, and nothing is written when a file
    changed in the last two seconds (a file rewritten within one timestamp tick can keep
    its mtime), so a cache entry never describes content older than its signatures.
    Entries are written atomically (temporary file, then rename), only readable by their
    owner, and a cache file not owned by this user or writable by others is ignored.

    After the header come two pickles written by one pickler, so the second refers to the
    objects of the first instead of copying them: the caller's ``records`` (what a load
    read, file by file) and then the knowledge base built from them. When one file of
    thousands changed, ``earlier`` reads only the header and the records, and the caller
    reuses what came from files that did not change (see ``knowledge.loading.reuse``).
    """

    def __init__(self, root: Path, directory: Path) -> None:
        self.root = root
        self.directory = directory
        name = hashlib.sha256(str(root).encode()).hexdigest()[:32]  # a new version overwrites
        self.path = directory / f"knowledge-{name}.pickle"
        # an earlier index build's text tables (knowledge.search.memo), read only by an
        # incremental load: in the entry, every warm start would unpickle them
        self.memo_path = directory / f"knowledge-{name}.memo"
        self.before: dict[str, Signature] = {}
        # the files of the snapshot that are symlinks (read_source decides anew where each
        # points, so a release depending on one is never reused), and whether ``releases/``
        # or ``sources/`` is a link itself (then nothing is)
        self.links: set[str] = set()
        self.linked_folders = False
        self.files: dict[str, Signature] = {}
        self.records: object = None  # written before the knowledge base (``write``)
        self.memo: object = None  # written beside the entry (``memo_path``)

    @classmethod
    def open(cls, root: Path) -> LoadCache | None:
        try:
            directory = user_cache_dir()
            if directory is None:
                return None
            return cls(root.resolve(), directory)
        except Exception:  # no home, unreadable package: just load normally
            return None

    # -- reading ---------------------------------------------------------------------------
    def release_names(self) -> list[str]:
        return release_names(self.root)

    def stat(self, name: str) -> Signature:
        # a string join, not ``root / name``: called for every file at every warm start
        return signature(os.stat(os.path.join(self.root, name)))

    def directory_safe(self) -> bool:
        """Whether the cache directory is this user's and nobody else can write to it: in
        a shared one, anyone could put an entry there."""
        if os.name != "posix":
            return True
        st = os.stat(self.directory)
        return st.st_uid == os.getuid() and not st.st_mode & 0o022

    @contextlib.contextmanager
    def _entry(self, path: Path | None = None) -> Iterator[BinaryIO | None]:
        """The cache file (or ``path``), open for reading, if it is a regular file of this
        user that nobody else can write, in a directory that is safe (else None);
        non-blocking and checked on the descriptor, so a FIFO put in its place is never
        read, and never through a symlink."""
        if not self.directory_safe():
            yield None
            return
        fd = os.open(path or self.path, _OPEN_FLAGS)
        with open(fd, "rb") as f:
            st = os.fstat(f.fileno())
            foreign = os.name == "posix" and (st.st_uid != os.getuid() or st.st_mode & 0o022)
            yield f if stat.S_ISREG(st.st_mode) and not foreign else None

    def read(self, usable: Callable[[object], bool] = lambda stored: True) -> object | None:
        """What an earlier ``write`` stored, if every file it came from is unchanged and
        ``usable`` accepts it (only then does the entry count as recently used)."""
        try:
            with self._entry() as f:
                if f is None:
                    return None
                header = pickle.load(f)
                if not self.fresh(header):
                    return None
                unpickler = pickle.Unpickler(f)  # one unpickler: the kb refers to the records
                unpickler.load()
                kb: object = unpickler.load()  # the caller pauses the collector (load_knowledge)
            if not usable(kb):
                return None
            os.utime(self.path)  # recently used: kept when old entries are pruned
            return kb
        except Exception:  # a missing, stale, truncated or foreign cache: reload
            return None

    def earlier(self) -> tuple[dict[str, Signature], object] | None:
        """The file signatures and the records of the entry this code wrote for this
        directory, fresh or not: what an incremental load may reuse file by file (the
        caller compares signatures with ``before``). None if there is no such entry."""
        try:
            with self._entry() as f:
                if f is None:
                    return None
                header = pickle.load(f)
                if not self.ours(header):
                    return None
                files = header["files"]
                records: object = pickle.Unpickler(f).load()
            return (files, records) if isinstance(files, dict) else None
        except Exception:  # as in ``read``: no entry to reuse, load everything
            return None

    def earlier_memo(self) -> object | None:
        """What the last ``write`` stored beside its entry (``memo``), if this code wrote it
        for this directory; None otherwise. Pure functions of text, so it needs no
        file signatures: an entry only for other code is refused."""
        try:
            with self._entry(self.memo_path) as f:
                if f is None:
                    return None
                header = pickle.load(f)
                if not self.ours(header):
                    return None
                memo: object = pickle.load(f)
            return memo
        except Exception:  # missing, truncated or foreign: build from nothing
            return None

    def stamp(self) -> dict[str, object]:
        """What every header this code writes for this directory starts with."""
        return {"format": CACHE_FORMAT, "root": str(self.root), "code": code_version()}

    def ours(self, header: object) -> TypeGuard[dict[str, Any]]:
        """Whether ``header`` was written by this code for this directory (``stamp``)."""
        return isinstance(header, dict) and all(header.get(k) == v for k, v in self.stamp().items())

    def fresh(self, header: object) -> bool:
        if not self.ours(header):
            return False
        files: dict[str, Signature] = header["files"]
        releases = [n for n in files if n.startswith("releases/")]
        if releases != [f"releases/{n}" for n in self.release_names()]:
            return False
        return all(self.stat(name) == sig for name, sig in files.items())

    # -- writing ---------------------------------------------------------------------------
    def snapshot(self) -> None:
        """Signatures of every file a load may read, taken before it reads them."""
        try:
            before: dict[str, Signature] = {}
            links: set[str] = set()
            for sub in ("releases", "sources"):
                self.linked_folders |= os.path.islink(self.root / sub)
                with os.scandir(self.root / sub) as entries:
                    for entry in entries:
                        if entry.is_file():
                            before[f"{sub}/{entry.name}"] = signature(entry.stat())
                            if entry.is_symlink():
                                links.add(f"{sub}/{entry.name}")
            before["vocabulary.yaml"] = self.stat("vocabulary.yaml")
            self.before, self.links = before, links
        except OSError:
            self.before, self.links = {}, set()

    def complete(self, source_files: Iterable[str], release_files: Iterable[str]) -> bool:
        """Record the files this load depended on (``source_files``: the sources its releases
        cite; ``release_files``: the release files it read, ``releases/<name>``); False if
        they cannot all be pinned down, or the directory no longer lists exactly the files
        the load read (one was added or removed while it ran)."""
        try:
            files = {"vocabulary.yaml": self.before["vocabulary.yaml"]}
            listed = [f"releases/{name}" for name in self.release_names()]
            if sorted(listed) != sorted(release_files):
                return False
            for name in listed:
                files[name] = self.before[name]
            for source_file in source_files:
                name = f"sources/{source_file}"
                files[name] = self.before.get(name) or self.stat(name)
        except (KeyError, OSError):
            return False
        newest = max(max(sig[1], sig[2]) for sig in files.values())
        if newest > clock() - RACY_NS:
            return False
        self.files = files
        return True

    def write(self, kb: object) -> None:
        header = {**self.stamp(), "files": self.files}

        def entry(f: BinaryIO) -> None:
            pickle.dump(header, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickler = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dump(self.records)
            pickler.dump(kb)  # the same pickler: the records are referred to, not copied

        def memo(f: BinaryIO) -> None:
            pickle.dump(self.stamp(), f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(self.memo, f, protocol=pickle.HIGHEST_PROTOCOL)

        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.directory_safe():  # what is written there could not be trusted
                return
        except OSError:  # read-only home: no cache
            return
        if self._replace(self.path, entry):
            if self.memo is not None:
                self._replace(self.memo_path, memo)
            self.prune()

    def _replace(self, path: Path, dump: Callable[[BinaryIO], None]) -> bool:
        """Write ``path`` atomically (a temporary file, then a rename); False if it failed."""
        import tempfile  # and shutil, random: a warm start never writes

        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=".knowledge-", suffix=".tmp", dir=self.directory)
            with os.fdopen(fd, "wb") as f:
                dump(f)
            os.replace(tmp, path)
            tmp = None
            return True
        except Exception:  # full disk, unpicklable engine: no cache
            return False
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self) -> None:
        """Keep the ``CACHE_KEEP`` most recently used entries (each with its memo)."""
        try:
            entries = sorted(
                self.directory.glob("knowledge-*.pickle"),
                key=lambda p: p.stat().st_mtime_ns,
                reverse=True,
            )
            for old in entries[CACHE_KEEP:]:
                old.unlink(missing_ok=True)
                old.with_suffix(".memo").unlink(missing_ok=True)
        except OSError:
            pass
