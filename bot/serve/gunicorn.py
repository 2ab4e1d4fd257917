"""HTTP mode: gunicorn embedded in ``iom-bot run``, with options derived from settings.

The same options serve ``gunicorn -c python:bot.gunicorn_conf`` (``bot/gunicorn_conf.py``),
so both ways of starting HTTP mode behave alike. Each worker, once forked, tries to become
the process that runs the scheduled jobs (``bot.serve.schedule``).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.serve.schedule import start_scheduled_jobs
from bot.serve.web import WsgiApp
from bot.settings import Settings

log = logging.getLogger("iom_bot")


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
