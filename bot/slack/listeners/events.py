"""``app_mention`` (answer in a thread) and ``message.im`` (answer in the DM).

Every subscribed event type has a listener that acks it, even when it decides to do
nothing: an event with no listener gets a 404 and Slack then redelivers it. Filtering
therefore happens inside the functions below, not in listener matchers.

Duplicate deliveries (Slack retries, possibly landing on another worker) are dropped
before they reach these listeners, by ``bot.slack.middleware.deduplicate_events``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.listeners.errors import ack_at_once, apology_on_failure
from bot.slack.replies import channel_type, language_of, reply_for, strip_mention
from bot.slack.turns import waiting_on_slack
from bot.state import SINGLE, Workspace
from knowledge import speaking

# Message subtypes that are a person writing something new. Everything else — edits
# (message_changed), deletions (message_deleted), bot_message, joins — is ignored.
HUMAN_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def from_a_bot(event: Mapping[str, Any]) -> bool:
    return bool(
        event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message"
    )


def answer_mention(
    deps: Deps,
    event: Mapping[str, Any],
    bot_user_id: str | None,
    client: WebClient,
    workspace: Workspace = SINGLE,
) -> None:
    """Reply in a thread under the mention (or in the thread it was written in)."""
    channel = event.get("channel") or ""
    if from_a_bot(event) or event.get("subtype") not in HUMAN_SUBTYPES:
        return
    if channel.startswith("D"):  # Slack sends DMs as message.im, which answers them
        return
    question = strip_mention(event.get("text") or "", bot_user_id)
    message = reply_for(
        deps, question, surface="mention", where=channel_type(channel), workspace=workspace
    )
    with waiting_on_slack():
        client.chat_postMessage(
            channel=channel,
            thread_ts=event.get("thread_ts") or event.get("ts"),
            unfurl_links=False,
            unfurl_media=False,
            **message,
        )


def answer_direct_message(
    deps: Deps, event: Mapping[str, Any], client: WebClient, workspace: Workspace = SINGLE
) -> None:
    """Reply in the DM; a message written in a DM thread is answered in that thread."""
    if event.get("channel_type") != "im":
        return
    if from_a_bot(event) or event.get("subtype") not in HUMAN_SUBTYPES:
        return
    message = reply_for(
        deps, event.get("text") or "", surface="dm", where="im", workspace=workspace
    )
    with waiting_on_slack():
        client.chat_postMessage(
            channel=event["channel"],
            thread_ts=event.get("thread_ts"),
            unfurl_links=False,
            unfurl_media=False,
            **message,
        )


def register(app: App, deps: Deps) -> None:
    def on_mention(
        body: dict[str, Any], event: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        if from_a_bot(event) or str(event.get("channel") or "").startswith("D"):
            return  # not answered: no language to look up (answer_mention checks the rest)
        question = strip_mention(event.get("text") or "", context.bot_user_id)
        lang = language_of(deps, body, question, client)
        with speaking(lang), apology_on_failure(deps, body, client=client):
            answer_mention(deps, event, context.bot_user_id, client, deps.workspace(body))

    def on_message(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("channel_type") != "im" or from_a_bot(event):
            return  # not answered: no language to look up
        lang = language_of(deps, body, event.get("text") or "", client)
        with speaking(lang), apology_on_failure(deps, body, client=client):
            answer_direct_message(deps, event, client, deps.workspace(body))

    app.event("app_mention")(ack=ack_at_once, lazy=[on_mention])
    app.event("message")(ack=ack_at_once, lazy=[on_message])
