"""The reload thread logs each reload and each refused edit once per bot, in one line, and
survives anything a refresh throws (issue 12)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from invented_releases import grown_knowledge, release, write_release

from bot.serve.reload import Reloader, start_reloader
from knowledge.live import LiveKnowledge

DESK = release("bay-desk", "IOM Opens a Desk in Invented Bay", ["return-migration"])


def live_over(directory: Path) -> LiveKnowledge:
    return LiveKnowledge.open(directory, wait=lambda _: None)


def messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level]


@pytest.mark.parametrize(("report", "level"), [(True, logging.INFO), (False, logging.DEBUG)])
def test_a_reload_is_one_line_at_info_only_where_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, report: bool, level: int
) -> None:
    directory = grown_knowledge(tmp_path)
    reloader = Reloader(live_over(directory), 60, report=report)
    write_release(directory, DESK)
    with caplog.at_level(logging.DEBUG, logger="iom_bot"):
        assert reloader.step().reloaded
        reloader.step()  # nothing changed since: nothing logged
    (line,) = [r.getMessage() for r in caplog.records]
    assert line.startswith("knowledge reloaded: 6 releases, loaded and indexed in ")
    assert caplog.records[0].levelno == level


def test_a_broken_edit_is_one_warning_naming_file_and_field(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = grown_knowledge(tmp_path)
    live = live_over(directory)
    reloader = Reloader(live, 60, report=True)
    path = directory / "releases" / "ddg-visit.yaml"
    path.write_text(path.read_text().replace("title:", "titel:", 1))
    with caplog.at_level(logging.DEBUG, logger="iom_bot"):
        for _ in range(3):
            reloader.step()
    (line,) = [r.getMessage() for r in caplog.records]
    assert caplog.records[0].levelno == logging.WARNING
    assert line.startswith(
        "knowledge not reloaded, still serving the last good knowledge: releases/ddg-visit.yaml: "
    )
    assert "title" in line and len(live.releases) == 5


def test_a_failing_refresh_is_logged_and_the_thread_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Exploding(LiveKnowledge):
        def refresh(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("disk on fire")

    live = Exploding.open(grown_knowledge(tmp_path))
    with caplog.at_level(logging.ERROR, logger="iom_bot"):
        assert not Reloader(live, 60, report=True).step().reloaded
    assert messages(caplog, logging.ERROR) == ["knowledge reload failed unexpectedly"]


def test_the_thread_swaps_in_a_published_release(tmp_path: Path) -> None:
    directory = grown_knowledge(tmp_path)
    live = live_over(directory)
    reloader = Reloader(live, 0.05, report=True).start()
    try:
        write_release(directory, DESK)
        deadline = time.monotonic() + 20
        while len(live.releases) == 5 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        reloader.stop()
    assert len(live.releases) == 6


def test_no_thread_when_live_reload_is_off(tmp_path: Path) -> None:
    assert start_reloader(live_over(grown_knowledge(tmp_path)), 0, report=True) is None
    assert start_reloader(None, 2, report=True) is None
