"""The app factory: settings + knowledge base (+ state) in, a configured ``slack_bolt.App`` out.

Both run modes (HTTP under gunicorn, Socket Mode) and the tests build the app here, so
they register exactly the same listeners. Nothing is created at import time.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack import listeners
from bot.slack.client import build_web_client
from bot.slack.deps import Deps, Knowledge
from bot.slack.middleware import deduplicate_events
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
        app = _new_app(settings, client, secret, logger)
    finally:
        logger.removeFilter(quiet)
    # Bolt logs a rejected request's whole body at INFO; bot.serve.web already logged one short
    # line for it, so only Bolt's warnings and errors are wanted from that logger.
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)
    deps = Deps(
        kb=kb, state=state, logger=logger, digest=settings.digest, verifier=RequestVerifier(secret)
    )
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
        # Every listener is an ack function plus lazy work (bot.slack.listeners). With
        # process_before_response the ack function runs in the request's own thread and its
        # result is the HTTP response, so an ack never queues behind Web API calls; the lazy
        # work runs in the listener pool, whose size therefore only bounds throughput.
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(
            max_workers=LISTENER_THREADS, thread_name_prefix="iom-listener"
        ),
        logger=logger,
        name="iom-bot",
    )
