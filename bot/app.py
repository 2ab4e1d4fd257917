"""The app factory: settings + knowledge base (+ state) in, a configured ``slack_bolt.App`` out.

Both run modes (HTTP under gunicorn, Socket Mode) and the tests build the app here, so
they register exactly the same listeners. Nothing is created at import time.
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot import listeners
from bot.middleware import deduplicate_events
from bot.replies import Deps, Knowledge
from bot.settings import Settings
from bot.slack_client import MAX_RETRY_WAIT, web_client
from bot.state import StateStore


def build_web_client(
    settings: Settings, token: str | None = None, *, max_retry_wait: float = MAX_RETRY_WAIT
) -> WebClient:
    """A WebClient for ``SLACK_API_URL`` with bounded timeouts and retries (bot.slack_client).

    Bolt copies this client's base URL, timeout and retry handlers into the client it
    creates for each request, so the same bounds apply everywhere.
    """
    if token is None and settings.bot_token is not None:
        token = settings.bot_token.get_secret_value()
    return web_client(token, settings.api_url, max_wait=max_retry_wait)


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
        state = StateStore(settings.db_path, retention_days=settings.gaps_retention_days)
        state.migrate()
    secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
    # Bolt also reads SLACK_BOT_TOKEN from the environment and warns that the client's
    # token wins; that is exactly the intent here, so the warning is only noise.
    quiet = _DropMessage("As you gave `client` as well")
    logger.addFilter(quiet)
    try:
        app = _new_app(settings, client, secret, logger)
    finally:
        logger.removeFilter(quiet)
    deps = Deps(kb=kb, state=state, logger=logger, digest=settings.digest)
    app.use(deduplicate_events(state, logger))
    for module in listeners.MODULES:
        module.register(app, deps)
    return app


class _DropMessage(logging.Filter):
    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefix)


def _new_app(
    settings: Settings, client: WebClient | None, secret: str, logger: logging.Logger
) -> App:
    return App(
        client=client or build_web_client(settings),
        # Always verified in HTTP mode. With no secret (Socket Mode only) every HTTP request
        # fails verification; Socket Mode requests are authenticated by the app token.
        signing_secret=secret,
        request_verification_enabled=True,
        process_before_response=False,
        logger=logger,
        name="iom-bot",
    )
