"""The gaps report's read on PostgreSQL goes through a server-side cursor: while the rows
are being read the server is answering FETCHes of one batch, not holding the whole
result in the client. A real server (IOM_BOT_TEST_POSTGRES_URL); every wait is bounded.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bot.gaps.grouping import group_questions
from bot.gaps.report import render
from bot.state import StateStore

pytestmark = pytest.mark.postgres


def _activity(url: str, pid: int) -> str:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as admin:
        row = admin.execute(
            "SELECT state || ': ' || query FROM pg_stat_activity WHERE pid = %s", (pid,)
        ).fetchone()
    return str(row[0]) if row else ""


def test_unanswered_questions_stream_through_a_server_side_cursor(state_db_pg: str) -> None:
    now = [1_700_000_000.0]
    store = StateStore(state_db_pg, clock=lambda: now[0])
    store.migrate()
    try:
        for n in range(10):
            now[0] += 1
            store.record_unanswered(f"where is office {n}?", "im")
        with store.connect() as conn:  # the pooled connection the read will use
            pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
        rows = store.iter_unanswered(batch=3)
        first = next(rows)
        during = _activity(state_db_pg, pid)
        rest = list(rows)
        assert [t for t, _, _ in [first, *rest]] == [f"where is office {n}?" for n in range(10)]
        # mid-read: a transaction is open and the last statement fetched at most one batch
        # (SQLAlchemy starts small and grows to the batch size)
        assert during.startswith("idle in transaction: FETCH FORWARD "), during
        assert int(during.split("FETCH FORWARD ")[1].split()[0]) <= 3, during
        assert _activity(state_db_pg, pid).startswith("idle: ")  # the transaction ended
        abandoned = store.iter_unanswered(batch=3)
        next(abandoned)
        abandoned.close()  # a reader that stops early leaves no transaction open
        assert _activity(state_db_pg, pid).startswith("idle: ")
        store.record_unanswered("and afterwards?", "im")  # the connection is usable again
        assert len(store.unanswered()) == 11
        groups = group_questions(store.iter_unanswered(batch=4))  # as `iom-bot gaps` reads
        assert sum(g.count for g in groups) == 11
        assert "where is office" in render(groups, [], days=30, limit=10)
    finally:
        store.close()
