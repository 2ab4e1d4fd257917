"""Digest runs under faults: a dropped connection, a run outliving its lease, a killed run,
database errors, and the ``iom-bot digest`` command line's promises.

Here the items about the command: real ``iom-bot digest`` processes, real SQLite files,
the Web API stand-in (in-process items: tests/bot/digest/test_digest_faults.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from digest_helpers import every_release, new_ledger
from slack_standin import (
    FORM,
    SlackStandIn,
    add_release,
    bot_env,
    command_body,
    for_channel,
    for_url,
    posted_ids,
    send_signed,
)

from bot.digest.cli import EXIT_FAILED, EXIT_SKIPPED

DIGEST = [sys.executable, "-m", "bot.cli", "digest"]


def digest(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DIGEST, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=90
    )


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
