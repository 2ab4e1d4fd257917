"""PostgreSQL connections: each engine's session settings from the start, and a pooled
connection that sat idle is pinged (and replaced when the server closed it) at checkout.

A real server (IOM_BOT_TEST_POSTGRES_URL); every wait is bounded.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bot.state import StateError, StateStore
from bot.state import engine as engine_module

pytestmark = pytest.mark.postgres


def _pid(store: StateStore, **options: object) -> int:
    with store.connect(**options) as conn:  # type: ignore[arg-type]
        return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _terminate(url: str, pid: int) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            gone = admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,))
            if gone.fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still there")


def test_each_engine_has_its_session_settings_from_the_start(state_db_pg: str) -> None:
    store = StateStore(state_db_pg)
    try:
        with store.connect(durable=False, timeout=1.0) as conn:  # the event claims'
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar_one() == "1s"
            assert conn.exec_driver_sql("SHOW synchronous_commit").scalar_one() == "off"
        with store.connect() as conn:  # everything else
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar_one() == "10s"
            assert conn.exec_driver_sql("SHOW synchronous_commit").scalar_one() == "on"
        assert store.db.engine(durable=False, timeout=1.0) is not store.db.engine()
    finally:
        store.close()


def test_an_idle_connection_the_server_closed_is_replaced_at_checkout(
    state_db_pg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PG_PING_IDLE", 0.0)  # every reuse counts as idle
    store = StateStore(state_db_pg)
    try:
        first = _pid(store)
        assert _pid(store) == first  # pooled: the same server connection again
        _terminate(state_db_pg, first)
        assert _pid(store) != first  # the ping found it closed; a new one, no error
    finally:
        store.close()


def test_a_connection_used_a_moment_ago_is_not_pinged(
    state_db_pg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trade-off the ack path makes: no ping for a connection in recent use, so a
    server restart in that window fails one statement (an event claim: 503, Slack
    redelivers), and the pool then replaces its connections."""
    monkeypatch.setattr(engine_module, "PG_PING_IDLE", 3600.0)
    store = StateStore(state_db_pg)
    try:
        first = _pid(store)
        _terminate(state_db_pg, first)
        with pytest.raises(StateError):
            _pid(store)
        assert _pid(store) != first
    finally:
        store.close()
