"""``app_uninstalled`` and ``tokens_revoked``: a workspace removed the bot (distribution).

Its installation (tokens) is deleted through Bolt's own revocation handlers, and its
digest subscriptions are dropped (marked unsubscribed, so a reinstall never re-posts what
the channels had). With one SLACK_BOT_TOKEN there is no installation store; the events are
still acked (the manifest subscribes them), and nothing is deleted: that bot's one
workspace cannot be told apart from "uninstalled" except by its token failing.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.digest.ledger import DigestLedger
from bot.slack.deps import Deps
from bot.slack.listeners.errors import ack_at_once


def forget_workspace(deps: Deps, body: dict[str, Any]) -> int:
    """Drop the workspace's subscriptions; returns how many channels."""
    workspace = deps.workspace(body)
    return DigestLedger(deps.state, workspace=workspace).forget_workspace()


def register(app: App, deps: Deps) -> None:
    revocations = app._tokens_revocation_listeners  # Bolt's handlers on our installation store

    def on_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
        if revocations is None or not deps.multi_workspace:
            return
        revocations.handle_app_uninstalled_events(context)
        channels = forget_workspace(deps, body)
        deps.logger.info(
            "app uninstalled from %s: installation deleted, %d digest subscription(s) dropped",
            deps.workspace(body).describe(),
            channels,
        )

    def on_revoked(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if revocations is None or not deps.multi_workspace:
            return
        revocations.handle_tokens_revoked_events(event, context)
        if event.get("tokens", {}).get("bot"):  # the bot token is gone: no digests there
            forget_workspace(deps, body)
        deps.logger.info("tokens revoked in %s", deps.workspace(body).describe())

    app.event("app_uninstalled")(ack=ack_at_once, lazy=[on_uninstalled])
    app.event("tokens_revoked")(ack=ack_at_once, lazy=[on_revoked])
