"""Socket Mode end to end: ``iom-bot run`` with SLACK_APP_TOKEN set connects to a local
WebSocket stand-in (whose ws:// URL ``apps.connections.open`` hands out, as Slack does) and
answers the envelopes pushed to it through the same Web API stand-in as HTTP mode."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from invented_releases import LAGOON, grown_knowledge, write_release
from slack_standin import (
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER_ID,
    BotProcess,
    SlackStandIn,
    SocketModeStandIn,
    block_actions_body,
    bot_env,
    command_body,
    event_body,
    mention_event,
    run_command,
)

from bot.slack.blocks import ACTION_SHARE, answer_message


@pytest.fixture(scope="module")
def socket(standin: SlackStandIn) -> Iterator[SocketModeStandIn]:
    ws = SocketModeStandIn()
    standin.ws_url = ws.url
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def socket_bot(
    standin: SlackStandIn, socket: SocketModeStandIn, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BotProcess]:
    workdir: Path = tmp_path_factory.mktemp("socket-bot")
    knowledge = grown_knowledge(workdir)  # a copy of the packaged knowledge, to publish into
    env = bot_env(
        standin,
        workdir / "state.sqlite3",
        SLACK_APP_TOKEN=APP_TOKEN,
        LOG_LEVEL="DEBUG",
        IOM_BOT_KNOWLEDGE=str(knowledge),
        IOM_BOT_RELOAD_SECONDS="1",
    )
    del env["SLACK_SIGNING_SECRET"]  # not needed: Socket Mode requests are not signed
    bot = BotProcess(run_command("run"), env, workdir, name="socket-bot")
    try:
        socket.wait_connected()
        bot.wait_log("connected to Slack in Socket Mode")
        yield bot
    finally:
        assert bot.stop() == 0


def envelope(kind: str, payload: dict, envelope_id: str, **extra: object) -> dict:
    return {
        "envelope_id": envelope_id,
        "type": kind,
        "payload": payload,
        "accepts_response_payload": kind != "events_api",
        **extra,
    }


def test_connects_with_the_app_token_through_slack_api_url(socket_bot, standin) -> None:
    [call] = standin.wait_for("apps.connections.open")
    assert call.headers.get("Authorization") == f"Bearer {APP_TOKEN}"


def test_slash_command_over_socket_mode(socket_bot, socket, standin, kb, ids) -> None:
    tag = ids.tag()
    payload = dict(
        parse_qsl(
            command_body("contact veracruz", standin.response_url(tag)), keep_blank_values=True
        )
    )
    started = time.monotonic()
    socket.send(envelope("slash_commands", payload, "env-cmd-1"))
    socket.wait_ack("env-cmd-1")
    assert time.monotonic() - started < 3.0
    [reply] = standin.wait_for("response", lambda c: c.body["_url"].endswith(tag))
    assert reply.body["response_type"] == "ephemeral"
    assert (
        reply.body["blocks"]
        == answer_message(kb.answer("contact veracruz"), shareable=True)["blocks"]
    )


def test_mention_and_its_retry_over_socket_mode_give_one_threaded_reply(
    socket_bot, socket, standin, ids
) -> None:
    channel, ts, event_id = ids.channel(), ids.ts(), ids.event()
    body = json.loads(
        event_body(mention_event(f"<@{BOT_USER_ID}> releases", channel=channel, ts=ts), event_id)
    )
    socket.send(envelope("events_api", body, "env-ev-1", retry_attempt=0, retry_reason=""))
    socket.wait_ack("env-ev-1")
    [reply] = standin.wait_for("chat.postMessage", lambda c: c.body.get("channel") == channel)
    assert reply.body["thread_ts"] == ts
    assert reply.headers.get("Authorization") == f"Bearer {BOT_TOKEN}"

    socket.send(envelope("events_api", body, "env-ev-2", retry_attempt=1, retry_reason="timeout"))
    socket.wait_ack("env-ev-2")
    socket_bot.wait_log(f"dropping duplicate delivery of {event_id} (retry 1)")
    assert len(standin.calls("chat.postMessage", lambda c: c.body.get("channel") == channel)) == 1


def test_share_button_over_socket_mode(socket_bot, socket, standin, ids) -> None:
    tag = ids.tag()
    form = block_actions_body(
        ACTION_SHARE, "releases", standin.response_url(tag), user_id="U0SOCKET01"
    )
    payload = json.loads(dict(parse_qsl(form))["payload"])
    socket.send(envelope("interactive", payload, "env-act-1"))
    socket.wait_ack("env-act-1")
    shared = standin.wait_for("response", lambda c: c.body["_url"].endswith(tag))[0]
    assert shared.body["response_type"] == "in_channel"
    assert "Shared by <@U0SOCKET01>" in json.dumps(shared.body["blocks"])


def test_socket_mode_logs_hold_no_secret(socket_bot) -> None:
    log = socket_bot.log()
    assert "Socket Mode" in log
    for secret in (APP_TOKEN, BOT_TOKEN, APP_TOKEN.split("-")[-1]):
        assert secret not in log


def test_a_release_published_while_connected_is_answered(  # last: it adds a release
    socket_bot, socket, standin, ids
) -> None:
    write_release(Path(socket_bot.env["IOM_BOT_KNOWLEDGE"]), LAGOON)
    socket_bot.wait_log("knowledge reloaded: 6 releases")
    tag = ids.tag()
    body = command_body("what is a lagoon warden", standin.response_url(tag))
    socket.send(envelope("slash_commands", dict(parse_qsl(body)), "env-live-1"))
    socket.wait_ack("env-live-1")
    [reply] = standin.wait_for("response", lambda c: c.body["_url"].endswith(tag))
    assert "Volunteers who guide migrants" in reply.body["text"]
