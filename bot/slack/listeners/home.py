"""App Home: publish what the bot knows and how to ask it when a user opens the Home tab."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.blocks import home_view
from bot.slack.deps import Deps
from bot.slack.listeners.errors import ack_at_once, apology_on_failure
from bot.slack.replies import language_of
from bot.slack.turns import waiting_on_slack
from knowledge import speaking


def publish_home(deps: Deps, event: Mapping[str, Any], client: WebClient) -> None:
    """Only for the Home tab; opening the Messages tab fires the same event with tab=messages."""
    if event.get("tab") != "home" or not event.get("user"):
        return
    view = home_view(deps.knowledge_now)
    with waiting_on_slack():
        client.views_publish(user_id=event["user"], view=view)


def register(app: App, deps: Deps) -> None:
    def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") != "home" or not event.get("user"):
            return  # (no language to look up for the Messages tab)
        lang = language_of(deps, body, "", client)
        with speaking(lang), apology_on_failure(deps, body, client=client):
            publish_home(deps, event, client)

    app.event("app_home_opened")(ack=ack_at_once, lazy=[on_home_opened])
