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


def forget_workspace(deps: Deps, body: dict[str, Any], context: BoltContext) -> int:
    """Drop the workspace's subscriptions (an org-wide install's: those of every workspace
    of the org); returns how many channels."""
    workspace = deps.workspace(body)
    ledger = DigestLedger(deps.state, workspace=workspace)
    if not (context.is_enterprise_install and workspace.enterprise_id):
        return ledger.forget_workspace()
    org = [w for w in ledger.workspaces() if w.enterprise_id == workspace.enterprise_id]
    return sum(ledger.for_workspace(w).forget_workspace() for w in org)


def _described(deps: Deps, body: dict[str, Any], context: BoltContext) -> str:
    workspace = deps.workspace(body)
    if context.is_enterprise_install and workspace.enterprise_id:
        return f"the org {workspace.enterprise_id} (an org-wide install)"
    return workspace.describe()


def register(app: App, deps: Deps) -> None:
    revocations = app._tokens_revocation_listeners  # Bolt's handlers on our installation store

    def on_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
        if revocations is None or not deps.multi_workspace:
            return
        revocations.handle_app_uninstalled_events(context)
        channels = forget_workspace(deps, body, context)
        deps.logger.info(
            "app uninstalled from %s: installation deleted, %d digest subscription(s) dropped",
            _described(deps, body, context),
            channels,
        )

    def on_revoked(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
        if revocations is None or not deps.multi_workspace:
            return
        revocations.handle_tokens_revoked_events(event, context)
        if event.get("tokens", {}).get("bot"):  # the bot token is gone: no digests there
            forget_workspace(deps, body, context)
        deps.logger.info("tokens revoked in %s", _described(deps, body, context))

    app.event("app_uninstalled")(ack=ack_at_once, lazy=[on_uninstalled])
    app.event("tokens_revoked")(ack=ack_at_once, lazy=[on_revoked])
