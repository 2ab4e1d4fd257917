"""An incremental load: releases whose files did not change since the load cache's entry
was written are taken from that entry instead of being read, parsed, validated and
checked against their pages again.

A curator who edits one release of 5,000 changes one file, and every start (and every live
reload) paid for all 5,000: reading their YAML, validating them and finding every quote in
its page is most of a load. The cache entry written by the last complete load holds the
validated releases and their pages, and its header the signature (size, mtime, ctime,
inode, device) each file had when it was read. A release is reused when its own file and
every page it was checked against (its source, and its Spanish page when it quotes one)
have that signature now: it is then exactly what parsing and checking them again would
give. Its topic references are checked again (the vocabulary may have changed), and the
checks across releases run over everything, as in a full load.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.loading.cache import LoadCache, Signature
from knowledge.records.models import Release

if TYPE_CHECKING:  # the loader is imported by what reuses (unchanged), not by every warm
    # start: the cache's entry begins with a pickled ``Records``, which imports this module
    from knowledge.loading.loader import Earlier


@dataclass(frozen=True)
class Records:
    """What a load read, file by file, as the load cache stores it before the knowledge base.

    ``files`` maps each release id to its file (``releases/<name>.yaml``)."""

    files: dict[str, str]
    releases: list[Release]
    sources: dict[str, str]


def depends_on(release: Release, file: str, then: Mapping[str, Signature]) -> list[str]:
    """The files a release's load read: its own, its page, and its Spanish page if it
    quoted one then (the entry records a Spanish page only when a release quotes it:
    ``read_sources``; looking it up there spares walking every record for ``quote_es``)."""
    names = [file, f"sources/{release.source_file}"]
    spanish = f"sources/{release.source_file_es}"
    if spanish in then:
        names.append(spanish)
    return names


def reusable(cache: LoadCache) -> dict[str, Earlier]:
    """The releases of the cache's earlier entry whose files are unchanged, by file name.

    Call it after ``cache.snapshot()``: a file is unchanged when its signature in the
    snapshot (taken before this load reads anything) is the one recorded when the entry
    was written. Nothing is reused from an entry written by other code (``earlier``)."""
    found = cache.earlier()
    if found is None or cache.linked_folders:
        return {}
    signatures, records = found
    if not isinstance(records, Records):
        return {}
    try:
        return unchanged(records, signatures, cache.before, cache.links)
    except Exception:  # records of another shape (a hand-made entry): reuse nothing
        return {}


def unchanged(
    records: Records,
    then: Mapping[str, Signature],
    now: Mapping[str, Signature],
    links: AbstractSet[str] = frozenset(),
) -> dict[str, Earlier]:
    """The releases of ``records`` all of whose files have the same signature now as then,
    none of them a symlink (``links``): a signature pins the file a link ends at, not
    where it ends, and whether that is allowed is ``read_source``'s to decide each time."""
    from knowledge.loading.loader import Earlier

    out: dict[str, Earlier] = {}
    for release in records.releases:
        file = records.files.get(release.id)
        source = records.sources.get(release.id)
        if file is None or source is None:
            continue
        names = depends_on(release, file, then)
        if all(name in now and then.get(name) == now[name] and name not in links for name in names):
            out[file] = Earlier(release, source)
    return out
