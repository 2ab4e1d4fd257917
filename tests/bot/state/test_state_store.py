"""The state database, the scheduler lease and the ``iom-bot gaps`` report."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from slack_standin import REPO

from bot.gaps.grouping import group_questions
from bot.gaps.report import render
from bot.serve.leader import SchedulerLease
from bot.state import MIGRATIONS, SCHEMA_VERSION, StateError, StateStore, scrub


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_migrations_run_once_and_are_recorded(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    assert store.migrate() == SCHEMA_VERSION == len(MIGRATIONS)
    assert store.migrate() == SCHEMA_VERSION
    assert store.schema_version() == SCHEMA_VERSION


def test_concurrent_first_start_migrates_cleanly(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            StateStore(tmp_path / "s.db").migrate()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert StateStore(tmp_path / "s.db").schema_version() == SCHEMA_VERSION


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "s.db") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StateError, match="schema version"):
        StateStore(tmp_path / "s.db").migrate()


def test_an_event_is_claimed_once_across_store_instances(tmp_path: Path) -> None:
    a, b = StateStore(tmp_path / "s.db"), StateStore(tmp_path / "s.db")
    a.migrate()
    assert a.claim_event("Ev1") is True
    assert b.claim_event("Ev1") is False
    assert b.claim_event("Ev2") is True


def test_claims_from_many_processes_have_one_winner(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    StateStore(db).migrate()
    code = (
        "import sys; from bot.state import StateStore; "
        "print(StateStore(sys.argv[1]).claim_event('EvShared'))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db)],
            stdout=subprocess.PIPE,
            text=True,
            env={"PYTHONPATH": str(REPO)},
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=30)[0].strip() for p in procs]
    assert sorted(results) == ["False", "False", "False", "True"]


def test_unanswered_questions_keep_no_user_ids(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    store.migrate()
    store.record_unanswered(
        "<@U0ASKER01> what about <@W0OTHER1|ana> and\x00 <!subteam^S1>?", "channel"
    )
    [(text, _, where)] = store.unanswered()
    assert text == "@someone what about @someone and @someone?" and where == "channel"
    with store.connect() as conn:
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(unanswered_questions)")}
    assert columns == {"id", "text", "asked_at", "channel_type", "enterprise_id", "team_id"}
    assert scrub("x" * 10_000) == "x" * 500


def test_retention_drops_old_curator_data(tmp_path: Path) -> None:
    clock = Clock()
    store = StateStore(tmp_path / "s.db", retention_days=30, clock=clock)
    store.migrate()
    store.record_unanswered("old question", "im")
    store.record_feedback("old answer", helpful=False)
    clock.now += 31 * 86400
    store.record_unanswered("new question", "im")
    assert [r[0] for r in store.unanswered()] == ["new question"]
    assert store.feedback_counts() == []


def test_feedback_counts_worst_first(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    store.migrate()
    for query, helpful in [("a", True), ("b", False), ("b", False), ("b", True), ("c", False)]:
        store.record_feedback(query, helpful)
    assert [(f.query, f.helpful, f.not_helpful) for f in store.feedback_counts()] == [
        ("b", 1, 2),
        ("c", 0, 1),
        ("a", 1, 0),
    ]


def test_only_one_holder_of_the_scheduler_lease(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    store.migrate()
    clock = Clock()
    first = SchedulerLease(store, ttl=30, clock=clock)
    second = SchedulerLease(store, ttl=30, clock=clock)
    assert first.try_acquire() and first.try_acquire()
    assert not second.try_acquire()
    first.release()
    assert second.try_acquire()
    assert not first.try_acquire()
    clock.now += 31  # the holder stopped renewing (it died on another host): taken over
    assert first.try_acquire() and first.holder() == first.owner
    assert not second.renew() and not second.held
    first.release()


def test_gaps_groups_similar_questions_most_frequent_first() -> None:
    rows = [
        (t, 1_700_000_000.0 + i, w)
        for i, (t, w) in enumerate(
            [
                ("¿Cuántos migrantes cruzan la frontera?", "im"),
                ("cuantos migrantes cruzan la frontera", "channel"),
                ("Cuantos migrantes cruzan la fronterra", "im"),
                ("who funds the shelters", "im"),
                ("Who funds the shelters?", "im"),
                ("weather in Tapachula", "channel"),
                ("cuantos migrantes cruzan la frontera", "im"),
            ]
        )
    ]
    groups = group_questions(rows)
    assert [g.count for g in groups] == [4, 2, 1]
    assert groups[0].label == "cuantos migrantes cruzan la frontera"
    report = render(groups, [], days=90, limit=10)
    assert report.splitlines()[1].strip().startswith("4  cuantos migrantes")
    assert "No answers marked not helpful." in report


def test_gaps_without_a_database_says_so(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "gaps"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PYTHONPATH": str(REPO), "IOM_BOT_DB": str(tmp_path / "none.db")},
    )
    assert run.returncode == 0, run.stderr
    assert "No questions recorded yet" in run.stdout
