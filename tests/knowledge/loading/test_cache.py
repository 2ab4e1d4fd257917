"""The load cache (knowledge/loading/cache.py) notices every change to what a load read.

Each test works on its own copy of the packaged knowledge and its own cache directory. The
cache's clock is moved instead of sleeping out the two-second freshness window: ``Clock``
stands "well after every file settled" by default, and a test puts it right next to a
file's change to check the window itself.
"""

from __future__ import annotations

import os
import pickle
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import knowledge.loading.cache as cache_module
from knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from knowledge.loading.cache import CACHE_KEEP, RACY_NS, LoadCache
from knowledge.render.mrkdwn import answer_text

QUESTION = "how many migrants are kidnapped in Mexico each year?"
SOURCE = "sources/kidnapping-training.txt"
RELEASE = "releases/kidnapping-training.yaml"


class Clock:
    """The cache's "now", in ns: ``settled`` is far enough ahead that every file counts as
    settled; ``at`` pins it to a given instant."""

    def __init__(self) -> None:
        self.fixed: int | None = None

    def __call__(self) -> int:
        return self.fixed if self.fixed is not None else time.time_ns() + 10 * RACY_NS

    def at(self, ns: int) -> None:
        self.fixed = ns

    def settled(self) -> None:
        self.fixed = None


@dataclass
class Setup:
    root: Path
    cache_dir: Path
    clock: Clock

    def entry(self) -> Path:
        cache = LoadCache.open(self.root)
        assert cache is not None
        return cache.path

    def load(self) -> tuple[bool, KnowledgeBase]:
        """(served by the cache?, the knowledge base); on a miss the index is built, which
        is when the cache entry is written."""
        kb = load_knowledge(self.root)
        hit = kb.prepared
        kb.prepare()
        return hit, kb


