"""KnowledgeBase: the validated records plus the read-only lookups front ends need."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from knowledge.answer import ContactCard, SourceRef
from knowledge.loader import default_knowledge_dir, load_records, release_paths
from knowledge.records.models import Contact, Figure, Release, Topic, Vocabulary


def contact_card(contact: Contact, release_id: str) -> ContactCard:
    return ContactCard(
        name=contact.name,
        office=contact.office,
        email=str(contact.email),
        phone=contact.phone_display,
        tel=contact.phone_e164,
        release_id=release_id,
    )


@dataclass(frozen=True)
class KnowledgeBase:
    """Immutable after loading, so one instance can serve every thread and request."""

    vocabulary: Vocabulary
    releases: list[Release]
    sources: dict[str, str]
    directory: Path
    _by_id: dict[str, Release] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.releases})

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_load_cache", None)  # process-local: where this instance came from
        return state

    @property
    def topics(self) -> list[Topic]:
        return self.vocabulary.topics

    def release(self, release_id: str) -> Release:
        return self._by_id[release_id]

    def has_release(self, release_id: str) -> bool:
        return release_id in self._by_id

    def source_ref(self, release_id: str) -> SourceRef:
        return SourceRef(release_id=release_id, title=self._by_id[release_id].title)

    def release_contacts(self, release_id: str) -> list[ContactCard]:
        return [contact_card(c, release_id) for c in self._by_id[release_id].contacts]

    @cached_property
    def press_contacts(self) -> list[ContactCard]:
        """Every distinct press contact, in release order (one card per email)."""
        seen: dict[str, ContactCard] = {}
        for release in self.releases:
            for card in self.release_contacts(release.id):
                seen.setdefault(card.email.casefold(), card)
        return list(seen.values())

    @cached_property
    def general_contact(self) -> ContactCard | None:
        """The contact given when nothing more specific applies: the most-cited one."""
        counts: dict[str, int] = {}
        for release in self.releases:
            for c in release.contacts:
                counts[str(c.email).casefold()] = counts.get(str(c.email).casefold(), 0) + 1
        if not self.press_contacts:
            return None
        return max(self.press_contacts, key=lambda c: counts[c.email.casefold()])

    def key_figure(self, release_id: str) -> Figure | None:
        """The release's headline number: its first figure that is not a general IOM fact."""
        figures = self._by_id[release_id].figures
        specific = [f for f in figures if "iom" not in f.topics]
        chosen = specific or figures
        return chosen[0] if chosen else None

    @cached_property
    def engine(self):  # imported lazily to keep the import graph one-way
        from knowledge.engine import Engine

        engine = Engine(self)
        cache: LoadCache | None = self.__dict__.pop("_load_cache", None)
        if cache is not None:
            self.__dict__["engine"] = engine  # pickled with the records: the index is cached too
            cache.write(self)
        settle()
        return engine

    def answer(self, text: str):
        """Text in, Answer out: the one entry point every front end uses."""
        return self.engine.answer(text)


def load_knowledge(directory: Path | str | None = None, *, cache: bool = True) -> KnowledgeBase:
    """Load and validate a knowledge directory (the packaged one by default).

    Raises ``KnowledgeError`` with one line per problem.

    With ``cache`` (the default, unless ``IOM_BOT_CACHE_DIR`` is ``off``), a directory
    whose files and loading code are unchanged since an earlier process loaded it and built
    its index is read back from the user cache directory instead, index included: see
    ``LoadCache``. Any problem with the cache falls back to a normal load.
    """
    root = Path(directory) if directory else default_knowledge_dir()
    load_cache = LoadCache.open(root) if cache else None
    if load_cache is not None:
        kb = load_cache.read()
        if kb is not None:
            object.__setattr__(kb, "directory", root)
            settle()
            return kb
        load_cache.snapshot()  # file signatures taken before the files are read
    vocabulary, releases, sources = load_records(root)
    kb = KnowledgeBase(vocabulary=vocabulary, releases=releases, sources=sources, directory=root)
    if load_cache is not None and load_cache.complete(kb):
        kb.__dict__["_load_cache"] = load_cache  # written once the index has been built
    return kb


def settle() -> None:
    """Take everything alive now, the loaded knowledge base and its index above all, out of
    the cyclic garbage collector's sight (``gc.freeze``).

    A knowledge base lives as long as its process, and at 5,000 releases it is millions of
    objects (with a cycle through ``engine.kb``). Unfrozen, every full collection walks them
    all, in the middle of some request, and so does interpreter exit: an ``iom-bot ask`` spent
    1.3 s of its 2.3 s there. Frozen, they are never walked; forked workers also keep
    sharing their pages, which the collector would otherwise write to.
    """
    gc.freeze()


