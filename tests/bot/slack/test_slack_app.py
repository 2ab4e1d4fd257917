"""The app factory in-process: the manifest and the listeners agree, signing is Slack's, and a
bug inside the engine is apologised for without taking the server down.

The failure test serves the same WSGI app as gunicorn does, under a threaded wsgiref server,
because it needs a knowledge base that raises — something a subprocess cannot be given.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import yaml
from slack_sdk.signature import SignatureVerifier
from slack_standin import (
    BOT_TOKEN,
    FORM,
    JSON,
    PAYLOADS,
    REPO,
    SIGNING_SECRET,
    SlackStandIn,
    command_body,
    dm_event,
    event_body,
    mention_event,
    send_signed,
    signature,
)

from bot.serve.web import create_wsgi_app
from bot.settings import load_settings
from bot.slack.app import create_app
from bot.slack.listeners.errors import APOLOGY
from bot.slack.verify import RequestVerifier
from bot.state import StateStore

MANIFEST = yaml.safe_load((REPO / "slack-manifest.yaml").read_text())


def test_signing_matches_slacks_documented_test_vector() -> None:
    body = (PAYLOADS / "a2_slash_command_signing_example_body.txt").read_text()
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert signature(SIGNING_SECRET, "1531420618", body) == expected
    verifier = SignatureVerifier(
        SIGNING_SECRET, clock=type("C", (), {"now": lambda s: 1531420620})()
    )
    assert verifier.is_valid(body, "1531420618", expected)
    assert not verifier.is_valid(body + "x", "1531420618", expected)


def test_manifest_declares_what_the_bot_uses_and_no_more() -> None:
    # each scope is needed by a call the bot makes: replies, the command, DM events, and
    # for digests conversations.info (membership) and conversations.history (lost posts)
    assert MANIFEST["oauth_config"]["scopes"]["bot"] == [
        "app_mentions:read",
        "chat:write",
        "commands",
        "im:history",
        "channels:read",
        "groups:read",
        "channels:history",
        "groups:history",
        "users:read",
    ]
    assert sorted(MANIFEST["settings"]["event_subscriptions"]["bot_events"]) == [
        "app_home_opened",
        "app_mention",
        "app_uninstalled",  # distribution: forget the workspace (bot.slack.listeners.installs)
        "message.im",
        "tokens_revoked",
    ]
    assert [c["command"] for c in MANIFEST["features"]["slash_commands"]] == ["/iom"]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["features"]["app_home"]["messages_tab_read_only_enabled"] is False


class ExplodingKB:
    """Answers like the real one, except that any question containing 'boom' raises."""

    def __init__(self, kb: Any) -> None:
        self.kb = kb
        self.releases, self.press_contacts = kb.releases, kb.press_contacts

    def answer(self, text: str, lang: str = "en"):
        if "boom" in text:
            raise RuntimeError("engine bug")
        return self.kb.answer(text, lang)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture()
def in_process(standin: SlackStandIn, kb, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": standin.api_url,
            "IOM_BOT_DB": str(tmp_path / "s.db"),
        },
        dotenv=False,
    )
    state = StateStore(settings.db_path)
    state.migrate()
    app = create_app(
        settings, ExplodingKB(kb), state=state, logger=logging.getLogger("iom_bot.test")
    )
    server = make_server(
        "127.0.0.1",
        0,
        create_wsgi_app(app, RequestVerifier(SIGNING_SECRET)),
        server_class=ThreadingWSGIServer,
        handler_class=QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/slack/events", app
    server.shutdown()
    server.server_close()


def test_every_subscribed_event_and_the_command_have_a_listener(in_process, ids) -> None:
    """Both run modes use this same factory; dispatch as Socket Mode does (no signature)."""
    from slack_bolt.request import BoltRequest

    _, app = in_process
    bodies = [
        json.loads(
            event_body(mention_event("hi", channel=ids.channel(), ts=ids.ts()), ids.event())
        ),
        json.loads(
            event_body(
                dm_event("hi", channel=ids.channel("D"), ts=ids.ts()),
                ids.event(),
                template="c1_message_im_docs_example.json",
            )
        ),
        json.loads((PAYLOADS / "e2_app_home_opened_bolt_python_envelope.json").read_text()),
        json.loads(event_body({"type": "app_uninstalled", "event_ts": "1.1"}, ids.event())),
        json.loads(
            event_body(
                {"type": "tokens_revoked", "tokens": {"bot": ["U0X"]}, "event_ts": "1.2"},
                ids.event(),
            )
        ),
    ]
    kinds = {
        b["event"]["type"] + (".im" if b["event"].get("channel_type") == "im" else "")
        for b in bodies
    }
    assert kinds == set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    for body in bodies:
        assert app.dispatch(BoltRequest(mode="socket_mode", body=body)).status == 200


def test_an_engine_bug_is_apologised_for_and_the_server_keeps_going(
    in_process, standin: SlackStandIn, ids, caplog
) -> None:
    endpoint, _ = in_process
    tag = ids.tag()
    with caplog.at_level(logging.ERROR, logger="iom_bot.test"):
        assert (
            send_signed(endpoint, command_body("boom", standin.response_url(tag)), FORM)[0] == 200
        )
        [apology] = standin.wait_for("response", lambda c: c.body["_url"].endswith(tag))
        channel = ids.channel("D")
        send_signed(
            endpoint,
            event_body(
                dm_event("boom", channel=channel, ts=ids.ts()),
                ids.event(),
                template="c1_message_im_docs_example.json",
            ),
            JSON,
        )
        [dm_apology] = standin.wait_for(
            "chat.postMessage", lambda c: c.body.get("channel") == channel
        )
    assert apology.body["response_type"] == "ephemeral"
    for message in (apology.body, dm_apology.body):
        assert message["text"].startswith("Sorry, something went wrong")
    assert APOLOGY.split(";")[0] in apology.body["blocks"][0]["text"]["text"]
    failures = [r for r in caplog.records if "handler failed" in r.getMessage()]
    assert len(failures) == 2 and "RuntimeError: engine bug" in failures[0].getMessage()
    assert "'command': '/iom'" in failures[0].getMessage()
    assert "boom" not in failures[0].getMessage()  # the question itself is not logged

    tag = ids.tag()
    send_signed(endpoint, command_body("releases", standin.response_url(tag)), FORM)
    [answer] = standin.wait_for("response", lambda c: c.body["_url"].endswith(tag))
    assert "Sorry" not in answer.body["text"]


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9"])
def test_bolts_error_handler_never_acts_on_an_unverified_request(
    in_process, standin: SlackStandIn, ids, timestamp: str
) -> None:
    """Behind the WSGI check, in case a request ever reaches Bolt unverified: Bolt's own
    verifier raises on such a timestamp and hands the forged body to the error handler."""
    import time

    from slack_bolt.request import BoltRequest

    _, app = in_process
    tag, channel = ids.tag(), ids.channel()
    command = command_body("releases", standin.response_url(tag), channel_id=channel)
    mention = event_body(mention_event("hi", channel=channel, ts=ids.ts()), ids.event())
    for body, ctype in ((command, FORM), (mention, JSON)):
        headers = {
            "content-type": [ctype],
            "x-slack-request-timestamp": [timestamp],
            "x-slack-signature": [signature(SIGNING_SECRET, timestamp, body)],
        }
        response = app.dispatch(BoltRequest(body=body, headers=headers))
        assert response.status in (401, 500)
    time.sleep(0.5)
    assert standin.calls("response", lambda c: c.body["_url"].endswith(tag)) == []
    assert standin.calls(None, lambda c: c.body.get("channel") == channel) == []
