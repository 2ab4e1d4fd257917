"""LiveKnowledge: published changes are swapped in whole; a broken edit keeps the last good
knowledge serving and is reported once; no answer fails during a swap (issue 12)."""

from __future__ import annotations

import threading
import weakref
from pathlib import Path

import pytest
from invented_releases import LAGOON, grown_knowledge, write_release

from knowledge import KnowledgeBase, answer_text, load_knowledge
from knowledge.live import LiveKnowledge, load_prepared

QUESTION = "what is a lagoon warden"


def no_wait(_: float) -> None:
    pass


class CountingLoader:
    def __init__(self) -> None:
        self.loads = 0

    def __call__(self, directory: Path) -> KnowledgeBase:
        self.loads += 1
        return load_prepared(directory)


@pytest.fixture()
def directory(tmp_path: Path) -> Path:
    return grown_knowledge(tmp_path)


def test_nothing_changed_means_nothing_is_loaded(directory: Path) -> None:
    loader = CountingLoader()
    live = LiveKnowledge.open(directory, loader=loader, wait=no_wait)
    assert loader.loads == 1
    for _ in range(3):
        assert not live.refresh().reloaded
    assert loader.loads == 1


def test_a_published_release_is_answered_after_the_next_refresh(directory: Path) -> None:
    live = LiveKnowledge.open(directory, wait=no_wait)
    assert not live.answer(QUESTION).answered
    write_release(directory, LAGOON)
    result = live.refresh()
    assert result.reloaded and result.problem is None and result.releases == 6
    assert "Volunteers who guide migrants" in answer_text(live.answer(QUESTION))
    assert "lagoon-wardens" in [r.id for r in live.releases]


def test_a_broken_edit_keeps_the_last_good_knowledge_and_is_reported_once(
    directory: Path,
) -> None:
    write_release(directory, LAGOON)
    live = LiveKnowledge.open(directory, wait=no_wait)
    path = directory / "releases" / "lagoon-wardens.yaml"
    good = path.read_text()
    path.write_text(good.replace("date: null", "date: next tuesday"))
    result = live.refresh()
    assert not result.reloaded
    assert result.problem is not None
    assert result.problem.startswith("releases/lagoon-wardens.yaml: date:")
    assert "\n" not in result.problem
    assert "Volunteers who guide migrants" in answer_text(live.answer(QUESTION))
    assert live.refresh().problem is None  # the same broken state is not reported again
    path.write_text(good.replace("Invented Bay.", "Invented Bay, at night."))
    assert live.refresh().reloaded
    assert "at night" in answer_text(live.answer(QUESTION))


def test_several_problems_are_one_line_that_says_how_many_more(directory: Path) -> None:
    live = LiveKnowledge.open(directory, wait=no_wait)
    for name in ("ddg-visit", "veracruz-governor"):
        (directory / "releases" / f"{name}.yaml").write_text("id: [\n")
    problem = live.refresh().problem
    assert problem is not None and "\n" not in problem
    assert problem.startswith("releases/ddg-visit.yaml:")
    assert problem.endswith("(and 1 more: iom-bot knowledge check)")
    assert len(live.releases) == 5


def test_a_file_still_being_written_waits_for_the_next_refresh(directory: Path) -> None:
    loader = CountingLoader()
    writes = iter([LAGOON, None])

    def keep_writing(_: float) -> None:
        record = next(writes)
        if record is not None:  # the file changes again during the quiet period
            write_release(directory, {**record, "summary": "written a second time"})

    live = LiveKnowledge.open(directory, loader=loader, wait=keep_writing)
    write_release(directory, LAGOON)
    assert not live.refresh().reloaded and loader.loads == 1
    assert live.refresh().reloaded and loader.loads == 2


def test_drafts_do_not_make_the_bot_reload(directory: Path) -> None:
    loader = CountingLoader()
    live = LiveKnowledge.open(directory, loader=loader, wait=no_wait)
    (directory / "drafts").mkdir()
    (directory / "drafts" / "unfinished.yaml").write_text("id: unfinished\nsummary: 'TODO: x'\n")
    assert not live.refresh().reloaded and loader.loads == 1


def test_the_retired_knowledge_is_freed_at_once(directory: Path) -> None:
    live = LiveKnowledge.open(directory, wait=no_wait)
    old = weakref.ref(live.current)
    write_release(directory, LAGOON)
    assert live.refresh().reloaded
    assert old() is None  # by reference counting: settle() froze it out of the collector's sight


def test_an_answer_under_way_finishes_on_the_retired_engine(directory: Path) -> None:
    live = LiveKnowledge.open(directory, wait=no_wait)
    engine_in_use = live._serving.engine  # what a request holds while it answers
    write_release(directory, LAGOON)
    assert live.refresh().reloaded
    assert "_engine" not in engine_in_use.core.corpus.__dict__  # the cycle is cut
    assert engine_in_use.answer("contact mexico").answered  # and no index was rebuilt
    assert "_engine" not in engine_in_use.core.corpus.__dict__


def test_answers_during_swaps_never_fail(directory: Path) -> None:
    live = LiveKnowledge.open(directory, wait=no_wait)
    allowed = {answer_text(load_knowledge(directory, cache=False).answer("contact mexico"))}
    errors: list[BaseException] = []
    texts: set[str] = set()
    stop = threading.Event()

    def ask() -> None:
        for _ in range(20_000):  # bounded; stops as soon as the swaps are done
            if stop.is_set():
                return
            try:
                texts.add(answer_text(live.answer("contact mexico")))
            except BaseException as exc:  # any failure is the finding
                errors.append(exc)
                return

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for n in range(3):
            write_release(directory, {**LAGOON, "id": f"lagoon-{n}", "source": f"lagoon-{n}.txt"})
            assert live.refresh().reloaded
            allowed.add(answer_text(live.answer("contact mexico")))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert len(allowed) >= 2  # a swap changed the answer (the releases it cites)
    assert texts <= allowed  # each answer came whole from one state or the next


def test_the_first_load_writes_the_load_cache_and_a_reload_does_not(
    directory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`iom-bot run` starts warm the next time; a reload never pickles while serving."""
    import time

    import knowledge.loading.cache as cache_module

    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("IOM_BOT_CACHE_DIR", str(cache_dir))
    monkeypatch.setattr(cache_module, "clock", lambda: time.time_ns() + 10**10)
    live = LiveKnowledge.open(directory, wait=no_wait)
    (entry,) = cache_dir.glob("*.pickle")
    written = entry.stat().st_mtime_ns
    write_release(directory, LAGOON)
    assert live.refresh().reloaded
    assert entry.stat().st_mtime_ns == written and len(list(cache_dir.glob("*.pickle"))) == 1
