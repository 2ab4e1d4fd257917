"""Listener helpers with mocks of ``respond`` and the state store: fail closed, act once."""

from __future__ import annotations

import json
import logging
from typing import Any
from unittest.mock import MagicMock

import pytest
from slack_bolt.request import BoltRequest
from slack_standin import PAYLOADS

from bot.slack.blocks import ACTION_HELPFUL, ACTION_NOT_HELPFUL, ACTION_SHARE
from bot.slack.deps import Deps
from bot.slack.listeners.actions import BUSY, act_once, click_key, first_click
from bot.slack.middleware import deduplicate_events


def click(action_id: str, value: str = "q", *, ts: str = "1.1", user: str = "U1") -> dict[str, Any]:
    body = json.loads((PAYLOADS / "f_block_actions_bolt_python_test.json").read_text())
    body["actions"][0].update(action_id=action_id, value=value)
    body["container"]["message_ts"] = ts
    body["user"]["id"] = user
    return body


class Unavailable:
    def claim_event(self, key: str, workspace: Any = None) -> bool:
        raise TimeoutError("database is locked")


class Memory:
    def __init__(self) -> None:
        self.seen: set[str] = set()

    def claim_event(self, key: str, workspace: Any = None) -> bool:
        first = key not in self.seen
        self.seen.add(key)
        return first

    def forget_event(self, key: str, workspace: Any = None) -> None:
        self.seen.discard(key)


def deps(state: Any) -> Deps:
    return Deps(kb=MagicMock(), state=state, logger=logging.getLogger("iom_bot.test"))


def test_a_click_is_keyed_by_kind_message_and_user() -> None:
    assert click_key(click(ACTION_HELPFUL)) == click_key(click(ACTION_NOT_HELPFUL))  # one vote
    # … per answer: a suggestion can replace the answer in the same message
    assert click_key(click(ACTION_HELPFUL, "a")) != click_key(click(ACTION_HELPFUL, "b"))
    assert click_key(click(ACTION_SHARE)) != click_key(click(ACTION_HELPFUL))
    assert click_key(click(ACTION_SHARE)) != click_key(click(ACTION_SHARE, ts="1.2"))
    assert click_key(click(ACTION_SHARE)) != click_key(click(ACTION_SHARE, user="U2"))
    assert click_key(click(ACTION_SHARE, "a")) == click_key(click(ACTION_SHARE, "b"))
    assert click_key(click("suggest_0", "a")) != click_key(click("suggest_1", "b"))


def test_a_repeated_click_is_dropped() -> None:
    respond = MagicMock()
    d = deps(Memory())
    assert first_click(d, click(ACTION_SHARE), respond) is True
    assert first_click(d, click(ACTION_SHARE), respond) is False
    respond.assert_not_called()


def test_a_click_the_database_cannot_decide_is_not_acted_on() -> None:
    respond = MagicMock(return_value=MagicMock(status_code=200))
    assert first_click(deps(Unavailable()), click(ACTION_SHARE), respond) is False
    respond.assert_called_once()
    assert BUSY in json.dumps(respond.call_args.kwargs)


def test_an_event_the_database_cannot_claim_is_not_handled_and_slack_redelivers() -> None:
    middleware = deduplicate_events(Unavailable(), logging.getLogger("iom_bot.test"))  # type: ignore[arg-type]
    body = {"type": "event_callback", "event_id": "Ev1", "event": {"type": "message"}}
    handled = MagicMock()
    response = middleware(body=body, request=BoltRequest(body=json.dumps(body)), next=handled)
    handled.assert_not_called()
    assert response is not None and response.status == 503


def test_a_duplicate_event_is_acked_and_dropped() -> None:
    middleware = deduplicate_events(Memory(), logging.getLogger("iom_bot.test"))  # type: ignore[arg-type]
    body = {"type": "event_callback", "event_id": "Ev2", "event": {"type": "message"}}
    handled = MagicMock()
    request = BoltRequest(body=json.dumps(body))
    middleware(body=body, request=request, next=handled)
    response = middleware(body=body, request=request, next=handled)
    assert handled.call_count == 1
    assert response is not None and response.status == 200


def test_a_click_whose_work_failed_can_be_tried_again() -> None:
    respond = MagicMock()
    d = deps(Memory())
    done: list[str] = []

    def fails(*_: Any) -> None:
        raise RuntimeError("response_url answered 500")

    with pytest.raises(RuntimeError):
        act_once(d, click(ACTION_SHARE), respond, fails)
    act_once(d, click(ACTION_SHARE), respond, lambda *_: done.append("shared"))
    act_once(d, click(ACTION_SHARE), respond, lambda *_: done.append("shared again"))
    assert done == ["shared"]
