"""The WSGI application served by gunicorn in HTTP mode.

One Slack endpoint, ``POST /slack/events``, takes commands, events and interactivity
(Bolt tells them apart by body), and ``GET /health`` answers load balancers without
touching Slack. Everything else is 404. Bodies over 1 MB are refused before Bolt reads
them: Slack never sends anything close to that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/health"
MAX_BODY_BYTES = 1 << 20

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _plain(
    start_response: StartResponse,
    status: str,
    body: bytes,
    content_type: str = "text/plain; charset=utf-8",
) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def create_wsgi_app(app: App) -> WsgiApp:
    slack = SlackRequestHandler(app, path=SLACK_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _plain(start_response, "200 OK", b'{"status":"ok"}', "application/json")
        if path == SLACK_PATH and method == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = MAX_BODY_BYTES + 1
            if length > MAX_BODY_BYTES:
                return _plain(start_response, "413 Payload Too Large", b"Payload Too Large")
            return slack(environ, start_response)
        return _plain(start_response, "404 Not Found", b"Not Found")

    return application
