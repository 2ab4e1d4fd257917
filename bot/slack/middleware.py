"""Global Bolt middleware.

``deduplicate_events``: Slack redelivers an event (``X-Slack-Retry-Num``, same
``event_id``) when it did not see a timely 200, and with several gunicorn workers the
retry may reach a different process than the original. Claiming the ``event_id`` in the
shared SQLite database with ``INSERT OR IGNORE`` decides, atomically across processes,
which delivery is handled; every other one is acked and dropped. Socket Mode deliveries
carry the same ``event_id`` (and, since slack-bolt 1.29, the retry headers), so one
mechanism covers both modes.

It runs after Bolt's built-in middleware, so only requests whose signature has been
verified can claim an id. It runs before the ack, in the request's thread, so the claim
waits at most ``bot.state``'s short event-claim timeout; when it cannot decide, the event
is not handled and Slack is asked to deliver it again (fail closed: at most one answer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest

from bot.state import StateStore, workspace_of


def deduplicate_events(
    state: StateStore, logger: logging.Logger, *, multi_workspace: bool = False
) -> Callable[..., BoltResponse | None]:
    """``multi_workspace``: event ids are claimed per workspace (OAuth distribution)."""

    def deduplicate(
        body: dict[str, Any], request: BoltRequest, next: Callable[[], BoltResponse | None]
    ) -> BoltResponse | None:  # Bolt's name
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return next()
        try:
            first = state.claim_event(str(event_id), workspace_of(body, multi=multi_workspace))
        except Exception as exc:
            # Fail closed: with several workers, answering an event we could not claim is
            # how one question got two or three answers. A quick 503 makes Slack deliver it
            # again later, when the database can decide.
            logger.warning(
                "event de-duplication unavailable (%s); asking Slack to redeliver %s",
                type(exc).__name__,
                event_id,
            )
            return BoltResponse(status=503, body="")
        if first:
            return next()
        retry = (request.headers.get("x-slack-retry-num") or ["-"])[0]
        logger.info("dropping duplicate delivery of %s (retry %s)", event_id, retry)
        return BoltResponse(status=200, body="")

    return deduplicate
