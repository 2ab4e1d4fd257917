"""The state layer on both engines: a new SQLite file and a new PostgreSQL database.

Each test runs twice (``state_db``: sqlite, postgresql); the PostgreSQL half needs the
server named by IOM_BOT_TEST_POSTGRES_URL (tests/conftest.py leaves it out otherwise).
Real databases and real processes, nothing mocked.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from slack_standin import REPO

from bot.digest.ledger import DigestLedger
from bot.serve.leader import Leader, SchedulerLease
from bot.state import SCHEMA_VERSION, SINGLE, StateStore, Workspace, workspace_of

PARTNER = Workspace("", "T0PARTNER1")
ORG = Workspace("E0ORG00001", "")


def migrated(target: Path | str) -> StateStore:
    store = StateStore(target)
    assert store.migrate() == SCHEMA_VERSION
    return store


def test_migrating_twice_changes_nothing(state_db: Path | str) -> None:
    store = migrated(state_db)
    DigestLedger(store).subscribe("C0KEPT0001")
    assert StateStore(state_db).migrate() == SCHEMA_VERSION
    assert store.schema_version() == SCHEMA_VERSION
    assert DigestLedger(store).subscriptions() == ["C0KEPT0001"]


def test_processes_starting_and_claiming_at_once_have_one_winner(state_db: Path | str) -> None:
    code = (
        "import sys; from bot.state import StateStore; "
        "s = StateStore(sys.argv[1]); s.migrate(); print(s.claim_event('Ev0SHARED'))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(state_db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PYTHONPATH": str(REPO)},
        )
        for _ in range(6)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    assert sorted(o[0].strip() for o in outs) == ["False"] * 5 + ["True"]


def test_threads_claiming_one_event_have_one_winner(state_db: Path | str) -> None:
    store = migrated(state_db)
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def claim() -> None:
        barrier.wait()
        results.append(store.claim_event("Ev0THREADS"))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [False] * 7 + [True]
    store.forget_event("Ev0THREADS")
    assert store.claim_event("Ev0THREADS") is True  # forgotten: the next delivery is handled


def test_every_row_is_kept_apart_by_workspace(state_db: Path | str) -> None:
    store = migrated(state_db)
    assert store.claim_event("Ev0SAME", SINGLE) and store.claim_event("Ev0SAME", PARTNER)
    assert not store.claim_event("Ev0SAME", PARTNER)
    single, partner, org = (DigestLedger(store, workspace=w) for w in (SINGLE, PARTNER, ORG))
    assert single.subscribe("C0SAMEID01") and partner.subscribe("C0SAMEID01")
    assert org.subscribe("C0ORGCHAN1")
    assert partner.begin_post("C0SAMEID01", ["r1"]) == ["r1"]
    assert single.delivered("C0SAMEID01") == set() and partner.delivered("C0SAMEID01") == {"r1"}
    assert single.acquire("C0SAMEID01", "a") and partner.acquire("C0SAMEID01", "b")
    assert sorted(single.workspaces()) == sorted([SINGLE, PARTNER, ORG])
    assert partner.forget_workspace() == 1
    assert partner.subscriptions() == [] and single.subscriptions() == ["C0SAMEID01"]
    store.record_feedback("q", True, PARTNER)
    store.record_unanswered("where?", "im", ORG)
    assert [f.query for f in store.feedback_counts()] == ["q"] and len(store.unanswered()) == 1


def test_the_workspace_of_a_request() -> None:
    event = {"team_id": "T0A", "enterprise_id": "E0B"}
    assert workspace_of(event, multi=False) == SINGLE  # one token: everything under SINGLE
    assert workspace_of(event, multi=True) == Workspace("E0B", "T0A")
    # an org-wide install's rows are still the workspace's the request came from (a slash
    # command's flag is the string "true"/"false"; neither changes the key)
    for flag in (True, "true", "false"):
        assert workspace_of({**event, "is_enterprise_install": flag}, multi=True) == Workspace(
            "E0B", "T0A"
        )
    action = {"team": {"id": "T0C"}, "user": {"team_id": "T0D"}}
    assert workspace_of(action, multi=True) == Workspace("", "T0C")


def test_one_scheduler_lease_holder_and_a_takeover(state_db: Path | str) -> None:
    store = migrated(state_db)
    now = [1_700_000_000.0]
    first, second = (SchedulerLease(store, ttl=30, clock=lambda: now[0]) for _ in range(2))
    started: list[str] = []
    leaders = [
        Leader(lease, lambda name=name: started.append(name) or _Jobs(), every=3600)
        for lease, name in ((first, "first"), (second, "second"))
    ]
    leaders[0].step()
    leaders[1].step()
    assert started == ["first"] and first.held and not second.held
    now[0] += 31  # first stopped renewing (its host died)
    leaders[1].step()
    assert started == ["first", "second"] and second.held
    leaders[0].step()  # first wakes up: it lost the lease, and stops its jobs
    assert not first.held and leaders[0].scheduler is None
    assert first.holder() == second.owner
    leaders[1].release()
    assert first.holder() is None


class _Jobs:
    def shutdown(self, wait: bool = False) -> None:
        pass


@pytest.mark.postgres
def test_postgres_claim_gives_up_on_a_held_row_lock(state_db_pg: str) -> None:
    """Another transaction inserting the same event id (uncommitted) holds the claim; the
    ack path gives up after EVENT_CLAIM_TIMEOUT with StateBusy instead of waiting."""
    import psycopg

    from bot.state import StateBusy

    store = migrated(state_db_pg)
    holder = psycopg.connect(state_db_pg)
    holder.execute(
        "INSERT INTO processed_events (event_id, received_at) VALUES ('Ev0HELD', 1)"
    )  # psycopg opened a transaction: the row stays uncommitted
    try:
        with pytest.raises(StateBusy, match="not decided"):
            store.claim_event("Ev0HELD")
        assert store.claim_event("Ev0OTHER") is True  # other ids are not blocked
    finally:
        holder.rollback()
        holder.close()
    assert store.claim_event("Ev0HELD") is True
    store.close()


@pytest.mark.postgres
def test_postgres_database_shared_with_other_tables_opens_but_ours_must_be_whole(
    state_db_pg: str,
) -> None:
    import psycopg

    with psycopg.connect(state_db_pg, autocommit=True) as conn:
        conn.execute("CREATE TABLE slack_installations_demo (id INTEGER)")  # another app's
    store = migrated(state_db_pg)
    with psycopg.connect(state_db_pg, autocommit=True) as conn:
        conn.execute("DROP TABLE digest_ledger")
    from bot.state import StateError

    with pytest.raises(StateError, match="no digest_ledger table"):
        StateStore(state_db_pg).migrate()
    store.close()