# -- the load cache ----------------------------------------------------------------------------

CACHE_ENV = "IOM_BOT_CACHE_DIR"
CACHE_FORMAT = 1
CACHE_KEEP = 8  # cache files kept (one per knowledge directory), least recently used dropped
RACY_NS = 2_000_000_000  # files changed this recently are not cached: their mtime may not move

Signature = tuple[int, int, int, int, int]
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


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
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "iom-bot"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of everything that decides what a load produces: this package's code, the
    Python and library versions. Any change makes every cache entry stale."""
    import pydantic
    import rapidfuzz
    import yaml

    digest = hashlib.sha256(
        f"{CACHE_FORMAT}|{sys.version}|{pydantic.VERSION}|{yaml.__version__}|"
        f"{rapidfuzz.__version__}".encode()
    )
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class LoadCache:
    """A pickle of a validated, indexed KnowledgeBase, reused while nothing it came from changed.

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
    """

    def __init__(self, root: Path, directory: Path) -> None:
        self.root = root
        self.directory = directory
        name = hashlib.sha256(str(root).encode()).hexdigest()[:32]  # a new version overwrites
        self.path = directory / f"knowledge-{name}.pickle"
        self.before: dict[str, Signature] = {}
        self.files: dict[str, Signature] = {}

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
        return [p.name for p in release_paths(self.root)]

    def stat(self, name: str) -> Signature:
        return signature(os.stat(self.root / name))

    def read(self) -> KnowledgeBase | None:
        try:
            # non-blocking and checked on the descriptor: a FIFO put in its place is never read
            fd = os.open(self.path, _OPEN_FLAGS)
            with open(fd, "rb") as f:
                st = os.fstat(f.fileno())
                if not stat.S_ISREG(st.st_mode):
                    return None
                if os.name == "posix" and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                    return None
                header = pickle.load(f)
                if not self.fresh(header):
                    return None
                enabled = gc.isenabled()
                gc.disable()  # millions of new objects, none of them garbage: skip collections
                try:
                    kb = pickle.load(f)
                finally:
                    if enabled:
                        gc.enable()
            if not isinstance(kb, KnowledgeBase) or "engine" not in kb.__dict__:
                return None
            os.utime(self.path)  # recently used: kept when old entries are pruned
            return kb
        except Exception:  # a missing, stale, truncated or foreign cache: reload
            return None

    def fresh(self, header: Any) -> bool:
        if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT:
            return False
        if header.get("root") != str(self.root) or header.get("code") != code_version():
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
            before = {}
            for sub in ("releases", "sources"):
                with os.scandir(self.root / sub) as entries:
                    for entry in entries:
                        if entry.is_file():
                            before[f"{sub}/{entry.name}"] = signature(entry.stat())
            before["vocabulary.yaml"] = self.stat("vocabulary.yaml")
            self.before = before
        except OSError:
            self.before = {}

    def complete(self, kb: KnowledgeBase) -> bool:
        """Record the files this load depended on; False if they cannot all be pinned down."""
        try:
            files = {"vocabulary.yaml": self.before["vocabulary.yaml"]}
            for name in self.release_names():
                files[f"releases/{name}"] = self.before[f"releases/{name}"]
            for release in kb.releases:
                name = f"sources/{release.source_file}"
                files[name] = self.before.get(name) or self.stat(name)
        except (KeyError, OSError):
            return False
        newest = max(max(sig[1], sig[2]) for sig in files.values())
        if newest > time.time_ns() - RACY_NS:
            return False
        self.files = files
        return True

    def write(self, kb: KnowledgeBase) -> None:
        header = {
            "format": CACHE_FORMAT,
            "root": str(self.root),
            "code": code_version(),
            "files": self.files,
        }
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".knowledge-", suffix=".tmp", dir=self.directory)
            with os.fdopen(fd, "wb") as f:
                pickle.dump(header, f, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(kb, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            tmp = None
            self.prune()
        except Exception:  # read-only home, full disk, unpicklable engine: no cache
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self) -> None:
        entries = sorted(
            self.directory.glob("knowledge-*.pickle"),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )
        for old in entries[CACHE_KEEP:]:
            old.unlink(missing_ok=True)
