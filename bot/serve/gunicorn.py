"""HTTP mode: gunicorn embedded in ``iom-bot run``, with options derived from settings.

The same options serve ``gunicorn -c python:bot.gunicorn_conf`` (``bot/gunicorn_conf.py``),
so both ways of starting HTTP mode behave alike. Each worker, once forked, tries to become
the process that runs the scheduled jobs (``bot.serve.schedule``), and starts its own
knowledge reload thread (``bot.serve.reload``).
"""

from __future__ import annotations

import logging
import socket
import struct
from typing import Any

from bot.serve.reload import start_reloader
from bot.serve.schedule import start_scheduled_jobs
from bot.serve.web import WsgiApp
from bot.settings import Settings

log = logging.getLogger("iom_bot")


CLIENT_READ_TIMEOUT = 2  # seconds a client may leave a request half-sent (Slack: none)


def bound_client_reads(worker: Any) -> None:
    """Give every connection this worker accepts a receive timeout at the socket level.

    gunicorn's threaded worker reads headers and body with blocking, deadline-free reads,
    so a client that sends half a request holds a thread; a few such clients held every
    thread, and no ack got through. ``SO_RCVTIMEO`` on the listening socket is inherited
    by accepted sockets (Linux) and survives gunicorn's ``setblocking(True)``: a read that
    waits longer fails, and gunicorn drops the connection. A buffering reverse proxy in
    front (nginx, a cloud load balancer) remains the real defence against slow clients.
    """
    timeout = struct.pack("ll", CLIENT_READ_TIMEOUT, 0)
    for listener in getattr(worker, "sockets", []):
        raw = getattr(listener, "sock", listener)
        try:
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeout)
        except (OSError, AttributeError):
            log.warning("could not bound client reads on %s", listener)


def release_scheduler_lease(server: Any, worker: Any) -> None:
    """A worker that stops (a restart, a deploy) hands the schedule over at once, instead of
    another process waiting for its lease to expire (bot.serve.leader)."""
    leader = getattr(worker, "iom_scheduler_lock", None)
    if leader is not None:
        leader.release()


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """gunicorn settings derived from ours; also used by ``bot/gunicorn_conf.py``."""

    def post_worker_init(worker: Any) -> None:
        bound_client_reads(worker)
        live = getattr(worker.wsgi, "knowledge", None)  # bot.serve.web.ServedApp
        lock = start_scheduled_jobs(settings, live)
        worker.iom_scheduler_lock = lock  # referenced for the life of the worker
        worker.iom_reloader = start_reloader(
            live, settings.reload_seconds, report=lock is not None and lock.held
        )

    return {
        "bind": [f"{settings.host}:{settings.port}"],
        "workers": settings.web_concurrency,
        # Threads let /health and a slow request proceed side by side within a worker.
        "worker_class": "gthread",
        "threads": 16,
        "timeout": 30,
        "graceful_timeout": 10,
        "keepalive": 5,
        "preload_app": True,
        "loglevel": settings.log_level.lower(),
        "errorlog": "-",
        "accesslog": "-" if settings.log_level == "DEBUG" else None,
        "proc_name": "iom-bot",
        "post_worker_init": post_worker_init,
        "worker_exit": release_scheduler_lease,
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
