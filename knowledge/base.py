"""KnowledgeBase: a corpus loaded from a knowledge directory, and the engine built over it.

Building the engine (the search index) is one explicit step, ``KnowledgeBase.prepare()``:
it builds the index, stores the load cache entry if this load may be cached, and freezes
what is alive for the garbage collector (see ``settle``). ``engine`` and ``answer`` prepare
on first use, so a caller that never prepares still gets answers.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.answer import Answer
from knowledge.corpus import Corpus
from knowledge.engine import Engine
from knowledge.i18n import Lang
from knowledge.loading.cache import LoadCache
from knowledge.loading.paths import default_knowledge_dir
from knowledge.search.memo import TextMemo, TextTables

if TYPE_CHECKING:
    from knowledge.loading.loader import Earlier
    from knowledge.records.models import Release

_PREPARING = threading.Lock()  # one build, however many threads ask first


@dataclass(frozen=True)
class KnowledgeBase(Corpus):
    """Immutable after loading, so one instance can serve every thread and request."""

    directory: Path
    # What ``knowledge check`` reports without refusing the directory (measure groups that
    # may not be one measure): the bot serves the knowledge all the same.
    warnings: tuple[str, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_load_cache", None)  # process-local: where this instance came from
        state.pop("_text_tables", None)  # an earlier build's, for this one's (prepare)
        return state

    @property
    def prepared(self) -> bool:
        """Whether the engine is built (read back from the load cache counts)."""
        return "_engine" in self.__dict__

    def prepare(self) -> Engine:
        """Build the engine once and return it: the index (frozen by ``settle()`` as it is
        built), then the load cache entry (when this load may be cached). Call it before
        forking workers."""
        with _PREPARING:
            engine: Engine | None = self.__dict__.get("_engine")
            if engine is not None:
                return engine
            # the text tables of an earlier build, if the load found them: see TextMemo
            memo = TextMemo(self.__dict__.pop("_text_tables", None))
            with collector_paused():  # and what it builds is frozen (settle) as it exits
                engine = Engine(self, memo)
                self.__dict__["_engine"] = engine  # pickled with the records: index cached too
                # Computed now so the cache holds them: the first answer (an ``iom-bot ask``,
                # a worker's first request) would otherwise build every contact card.
                _ = self.press_contacts, self.general_contact
            cache: LoadCache | None = self.__dict__.pop("_load_cache", None)
            if cache is not None:
                cache.memo = memo.now  # beside the entry, for the next incremental build
                cache.write(self)  # temporaries only: nothing left to freeze
            return engine

    @property
    def engine(self) -> Engine:
        """The engine, prepared on first use (``prepare()`` is the explicit step)."""
        engine: Engine | None = self.__dict__.get("_engine")
        return engine if engine is not None else self.prepare()

    def spanish_coverage(self) -> list[str]:
        """Which Spanish fields each release lacks, and the coverage (``knowledge check``;
        not a warning ``--strict`` fails on: see ``knowledge.loading.spanish``)."""
        from knowledge.loading.spanish import coverage_lines

        files = {r.id: f"releases/{r.id}.yaml" for r in self.releases}
        return coverage_lines(list(self.releases), files)

    def answer(self, text: str, lang: Lang = "en") -> Answer:
        """Text in, Answer out (phrased in ``lang``): the one entry point every front end uses."""
        return self.engine.answer(text, lang)


def load_knowledge(
    directory: Path | str | None = None, *, cache: bool = True, store: bool = True
) -> KnowledgeBase:
    """Load and validate a knowledge directory (the packaged one by default).

    Raises ``KnowledgeError`` with one line per problem.

    With ``cache`` (the default, unless ``IOM_BOT_CACHE_DIR`` is ``off``), a directory
    whose files and loading code are unchanged since an earlier process loaded it and built
    its index is read back from the user cache directory instead, index included: see
    ``LoadCache``. When some files changed, the releases whose files did not are taken
    from that entry instead of being read again (``knowledge.loading.reuse``); the index is
    built anew. Any problem with the cache falls back to a normal load. ``store=False``
    reads the cache but writes no entry (a live reload: pickling thousands of releases
    holds the interpreter for seconds, and requests would wait).

    A load served by the cache imports nothing else of loading: the loader (PyYAML, the
    checks), the measure warnings and incremental reuse are imported by a load that reads
    files (``loader.load_records`` is looked up at each load, where tests wrap it).
    """
    root = Path(directory) if directory else default_knowledge_dir()
    load_cache = LoadCache.open(root) if cache else None
    reuse: dict[str, Earlier] = {}
    tables: object = None
    with collector_paused():
        if load_cache is not None:
            stored = load_cache.read(lambda kb: isinstance(kb, KnowledgeBase) and kb.prepared)
            if isinstance(stored, KnowledgeBase):
                object.__setattr__(stored, "directory", root)
                return stored  # frozen as collector_paused exits
        from knowledge.loading import loader, measures
        from knowledge.loading import reuse as reusing

        if load_cache is not None:
            load_cache.snapshot()  # file signatures taken before the files are read
            reuse = reusing.reusable(load_cache)  # the releases whose files did not change
            tables = load_cache.earlier_memo()  # and the text the last index build folded
        vocabulary, releases, sources, files = loader.load_records(root, reuse=reuse)
        kb = KnowledgeBase(
            vocabulary=vocabulary,
            releases=releases,
            sources=sources,
            directory=root,
            warnings=tuple(measures.measure_warnings(releases, files)),
        )
    if isinstance(tables, TextTables):
        kb.__dict__["_text_tables"] = tables
    if (
        store
        and load_cache is not None
        and load_cache.complete(read_sources(kb.releases), files.values())
    ):
        load_cache.records = reusing.Records(
            files, releases, sources
        )  # for the next incremental load
        kb.__dict__["_load_cache"] = load_cache  # written once the index has been built
    return kb


def read_sources(releases: list[Release]) -> list[str]:
    """The pages a load read: each release's, and its Spanish page when it quotes one."""
    from knowledge.loading.spanish import iter_quotes_es

    names = [r.source_file for r in releases]
    names += [r.source_file_es for r in releases if any(iter_quotes_es(r))]
    return names


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a knowledge base is built or read back.

    A load creates millions of objects that all stay alive, and every so many allocations
    the collector walks all of them, again and again, finding nothing: at 5,000 releases
    pauses of over a second, during which a serving process answers nothing (an ack waits).
    What a section that succeeds leaves alive is frozen (``settle``) before the collector is
    turned back on: otherwise the first collection after it walks all of it at once (0.7 s
    at 5,000 releases). The collector's state before is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        settle()
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Take everything alive now, the loaded knowledge base and its index above all, out of
    the cyclic garbage collector's sight (``gc.freeze``).

    A knowledge base lives as long as its process, and at 5,000 releases it is millions of
    objects (with a cycle through the engine's corpus). Unfrozen, every full collection walks
    them all, in the middle of some request, and so does interpreter exit: an ``iom-bot ask``
    spent 1.3 s of its 2.3 s there. Frozen, they are never walked; forked workers also keep
    sharing their pages, which the collector would otherwise write to.
    """
    gc.freeze()
