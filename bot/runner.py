"""``iom-bot run``: Socket Mode when ``SLACK_APP_TOKEN`` is set, otherwise HTTP under gunicorn.

Start-up problems (a missing or malformed setting, a broken knowledge file, a token Slack
rejects) stop the process with one line on stderr and a non-zero exit, before anything
listens. Secrets never reach the logs: besides never logging them, every log handler
gets a filter that masks their values should a library ever print one.

HTTP mode embeds gunicorn (Bolt's own ``app.start()`` server is documented as not for
production). The app is built once in the gunicorn master and forked into
``WEB_CONCURRENCY`` workers (``preload_app``), so a bad token is reported once, not by
every worker in a crash loop. Workers share nothing but the SQLite state database, which
is what keeps them acting as one bot (see bot.slack.middleware and bot.leader).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterable
from typing import Any

from bot.leader import ProcessLock, scheduler_lock_path
from bot.settings import Settings, StartupError, load_settings
from bot.slack.app import create_app
from bot.slack.verify import RequestVerifier
from bot.state import StateError, StateStore, open_state
from bot.web import WsgiApp, create_wsgi_app
from knowledge import KnowledgeError, load_knowledge

log = logging.getLogger("iom_bot")


class RedactSecrets(logging.Filter):
    """Masks the given secret values in every record that passes through a handler."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
        return True


