"""Digest runs under faults: a dropped connection, a run outliving its lease, a killed run,
database errors, and the ``iom-bot digest`` command line's promises.

Real SQLite files, the Web API stand-in, real ``iom-bot digest`` processes where the item
is about the command; a controllable clock where the real one would take minutes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_standin import (
    BOT_TOKEN,
    FORM,
    SlackStandIn,
    bot_env,
    command_body,
    for_channel,
    for_url,
    send_signed,
)
from test_digest import add_release, posted_ids

import bot.digest.messages
from bot.digest.cli import EXIT_FAILED, EXIT_SKIPPED, EXIT_STATE, exit_status
from bot.digest.ledger import HEARTBEAT_STALE, LEASE_TTL, DigestLedger, this_host
from bot.digest.runner import DIGEST_MAX_RETRY_WAIT, DigestRunner
from bot.settings import DigestSettings
from bot.slack.client import API_TIMEOUT, web_client
from bot.state import StateStore
from knowledge import KnowledgeBase, load_knowledge

DIGEST = [sys.executable, "-m", "bot.cli", "digest"]


class Clock:
    def __init__(self, now: float | None = None) -> None:
        self.now = time.time() if now is None else now

    def __call__(self) -> float:
        return self.now


def digest(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DIGEST, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=90
    )


def every_release(kb: KnowledgeBase | None = None) -> list[str]:
    return sorted(r.id for r in (kb or load_knowledge()).releases)


def new_ledger(path: Path, clock: Any = time.time) -> DigestLedger:
    store = StateStore(path)
    store.migrate()
    return DigestLedger(store, clock)


# -- 4: a dropped connection ---------------------------------------------------------------------


def test_dropped_connection_is_reported_unknown_then_found_not_reposted(
    tmp_path: Path, standin: SlackStandIn, ids
) -> None:
    channel = ids.channel()
    env = bot_env(standin, tmp_path / "drop.sqlite3", DIGEST_CHANNELS=channel)
    standin.drop("chat.postMessage", where=lambda b: b.get("channel") == channel)

    first = digest(env, tmp_path)
    assert first.returncode == EXIT_FAILED, (first.stdout, first.stderr)
    assert first.stdout == ""
    [line] = first.stderr.strip().splitlines()
    assert line.startswith(f"{channel}: OUTCOME UNKNOWN: no answer from Slack")

    second = digest(env, tmp_path)
    assert second.returncode == 0, second.stderr
    assert f"{channel}: posted 0 release(s), 5 found already posted" in second.stdout
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1
    assert sorted(posted_ids(standin, channel)) == every_release()  # each exactly once


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


def test_a_retry_after_longer_than_the_bound_fails_the_post_instead_of_waiting(
    tmp_path: Path, standin: SlackStandIn, ids
) -> None:
    channel = ids.channel()
    env = bot_env(standin, tmp_path / "429.sqlite3", DIGEST_CHANNELS=channel)
    standin.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == channel,
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "615"},
    )
    started = time.monotonic()
    first = digest(env, tmp_path)
    assert time.monotonic() - started < 60  # generous; the old client slept 615 s
    assert first.returncode == EXIT_FAILED and "ratelimited" in first.stderr
    again = digest(env, tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(posted_ids(standin, channel)) == every_release()


# -- 6: a killed run, skips and database errors --------------------------------------------------


def test_a_run_killed_mid_post_is_recovered_at_once_and_delivers_once(
    tmp_path: Path, standin: SlackStandIn, ids
) -> None:
    channel = ids.channel()
    env = bot_env(standin, tmp_path / "kill.sqlite3", DIGEST_CHANNELS=channel)
    standin.delay("chat.postMessage", 2.0, where=lambda b: b.get("channel") == channel)
    victim = subprocess.Popen(
        DIGEST, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        standin.wait_for("chat.postMessage", for_channel(channel), timeout=60)
    finally:
        victim.kill()  # SIGKILL while its post hangs: no cleanup, the lease stays behind
        victim.communicate(timeout=30)
    assert victim.returncode == -9
    deadline = time.monotonic() + 15  # Slack still finishes the post the dead run sent
    while not standin.posted.get(channel) and time.monotonic() < deadline:
        time.sleep(0.05)

    started = time.monotonic()
    rescue = digest(env, tmp_path)
    assert time.monotonic() - started < 60  # at once, not after the 600 s lease
    assert rescue.returncode == 0, (rescue.stdout, rescue.stderr)
    assert "5 found already posted" in rescue.stdout
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1
    assert sorted(posted_ids(standin, channel)) == every_release()


def test_a_channel_held_by_a_live_run_is_skipped_with_a_nonzero_exit(
    tmp_path: Path, standin: SlackStandIn, ids
) -> None:
    channel = ids.channel()
    db = tmp_path / "held.sqlite3"
    ledger = new_ledger(db)
    ledger.subscribe(channel)
    assert ledger.acquire(channel, "a-live-run")  # this test process: alive, fresh heartbeat
    run = digest(bot_env(standin, db), tmp_path)
    assert run.returncode == EXIT_SKIPPED, (run.stdout, run.stderr)
    [line] = run.stderr.strip().splitlines()
    assert line.startswith(f"{channel}: SKIPPED: another digest run (pid {os.getpid()}")
    assert standin.calls("chat.postMessage", for_channel(channel)) == []


def test_a_silent_lease_from_another_host_is_recovered(kb, tmp_path, standin, ids) -> None:
    channel = ids.channel()
    clock = Clock()
    ledger = new_ledger(tmp_path / "h.sqlite3", clock)
    ledger.subscribe(channel)
    with ledger.store.connect() as conn:  # a run on another host, last heard of 6 min ago
        conn.execute(
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
        conn.execute("UPDATE digest_leases SET host = 'other-host', pid = 1")
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

    def execute(self, sql: str, *args: Any) -> Any:
        if "digest_leases" in sql:
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


# -- 13: the command line --------------------------------------------------------------------------


def test_digest_needs_only_the_bot_token(tmp_path: Path, standin: SlackStandIn, ids) -> None:
    channel = ids.channel()
    env = bot_env(standin, tmp_path / "t.sqlite3", DIGEST_CHANNELS=channel)
    del env["SLACK_SIGNING_SECRET"]
    run = digest(env, tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(posted_ids(standin, channel)) == every_release()


@pytest.mark.parametrize("bad", ["general", "#press", "c0123abcd", "C1"])
def test_channel_option_is_checked_like_digest_channels(tmp_path, standin, bad) -> None:
    run = digest(bot_env(standin, tmp_path / "c.sqlite3"), tmp_path, "--channel", bad)
    assert run.returncode == 2
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("error: --channel") and "not a channel id" in line


def test_dry_run_stdout_is_json_and_says_what_this_run_would_post(
    knowledge_copy: Path, tmp_path: Path, standin: SlackStandIn, ids
) -> None:
    for n in range(60):  # 65 releases: a run posts at most 50
        add_release(knowledge_copy, f"zz-extra-{n:02d}", f"Extra release {n}")
    channel = ids.channel()
    env = bot_env(standin, tmp_path / "d.sqlite3", DIGEST_BACKFILL="500")
    run = digest(
        env, tmp_path, "--dry-run", "--channel", channel, "--knowledge", str(knowledge_copy)
    )
    assert run.returncode == 0, run.stderr
    payloads = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(payloads) == 5 and all(p["channel"] == channel for p in payloads)
    assert f"{channel}: would post 50 release(s), 15 more wait for the next digest" in run.stderr
    assert standin.calls("chat.postMessage", for_channel(channel)) == []


def test_subscribe_in_a_group_dm_says_digests_go_to_channels(http_bot, standin, ids) -> None:
    tag = ids.tag()
    body = command_body(
        "digest subscribe",
        standin.response_url(tag),
        channel_id=ids.channel("G"),
        channel_name="mpdm-ana--luis--iom-bot-1",
    )
    status, _ = send_signed(http_bot.endpoint, body, FORM)
    assert status == 200
    [reply] = standin.wait_for("response", for_url(tag))
    assert "Digests go to channels" in reply.body["text"]
    assert "Subscribed" not in reply.body["text"]


def test_invite_hint_names_the_bot_user_of_the_manifest() -> None:
    import yaml

    from bot.digest import commands as digest_commands
    from bot.digest import results

    manifest = yaml.safe_load((Path(__file__).parent.parent / "slack-manifest.yaml").read_text())
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
