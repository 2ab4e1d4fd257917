"""The state database file itself: what is refused, what is created, and a held write lock.

Real files and real ``iom-bot`` processes: a lost (0-byte), garbage or foreign file is an
error naming it at start-up, never silently replaced by an empty database (which would
re-post every channel's backfill); read-only files give one line; the ack path's event
claim does not wait out another process's write lock.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from slack_standin import REPO, SlackStandIn, bot_env

from bot.digest.ledger import DigestLedger
from bot.state import (
    EVENT_CLAIM_TIMEOUT,
    MIGRATIONS,
    SCHEMA_VERSION,
    StateBusy,
    StateError,
    StateStore,
)

COMMANDS = [["digest"], ["gaps"], ["run"]]


def cli(
    args: list[str], env: dict[str, str], cwd: Path, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "bot.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=90,
    )


def one_line_error(run: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: IOM_BOT_DB") and "Traceback" not in run.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def made_database(path: Path) -> Path:
    store = StateStore(path)
    store.migrate()
    DigestLedger(store).subscribe("C0SUBSCRIBED")
    return path


def truncated(path: Path) -> None:
    made_database(path)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    path.write_bytes(b"")


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\n" * 200)


def foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.close()


def ours_missing_a_table(path: Path) -> None:
    made_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE digest_ledger")
    conn.close()


BROKEN = {
    "truncated": (truncated, "is empty (0 bytes)"),
    "garbage": (garbage, "is not an SQLite database"),
    "foreign": (foreign, "is not an iom-bot state database"),
    "missing-table": (ours_missing_a_table, "no digest_ledger table"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_file_that_is_not_our_database_is_refused_not_replaced(tmp_path: Path, case) -> None:
    make, message = BROKEN[case]
    db = tmp_path / "state.sqlite3"
    make(db)
    before = db.read_bytes()
    with pytest.raises(StateError, match=re.escape(message)) as caught:
        StateStore(db).migrate()
    assert str(db) in str(caught.value)
    assert db.read_bytes() == before  # left exactly as found, for whoever restores it


@pytest.mark.parametrize("case", ["truncated", "garbage", "foreign"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_reports_a_broken_database_in_one_line(
    tmp_path: Path, standin: SlackStandIn, case: str, command: list[str]
) -> None:
    make, message = BROKEN[case]
    db = tmp_path / "state.sqlite3"
    make(db)
    size = db.stat().st_size
    run = cli(command, bot_env(standin, db, DIGEST_CHANNELS="C0TESTCHAN1"), tmp_path)
    one_line_error(run, str(db), message)
    assert db.stat().st_size == size
    assert standin.calls("chat.postMessage", lambda c: c.body.get("channel") == "C0TESTCHAN1") == []


def test_a_missing_file_is_created_with_its_parent_directory(tmp_path: Path) -> None:
    db = tmp_path / "new" / "deeper" / "state.sqlite3"
    assert StateStore(db).migrate() == SCHEMA_VERSION
    assert DigestLedger(StateStore(db)).subscribe("C0NEW0001")
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_deleted_database_is_not_recreated_behind_the_bot(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    store = StateStore(db)
    store.migrate()
    db.unlink()
    with pytest.raises(StateError):
        store.claim_event("Ev0GONE")
    with pytest.raises(StateError):
        DigestLedger(store).subscribe("C0GONE001")
    assert not db.exists()


def test_processes_starting_at_once_all_open_one_database(tmp_path: Path) -> None:
    """No process sees another's half-made (0-byte) file: the new one is linked into place."""
    db = tmp_path / "state.sqlite3"
    code = (
        "import sys; from bot.state import StateStore; "
        "s = StateStore(sys.argv[1]); s.migrate(); print(s.claim_event(sys.argv[2]))"
    )
    for round_ in range(3):
        target = tmp_path / f"r{round_}" / db.name
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(target), "Ev0SAME"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={"PYTHONPATH": str(REPO)},
            )
            for _ in range(8)
        ]
        outs = [p.communicate(timeout=60) for p in procs]
        assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
        assert sorted(o[0].strip() for o in outs) == ["False"] * 7 + ["True"]
        assert StateStore(target).schema_version() == SCHEMA_VERSION