@pytest.fixture()
def setup(knowledge_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("IOM_BOT_CACHE_DIR", str(cache_dir))
    clock = Clock()
    monkeypatch.setattr(cache_module, "clock", clock)
    yield Setup(knowledge_copy, cache_dir, clock)


@pytest.fixture()
def warm(setup: Setup) -> Setup:
    """A copy whose cache entry is written and known to be hit."""
    assert setup.load()[0] is False
    assert setup.load()[0] is True
    return setup


def newest_change_ns(path: Path) -> int:
    st = path.stat()
    return max(st.st_mtime_ns, st.st_ctime_ns)


# -- hits -----------------------------------------------------------------------------------


def test_a_first_load_misses_and_writes_the_entry(setup: Setup) -> None:
    assert not setup.entry().exists()
    hit, kb = setup.load()
    assert hit is False and len(kb.releases) == 5
    assert setup.entry().is_file()
    assert setup.entry().stat().st_mode & 0o077 == 0  # only its owner may read it


def test_the_next_load_is_a_hit_index_included(warm: Setup) -> None:
    kb = load_knowledge(warm.root)
    assert kb.prepared  # the index came from the cache: nothing to build
    assert kb.directory == warm.root
    assert "20,000" in answer_text(kb.answer(QUESTION))


# -- every change is a miss -----------------------------------------------------------------


def test_a_same_size_edit_of_a_source_is_seen_and_refused(warm: Setup) -> None:
    source = warm.root / SOURCE
    original = source.read_bytes()
    edited = original.replace(b"over 20,000", b"over 30,000")
    assert edited != original and len(edited) == len(original)
    source.write_bytes(edited)
    with pytest.raises(KnowledgeError) as caught:
        warm.load()
    assert any("quote not found" in p for p in caught.value.problems)


def test_a_same_size_edit_with_its_old_mtime_restored_is_seen(warm: Setup) -> None:
    """cp -p or rsync -t: same size, same mtime; only the ctime moved."""
    source = warm.root / SOURCE
    before = source.stat()
    source.write_bytes(source.read_bytes().replace(b"over 20,000", b"over 30,000"))
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = source.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(KnowledgeError):
        warm.load()


def test_touching_a_release_file_is_a_miss(warm: Setup) -> None:
    os.utime(warm.root / RELEASE)
    hit, kb = warm.load()
    assert hit is False and len(kb.releases) == 5


def test_touching_the_vocabulary_is_a_miss(warm: Setup) -> None:
    os.utime(warm.root / "vocabulary.yaml")
    assert warm.load()[0] is False


def test_replacing_a_release_file_by_an_identical_copy_is_a_miss(warm: Setup) -> None:
    """Same bytes, mtime put back, new inode (an editor's save-by-rename)."""
    release = warm.root / RELEASE
    before = release.stat()
    copy = release.with_suffix(".tmp")
    copy.write_bytes(release.read_bytes())
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(copy, release)
    assert warm.load()[0] is False


def test_adding_a_release_file_is_a_miss_that_loads_it(warm: Setup) -> None:
    text = (warm.root / RELEASE).read_text(encoding="utf-8")
    copy = text.replace("id: kidnapping-training", "id: kidnapping-training-copy", 1)
    (warm.root / "releases" / "kidnapping-training-copy.yaml").write_text(copy, encoding="utf-8")
    hit, kb = warm.load()
    assert hit is False and len(kb.releases) == 6
    hit, kb = warm.load()
    assert hit is True and len(kb.releases) == 6


def test_removing_a_release_file_is_a_miss(warm: Setup) -> None:
    (warm.root / "releases" / "veracruz-governor.yaml").unlink()
    hit, kb = warm.load()
    assert hit is False and len(kb.releases) == 4
    assert "veracruz-governor" not in {r.id for r in kb.releases}


def test_an_entry_written_by_other_code_is_a_miss(
    warm: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "code_version", lambda: "0" * 64)
    assert warm.load()[0] is False


def test_an_entry_whose_header_names_other_code_is_a_miss(warm: Setup) -> None:
    path = warm.entry()
    with open(path, "rb") as f:
        header = pickle.load(f)
        payload = f.read()
    header["code"] = "0" * 64
    with open(path, "wb") as f:
        pickle.dump(header, f)
        f.write(payload)
    assert warm.load()[0] is False


# -- the freshness window ---------------------------------------------------------------------


def test_a_load_within_the_window_of_an_edit_writes_nothing(warm: Setup) -> None:
    before = warm.entry().stat().st_mtime_ns
    os.utime(warm.root / RELEASE)  # valid still, changed just now
    warm.clock.at(newest_change_ns(warm.root / RELEASE) + RACY_NS - 1)  # just inside the window
    hit, _ = warm.load()
    assert hit is False
    assert warm.entry().stat().st_mtime_ns == before  # not rewritten
    assert warm.load()[0] is False  # and so still a miss


def test_the_window_counts_the_ctime_not_only_the_mtime(warm: Setup) -> None:
    """An edit with an old mtime put back is as fresh as its ctime says."""
    release = warm.root / RELEASE
    old = release.stat()
    release.write_bytes(release.read_bytes())
    os.utime(release, ns=(old.st_atime_ns, old.st_mtime_ns - 100 * RACY_NS))
    warm.clock.at(release.stat().st_ctime_ns + RACY_NS - 1)
    assert warm.load()[0] is False
    assert warm.load()[0] is False  # nothing was written


def test_once_the_files_settle_the_entry_is_rewritten_and_hit(warm: Setup) -> None:
    os.utime(warm.root / RELEASE)
    changed = newest_change_ns(warm.root / RELEASE)
    warm.clock.at(changed + RACY_NS // 2)
    assert warm.load()[0] is False
    warm.clock.at(changed + RACY_NS + 1)  # just outside the window
    assert warm.load()[0] is False  # this load writes
    assert warm.load()[0] is True


def test_a_fresh_copy_is_not_cached_until_it_settles(setup: Setup) -> None:
    setup.clock.at(time.time_ns())  # the copy was made just now
    assert setup.load()[0] is False
    assert not setup.entry().exists()
    setup.clock.settled()
    assert setup.load()[0] is False
    assert setup.load()[0] is True


# -- a broken or unusable cache only costs a normal load ------------------------------------


def test_a_truncated_entry_only_costs_a_normal_load(warm: Setup) -> None:
    path = warm.entry()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    hit, kb = warm.load()
    assert hit is False and "20,000" in answer_text(kb.answer(QUESTION))
    assert warm.load()[0] is True  # the miss wrote a good entry again


def test_garbage_in_the_entry_only_costs_a_normal_load(warm: Setup) -> None:
    warm.entry().write_bytes(b"not a pickle at all")
    hit, kb = warm.load()
    assert hit is False and len(kb.releases) == 5


def test_an_entry_others_may_write_is_ignored(warm: Setup) -> None:
    os.chmod(warm.entry(), 0o666)
    assert warm.load()[0] is False


def test_an_entry_that_is_not_a_knowledge_base_is_ignored(warm: Setup) -> None:
    path = warm.entry()
    with open(path, "rb") as f:
        header = pickle.load(f)
    with open(path, "wb") as f:
        pickle.dump(header, f)
        pickle.dump({"not": "a knowledge base"}, f)
    os.chmod(path, 0o600)
    hit, kb = warm.load()
    assert hit is False and isinstance(kb, KnowledgeBase)


def test_a_cache_dir_that_cannot_exist_only_costs_a_normal_load(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = setup.cache_dir.parent / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("IOM_BOT_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        hit, kb = setup.load()
        assert hit is False and "20,000" in answer_text(kb.answer(QUESTION))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_cache_dir_that_is_not_writable_only_costs_a_normal_load(setup: Setup) -> None:
    setup.cache_dir.mkdir(mode=0o500)
    try:
        for _ in range(2):
            hit, kb = setup.load()
            assert hit is False and len(kb.releases) == 5
        assert list(setup.cache_dir.iterdir()) == []
    finally:
        setup.cache_dir.chmod(0o700)


def test_cache_dir_off_turns_the_cache_off(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("off", "", "0", "none"):
        monkeypatch.setenv("IOM_BOT_CACHE_DIR", value)
        assert LoadCache.open(setup.root) is None
        assert setup.load()[0] is False
        assert setup.load()[0] is False
    assert not setup.cache_dir.exists()


def test_cache_false_neither_reads_nor_writes(warm: Setup) -> None:
    before = warm.entry().stat().st_mtime_ns
    kb = load_knowledge(warm.root, cache=False)
    assert not kb.prepared
    kb.prepare()
    assert warm.entry().stat().st_mtime_ns == before


def test_old_entries_are_pruned_least_recently_used_first(
    setup: Setup, knowledge_copy: Path, tmp_path: Path
) -> None:
    roots = []
    for i in range(CACHE_KEEP + 2):
        root = tmp_path / f"kb-{i}"
        shutil.copytree(knowledge_copy, root)
        roots.append(root)
    for i, root in enumerate(roots):
        load_knowledge(root).prepare()
        cache = LoadCache.open(root)
        assert cache is not None
        os.utime(cache.path, ns=(i * 10**9, (i + 1) * 10**9))  # older ones first
    entries = list(setup.cache_dir.glob("knowledge-*.pickle"))
    assert len(entries) == CACHE_KEEP
    first = LoadCache.open(roots[0])
    assert first is not None and not first.path.exists()


def test_an_entry_of_another_cache_format_is_a_miss(warm: Setup) -> None:
    path = warm.entry()
    with open(path, "rb") as f:
        header = pickle.load(f)
        payload = f.read()
    header["format"] = cache_module.CACHE_FORMAT + 1
    with open(path, "wb") as f:
        pickle.dump(header, f)
        f.write(payload)
    assert warm.load()[0] is False


def test_read_returns_nothing_the_caller_cannot_use_and_leaves_it_unused(warm: Setup) -> None:
    cache = LoadCache.open(warm.root)
    assert cache is not None
    os.utime(cache.path, ns=(10**9, 10**9))
    assert cache.read(lambda stored: False) is None
    assert cache.path.stat().st_mtime_ns == 10**9  # not counted as recently used
    assert isinstance(cache.read(), KnowledgeBase)
    assert cache.path.stat().st_mtime_ns > 10**9


def test_release_paths_lists_what_the_two_globs_listed(tmp_path: Path) -> None:
    """The scandir listing the warm start uses keeps the globs' matches and their order:
    hidden files, directories and links named *.yaml included, *.yaml before *.yml."""
    from knowledge.loading.paths import release_names, release_paths

    folder = tmp_path / "releases"
    folder.mkdir()
    for name in ("b.yaml", "a.yaml", ".hidden.yaml", "Z.yaml", "c.yml", "a.YAML", "x.yaml.bak"):
        (folder / name).write_text("id: x\n")
    (folder / "dir.yaml").mkdir()
    (folder / "link.yaml").symlink_to(folder / "a.yaml")
    globbed = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    assert release_paths(tmp_path) == globbed
    assert release_names(tmp_path) == [p.name for p in globbed]
    assert [p.name for p in globbed][:2] == [".hidden.yaml", "Z.yaml"]
    assert release_paths(tmp_path / "missing") == [] == release_names(tmp_path / "missing")


# -- incremental loads: unchanged releases come from the entry ------------------------------


QUESTIONS = (
    QUESTION,
    "contact veracruz",
    "who is the chief of mission?",
    "facts kidnapping",
    "¿cuántos migrantes son secuestrados cada año?",
)


@pytest.fixture()
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The release files each load parses and checks (``load_release`` calls), in order."""
    import knowledge.loading.loader as loader_module

    seen: list[str] = []
    real = loader_module.load_release

    def counted(root: Path, path: Path, topic_ids: set[str], *rest):  # type: ignore[no-untyped-def]
        seen.append(f"{path.parent.name}/{path.name}")
        return real(root, path, topic_ids, *rest)

    monkeypatch.setattr(loader_module, "load_release", counted)
    return seen


def replace_records(setup: Setup, records: object) -> None:
    """The entry rewritten with its own header and ``records`` after it, nothing else."""
    cache = LoadCache.open(setup.root)
    assert cache is not None
    with open(cache.path, "rb") as f:
        header = pickle.load(f)
    with open(cache.path, "wb") as f:
        pickle.dump(header, f)
        pickle.dump(records, f)


def same_knowledge(a: KnowledgeBase, b: KnowledgeBase) -> None:
    assert [r.model_dump() for r in a.releases] == [r.model_dump() for r in b.releases]
    assert a.sources == b.sources
    for question in QUESTIONS:
        assert answer_text(a.answer(question)) == answer_text(b.answer(question)), question


def test_after_one_edit_only_that_release_is_read_again(warm: Setup, loads: list[str]) -> None:
    release = warm.root / RELEASE
    release.write_text(
        release.read_text(encoding="utf-8").replace("title: IOM Trains", "title: IOM trains", 1),
        encoding="utf-8",
    )
    hit, kb = warm.load()
    assert hit is False and loads == [RELEASE]
    assert kb.release("kidnapping-training").title.startswith("IOM trains")
    same_knowledge(kb, load_knowledge(warm.root, cache=False))
    loads.clear()
    assert warm.load()[0] is True and loads == []  # the incremental load wrote the entry


def test_an_added_release_is_the_only_one_read(warm: Setup, loads: list[str]) -> None:
    text = (warm.root / RELEASE).read_text(encoding="utf-8")
    text = text.replace("id: kidnapping-training", "id: kidnapping-training-copy", 1)
    (warm.root / "releases/kidnapping-training-copy.yaml").write_text(text, encoding="utf-8")
    hit, kb = warm.load()
    assert hit is False and loads == ["releases/kidnapping-training-copy.yaml"]
    assert len(kb.releases) == 6
    same_knowledge(kb, load_knowledge(warm.root, cache=False))


def test_a_removed_release_reads_nothing_and_is_gone(warm: Setup, loads: list[str]) -> None:
    (warm.root / "releases/national-migration-week.yaml").unlink()
    hit, kb = warm.load()
    assert hit is False and loads == []
    same_knowledge(kb, load_knowledge(warm.root, cache=False))
    assert "national-migration-week" not in {r.id for r in kb.releases}


def test_a_release_whose_page_changed_is_checked_again(warm: Setup, loads: list[str]) -> None:
    source = warm.root / SOURCE
    source.write_bytes(source.read_bytes().replace(b"over 20,000", b"over 30,000"))
    with pytest.raises(KnowledgeError) as caught:
        warm.load()
    assert loads == [RELEASE]
    assert any(
        p.startswith(f"{RELEASE}: ") and "quote not found" in p for p in caught.value.problems
    )


def test_a_release_whose_spanish_page_changed_is_checked_again(
    setup: Setup, loads: list[str]
) -> None:
    quote_es = "una frase que la página en español dice tal cual"
    release = setup.root / RELEASE
    text = release.read_text(encoding="utf-8")
    text = text.replace(
        "\n    topics: [training, human-rights, cooperation]\n",
        f"\n    topics: [training, human-rights, cooperation]\n    quote_es: {quote_es}\n",
        1,
    )
    release.write_text(text, encoding="utf-8")
    page = setup.root / "sources/kidnapping-training.es.txt"
    page.write_text(f"Comunicado.\n{quote_es}.\n", encoding="utf-8")
    assert setup.load()[0] is False and setup.load()[0] is True
    loads.clear()
    page.write_text("Comunicado, corregido.\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        setup.load()
    assert loads == [RELEASE]
    assert any(
        "quote not found in sources/kidnapping-training.es.txt" in p for p in caught.value.problems
    )


def test_a_reused_release_is_checked_against_the_new_vocabulary(
    warm: Setup, loads: list[str]
) -> None:
    vocabulary = warm.root / "vocabulary.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    assert "  - id: kidnapping\n" in text
    vocabulary.write_text(text.replace("  - id: kidnapping\n", "  - id: abduction\n", 1))
    with pytest.raises(KnowledgeError) as caught:
        warm.load()
    assert loads == []  # no release file changed: every one reused, and checked
    assert any(p.startswith(f"{RELEASE}: ") and "'kidnapping'" in p for p in caught.value.problems)


def test_nothing_is_reused_from_an_entry_other_code_wrote(
    warm: Setup, loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (warm.root / "releases/national-migration-week.yaml").unlink()
    monkeypatch.setattr(cache_module, "code_version", lambda: "other code")
    assert warm.load()[0] is False
    assert len(loads) == 4  # every release read again


def test_an_entry_whose_records_are_not_records_reuses_nothing(
    warm: Setup, loads: list[str]
) -> None:
    replace_records(warm, {"releases": "not records"})
    os.utime(warm.root / RELEASE)  # a miss: the entry's header no longer matches
    assert warm.load()[0] is False
    assert len(loads) == 5


def test_the_index_builds_text_tables_are_kept_beside_the_entry(
    warm: Setup, loads: list[str]
) -> None:
    memo = warm.entry().with_suffix(".memo")
    assert memo.is_file() and memo.stat().st_mode & 0o077 == 0
    (warm.root / RELEASE).touch()
    kb = load_knowledge(warm.root)
    tables = kb.__dict__.get("_text_tables")
    assert tables is not None and len(tables.pages) == 5  # the last build's, for this one
    kb.prepare()
    assert "_text_tables" not in kb.__dict__  # used, and not pickled with the entry
    same_knowledge(kb, load_knowledge(warm.root, cache=False))


def test_a_broken_or_foreign_memo_is_ignored(warm: Setup) -> None:
    memo = warm.entry().with_suffix(".memo")
    (warm.root / RELEASE).touch()
    memo.write_bytes(b"not a pickle")
    assert "_text_tables" not in load_knowledge(warm.root).__dict__
    with open(memo, "wb") as f:
        pickle.dump({"format": cache_module.CACHE_FORMAT, "root": "/elsewhere", "code": "x"}, f)
        pickle.dump("tables", f)
    kb = load_knowledge(warm.root)
    assert "_text_tables" not in kb.__dict__
    kb.prepare()
    assert "20,000" in answer_text(kb.answer(QUESTION))


def test_a_pruned_entry_takes_its_memo_with_it(setup: Setup) -> None:
    roots = []
    for i in range(CACHE_KEEP + 1):
        root = setup.root.parent / f"copy-{i}"
        shutil.copytree(setup.root, root)
        roots.append(root)
    for i, root in enumerate(roots):
        load_knowledge(root).prepare()
        cache = LoadCache.open(root)
        assert cache is not None
        os.utime(cache.path, ns=(10**9 * (i + 1), 10**9 * (i + 1)))  # older first
    entries = sorted(setup.cache_dir.glob("knowledge-*.pickle"))
    memos = sorted(setup.cache_dir.glob("knowledge-*.memo"))
    assert len(entries) == CACHE_KEEP and [m.stem for m in memos] == [e.stem for e in entries]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_place_of_the_entry_or_its_memo_is_not_read(warm: Setup) -> None:
    """Opened non-blocking and checked on the descriptor: a load neither hangs nor reuses."""
    memo = warm.entry().with_suffix(".memo")
    memo.unlink()
    os.mkfifo(memo)
    (warm.root / RELEASE).touch()
    kb = load_knowledge(warm.root)  # reads the entry's records, skips the FIFO memo
    assert "_text_tables" not in kb.__dict__
    kb.prepare()  # writes a regular memo in the FIFO's place
    assert memo.is_file()
    entry = warm.entry()
    entry.unlink()
    os.mkfifo(entry)
    (warm.root / RELEASE).touch()
    hit, kb = warm.load()
    assert hit is False and "20,000" in answer_text(kb.answer(QUESTION))


# -- what the review of incremental loads found --------------------------------------------


def test_a_page_link_pointed_elsewhere_is_refused_as_a_full_load_refuses_it(
    setup: Setup, tmp_path: Path
) -> None:
    """The page is a link inside the directory; the same file, hard-linked outside, keeps
    its signature when the link is pointed there, so a signature alone would reuse it."""
    page = setup.root / SOURCE
    inside = setup.root / "shared" / "page.txt"
    inside.parent.mkdir()
    page.rename(inside)
    page.symlink_to(Path("..") / "shared" / "page.txt")
    outside = tmp_path / "outside" / "page.txt"
    outside.parent.mkdir()
    os.link(inside, outside)
    assert setup.load()[0] is False and setup.load()[0] is True
    retargeted = setup.root / "sources" / "tmp-link"
    retargeted.symlink_to(outside)
    os.replace(retargeted, page)
    (setup.root / "releases/ddg-visit.yaml").touch()
    with pytest.raises(KnowledgeError) as full:
        load_knowledge(setup.root, cache=False)
    with pytest.raises(KnowledgeError) as incremental:
        setup.load()
    assert incremental.value.problems == full.value.problems
    assert any("outside" in p for p in incremental.value.problems)


def test_a_release_removed_while_a_load_runs_is_not_served_afterwards(
    warm: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    import knowledge.loading.loader as loader_module

    real = loader_module.load_records
    removed = warm.root / "releases/national-migration-week.yaml"
    (warm.root / RELEASE).touch()  # a miss: this load reads and may write

    def then_removed(root: Path, **kwargs):  # type: ignore[no-untyped-def]
        records = real(root, **kwargs)
        removed.unlink()  # after the load read it, before the entry is written
        return records

    monkeypatch.setattr(loader_module, "load_records", then_removed)
    assert warm.load()[0] is False
    monkeypatch.setattr(loader_module, "load_records", real)
    hit, kb = warm.load()
    assert hit is False  # the entry written from the removed file was not written
    assert "national-migration-week" not in {r.id for r in kb.releases}


def test_a_symlink_in_place_of_the_entry_is_not_followed(warm: Setup, tmp_path: Path) -> None:
    entry = warm.entry()
    copy = tmp_path / "elsewhere.pickle"
    shutil.copyfile(entry, copy)
    copy.chmod(0o600)
    entry.unlink()
    entry.symlink_to(copy)
    assert warm.load()[0] is False  # the same bytes, but through a link: not read


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_cache_directory_others_can_write_is_neither_read_nor_written(warm: Setup) -> None:
    entry = warm.entry()
    written = entry.stat().st_mtime_ns
    warm.cache_dir.chmod(0o777)
    try:
        assert warm.load()[0] is False
        assert warm.load()[0] is False
        assert entry.stat().st_mtime_ns == written  # nothing written there either
    finally:
        warm.cache_dir.chmod(0o700)
    assert warm.load()[0] is True


def test_records_of_another_shape_reuse_nothing_and_do_not_crash(
    warm: Setup, loads: list[str]
) -> None:
    from knowledge.loading.reuse import Records

    replace_records(warm, Records(files=["not", "a", "dict"], releases=[1], sources={}))  # type: ignore[arg-type]
    (warm.root / RELEASE).touch()
    assert warm.load()[0] is False and len(loads) == 5


def test_a_draft_is_never_swapped_for_the_published_release_of_its_name(
    warm: Setup, loads: list[str]
) -> None:
    from knowledge.loading.loader import load_records
    from knowledge.loading.reuse import reusable

    draft = warm.root / "drafts" / "releases" / "ddg-visit.yaml"
    draft.parent.mkdir(parents=True)
    shutil.move(warm.root / "releases/ddg-visit.yaml", draft)
    cache = LoadCache.open(warm.root)
    assert cache is not None
    cache.snapshot()
    reuse = reusable(cache)
    assert "releases/ddg-visit.yaml" not in reuse  # its file is gone from releases/
    reuse["releases/ddg-visit.yaml"] = next(iter(reuse.values()))  # as if it were there
    _, releases, _, files = load_records(warm.root, extra=[draft], reuse=reuse)
    assert files["ddg-visit"] == "releases/ddg-visit.yaml" and loads == ["releases/ddg-visit.yaml"]
    assert len(releases) == 5


def test_nothing_is_reused_when_the_pages_folder_is_a_link(warm: Setup, loads: list[str]) -> None:
    (warm.root / "sources").rename(warm.root / "pages")
    (warm.root / "sources").symlink_to("pages")
    (warm.root / RELEASE).touch()  # a miss (the pages keep their signatures through the link)
    full = load_knowledge(warm.root, cache=False)
    loads.clear()
    hit, kb = warm.load()
    assert hit is False and len(loads) == 5  # every release read again through the link
    same_knowledge(kb, full)
