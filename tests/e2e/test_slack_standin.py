"""The Web API stand-in's fault modes behave as the fault tests assume."""

from __future__ import annotations

import json
import time
import urllib.error

import pytest
from slack_standin import JSON, SlackStandIn, for_channel, post


@pytest.fixture()
def standin():
    s = SlackStandIn()
    yield s
    s.close()


def _post_message(standin: SlackStandIn, channel: str, timeout: float = 5.0) -> tuple[int, str]:
    body = json.dumps({"channel": channel, "text": "hi"})
    return post(standin.api_url + "chat.postMessage", body, {"Content-Type": JSON}, timeout)


def test_delay_answers_late(standin: SlackStandIn) -> None:
    standin.delay("chat.postMessage", 0.5)
    started = time.monotonic()
    status, _ = _post_message(standin, "C1")
    assert status == 200
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    _post_message(standin, "C1")  # only the first was delayed
    assert time.monotonic() - started < 0.5


def test_drop_accepts_the_post_but_never_answers(standin: SlackStandIn) -> None:
    standin.drop("chat.postMessage", where=lambda b: b.get("channel") == "C2")
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        _post_message(standin, "C2")
    assert len(standin.posted["C2"]) == 1  # Slack accepted it
    assert len(standin.calls("chat.postMessage", for_channel("C2"))) == 1
    assert _post_message(standin, "C2")[0] == 200