def test_a_database_of_the_previous_release_opens_and_keeps_its_rows(tmp_path: Path) -> None:
    """Schema version 2, as today's release writes it, migrates forward with its data."""
    db = tmp_path / "state.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for number, migration in enumerate(MIGRATIONS[:2], start=1):
        for statement in migration.statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO digest_subscriptions VALUES ('C0OLD0001', 1.0, 'command')")
    conn.execute("INSERT INTO digest_ledger VALUES ('C0OLD0001', 'r1', 'posted', '1.1', 2.0)")
    conn.execute("INSERT INTO digest_leases VALUES ('C0OLD0001', 'old-owner', 1e12)")
    conn.close()
    store = StateStore(db)
    assert store.migrate() == SCHEMA_VERSION
    ledger = DigestLedger(store)
    assert ledger.subscriptions() == ["C0OLD0001"]
    assert ledger.delivered("C0OLD0001") == {"r1"}
    assert not ledger.acquire("C0OLD0001", "new-owner")  # an old, live lease still counts


# -- read-only files ----------------------------------------------------------------------------


def unprivileged() -> list[str]:
    """A prefix under which file permissions bind (root ignores them unless it drops
    CAP_DAC_OVERRIDE); skips the test where that is impossible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_read_only_database_file_is_one_line(
    tmp_path: Path, standin: SlackStandIn, command: list[str]
) -> None:
    prefix = unprivileged()
    db = made_database(tmp_path / "state.sqlite3")
    db.chmod(0o444)
    try:
        run = cli(command, bot_env(standin, db, DIGEST_CHANNELS="C0TESTCHAN2"), tmp_path, prefix)
    finally:
        db.chmod(0o644)
    one_line_error(run, str(db), "read-only")


def test_a_read_only_directory_without_a_database_is_one_line(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    prefix = unprivileged()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        run = cli(["digest"], bot_env(standin, locked / "state.sqlite3"), tmp_path, prefix)
    finally:
        locked.chmod(0o755)
    one_line_error(run, str(locked / "state.sqlite3"), "read-only")
    assert list(locked.iterdir()) == []


# -- a held write lock --------------------------------------------------------------------------


def test_claim_event_gives_up_quickly_when_another_connection_holds_the_lock(
    tmp_path: Path,
) -> None:
    db = tmp_path / "state.sqlite3"
    store = StateStore(db)
    store.migrate()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as another process writing for 15 s
    holder.execute("INSERT INTO processed_events (event_id, received_at) VALUES ('Ev0HOLDER', 1)")
    try:
        started = time.monotonic()
        with pytest.raises(StateBusy):
            store.claim_event("Ev0WAITING")
        assert time.monotonic() - started < EVENT_CLAIM_TIMEOUT + 4  # generous; not 10 s
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert store.claim_event("Ev0WAITING") is True  # undecided before, so not remembered
    assert store.claim_event("Ev0WAITING") is False


def test_claim_event_waits_out_a_short_write(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    StateStore(db).migrate()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.1, lambda: holder.execute("COMMIT")).start()
    assert StateStore(db).claim_event("Ev0SHORT") is True
    holder.close()


def test_start_up_gives_up_on_a_database_locked_by_another_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.state import upgrade as state_module

    path = tmp_path / "state.sqlite3"
    StateStore(path).migrate()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(state_module, "MIGRATE_DEADLINE", 1.0)
    started = time.monotonic()
    try:
        with pytest.raises(StateError, match="stayed locked by another process"):
            StateStore(path).migrate()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert time.monotonic() - started < 5  # was: 100 attempts of a 10 s busy wait


def test_a_fifo_named_as_the_database_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    os.mkfifo(path)
    result: list[BaseException] = []

    def run() -> None:
        try:
            StateStore(path).migrate()
        except BaseException as exc:
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the thread before failing
        with open(path, "wb"):
            pass
        pytest.fail("migrate() blocked on a FIFO")
    assert result and isinstance(result[0], StateError)
    assert "not a regular file" in str(result[0])


def test_a_database_of_todays_release_upgrades_in_place_with_every_row(tmp_path: Path) -> None:
    """Schema version 3 built with the shipped SQL, a row in every table, as the release
    before workspaces wrote them: after the upgrade every row is there, under SINGLE."""
    db = tmp_path / "state.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for number, migration in enumerate(MIGRATIONS[:3], start=1):
        for statement in migration.statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    rows = [
        "INSERT OR IGNORE INTO processed_events (event_id, received_at) VALUES ('Ev0OLD', 9e9)",
        "INSERT INTO unanswered_questions (text, asked_at, channel_type) VALUES ('q?', 9e9, 'im')",
        "INSERT INTO feedback (query, helpful, clicked_at) VALUES ('contact x', 0, 9e9)",
        "INSERT OR IGNORE INTO digest_subscriptions VALUES ('C0OLD0001', 1.0, 'command')",
        "INSERT OR IGNORE INTO digest_ledger VALUES ('C0OLD0001', 'r1', 'posted', '1.1', 2.0)",
        "INSERT OR IGNORE INTO digest_ledger VALUES ('C0OLD0001', 'r2', 'posting', NULL, 3.0)",
        "INSERT OR REPLACE INTO digest_leases (channel_id, owner, expires_at, pid, host, "
        "heartbeat_at) VALUES ('C0OLD0001', 'old-owner', 1e12, 1, 'elsewhere', 9e9)",
        "INSERT INTO digest_unsubscribed (channel_id, unsubscribed_at, history_pruned) "
        "VALUES ('C0GONE0001', 5.0, 1)",
    ]
    for statement in rows:
        conn.execute(statement)
    conn.close()

    store = StateStore(db)
    assert store.migrate() == SCHEMA_VERSION
    assert StateStore(db).migrate() == SCHEMA_VERSION  # and again: nothing changes
    ledger = DigestLedger(store)
    assert ledger.subscriptions() == ["C0OLD0001"]
    assert ledger.posts("C0OLD0001") == [("r1", "1.1", "posted"), ("r2", None, "posting")]
    assert [i.release_id for i in ledger.in_flight("C0OLD0001")] == ["r2"]
    assert ledger.holder("C0OLD0001").owner == "old-owner"  # type: ignore[union-attr]
    assert not ledger.acquire("C0OLD0001", "new-owner")  # an old, live lease still counts
    assert ledger.history_pruned("C0GONE0001")
    assert store.claim_event("Ev0OLD") is False  # remembered: a retry is still a duplicate
    assert [r[0] for r in store.unanswered()] == ["q?"]
    assert [(f.query, f.not_helpful) for f in store.feedback_counts()] == [("contact x", 1)]
    with store.connect() as conn2:
        keys = conn2.exec_driver_sql(
            "SELECT DISTINCT enterprise_id, team_id FROM digest_ledger"
        ).all()
    assert keys == [("", "")]


def test_a_postgres_password_is_never_shown(tmp_path: Path, standin: SlackStandIn) -> None:
    """An unreachable server: one line naming IOM_BOT_DB and the URL, password masked."""
    url = "postgresql://iom:hunter2-not-shown@127.0.0.1:9/iom"
    with pytest.raises(StateError) as caught:
        StateStore(url).migrate()
    assert "hunter2" not in str(caught.value) and "iom:***@127.0.0.1:9/iom" in str(caught.value)
    for command in COMMANDS:
        run = cli(command, bot_env(standin, tmp_path / "unused", IOM_BOT_DB=url), tmp_path)
        one_line_error(run, "***@127.0.0.1:9/iom")
        assert "hunter2" not in run.stderr + run.stdout
