"""The app factory: settings + knowledge base (+ state) in, a configured ``slack_bolt.App`` out.

Both run modes (HTTP under gunicorn, Socket Mode) and the tests build the app here, so
they register exactly the same listeners. Nothing is created at import time.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack import listeners
from bot.slack.client import build_web_client, web_client
from bot.slack.deps import Deps, Knowledge
from bot.slack.middleware import deduplicate_events
from bot.slack.turns import ListenerExecutor
from bot.slack.verify import RequestVerifier
from bot.state import StateStore, open_state

# Threads per process for listener work (answers, replies). Each Web API call ends within
# bot.slack.client's bounds, so a hung Slack holds a thread for about 13 s at most.
LISTENER_THREADS = 16


def create_app(
    settings: Settings,
    kb: Knowledge,
    *,
    state: StateStore | None = None,
    client: WebClient | None = None,
    logger: logging.Logger | None = None,
) -> App:
    """Build the Bolt app. Calls ``auth.test`` once (Bolt's token check) on the API URL.

    ``kb`` is a KnowledgeBase (or anything with ``answer``, ``releases``, ``press_contacts``).
    """
    logger = logger or logging.getLogger("iom_bot")
    if state is None:
        state = open_state(settings)
    secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
    # Bolt also reads SLACK_BOT_TOKEN from the environment and warns that the client's
    # token wins; that is exactly the intent here, so the warning is only noise.
    quiet = _DropMessage("As you gave `client` as well")
    logger.addFilter(quiet)
    try:
        if settings.oauth is not None:
            app = _distributed_app(settings, state, client, secret, logger)
        else:
            app = _new_app(settings, client, secret, logger)
    finally:
        logger.removeFilter(quiet)
    # Bolt logs a rejected request's whole body at INFO; bot.serve.web already logged one short
    # line for it, so only Bolt's warnings and errors are wanted from that logger.
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)
    deps = Deps(
        kb=kb,
        state=state,
        logger=logger,
        digest=settings.digest,
        verifier=RequestVerifier(secret),
        multi_workspace=settings.distributed,
    )
    app.use(deduplicate_events(state, logger, multi_workspace=settings.distributed))
    for module in listeners.MODULES:
        module.register(app, deps)
    return app


class _DropMessage(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefix)


def _distributed_app(
    settings: Settings,
    state: StateStore,
    client: WebClient | None,
    secret: str,
    logger: logging.Logger,
) -> App:
    """OAuth distribution: Bolt's flow on /slack/install and /slack/oauth_redirect, every
    workspace's tokens from the installation store on the state database, refreshed once
    per expiry across hosts (bot.slack.installations). No token of its own, no auth.test
    at start-up."""
    from slack_bolt.oauth.oauth_settings import OAuthSettings

    from bot.slack.installations import (
        ROTATE_MINUTES,
        STATE_SECONDS,
        SerialRotationAuthorize,
        oauth_stores,
    )

    assert settings.oauth is not None
    oauth = settings.oauth
    client = client or web_client(None, settings.api_url)  # each request gets its workspace's
    installations, states = oauth_stores(state, oauth)
    return App(
        **_common(client, secret, logger),
        oauth_settings=OAuthSettings(
            client_id=oauth.client_id,
            client_secret=oauth.client_secret.get_secret_value(),
            scopes=list(oauth.scopes),
            user_scopes=[],
            installation_store=installations,
            state_store=states,
            state_expiration_seconds=STATE_SECONDS,
            token_rotation_expiration_minutes=ROTATE_MINUTES,
            install_page_rendering_enabled=False,  # /slack/install redirects to Slack at once
            logger=logging.getLogger("iom_bot.oauth"),
        ),
        # Bolt accepts an Authorize instance here (its annotation says a plain callable).
        authorize=SerialRotationAuthorize(state, installations, oauth, client),  # type: ignore[arg-type]
    )


def _new_app(
    settings: Settings, client: WebClient | None, secret: str, logger: logging.Logger
) -> App:
    return App(**_common(client or build_web_client(settings), secret, logger))


def _common(client: WebClient, secret: str, logger: logging.Logger) -> dict[str, Any]:
    """What both kinds of app share."""
    return dict(
        client=client,
        # Always verified in HTTP mode. With no secret (Socket Mode only) every HTTP request
        # fails verification; Socket Mode requests are authenticated by the app token.
        signing_secret=secret,
        request_verification_enabled=True,
        # Every listener is an ack function plus lazy work (bot.slack.listeners). With
        # process_before_response the ack function runs in the request's own thread and its
        # result is the HTTP response, so an ack never queues behind Web API calls; the lazy
        # work runs in the listener pool, whose size therefore only bounds throughput.
        process_before_response=True,
        # One listener's Python work at a time, Slack waits overlapping (bot.slack.turns).
        listener_executor=ListenerExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="iom-listener"
        ),
        logger=logger,
        name="iom-bot",
    )
