"""``iom-bot state adopt``: a single-workspace bot's rows move to a workspace, on both
engines; refused, changing nothing, when that workspace has rows of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from slack_standin import REPO

from bot.digest.ledger import DigestLedger
from bot.state import SCHEMA_VERSION, SINGLE, StateError, StateStore, Workspace, tables_at
from bot.state.adopt import KEYED_TABLES, adopt

PARTNER = Workspace("", "T0ADOPTED1")


def single_workspace_bot(target: Path | str) -> StateStore:
    store = StateStore(target)
    store.migrate()
    ledger = DigestLedger(store)
    ledger.subscribe("C0OLDCHAN1")
    ledger.mark_seen("C0OLDCHAN1", ["r1", "r2"])
    store.claim_event("Ev0OLD")
    store.record_feedback("contact x", False)
    return store


def test_every_keyed_table_is_adopted(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "s.db")
    store.migrate()
    with store.connect() as conn:
        keyed = {
            table
            for table in tables_at(SCHEMA_VERSION)
            if "team_id" in {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
        }
    assert keyed == set(KEYED_TABLES)


def test_rows_move_to_the_workspace_and_a_second_history_is_refused(
    state_db: Path | str,
) -> None:
    store = single_workspace_bot(state_db)
    moved = adopt(store, PARTNER)
    assert moved["digest_subscriptions"] == 1 and moved["digest_ledger"] == 2
    partner = DigestLedger(store, workspace=PARTNER)
    assert partner.subscriptions() == ["C0OLDCHAN1"] and partner.delivered("C0OLDCHAN1") == {
        "r1",
        "r2",
    }
    assert DigestLedger(store).subscriptions() == []
    assert store.claim_event("Ev0OLD", PARTNER) is False  # still a duplicate there
    DigestLedger(store).subscribe("C0NEWCHAN1")  # the single workspace again …
    with pytest.raises(StateError, match="already has rows in"):
        adopt(store, PARTNER)  # … cannot be merged into the partner's history
    assert DigestLedger(store).subscriptions() == ["C0NEWCHAN1"]  # nothing changed
    with pytest.raises(StateError, match="needs a team id"):
        adopt(store, SINGLE)


def test_the_command_says_what_it_moved(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    single_workspace_bot(db)
    env = {"PYTHONPATH": str(REPO), "IOM_BOT_DB": str(db)}
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "state", "adopt", "T0ADOPTED1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Moved 5 row(s) of the single workspace to T0ADOPTED1" in run.stdout
    again = subprocess.run(
        [sys.executable, "-m", "bot.cli", "state", "adopt", "T0ADOPTED1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 2 and again.stderr.startswith("error: IOM_BOT_DB: T0ADOPTED1")
    assert len(again.stderr.strip().splitlines()) == 1
