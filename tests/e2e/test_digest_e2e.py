"""Digests through real processes: ``iom-bot digest`` runs, ``/iom digest`` against the HTTP
bot, and the schedule in a multi-worker bot (in-process runs: tests/bot/digest/)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from slack_standin import (
    FORM,
    bot_env,
    command_body,
    for_channel,
    for_url,
    posted_ids,
    send_signed,
)

from knowledge import load_knowledge


def test_two_cli_processes_at_once_post_each_release_once(tmp_path, standin, ids) -> None:
    channel = ids.channel()
    env = bot_env(standin, tmp_path / "cli.sqlite3", DIGEST_CHANNELS=channel)
    argv = [sys.executable, "-m", "bot.cli", "digest"]
    procs = [
        subprocess.Popen(
            argv, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=60) for p in procs]
    # Each exits 0 (delivered) or 3 (skipped: the other one held the channel), never 1/2/4.
    assert {p.returncode for p in procs} <= {0, 3} and 0 in {p.returncode for p in procs}, outs
    assert sorted(posted_ids(standin, channel)) == sorted(r.id for r in load_knowledge().releases)


def test_cli_dry_run_changes_nothing_and_failure_exits_nonzero(tmp_path, standin, ids) -> None:
    channel = ids.channel()
    env = bot_env(standin, tmp_path / "dry.sqlite3")
    dry = subprocess.run(
        [sys.executable, "-m", "bot.cli", "digest", "--dry-run", "--channel", channel],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.returncode == 0, dry.stderr
    payloads = [json.loads(line) for line in dry.stdout.splitlines()]  # stdout: JSON only
    assert len(payloads) == 1
    assert payloads[0]["channel"] == channel and payloads[0]["unfurl_links"] is False
    assert f"{channel}: would post 5 release(s)" in dry.stderr
    assert standin.calls("chat.postMessage", for_channel(channel)) == []
    standin.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == channel,
        body={"ok": False, "error": "not_in_channel"},
    )
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "digest", "--channel", channel],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert f"{channel}: FAILED: not_in_channel" in run.stderr and "Traceback" not in run.stderr


def test_bad_digest_setting_is_one_line(tmp_path, standin) -> None:
    env = bot_env(standin, tmp_path / "x.sqlite3", DIGEST_CRON="every monday")
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "digest"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("error: DIGEST_CRON is not a valid crontab expression")
    assert len(run.stderr.strip().splitlines()) == 1


# -- slash commands, signed, through the real app --------------------------------------------


def test_subscribe_preview_status_unsubscribe(http_bot, standin, ids) -> None:
    channel = ids.channel()

    def command(text: str) -> str:
        tag = ids.tag()
        status, _ = send_signed(
            http_bot.endpoint,
            command_body(text, standin.response_url(tag), channel_id=channel),
            FORM,
        )
        assert status == 200
        [reply] = standin.wait_for("response", for_url(tag))
        assert reply.body["response_type"] == "ephemeral"
        return json.dumps(reply.body, ensure_ascii=False)

    assert "Subscribed" in command("digest subscribe")
    assert "already receives" in command("digest subscribe")
    preview = command("digest preview")
    assert "IOM Mexico: 5 new releases" in preview and "Key figure" in preview
    status = command("digest status")
    assert (
        "Subscribed." in status
        and "0 9 * * MON" in status
        and "Pending for this channel: 5" in status
    )
    assert "Unsubscribed" in command("digest unsubscribe")
    assert "Not subscribed" in command("digest status")
    assert standin.calls("chat.postMessage", for_channel(channel)) == []  # previews post nothing


def test_subscribe_where_the_bot_is_not_a_member_says_how(http_bot, standin, ids) -> None:
    channel = ids.channel()
    standin.not_member.add(channel)
    tag = ids.tag()
    send_signed(
        http_bot.endpoint,
        command_body("digest subscribe", standin.response_url(tag), channel_id=channel),
        FORM,
    )
    [reply] = standin.wait_for("response", for_url(tag))
    assert "/invite @iom-bot" in reply.body["text"]


def test_only_one_worker_runs_the_schedule(http_bot) -> None:
    http_bot.wait_log("digest schedule")
    time.sleep(0.5)
    assert http_bot.log().count("digest schedule '0 9 * * MON'") == 1