def secrets_of(settings: Settings) -> list[str]:
    return [
        s.get_secret_value()
        for s in (settings.bot_token, settings.signing_secret, settings.app_token)
        if s is not None
    ]


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s")
    )
    handler.addFilter(RedactSecrets(secrets_of(settings)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)


def prepare(
    args: argparse.Namespace, *, need_slack: bool = True
) -> tuple[Settings, Any, StateStore]:
    """Settings, knowledge base and migrated state store, or a one-line StartupError."""
    settings = load_settings(need_slack=need_slack)  # SettingsError is a StartupError
    if getattr(args, "knowledge", None):  # --knowledge wins over IOM_BOT_KNOWLEDGE everywhere
        settings = dataclasses.replace(settings, knowledge_dir=args.knowledge)
    knowledge_dir = settings.knowledge_dir
    try:
        kb = load_knowledge(knowledge_dir)
    except KnowledgeError as exc:
        problems = "; ".join(exc.problems[:3]) + (" …" if len(exc.problems) > 3 else "")
        where = knowledge_dir or "(packaged)"
        raise StartupError(f"IOM_BOT_KNOWLEDGE {where}: {problems}") from None
    except OSError as exc:
        raise StartupError(f"IOM_BOT_KNOWLEDGE cannot be read: {exc}") from None
    # Build the index now, before gunicorn forks: workers share it instead of each building
    # it on its first question (seconds at thousands of releases, holding the GIL while
    # acks wait), and a cold load cache is written once.
    kb.engine  # noqa: B018
    try:
        state = open_state(settings, prune=True)
    except StateError as exc:
        raise StartupError(f"IOM_BOT_DB: {exc}") from None
    return settings, kb, state


def verifier_for(settings: Settings) -> RequestVerifier:
    secret = settings.signing_secret
    return RequestVerifier(secret.get_secret_value() if secret is not None else "")


def build_app(settings: Settings, kb: Any, state: StateStore) -> Any:
    """The Bolt app; Bolt's ``auth.test`` here is where a wrong token or URL shows up."""
    from slack_bolt.error import BoltError

    # slack_sdk logs each failed attempt at ERROR; the one line below already says why.
    sdk_logger = logging.getLogger("slack_sdk")
    level = sdk_logger.level
    sdk_logger.setLevel(logging.CRITICAL)
    try:
        return create_app(settings, kb, state=state, logger=log)
    except BoltError as exc:
        cause = exc.__context__
        response = getattr(cause, "response", None)
        reason = response.get("error", "error") if response is not None else "error"
        raise StartupError(f"SLACK_BOT_TOKEN was rejected by Slack ({reason})") from None
    except Exception as exc:
        raise StartupError(
            f"SLACK_API_URL {settings.api_url} cannot be reached: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        sdk_logger.setLevel(level)


# -- scheduled jobs ---------------------------------------------------------------------------


def start_scheduled_jobs(settings: Settings) -> ProcessLock | None:
    """Run the schedule in exactly one process of this bot; returns the held lock, if ours.

    The caller must keep the returned lock referenced for the life of the process; the
    digest scheduler hangs off it.
    """
    lock = ProcessLock(scheduler_lock_path(settings.db_path))
    if not lock.try_acquire():
        return None
    log.info("scheduled jobs run in this process (pid %d)", os.getpid())
    import sqlite3

    from bot.digest.ledger import DigestLedger
    from bot.digest.service import seed_subscriptions
    from bot.schedule import start_digest_schedule

    try:
        seed_subscriptions(settings, DigestLedger(StateStore(settings.db_path)))
    except (sqlite3.Error, StateError) as exc:  # the scheduled run reports it again, per run
        log.error("cannot seed DIGEST_CHANNELS into %s: %s", settings.db_path, exc)
    lock.scheduler = start_digest_schedule(settings)  # referenced as long as the lock is
    return lock


# -- HTTP mode --------------------------------------------------------------------------------


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """gunicorn settings derived from ours; also used by ``bot/gunicorn_conf.py``."""

    def post_worker_init(worker: Any) -> None:
        worker.iom_scheduler_lock = start_scheduled_jobs(settings)

    return {
        "bind": [f"{settings.host}:{settings.port}"],
        "workers": settings.web_concurrency,
        # Threads let /health and a slow request proceed side by side within a worker.
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "preload_app": True,
        "loglevel": settings.log_level.lower(),
        "errorlog": "-",
        "accesslog": "-" if settings.log_level == "DEBUG" else None,
        "proc_name": "iom-bot",
        "post_worker_init": post_worker_init,
        # gunicorn >= 25.1 opens a control socket at a fixed per-user path; two bots on one
        # host would fight over it, and nothing here uses it.
        "control_socket_disable": True,
    }


def run_http(wsgi: WsgiApp, settings: Settings) -> int:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(settings).items():
                if key in self.cfg.settings:  # options newer than the installed gunicorn
                    self.cfg.set(key, value)

        def load(self) -> WsgiApp:
            return wsgi

    log.info(
        "serving HTTP on %s:%d (POST /slack/events, GET /health) with %d worker(s)",
        settings.host,
        settings.port,
        settings.web_concurrency,
    )
    Server().run()
    return 0


# -- Socket Mode ------------------------------------------------------------------------------


def run_socket_mode(app: Any, settings: Settings) -> int:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk.errors import SlackApiError

    assert settings.app_token is not None
    socket_log = logging.getLogger("iom_bot.socket_mode")
    handler = SocketModeHandler(
        app, app_token=settings.app_token.get_secret_value(), logger=socket_log
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    socket_log.setLevel(logging.CRITICAL)  # a failed first connect is reported as one line
    try:
        handler.connect()  # apps.connections.open on SLACK_API_URL, then the WebSocket
    except SlackApiError as exc:
        raise StartupError(
            f"SLACK_APP_TOKEN was rejected by Slack ({exc.response.get('error', 'error')})"
        ) from None
    finally:
        socket_log.setLevel(logging.NOTSET)
    lock = start_scheduled_jobs(settings)
    log.info("connected to Slack in Socket Mode")
    while not stop.wait(1.0):
        pass
    handler.close()
    if lock is not None:
        lock.release()
    log.info("disconnected")
    return 0


def main(args: argparse.Namespace) -> int:
    try:
        settings, kb, state = prepare(args)
        configure_logging(settings)
        app = build_app(settings, kb, state)
        if settings.socket_mode:
            return run_socket_mode(app, settings)
        return run_http(create_wsgi_app(app, verifier_for(settings), log), settings)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
