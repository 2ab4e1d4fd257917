"""Hostile and faulty traffic against a real ``iom-bot run`` (gunicorn, two workers).

This module has its own Web API stand-in and bot process, because it makes Slack hang,
answer late and drop connections, and holds the state database's write lock: nothing
here may slow down or confuse the other end-to-end tests.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
from slack_standin import (
    BOT_USER_ID,
    FORM,
    JSON,
    SIGNING_SECRET,
    BotProcess,
    SlackIds,
    SlackStandIn,
    block_actions_body,
    bot_env,
    command_body,
    dm_event,
    event_body,
    for_channel,
    for_url,
    free_port,
    mention_event,
    post,
    run_command,
    send_signed,
    signature,
)

from bot.slack.blocks import ACTION_HELPFUL, ACTION_NOT_HELPFUL, ACTION_SHARE

ACK_DEADLINE = 3.0  # Slack's: an answer later than this is a failed delivery


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackStandIn]:
    server = SlackStandIn()
    yield server
    server.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("security")


@pytest.fixture(scope="module")
def bot(slack: SlackStandIn, workdir: Path) -> Iterator[BotProcess]:
    env = bot_env(slack, workdir / "state.sqlite3", PORT=str(free_port()), WEB_CONCURRENCY="2")
    process = BotProcess(run_command("run"), env, workdir, name="security-bot")
    try:
        process.wait_healthy()
        yield process
    finally:
        process.stop()


def answered_dm(bot: BotProcess, slack: SlackStandIn, ids: SlackIds) -> None:
    """A signed DM that must be answered: the bot is up and has caught up."""
    channel = ids.channel("D")
    body = event_body(
        dm_event("releases", channel=channel, ts=ids.ts()),
        ids.event(),
        template="c1_message_im_docs_example.json",
    )
    assert send_signed(bot.endpoint, body, JSON)[0] == 200
    slack.wait_for("chat.postMessage", for_channel(channel), timeout=15)
    time.sleep(0.3)  # anything wrongly started by an earlier request would show by now


def forged_headers(body: str, timestamp: str, content_type: str = FORM) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        # A real signature over the real body, with a timestamp Bolt's verifier chokes on.
        "X-Slack-Signature": signature(SIGNING_SECRET, timestamp, body),
    }


# -- 1. nothing acts on an unverified request -----------------------------------------------------


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "+1700000000", "1700000000.5"])
def test_a_malformed_timestamp_gets_401_and_nothing_is_sent_anywhere(
    bot: BotProcess, slack: SlackStandIn, ids: SlackIds, timestamp: str
) -> None:
    tag, channel = ids.tag(), ids.channel()
    command = command_body("contact veracruz", slack.response_url(tag), channel_id=channel)
    mention = event_body(
        mention_event(f"<@{BOT_USER_ID}> releases", channel=channel, ts="1700000000.000001"),
        ids.event(),
    )
    assert post(bot.endpoint, command, forged_headers(command, timestamp))[0] == 401
    assert post(bot.endpoint, mention, forged_headers(mention, timestamp, JSON))[0] == 401
    answered_dm(bot, slack, ids)
    assert slack.calls("response", for_url(tag)) == []  # no request to the body's URL
    assert slack.calls(None, for_channel(channel)) == []  # no post into the body's channel


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"{bad", JSON),
        (b"payload=notjson", FORM),
        (b"[" * 100_000, JSON),
        (b'{"type": "event_callback", "text": "\xff\xfe"}', JSON),
        (b"payload=" + quote("[" * 100_000).encode(), FORM),
    ],
    ids=["bad-json", "payload-not-json", "deep-json", "invalid-utf8", "deep-payload"],
)
def test_unsigned_garbage_gets_401_and_signed_garbage_400(
    bot: BotProcess, body: bytes, content_type: str
) -> None:
    before = bot.log()
    assert post(bot.endpoint, body, {"Content-Type": content_type})[0] == 401
    ts = str(int(time.time()))
    signed = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(SIGNING_SECRET, ts, body),
    }
    assert post(bot.endpoint, body, signed)[0] == 400
    assert "Traceback" not in bot.log()[len(before) :]


# -- 2. rejections are logged briefly, without content --------------------------------------------


def test_rejected_requests_log_one_short_line_without_their_body(
    bot: BotProcess, slack: SlackStandIn, ids: SlackIds
) -> None:
    secret_question = "how many migrants QUESTION-TEXT-MARKER"
    filler = "x" * 100_000
    body = command_body(secret_question + filler, slack.response_url("r-log"))
    before = len(bot.log_path.read_bytes())
    for _ in range(50):
        status, _ = post(bot.endpoint, body, forged_headers(body, str(int(time.time()) - 999)))
        assert status == 401
    answered_dm(bot, slack, ids)
    grown = bot.log_path.read_bytes()[before:].decode(errors="replace")
    assert len(grown) < 5_000  # was 1 MB per rejected MB-sized request
    for content in ("QUESTION-TEXT-MARKER", "U0ASKER001", "r-log", filler[:100]):
        assert content not in grown
    assert grown.count("rejected a request") <= 3  # rate-limited, not one line per request
    assert "rejected a request with 401" in bot.log()


# -- 3. a slow Slack does not starve acks -----------------------------------------------------------


def timed(call) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    status = call()
    return time.monotonic() - started, status


def test_acks_stay_within_three_seconds_while_slack_hangs(
    bot: BotProcess, slack: SlackStandIn, ids: SlackIds
) -> None:
    hung = ids.channel()
    # 12 answers whose chat.postMessage never gets an answer, 12 more rate-limited for 15 s
    slack.delay("chat.postMessage", 40, where=lambda b: b.get("channel") == hung, times=12)
    for n in range(12):
        body = event_body(
            mention_event(f"<@{BOT_USER_ID}> releases", channel=hung, ts=f"1700000002.{n:06d}"),
            ids.event(),
        )
        assert send_signed(bot.endpoint, body, JSON)[0] == 200
    limited = ids.channel()
    slack.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == limited,
        times=12,
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "15"},
    )
    for n in range(12):
        body = event_body(
            mention_event(f"<@{BOT_USER_ID}> releases", channel=limited, ts=f"1700000003.{n:06d}"),
            ids.event(),
        )
        assert send_signed(bot.endpoint, body, JSON)[0] == 200
    slack.wait_for("chat.postMessage", for_channel(hung), count=12, timeout=15)

    tags = [ids.tag() for _ in range(30)]

    def command(tag: str) -> int:
        body = command_body("contact veracruz", slack.response_url(tag))
        return send_signed(bot.endpoint, body, FORM)[0]

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda t: timed(lambda: command(t)), tags))
    assert [status for _, status in results] == [200] * 30
    slowest = max(seconds for seconds, _ in results)
    assert slowest < ACK_DEADLINE, f"slowest ack {slowest:.2f} s"
    for tag in tags:  # and every command was answered, not just acked
        slack.wait_for("response", for_url(tag), timeout=30)


# -- 8. a held write lock: acks stay quick, each event is answered once ----------------------------


def test_events_are_answered_once_while_the_database_is_locked(
    bot: BotProcess, slack: SlackStandIn, workdir: Path, ids: SlackIds
) -> None:
    channel = ids.channel("D")
    bodies = [
        event_body(
            dm_event("releases", channel=channel, ts=f"1700000004.{n:06d}"),
            ids.event(),
            template="c1_message_im_docs_example.json",
        )
        for n in range(6)
    ]
    holder = sqlite3.connect(workdir / "state.sqlite3", isolation_level=None, timeout=10)
    holder.execute("BEGIN IMMEDIATE")
    try:
        statuses = []
        for body in bodies:
            seconds, status = timed(lambda b=body: send_signed(bot.endpoint, b, JSON)[0])
            assert seconds < ACK_DEADLINE
            statuses.append(status)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Slack redelivers what it did not see acknowledged, each event up to three times.
    for retry in (1, 2, 3):
        for body in bodies:
            send_signed(bot.endpoint, body, JSON, extra_headers={"X-Slack-Retry-Num": str(retry)})
    replies = slack.wait_for("chat.postMessage", for_channel(channel), count=6, timeout=20)
    time.sleep(1.0)
    replies = slack.calls("chat.postMessage", for_channel(channel))
    assert len(replies) == 6, f"{len(replies)} replies to 6 events (statuses {statuses})"


# -- 9. double clicks act once ------------------------------------------------------------------


def test_a_double_clicked_share_posts_once_and_feedback_counts_once(
    bot: BotProcess, slack: SlackStandIn, workdir: Path, ids: SlackIds
) -> None:
    channel, tag = ids.channel(), ids.tag()

    def click(action: str, value: str) -> str:
        payload = block_actions_body(action, value, slack.response_url(tag), channel_id=channel)
        return payload

    share = click(ACTION_SHARE, "contact veracruz")
    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(lambda b: send_signed(bot.endpoint, b, FORM)[0], [share, share]))
    assert statuses == [200, 200]
    slack.wait_for("response", for_url(tag), timeout=15)
    answered_dm(bot, slack, ids)
    public = [
        c
        for c in slack.calls("response", for_url(tag))
        if c.body.get("response_type") == "in_channel"
    ]
    assert len(public) == 1

    query = f"feedback marker {ids.tag()}"
    for action in (ACTION_NOT_HELPFUL, ACTION_NOT_HELPFUL, ACTION_HELPFUL):
        assert send_signed(bot.endpoint, click(action, query), FORM)[0] == 200
    answered_dm(bot, slack, ids)
    time.sleep(0.5)
    with sqlite3.connect(workdir / "state.sqlite3") as conn:
        rows = conn.execute("SELECT helpful FROM feedback WHERE query = ?", (query,)).fetchall()
    assert rows == [(0,)]


# -- slow clients do not hold every thread -----------------------------------------------------


@pytest.mark.parametrize("stall", ["headers", "body"])
def test_half_sent_requests_do_not_block_acks(
    bot: BotProcess, slack: SlackStandIn, ids: SlackIds, stall: str
) -> None:
    import socket

    partial = (
        b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        if stall == "headers"
        else b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"
    )
    held = []
    try:
        for _ in range(12):  # each used to hold one of a worker's 4 threads for ever
            s = socket.create_connection(("127.0.0.1", bot.port), timeout=5)
            s.sendall(partial)
            held.append(s)
        time.sleep(0.5)
        tag = ids.tag()
        seconds, status = timed(
            lambda: send_signed(bot.endpoint, command_body("help", slack.response_url(tag)), FORM)[
                0
            ]
        )
        assert status == 200 and seconds < ACK_DEADLINE, f"{status} after {seconds:.2f} s"
    finally:
        for s in held:
            s.close()


def test_a_retried_response_url_is_not_logged_at_info(
    bot: BotProcess, slack: SlackStandIn, ids: SlackIds
) -> None:
    """A response_url lets anyone post as the bot for 30 minutes: it is not for the log."""
    tag = "r-capability-" + ids.tag()
    slack.fail(
        "response",
        where=lambda b: b.get("_url", "").endswith("/" + tag),
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "0"},
    )
    assert send_signed(bot.endpoint, command_body("help", slack.response_url(tag)), FORM)[0] == 200
    slack.wait_for("response", for_url(tag), count=2, timeout=15)
    time.sleep(0.3)
    assert tag not in bot.log()
