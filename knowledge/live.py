"""LiveKnowledge: the knowledge base a running bot serves, swapped whole when its files change.

A curator publishes or edits a release while the bot runs; the bot must answer from it
within seconds, never fail a request during the swap, and never serve a directory that
does not load. So ``refresh()`` (called every few seconds by ``bot.serve.reload``):

1. takes a ``directory_stamp`` and returns at once if nothing the loader reads changed;
2. waits ``quiet`` seconds and stamps again, so a file still being written is not loaded
   half-way (the next refresh tries again);
3. loads and indexes the directory in full, off to the side, while requests keep being
   answered from the knowledge base already serving;
4. swaps the new one in with one assignment. An answer already running finishes on the
   old one; the next starts on the new one.

A load that fails (a broken YAML line, a quote not in its source) keeps the last good
knowledge serving and is reported once per broken state of the directory, as one line
naming the file and the field (the loader's own message), not at every refresh.

The retired knowledge base is released by reference counting alone: its one reference
cycle (the engine holds its corpus, which holds the engine) is cut when it is retired, and
requests hold the engine itself, so cutting it cannot make one rebuild an index. The
cyclic collector could not free it anyway: ``settle()`` froze it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.answer import Answer, ContactCard
from knowledge.base import KnowledgeBase, load_knowledge
from knowledge.engine import Engine
from knowledge.i18n import Lang
from knowledge.loading.errors import KnowledgeError
from knowledge.loading.watch import Stamp, directory_stamp

Loader = Callable[[Path], KnowledgeBase]


@dataclass(frozen=True)
class Serving:
    """One loaded state of the directory: read together, so a request sees one of them."""

    kb: KnowledgeBase
    engine: Engine
    stamp: Stamp


@dataclass(frozen=True)
class Refresh:
    """What one ``refresh()`` did: ``reloaded`` or a ``problem`` line, or neither."""

    reloaded: bool = False
    problem: str | None = None
    seconds: float = 0.0
    releases: int = 0


def load_prepared(directory: Path) -> KnowledgeBase:
    """A reload reads the load cache but does not write it (see ``load_knowledge``)."""
    kb = load_knowledge(directory, store=False)
    kb.prepare()
    return kb


def load_at_start(directory: Path) -> KnowledgeBase:
    """The first load does write the load cache: nothing is served yet, and the next start
    (of this bot, or of ``iom-bot ask``) reads it back instead of loading cold."""
    kb = load_knowledge(directory)
    kb.prepare()
    return kb


def problem_line(exc: Exception) -> str:
    """The first problem of a failed load, and how many more ``knowledge check`` lists."""
    if isinstance(exc, KnowledgeError) and exc.problems:
        more = len(exc.problems) - 1
        return exc.problems[0] + (f" (and {more} more: iom-bot knowledge check)" if more else "")
    return f"cannot read the knowledge directory: {type(exc).__name__}: {exc}"


class LiveKnowledge:
    """Answers from whichever knowledge base was last loaded whole (see the module doc).

    Offers what the Slack layer uses of a KnowledgeBase (``answer``, ``releases``,
    ``press_contacts``); anything that reads several things that must agree (a digest
    plan and the releases it names) takes ``current`` once and reads it.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        stamp: Stamp,
        *,
        loader: Loader = load_prepared,
        quiet: float = 0.3,
        wait: Callable[[float], None] = time.sleep,
    ) -> None:
        self._serving = Serving(kb, kb.prepare(), stamp)
        self._loader = loader
        self._quiet = quiet
        self._wait = wait  # how the quiet period passes (tests edit files during it)
        self._failed: Stamp | None = None
        self._lock = threading.Lock()  # one refresh at a time

    @classmethod
    def open(
        cls, directory: Path, *, loader: Loader | None = None, **options: Any
    ) -> LiveKnowledge:
        """Stamp, then load: a change made during the first load shows at the first refresh.

        ``loader`` (tests) does both loads; by default the first one writes the load cache
        (``load_at_start``) and reloads do not (``load_prepared``)."""
        stamp = directory_stamp(directory)
        first = loader or load_at_start
        return cls(first(directory), stamp, loader=loader or load_prepared, **options)

    @property
    def current(self) -> KnowledgeBase:
        return self._serving.kb

    @property
    def directory(self) -> Path:
        return self._serving.kb.directory

    @property
    def releases(self) -> Sequence[Any]:
        return self._serving.kb.releases

    @property
    def press_contacts(self) -> Sequence[ContactCard]:
        return self._serving.kb.press_contacts

    def answer(self, text: str, lang: Lang = "en") -> Answer:
        return self._serving.engine.answer(text, lang)  # the engine, not kb.answer: see retire()

    def refresh(self) -> Refresh:
        """Reload if the directory changed and has settled; never raises for a bad directory."""
        with self._lock:
            stamp = directory_stamp(self.directory)
            if stamp in (self._serving.stamp, self._failed):
                return Refresh()
            self._wait(self._quiet)
            if directory_stamp(self.directory) != stamp:
                return Refresh()  # still being written: the next refresh looks again
            started = time.monotonic()
            try:
                kb = self._loader(self.directory)
                engine = kb.prepare()
            except (KnowledgeError, OSError, UnicodeDecodeError) as exc:
                self._failed = stamp
                return Refresh(problem=problem_line(exc))
            old, self._serving = self._serving, Serving(kb, engine, stamp)
            self._failed = None
            retire(old.kb)
            return Refresh(True, None, time.monotonic() - started, len(kb.releases))


def retire(kb: KnowledgeBase) -> None:
    """Cut the retired knowledge base's engine ↔ corpus cycle so reference counting frees it
    once the last request using it ends (``LiveKnowledge.answer`` holds the engine, never
    asks the old base for it, so no request makes it build a new one)."""
    kb.__dict__.pop("_engine", None)
