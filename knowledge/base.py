"""KnowledgeBase: the validated records plus the read-only lookups front ends need."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from knowledge.answer import ContactCard, SourceRef
from knowledge.loading.cache import LoadCache
from knowledge.loading.loader import default_knowledge_dir, load_records
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
        if isinstance(kb, KnowledgeBase) and "engine" in kb.__dict__:
            object.__setattr__(kb, "directory", root)
            settle()
            return kb
        load_cache.snapshot()  # file signatures taken before the files are read
    vocabulary, releases, sources = load_records(root)
    kb = KnowledgeBase(vocabulary=vocabulary, releases=releases, sources=sources, directory=root)
    if load_cache is not None and load_cache.complete(r.source_file for r in kb.releases):
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
