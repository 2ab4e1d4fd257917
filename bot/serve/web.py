"""The WSGI application served by gunicorn in HTTP mode.

One Slack endpoint, ``POST /slack/events``, takes commands, events and interactivity
(Bolt tells them apart by body), and ``GET /health`` answers load balancers without
touching Slack. Everything else is 404.

Before Bolt sees a request this layer, in order: refuses bodies over 1 MB (413; Slack
never sends anything close), checks the signature on the raw bytes (401 for anything not
signed by Slack with our secret, however malformed its headers or body), then checks that
the verified body parses the way Bolt will parse it (400 otherwise). So Bolt, its error
handler and every listener only ever see verified, well-formed requests, and a forged
request costs one HMAC and one short log line.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.request.internals import parse_body

from bot.slack.verify import RejectionLog, RequestVerifier

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


def read_body(environ: dict[str, Any]) -> bytes | None:
    """The request body, or None when it is (or says it is) over ``MAX_BODY_BYTES``."""
    raw_length = environ.get("CONTENT_LENGTH") or ""
    stream = environ.get("wsgi.input") or io.BytesIO()
    if raw_length:
        if not raw_length.isdigit() or int(raw_length) > MAX_BODY_BYTES:
            return None
        return stream.read(int(raw_length))
    body = stream.read(MAX_BODY_BYTES + 1)  # chunked or unknown length: read a bounded amount
    return None if len(body) > MAX_BODY_BYTES else body


def well_formed(body: bytes, content_type: str | None) -> bool:
    """True if Bolt will parse ``body`` into a dict without raising."""
    try:
        text = body.decode("utf-8")
        parsed = parse_body(text, content_type)
    except (ValueError, RecursionError, UnicodeError, TypeError):
        return False
    return isinstance(parsed, dict)


def create_wsgi_app(
    app: App, verifier: RequestVerifier, logger: logging.Logger | None = None
) -> WsgiApp:
    slack = SlackRequestHandler(app, path=SLACK_PATH)
    rejections = RejectionLog(logger or logging.getLogger("iom_bot.http"))

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _plain(start_response, "200 OK", b'{"status":"ok"}', "application/json")
        if path != SLACK_PATH or method != "POST":
            return _plain(start_response, "404 Not Found", b"Not Found")
        body = read_body(environ)
        if body is None:
            rejections.reject(413, "body over 1 MB")
            return _plain(start_response, "413 Payload Too Large", b"Payload Too Large")
        problem = verifier.problem(
            environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            environ.get("HTTP_X_SLACK_SIGNATURE"),
            body,
        )
        if problem is not None:
            rejections.reject(401, problem)
            return _plain(start_response, "401 Unauthorized", b"Unauthorized")
        content_type = environ.get("CONTENT_TYPE")
        if not well_formed(body, content_type):
            rejections.reject(400, "signed, but the body does not parse")
            return _plain(start_response, "400 Bad Request", b"Bad Request")
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return slack(environ, start_response)

    return application
