"""The WSGI app factory for running HTTP mode with the gunicorn command itself.

``iom-bot run`` is the usual way; this is for platforms that expect to start gunicorn::

    gunicorn -c python:bot.gunicorn_conf 'bot.wsgi:create_wsgi_app()'

(``bot.wsgi`` re-exports this module's factory under that documented name.)

The factory builds everything from the environment when gunicorn loads it (in the master,
because the config sets ``preload_app``), so no module-level global holds the app.
"""

from __future__ import annotations

import argparse
import sys

from bot.serve.logs import configure_logging
from bot.serve.runner import build_app, log, prepare, verifier_for
from bot.serve.web import WsgiApp
from bot.serve.web import create_wsgi_app as wrap
from bot.settings import StartupError


def create_wsgi_app() -> WsgiApp:
    try:
        settings, kb, state = prepare(argparse.Namespace(knowledge=None))
        configure_logging(settings)
        return wrap(build_app(settings, kb, state), verifier_for(settings), log, knowledge=kb)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
