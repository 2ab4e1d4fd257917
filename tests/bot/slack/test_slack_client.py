"""bot.slack.client against the Web API stand-in: no blind re-sends, bounded waits."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError
from slack_standin import BOT_TOKEN, SlackStandIn, for_channel, for_url

from bot.slack.client import post_to_response_url, web_client


@pytest.fixture()
def standin():
    s = SlackStandIn()
    yield s
    s.close()


def test_a_post_whose_answer_was_lost_is_not_sent_again(standin: SlackStandIn) -> None:
    client = web_client(BOT_TOKEN, standin.api_url)
    standin.drop("chat.postMessage")
    with pytest.raises(OSError):
        client.chat_postMessage(channel="C1", text="once")
    assert len(standin.calls("chat.postMessage", for_channel("C1"))) == 1
    assert len(standin.posted["C1"]) == 1


def test_a_read_whose_answer_was_lost_is_retried(standin: SlackStandIn) -> None:
    client = web_client(BOT_TOKEN, standin.api_url)
    standin.drop("conversations.history")
    response = client.conversations_history(channel="C1")
    assert response["ok"]
    assert len(standin.calls("conversations.history")) == 2


def test_a_refused_connection_is_retried_even_for_a_post() -> None:
    from slack_standin import free_port

    client = web_client(BOT_TOKEN, f"http://127.0.0.1:{free_port()}/api/", timeout=2)
    handler = client.retry_handlers[0]
    calls = []
    original = handler._can_retry

    def spy(**kwargs):
        calls.append(original(**kwargs))
        return calls[-1]

    handler._can_retry = spy  # type: ignore[method-assign]
    with pytest.raises(OSError):
        client.chat_postMessage(channel="C1", text="x")
    assert calls and calls[0] is True  # refused: nothing was sent, so retrying is safe


def test_a_long_retry_after_is_not_slept_through(standin: SlackStandIn) -> None:
    client = web_client(BOT_TOKEN, standin.api_url)
    standin.fail(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "615"},
    )
    started = time.monotonic()
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="C1", text="x")
    assert caught.value.response["error"] == "ratelimited"
    assert time.monotonic() - started < 2
    assert len(standin.calls("chat.postMessage")) == 1


def test_a_short_retry_after_is_waited_out(standin: SlackStandIn) -> None:
    client = web_client(BOT_TOKEN, standin.api_url)
    standin.fail(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "0"},
    )
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert len(standin.calls("chat.postMessage")) == 2


def test_a_hung_call_ends_at_the_timeout(standin: SlackStandIn) -> None:
    client = web_client(BOT_TOKEN, standin.api_url, timeout=1)
    standin.delay("chat.postMessage", 5)
    started = time.monotonic()
    with pytest.raises(OSError):
        client.chat_postMessage(channel="C1", text="x")
    assert time.monotonic() - started < 3
    assert len(standin.calls("chat.postMessage")) == 1


def test_response_url_posts_are_never_resent(standin: SlackStandIn) -> None:
    standin.drop("response")
    with pytest.raises(OSError):
        post_to_response_url(standin.response_url("r1"), {"text": "hello"})
    assert len(standin.calls("response", for_url("r1"))) == 1
