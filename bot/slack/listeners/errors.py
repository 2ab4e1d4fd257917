"""What happens when a handler fails: log the cause with the request's context, apologise.

Listeners wrap their work in ``apology_on_failure``; anything else that fails (a middleware,
say) reaches Bolt's error handler, registered below. Either way the process keeps serving. The apology
goes wherever the user is waiting: the response_url for commands and clicks, the thread
for a mention, the DM for a direct message. If even the apology cannot be delivered
(Slack is down, say), that is logged and dropped — an error handler must never raise.

Logged context is deliberately coarse: request kind, command/event/action ids, team,
channel. No question text and no user ids.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.blocks import notice_message
from bot.slack.deps import Deps
from bot.slack.replies import DeliveryError, send
from bot.slack.turns import waiting_on_slack
from knowledge.i18n import N_, _

APOLOGY = N_(
    "Sorry, something went wrong while answering. Please try again in a minute; "
    "if it keeps happening, tell the person who runs this bot."
)


def request_context(body: Mapping[str, Any]) -> dict[str, Any]:
    """The identifying, non-personal fields of a Slack request, for logs."""
    event = body.get("event") or {}
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    channel = (
        body.get("channel_id") or event.get("channel") or (body.get("channel") or {}).get("id")
    )
    context: dict[str, Any] = {
        "kind": body.get("type") or ("command" if body.get("command") else "unknown"),
        "team": team,
        "channel": channel,
    }
    if body.get("command"):
        context["command"] = body["command"]
    if event:
        context["event"] = event.get("type")
        context["event_id"] = body.get("event_id")
    if body.get("actions"):
        context["actions"] = [a.get("action_id") for a in body["actions"]]
    return {k: v for k, v in context.items() if v is not None}


def apologise(body: Mapping[str, Any], respond: Any, client: WebClient | None) -> None:
    """Tell the user something went wrong, in the place they are looking."""
    message = notice_message(_(APOLOGY))  # in the language the request was being answered in
    if respond is not None and (body.get("response_url") or respond.response_url):
        send(respond, message, response_type="ephemeral", replace_original=False)
        return
    event = body.get("event") or {}
    if client is None or event.get("type") not in ("app_mention", "message"):
        return  # e.g. app_home_opened: nobody is waiting for a reply
    thread = event.get("thread_ts") or (
        event.get("ts") if event.get("type") == "app_mention" else None
    )
    with waiting_on_slack():
        client.chat_postMessage(channel=event["channel"], thread_ts=thread, **message)


def handle_failure(
    error: Exception,
    body: Mapping[str, Any],
    respond: Any,
    client: WebClient | None,
    logger: logging.Logger,
) -> None:
    # Slack's answer (ratelimited, not_in_channel…) or a network failure is not a bug here:
    # one line with Slack's error code; anything else gets its traceback.
    expected = isinstance(error, (SlackApiError, OSError, DeliveryError))
    code = error.response.get("error") if isinstance(error, SlackApiError) else None
    logger.error(
        "handler failed %s: %s: %s",
        request_context(body),
        type(error).__name__,
        code or error,
        exc_info=None if expected else error,
    )
    try:
        apologise(body, respond, client)
    except Exception as exc:  # never let the error handler itself fail
        logger.warning(
            "could not deliver the apology %s: %s: %s",
            request_context(body),
            type(exc).__name__,
            exc,
        )


@contextmanager
def apology_on_failure(
    deps: Deps, body: Mapping[str, Any], *, respond: Any = None, client: WebClient | None = None
) -> Iterator[None]:
    """Wrap a listener's work (after ``ack()``): a failure is logged and apologised for here.

    Why not leave it to Bolt's error handler: when a listener that has already acked raises
    quickly, Bolt (1.30) can reset the ack and answer Slack 404 after 3 seconds, so the
    user would see "dispatch_failed" on top of the apology.
    """
    try:
        yield
    except Exception as exc:
        handle_failure(exc, body, respond, client, deps.logger)


def ack_at_once(ack: Ack) -> None:
    """Every listener's ack function: acknowledge, nothing else (the work is lazy)."""
    ack()


def is_verified(deps: Deps, request: BoltRequest | None) -> bool:
    """Whether Slack (not just anyone) sent this request.

    Bolt calls the error handler for exceptions raised before or during its own signature
    check too, with whatever body the sender made up; only a request that verifies here (or
    came over Socket Mode, which the app token authenticates) may be acted on.
    """
    if request is None:
        return False
    if request.mode == "socket_mode":
        return True
    if deps.verifier is None:
        return False
    return deps.verifier.verified(request.headers, request.raw_body)


def register(app: App, deps: Deps) -> None:
    @app.error
    def on_error(
        error: Exception,
        body: dict[str, Any],
        request: BoltRequest,
        respond: Any,
        client: WebClient,
    ) -> None:
        if not is_verified(deps, request):
            # Nothing from this body is trusted: not its response_url, not its channel.
            deps.logger.warning(
                "rejected an unverified request that failed in Bolt: %s", type(error).__name__
            )
            return
        handle_failure(error, body or {}, respond, client, deps.logger)
