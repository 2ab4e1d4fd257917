"""Plain functions between Slack payloads and the engine: clean the text, ask, render.

Listeners stay thin and call these; nothing here imports slack_bolt, so it is testable
without a server. There is no answering logic here either: ``kb.answer`` decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.slack.blocks import Surface, answer_message, help_message
from bot.slack.client import post_to_response_url
from bot.slack.deps import Deps
from bot.slack.turns import waiting_on_slack
from bot.state import SINGLE, Workspace
from knowledge import Answer, Lang, current_language
from knowledge.text import clean_user_text

# Longer than any real question; keeps a 40 KB paste from costing the engine anything.
MAX_QUESTION_CHARS = 4000
_ANY_LEADING_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


class DeliveryError(Exception):
    """Slack did not accept a message posted to a response_url."""


def clean_question(text: str) -> str:
    """Control characters become spaces; runs of whitespace collapse; length is bounded."""
    return clean_user_text(text, MAX_QUESTION_CHARS)


def strip_mention(text: str, bot_user_id: str | None) -> str:
    """The question in an ``app_mention``: the bot's own ``<@BOTID>`` removed wherever it is."""
    if bot_user_id:
        return re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text or "").strip()
    return _ANY_LEADING_MENTION.sub(" ", text or "").strip()


def is_help(question: str) -> bool:
    return question.strip().casefold() in ("", "help", "?", "ayuda")


def language_of(deps: Deps, body: Mapping[str, Any], question: str, client: Any) -> Lang:
    """The language a request is answered in (``bot.slack.language``)."""
    from bot.slack.language import request_language

    return request_language(deps, body, question, client)


def channel_type(channel_id: str | None, *, hint: str | None = None) -> str:
    """'im', 'mpim', 'private' or 'channel' — stored with unanswered questions, never the id."""
    if hint in ("im", "mpim"):
        return hint
    if hint in ("group", "privategroup"):
        return "private"
    if hint == "directmessage":
        return "im"
    if hint and hint.startswith("mpdm-"):
        return "mpim"
    channel_id = channel_id or ""
    if channel_id.startswith("D"):
        return "im"
    if channel_id.startswith("G"):
        return "private"
    return "channel"


def answer_for(deps: Deps, question: str, where: str, workspace: Workspace = SINGLE) -> Answer:
    """Ask the engine, in the request's language (``knowledge.speaking``, set by the
    listener); remember the question for curators when it had no answer."""
    answer = deps.kb.answer(question, current_language())
    if not answer.answered:
        try:
            deps.state.record_unanswered(question, where, workspace)
        except Exception:  # a full disk must not cost the user their answer
            deps.logger.warning("could not record an unanswered question", exc_info=True)
    return answer


def reply_for(
    deps: Deps,
    raw_text: str,
    *,
    surface: Surface,
    where: str,
    shareable: bool = False,
    workspace: Workspace = SINGLE,
) -> dict[str, Any]:
    """The message to send for a question typed on ``surface`` (help for an empty one)."""
    question = clean_question(raw_text)
    if is_help(question):
        return help_message(surface)
    return answer_message(answer_for(deps, question, where, workspace), shareable=shareable)


def send(respond: Any, message: dict[str, Any], **options: Any) -> None:
    """Post to the request's response_url and fail loudly (a status is returned, not raised).

    Bolt's ``respond()`` uses slack_sdk's default WebhookClient (30 s timeout, and a re-send
    after a dropped connection, which delivered answers twice); the response_url is taken
    from it and posted through bot.slack.client's bounded client instead. Anything else
    (a test's stand-in for ``respond``) is called as is.
    """
    url = getattr(respond, "response_url", None)
    with waiting_on_slack():
        if isinstance(url, str) and url:
            response = post_to_response_url(url, {**message, **options})
        else:
            response = respond(**message, **options)
    status = getattr(response, "status_code", 200)
    if status != 200:
        body = str(getattr(response, "body", ""))[:200]
        raise DeliveryError(f"response_url answered {status}: {body}")
