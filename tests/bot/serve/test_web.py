"""bot.web in-process: what reaches Bolt, and what every odd request gets instead."""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slack_standin import BOT_TOKEN, SIGNING_SECRET, SlackStandIn, command_body, signature

from bot.serve.web import create_wsgi_app, slack_headers
from bot.settings import load_settings
from bot.slack.app import create_app
from bot.slack.verify import RequestVerifier
from bot.state import StateStore

WsgiCall = Callable[..., tuple[str, bytes]]


@pytest.fixture()
def wsgi(standin: SlackStandIn, kb, tmp_path: Path) -> WsgiCall:
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
    app = create_app(settings, kb, state=state, logger=logging.getLogger("iom_bot.test"))
    application = create_wsgi_app(app, RequestVerifier(SIGNING_SECRET))

    def call(
        body: bytes,
        content_type: str | None = "application/json",
        *,
        signed: bool = True,
        length: str | None = None,
        extra: dict[str, Any] | None = None,
        stream: Any = None,
    ) -> tuple[str, bytes]:
        ts = str(int(time.time()))
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/slack/events",
            "QUERY_STRING": "",
            "wsgi.input": stream or io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)) if length is None else length,
        }
        if content_type:
            environ["CONTENT_TYPE"] = content_type
        if signed:
            environ["HTTP_X_SLACK_REQUEST_TIMESTAMP"] = ts
            environ["HTTP_X_SLACK_SIGNATURE"] = signature(SIGNING_SECRET, ts, body)
        environ.update(extra or {})
        seen: dict[str, str] = {}

        def start_response(status: str, headers: list[Any], exc_info: Any = None) -> None:
            seen["status"] = status

        data = b"".join(application(environ, start_response))
        return seen["status"], data

    return call


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"[1]", "application/json; charset=utf-8"),
        (b"a=b", "application/json; charset=utf-8"),
        (b'{"authorizations": 5}', "application/json"),
        (b'{"channel": 5}', None),
        (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
    ],
)
def test_signed_bodies_that_are_not_slack_requests_get_400(
    wsgi: WsgiCall, body: bytes, content_type: str | None
) -> None:
    assert wsgi(body, content_type)[0] == "400 Bad Request"


@pytest.mark.parametrize(
    "body",
    [b'{"type": "event_callback", "event": "x"}', b'{"type": "block_actions", "actions": "x"}'],
)
def test_what_bolt_itself_chokes_on_is_one_line_and_a_500(
    wsgi: WsgiCall, body: bytes, caplog
) -> None:
    with caplog.at_level(logging.ERROR):
        status, _ = wsgi(body)
    assert status in ("500 Internal Server Error", "400 Bad Request")
    assert all(r.exc_info is None for r in caplog.records)  # no traceback


@pytest.mark.parametrize("length", ["²", "1" * 5000, "-1", "1e3", " 12"])
def test_a_strange_content_length_is_refused_not_a_crash(wsgi: WsgiCall, length: str) -> None:
    assert wsgi(b"{}", length=length)[0] == "413 Payload Too Large"


def test_a_body_that_stops_arriving_gets_408() -> None:
    from bot.serve.web import SlowBody, read_body

    class Stalled(io.RawIOBase):
        def read(self, n: int = -1) -> bytes:
            raise TimeoutError("timed out")

    with pytest.raises(SlowBody):
        read_body({"CONTENT_LENGTH": "10", "wsgi.input": Stalled()})


def test_bolts_internal_headers_never_come_from_the_client() -> None:
    environ = {
        "HTTP_X_SLACK_BOLT_LAZY_ONLY": "1",
        "HTTP_X_SLACK_BOLT_LAZY_FUNCTION_NAME": "on_iom",
        "HTTP_X_SLACK_SIGNATURE": "v0=x",
        "CONTENT_TYPE": "application/json",
    }
    assert slack_headers(environ) == {
        "x-slack-signature": "v0=x",
        "content-type": "application/json",
    }


def test_a_replayed_command_with_lazy_headers_is_still_only_acked(
    wsgi: WsgiCall, standin: SlackStandIn
) -> None:
    """The lazy-only header would make Bolt run the work inline, in the request's thread:
    with Slack slow to take the answer, the ack would wait for it."""
    tag = "r-lazy-header"
    standin.delay("response", 2.0, where=lambda b: b.get("_url", "").endswith(tag))
    body = command_body("help", standin.response_url(tag)).encode()
    extra = {"HTTP_X_SLACK_BOLT_LAZY_ONLY": "1", "HTTP_X_SLACK_BOLT_LAZY_FUNCTION_NAME": "on_iom"}
    started = time.monotonic()
    status, data = wsgi(body, "application/x-www-form-urlencoded", extra=extra)
    assert status == "200 OK" and time.monotonic() - started < 1.0
    standin.wait_for("response", lambda c: c.body["_url"].endswith(tag), timeout=10)
