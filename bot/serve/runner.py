"""``iom-bot run``: Socket Mode when ``SLACK_APP_TOKEN`` is set, otherwise HTTP under gunicorn.

Start-up problems (a missing or malformed setting, a broken knowledge file, a token Slack
rejects) stop the process with one line on stderr and a non-zero exit, before anything
listens. Secrets never reach the logs (bot.serve.logs).

HTTP mode embeds gunicorn (Bolt's own ``app.start()`` server is documented as not for
production). The app is built once in the gunicorn master and forked into
``WEB_CONCURRENCY`` workers (``preload_app``), so a bad token is reported once, not by
every worker in a crash loop. Workers share nothing but the SQLite state database, which
is what keeps them acting as one bot (see bot.slack.middleware and bot.serve.leader).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import signal
import sys
import threading
from typing import Any

from bot.serve.gunicorn import run_http
from bot.serve.logs import configure_logging
from bot.serve.reload import start_reloader
from bot.serve.schedule import start_scheduled_jobs
from bot.serve.web import create_wsgi_app
from bot.settings import Settings, StartupError, hide, load_settings, shown
from bot.slack.app import create_app
from bot.slack.verify import RequestVerifier
from bot.state import StateError, StateStore, open_state
from knowledge import KnowledgeError, default_knowledge_dir
from knowledge.live import LiveKnowledge
from knowledge.loading.drafts import draft_paths

log = logging.getLogger("iom_bot")


def prepare(
    args: argparse.Namespace, *, need_slack: bool = True
) -> tuple[Settings, LiveKnowledge, StateStore]:
    """Settings, knowledge base and migrated state store, or a one-line StartupError."""
    settings = load_settings(need_slack=need_slack)  # SettingsError is a StartupError
    if getattr(args, "knowledge", None):  # --knowledge wins over IOM_BOT_KNOWLEDGE everywhere
        settings = dataclasses.replace(settings, knowledge_dir=args.knowledge)
    knowledge_dir = settings.knowledge_dir
    try:
        # Built before gunicorn forks: workers share the index instead of each building it
        # on its first question (seconds at thousands of releases, holding the GIL while
        # acks wait), and a cold load cache is written once. LiveKnowledge then swaps in
        # what curators publish while the bot runs (bot.serve.reload).
        kb = LiveKnowledge.open(knowledge_dir or default_knowledge_dir())
    except KnowledgeError as exc:
        problems = "; ".join(exc.problems[:3]) + (" …" if len(exc.problems) > 3 else "")
        where = shown(str(knowledge_dir)) if knowledge_dir else "(packaged)"
        raise StartupError(f"IOM_BOT_KNOWLEDGE {where}: {hide(problems, knowledge_dir)}") from None
    except OSError as exc:
        raise StartupError(
            f"IOM_BOT_KNOWLEDGE cannot be read: {hide(str(exc), knowledge_dir)}"
        ) from None
    report_curation(kb.current)
    if need_slack:  # serving: the language detector's model, loaded once before the fork
        from knowledge import warm_language_detector

        warm_language_detector()
    try:
        state = open_state(settings, prune=True)
    except StateError as exc:
        raise StartupError(f"IOM_BOT_DB: {exc}") from None
    return settings, kb, state


DRAFT_LINES = 20  # drafts named one per line at start-up; past that, a count


def report_curation(kb: Any) -> None:
    """One line for what the bot serves but a curator should review (``knowledge check``
    lists it), and one per draft it does not serve."""
    if kb.warnings:
        log.warning(
            "knowledge: %d figure(s) may be filed under another measure; "
            "`iom-bot knowledge check` lists them",
            len(kb.warnings),
        )
    drafts = draft_paths(kb.directory)
    for path in drafts[:DRAFT_LINES]:
        log.info("knowledge: drafts/%s skipped: not served until published", path.name)
    if len(drafts) > DRAFT_LINES:
        log.info("knowledge: %d more draft(s) skipped", len(drafts) - DRAFT_LINES)


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
            f"SLACK_API_URL {shown(settings.api_url)} cannot be reached: "
            f"{type(exc).__name__}: {hide(str(exc), settings.api_url)}"
        ) from None
    finally:
        sdk_logger.setLevel(level)


# -- Socket Mode ------------------------------------------------------------------------------


def run_socket_mode(app: Any, settings: Settings, live: LiveKnowledge | None = None) -> int:
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
    lock = start_scheduled_jobs(settings, live)
    reloader = start_reloader(live, settings.reload_seconds, report=True)
    log.info("connected to Slack in Socket Mode")
    while not stop.wait(1.0):
        pass
    if reloader is not None:
        reloader.stop()
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
            return run_socket_mode(app, settings, kb)
        return run_http(create_wsgi_app(app, verifier_for(settings), log, knowledge=kb), settings)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
