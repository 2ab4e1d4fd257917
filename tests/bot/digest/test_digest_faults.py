"""Digest runs under faults: a dropped connection, a run outliving its lease, a killed run,
database errors, and the ``iom-bot digest`` command line's promises.

In-process runners on real SQLite files and the Web API stand-in, with a controllable
clock where the real one would take minutes (the ``iom-bot digest`` process items:
tests/e2e/test_digest_faults_e2e.py).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from digest_helpers import every_release, new_ledger
from slack_sdk import WebClient
from slack_standin import (
    BOT_TOKEN,
    REPO,
    SlackStandIn,
    add_release,
    for_channel,
    posted_ids,
)

import bot.digest.messages
from bot.digest.cli import EXIT_STATE, exit_status
from bot.digest.ledger import HEARTBEAT_STALE, LEASE_TTL, DigestLedger, this_host
from bot.digest.runner import DIGEST_MAX_RETRY_WAIT, DigestRunner
from bot.settings import DigestSettings
from bot.slack.client import API_TIMEOUT, web_client
from bot.state import StateStore
from knowledge import load_knowledge


class Clock:
    def __init__(self, now: float | None = None) -> None:
        self.now = time.time() if now is None else now

    def __call__(self) -> float:
        return self.now


# -- 5: a run that outlives its lease ------------------------------------------------------------


def test_a_long_run_keeps_its_lease_and_a_rival_run_skips(
    kb, tmp_path: Path, standin: SlackStandIn, ids, monkeypatch
) -> None:
    """Five posts of 200 (clock) seconds each: 1,000 s, past the 600 s lease."""
    monkeypatch.setattr(bot.digest.messages, "RELEASES_PER_MESSAGE", 1)
    channel = ids.channel()
    clock = Clock()
    db = tmp_path / "long.sqlite3"
    ledger = new_ledger(db, clock)
    ledger.subscribe(channel)
    rival = DigestRunner(
        kb,
        DigestLedger(StateStore(db), clock),
        web_client(BOT_TOKEN, standin.api_url),
        DigestSettings(),
    )
    rival_results = []

    class SlowSlack(WebClient):
        def chat_postMessage(self, **kwargs: Any) -> Any:  # slack_sdk's name
            clock.now += 200  # a slow Slack, rate-limit waits: minutes pass during the post
            rival_results.append(rival.run_channel(channel))
            return super().chat_postMessage(**kwargs)

    slow = SlowSlack(token=BOT_TOKEN, base_url=standin.api_url, timeout=5)
    [result] = DigestRunner(kb, ledger, slow, DigestSettings()).run()
    assert clock.now - ledger.clock() == 0 and len(rival_results) == 5
    assert result.error is None and sorted(result.posted) == every_release(kb)
    for rival_result in rival_results:
        assert rival_result.posted == [] and "another digest run" in (rival_result.note or "")
    assert {r.kind for r in rival_results} == {"skipped"}
    assert sorted(posted_ids(standin, channel)) == every_release(kb)  # once each


def test_no_single_wait_can_outlast_the_lease() -> None:
    """The longest gap between two heartbeats (one post with every retry) is well inside
    the staleness bound, which is inside the lease."""
    longest_call = 3 * API_TIMEOUT + 2 * DIGEST_MAX_RETRY_WAIT
    assert longest_call * 2 < HEARTBEAT_STALE < LEASE_TTL


def test_a_silent_lease_from_another_host_is_recovered(kb, tmp_path, standin, ids) -> None:
    channel = ids.channel()
    clock = Clock()
    ledger = new_ledger(tmp_path / "h.sqlite3", clock)
    ledger.subscribe(channel)
    with ledger.store.connect() as conn:  # a run on another host, last heard of 6 min ago
        conn.exec_driver_sql(
            "INSERT INTO digest_leases (channel_id, owner, expires_at, pid, host, heartbeat_at) "
            "VALUES (?, 'elsewhere:1:x', ?, 1, 'other-host', ?)",
            (channel, clock.now + 240, clock.now - HEARTBEAT_STALE - 60),
        )
    runner = DigestRunner(kb, ledger, web_client(BOT_TOKEN, standin.api_url), DigestSettings())
    [result] = runner.run()
    assert result.kind == "ok" and sorted(result.posted) == every_release(kb)
    # a live one on another host (fresh heartbeat) is respected
    assert ledger.acquire(channel, "elsewhere:2:y")
    with ledger.store.connect() as conn:
        conn.exec_driver_sql("UPDATE digest_leases SET host = 'other-host', pid = 1")
    assert not ledger.acquire(channel, "mine") and this_host() != "other-host"


class FailingLeases(StateStore):
    """A state database whose every statement on the lease table fails (disk I/O error)."""

    @contextmanager
    def connect(self, **kwargs: Any) -> Iterator[Any]:
        with super().connect(**kwargs) as conn:
            yield _Failing(conn)


class _Failing:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: Any, *args: Any) -> Any:
        if "digest_leases" in str(sql):
            raise sqlite3.OperationalError("disk I/O error")
        return self.conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


def test_a_database_error_is_an_error_not_another_run(kb, tmp_path, standin, ids) -> None:
    channel = ids.channel()
    db = tmp_path / "io.sqlite3"
    new_ledger(db).subscribe(channel)
    ledger = DigestLedger(FailingLeases(db))
    runner = DigestRunner(kb, ledger, web_client(BOT_TOKEN, standin.api_url), DigestSettings())
    [result] = runner.run()
    assert result.kind == "state" and "disk I/O error" in result.line()
    assert "another digest run" not in result.line()
    assert exit_status([result]) == EXIT_STATE
    assert standin.calls("chat.postMessage", for_channel(channel)) == []


def test_invite_hint_names_the_bot_user_of_the_manifest() -> None:
    import yaml

    from bot.digest import commands as digest_commands
    from bot.digest import results

    manifest = yaml.safe_load((REPO / "slack-manifest.yaml").read_text())
    name = manifest["features"]["bot_user"]["display_name"]
    assert f"/invite @{name}" == results.INVITE
    assert results.INVITE in results.HINTS["not_in_channel"]
    assert results.INVITE in digest_commands.NOT_A_MEMBER


# -- 13: ledger retention ----------------------------------------------------------------------------


def test_pruning_drops_long_unsubscribed_channels_and_never_reposts(
    knowledge_copy: Path, tmp_path: Path, standin: SlackStandIn, ids
) -> None:
    channel, staying = ids.channel(), ids.channel()
    clock = Clock()
    ledger = new_ledger(tmp_path / "p.sqlite3", clock)
    ledger.subscribe(channel)
    ledger.subscribe(staying)
    client = web_client(BOT_TOKEN, standin.api_url)
    DigestRunner(load_knowledge(knowledge_copy), ledger, client, DigestSettings()).run()
    assert ledger.unsubscribe(channel)
    clock.now += 100 * 86400
    assert ledger.prune(retention_days=180) == 0  # not yet
    clock.now += 81 * 86400
    assert ledger.prune(retention_days=180) == 5
    assert ledger.posts(channel) == [] and len(ledger.posts(staying)) == 5

    ledger.subscribe(channel)  # back after half a year: nothing it had is posted again
    [back, kept] = DigestRunner(
        load_knowledge(knowledge_copy), ledger, client, DigestSettings()
    ).run()
    assert back.posted == [] and kept.posted == []
    add_release(knowledge_copy, "zz-after-return", "A Release After The Return")
    results = DigestRunner(load_knowledge(knowledge_copy), ledger, client, DigestSettings()).run()
    assert [r.posted for r in results] == [["zz-after-return"], ["zz-after-return"]]
    for c in (channel, staying):
        ids_posted = posted_ids(standin, c)
        assert len(ids_posted) == len(set(ids_posted))  # no release twice in either channel


# -- reconciliation never guesses ---------------------------------------------------------------


def test_a_post_that_got_no_answer_is_left_to_settle_then_found(kb, tmp_path, ids) -> None:
    from slack_standin import BOT_TOKEN, SlackStandIn

    from bot.digest.runner import DigestRunner
    from bot.slack.client import web_client

    standin = SlackStandIn()
    try:
        offset = [0.0]
        ledger = new_ledger(tmp_path / "settle.sqlite3", lambda: time.time() + offset[0])
        channel = ids.channel()
        ledger.subscribe(channel)
        client = web_client(BOT_TOKEN, standin.api_url, timeout=1)
        # Slack takes the post but answers after the bot gave up (2 s > 1 s timeout)
        standin.delay("chat.postMessage", 2.0, where=lambda b: b.get("channel") == channel)
        [first] = DigestRunner(kb, ledger, client, DigestSettings()).run()
        assert first.error and not first.posted
        # a rerun at once (cron retry, systemd restart): not in the channel yet, not re-posted
        [second] = DigestRunner(kb, ledger, client, DigestSettings()).run()
        assert second.error and "less than" in second.error and not second.posted
        time.sleep(2.5)  # Slack has it now
        offset[0] = 120.0  # and the settle time has passed
        [third] = DigestRunner(kb, ledger, client, DigestSettings()).run()
        assert third.recovered and not third.posted
        assert len(standin.posted[channel]) == 1
    finally:
        standin.close()


def test_a_channel_too_long_to_search_is_not_posted_to_blindly(kb, tmp_path, ids) -> None:
    from slack_standin import BOT_TOKEN, SlackStandIn

    from bot.digest.runner import HISTORY_PAGES, DigestRunner
    from bot.slack.client import web_client

    class Busy(SlackStandIn):
        """A channel whose history always has another page."""

        def _reply(self, method: str, body: dict[str, Any], headers: Any = None) -> dict[str, Any]:
            reply = super()._reply(method, body, headers)
            if method == "conversations.history":
                reply = {"ok": True, "messages": [], "response_metadata": {"next_cursor": "x"}}
            return reply

    standin = Busy()
    try:
        offset = [0.0]
        ledger = new_ledger(tmp_path / "settle.sqlite3", lambda: time.time() + offset[0])
        channel = ids.channel()
        ledger.subscribe(channel)
        client = web_client(BOT_TOKEN, standin.api_url, timeout=5)
        standin.drop("chat.postMessage", where=lambda b: b.get("channel") == channel)
        DigestRunner(kb, ledger, client, DigestSettings()).run()
        offset[0] = 120.0
        [result] = DigestRunner(kb, ledger, client, DigestSettings()).run()
        assert result.error and "more than" in result.error and not result.posted
        assert len(standin.calls("conversations.history")) == HISTORY_PAGES
        assert len(standin.posted[channel]) == 1  # the dropped one only
    finally:
        standin.close()
