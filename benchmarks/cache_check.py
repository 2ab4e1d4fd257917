"""Does the load cache notice every change? A self-check run by benchmarks/run.py.

    python benchmarks/cache_check.py

Works on a copy of the packaged knowledge with its own cache directory. Each check edits
the copy the way a curator (or a tool) might and asserts that the next load is a cache
miss that sees the edit, that a load right after an edit writes nothing (the files are
too fresh to trust their mtime), and that a broken or unwritable cache only costs a
normal load. Prints one line per check; exits 1 if any fails. Takes ~15 s (it waits out
the 2-second freshness window several times).
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge import KnowledgeError, load_knowledge
from knowledge.loading import default_knowledge_dir
from knowledge.loading.cache import RACY_NS, LoadCache

WAIT = RACY_NS / 1e9 + 0.2
QUESTION = "how many migrants are kidnapped in Mexico each year?"


def load(root: Path, *, build: bool = True) -> tuple[bool, object]:
    """(cache hit?, the KnowledgeBase); builds the index, which writes the cache on a miss."""
    kb = load_knowledge(root)
    hit = kb.prepared
    if build:
        kb.answer(QUESTION)
    return hit, kb


def cache_file(root: Path) -> Path:
    cache = LoadCache.open(root)
    assert cache is not None
    return cache.path


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="iom-bot-cache-check-"))
    os.environ["IOM_BOT_CACHE_DIR"] = str(work / "cache")
    root = work / "knowledge"
    shutil.copytree(default_knowledge_dir(), root)
    source = root / "sources" / "kidnapping-training.txt"
    release = root / "releases" / "kidnapping-training.yaml"
    results: list[tuple[str, bool]] = []

    def check(name: str, fn: Callable[[], bool]) -> None:
        try:
            ok = bool(fn())
        except Exception as exc:  # a crash is a failed check, reported
            print(f"  {name}: raised {type(exc).__name__}: {exc}")
            ok = False
        results.append((name, ok))
        print(f"{'OK  ' if ok else 'FAIL'} {name}", flush=True)

    time.sleep(WAIT)  # the copy is fresh

    def first_load_writes() -> bool:
        hit, _ = load(root)
        return not hit and cache_file(root).exists()

    def second_load_hits() -> bool:
        hit, kb = load(root, build=False)
        return hit and "20,000" in kb.answer(QUESTION).text  # type: ignore[attr-defined]

    check("a first load misses and writes the cache", first_load_writes)
    check("the next load is a hit, index included", second_load_hits)

    original = source.read_bytes()
    stat = source.stat()

    def same_size_edit_misses() -> bool:
        # "20,000" -> "30,000": same size; the quote no longer matches the record
        source.write_bytes(original.replace(b"over 20,000", b"over 30,000"))
        try:
            load(root)
        except KnowledgeError as exc:
            return any("quote not found" in p for p in exc.problems)
        return False

    def mtime_restored_edit_misses() -> bool:
        # same size and the old mtime put back (cp -p, rsync -t): the ctime still moved
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        try:
            load(root)
        except KnowledgeError:
            return True
        return False

    check("a same-size edit of a source is seen (and refused)", same_size_edit_misses)
    check("...also with its old mtime restored", mtime_restored_edit_misses)

    def fresh_files_are_not_cached() -> bool:
        source.write_bytes(original)
        before = cache_file(root).stat().st_mtime_ns
        hit, _ = load(root)  # valid again, but changed just now: no write
        return not hit and cache_file(root).stat().st_mtime_ns == before

    def rewritten_once_settled() -> bool:
        time.sleep(WAIT)
        hit1, _ = load(root)
        hit2, _ = load(root, build=False)
        return not hit1 and hit2

    check("a load within 2 s of an edit writes no cache entry", fresh_files_are_not_cached)
    check("once the files settle, the cache is rewritten and hit", rewritten_once_settled)

    def touch_misses() -> bool:
        os.utime(release)
        hit, _ = load(root)
        return not hit

    def added_release_misses() -> bool:
        time.sleep(WAIT)
        load(root)  # settle and rewrite
        text = release.read_text(encoding="utf-8").replace(
            "id: kidnapping-training", "id: kidnapping-training-copy", 1
        )
        (root / "releases" / "kidnapping-training-copy.yaml").write_text(text, encoding="utf-8")
        hit, kb = load(root)
        return not hit and len(kb.releases) == 6  # type: ignore[attr-defined]

    def removed_release_misses() -> bool:
        time.sleep(WAIT)
        load(root)  # the cache now holds the six releases
        (root / "releases" / "kidnapping-training-copy.yaml").unlink()
        hit, kb = load(root)
        return not hit and len(kb.releases) == 5  # type: ignore[attr-defined]

    check("touching a release file is a miss", touch_misses)
    check("adding a release file is a miss that loads it", added_release_misses)
    check("removing it again is a miss", removed_release_misses)

    def other_code_version_misses() -> bool:
        time.sleep(WAIT)
        load(root)
        path = cache_file(root)
        with open(path, "rb") as f:
            header = pickle.load(f)
            payload = f.read()
        header["code"] = "0" * 64
        with open(path, "wb") as f:
            pickle.dump(header, f)
            f.write(payload)
        hit, _ = load(root, build=False)
        return not hit

    def truncated_cache_falls_back() -> bool:
        load(root)  # rewrites a good entry
        path = cache_file(root)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        hit, kb = load(root, build=False)
        return not hit and "20,000" in kb.answer(QUESTION).text  # type: ignore[attr-defined]

    def unwritable_cache_dir_falls_back() -> bool:
        blocker = work / "not-a-directory"
        blocker.write_text("x")
        os.environ["IOM_BOT_CACHE_DIR"] = str(blocker / "cache")
        try:
            hit, kb = load(root)
            return not hit and "20,000" in kb.answer(QUESTION).text  # type: ignore[attr-defined]
        finally:
            os.environ["IOM_BOT_CACHE_DIR"] = str(work / "cache")

    def cache_off() -> bool:
        os.environ["IOM_BOT_CACHE_DIR"] = "off"
        try:
            return LoadCache.open(root) is None and not load(root)[0]
        finally:
            os.environ["IOM_BOT_CACHE_DIR"] = str(work / "cache")

    check("an entry written by other code is a miss", other_code_version_misses)
    check("a truncated cache file only costs a normal load", truncated_cache_falls_back)
    check("an unusable cache directory only costs a normal load", unwritable_cache_dir_falls_back)
    check("IOM_BOT_CACHE_DIR=off turns the cache off", cache_off)

    shutil.rmtree(work, ignore_errors=True)
    failed = [name for name, ok in results if not ok]
    print(f"{len(results) - len(failed)}/{len(results)} cache checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
