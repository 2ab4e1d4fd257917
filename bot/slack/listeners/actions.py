"""Button clicks: "Share in channel", "Did you mean" suggestions, Helpful / Not helpful.

Every button's value is the query it concerns, so a click re-runs that query against the
same (immutable) knowledge base instead of trusting message content sent back by the
client. Replies go through ``respond()`` (the click's response_url), which works in DMs
and channels the bot has not joined.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.slack.blocks import (
    ACTION_HELPFUL,
    ACTION_NOT_HELPFUL,
    ACTION_SHARE,
    SUGGEST_ACTION,
    answer_message,
    notice_message,
)
from bot.slack.deps import Deps
from bot.slack.listeners.errors import ack_at_once, apology_on_failure
from bot.slack.replies import answer_for, channel_type, clean_question, language_of, send
from knowledge import speaking
from knowledge.i18n import N_, _


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
    answer = answer_for(deps, query, _where(body), deps.workspace(body))
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
    answer = answer_for(deps, query, _where(body), deps.workspace(body))
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
    deps.state.record_feedback(
        clean_question(action.get("value") or ""), helpful, deps.workspace(body)
    )
    thanks = (
        _("Thanks, glad it helped.")
        if helpful
        else _("Thanks for telling us. The curators review answers marked not helpful.")
    )
    send(respond, notice_message(thanks), response_type="ephemeral", replace_original=False)


BUSY = N_("I could not take that click just now. Please click again in a minute.")


def click_key(body: Mapping[str, Any]) -> str | None:
    """What makes a click a repeat: the same button kind, on the same message, by the same user.

    Feedback is one vote per answer, message and user, whichever of the two buttons; a
    suggestion is keyed by its query too, since one message offers several.
    """
    action = _action(body)
    action_id = str(action.get("action_id") or "")
    container = body.get("container") or {}
    message_ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    user = (body.get("user") or {}).get("id")
    if not message_ts or not user:
        return None
    value = str(action.get("value") or "")
    if action_id in (ACTION_HELPFUL, ACTION_NOT_HELPFUL):
        kind = "feedback:" + value  # the answer rated: a suggestion can replace it in place
    elif SUGGEST_ACTION.match(action_id):
        kind = "suggest:" + value
    else:
        kind = action_id
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    raw = "\x1f".join((kind, str(channel), str(message_ts), str(user)))
    return "click:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def first_click(deps: Deps, body: Mapping[str, Any], respond: Respond) -> bool:
    """True if this click is to be acted on; a repeat (a double click) is dropped.

    When the state database cannot decide, nothing is done and the user is asked to click
    again: acting twice in public is worse than asking once more.
    """
    key = click_key(body)
    if key is None:
        return True
    try:
        first = deps.state.claim_event(key, deps.workspace(body))
    except Exception:
        deps.logger.warning("click de-duplication unavailable; not acting on the click")
        send(respond, notice_message(_(BUSY)), response_type="ephemeral", replace_original=False)
        return False
    if not first:
        deps.logger.info("dropping a repeated click (%s)", _action(body).get("action_id"))
    return first


ClickWork = Callable[[Deps, Mapping[str, Any], Respond], None]


def act_once(deps: Deps, body: Mapping[str, Any], respond: Respond, work: ClickWork) -> None:
    """Do a click's work once; if the work fails, the claim is undone so a retry can act.

    (The apology tells the user to try again: that click must not be dropped as a repeat.)
    """
    if not first_click(deps, body, respond):
        return
    try:
        work(deps, body, respond)
    except Exception:
        key = click_key(body)
        if key is not None:
            try:
                deps.state.forget_event(key, deps.workspace(body))
            except Exception:
                deps.logger.warning("could not undo a failed click's claim")
        raise


def clicked(
    deps: Deps, body: Mapping[str, Any], respond: Respond, client: Any, work: ClickWork
) -> None:
    """A click's work, in the clicker's language."""
    lang = language_of(deps, body, str(_action(body).get("value") or ""), client)
    with speaking(lang), apology_on_failure(deps, body, respond=respond):
        act_once(deps, body, respond, work)


def register(app: App, deps: Deps) -> None:
    def on_share(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        clicked(deps, body, respond, client, share_answer)

    def on_suggestion(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        clicked(deps, body, respond, client, run_suggestion)

    def on_feedback(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        clicked(deps, body, respond, client, record_feedback)

    # Acks are the HTTP response (bot.slack.app); the work is lazy, in the listener pool.
    app.action(ACTION_SHARE)(ack=ack_at_once, lazy=[on_share])
    app.action(SUGGEST_ACTION)(ack=ack_at_once, lazy=[on_suggestion])
    app.action(ACTION_HELPFUL)(ack=ack_at_once, lazy=[on_feedback])
    app.action(ACTION_NOT_HELPFUL)(ack=ack_at_once, lazy=[on_feedback])
