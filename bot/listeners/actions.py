"""Button clicks: "Share in channel", "Did you mean" suggestions, Helpful / Not helpful.

Every button's value is the query it concerns, so a click re-runs that query against the
same (immutable) knowledge base instead of trusting message content sent back by the
client. Replies go through ``respond()`` (the click's response_url), which works in DMs
and channels the bot has not joined.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.blocks import (
    ACTION_HELPFUL,
    ACTION_NOT_HELPFUL,
    ACTION_SHARE,
    SUGGEST_ACTION,
    answer_message,
    notice_message,
)
from bot.listeners.errors import apology_on_failure
from bot.replies import Deps, answer_for, channel_type, clean_question, send


def _action(body: Mapping[str, Any]) -> Mapping[str, Any]:
    return (body.get("actions") or [{}])[0]


def _where(body: Mapping[str, Any]) -> str:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    return channel_type(channel)


def share_answer(deps: Deps, body: Mapping[str, Any], respond: Respond) -> None:
    """Repost the answer visibly in the channel, marked as shared by the clicker, then
    remove the ephemeral copy (best effort: Slack may already have dropped it)."""
    query = clean_question(_action(body).get("value") or "")
    answer = answer_for(deps, query, _where(body))
    user = (body.get("user") or {}).get("id")
    send(
        respond,
        answer_message(answer, shared_by=user),
        response_type="in_channel",
        replace_original=False,
        delete_original=False,
    )
    try:
        send(respond, {"text": ""}, delete_original=True)
    except Exception:
        deps.logger.info("could not delete the ephemeral answer after sharing", exc_info=True)


def run_suggestion(deps: Deps, body: Mapping[str, Any], respond: Respond) -> None:
    """Answer the suggested query for the clicker only.

    In an ephemeral answer it replaces that answer; under a public message it adds an
    ephemeral one, so one person's click never changes what everyone else sees.
    """
    query = clean_question(_action(body).get("value") or "")
    answer = answer_for(deps, query, _where(body))
    ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
    send(
        respond,
        answer_message(answer, shareable=True),
        response_type="ephemeral",
        replace_original=ephemeral,
    )


def record_feedback(deps: Deps, body: Mapping[str, Any], respond: Respond) -> None:
    action = _action(body)
    helpful = action.get("action_id") == ACTION_HELPFUL
    deps.state.record_feedback(clean_question(action.get("value") or ""), helpful)
    thanks = (
        "Thanks, glad it helped."
        if helpful
        else "Thanks for telling us. The curators review answers marked not helpful."
    )
    send(respond, notice_message(thanks), response_type="ephemeral", replace_original=False)


def register(app: App, deps: Deps) -> None:
    @app.action(ACTION_SHARE)
    def on_share(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        with apology_on_failure(deps, body, respond=respond):
            share_answer(deps, body, respond)

    @app.action(SUGGEST_ACTION)
    def on_suggestion(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        with apology_on_failure(deps, body, respond=respond):
            run_suggestion(deps, body, respond)

    def on_feedback(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        with apology_on_failure(deps, body, respond=respond):
            record_feedback(deps, body, respond)

    app.action(ACTION_HELPFUL)(on_feedback)
    app.action(ACTION_NOT_HELPFUL)(on_feedback)
