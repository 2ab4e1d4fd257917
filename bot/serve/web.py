"""The WSGI application served by gunicorn in HTTP mode.

One Slack endpoint, ``POST /slack/events``, takes commands, events and interactivity
(Bolt tells them apart by body), and ``GET /health`` answers load balancers without
touching Slack. A distributed bot (SLACK_CLIENT_ID) also serves Bolt's OAuth flow:
``GET /slack/install`` (a redirect to Slack, with a state cookie) and ``GET
/slack/oauth_redirect`` (where Slack sends the installer back: Bolt checks the state
against the cookie and the state store, exchanges the code and stores the installation).
Those come from browsers, not from Slack, so they carry no signature; the state is what
protects them. Everything else is 404.

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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest

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


BODY_READ_TIMEOUT = 2.0  # seconds a client may take to send its body (Slack: milliseconds)
_LENGTH = re.compile(r"[0-9]{1,8}")


class SlowBody(Exception):
    """The client stopped sending its body: it must not hold a worker thread."""


def read_body(environ: dict[str, Any]) -> bytes | None:
    """The request body, or None when it is (or says it is) over ``MAX_BODY_BYTES``.

    gunicorn's threaded worker sets no deadline on reading a body, so a client that sends
    headers and then part of a body would hold a thread (and, with a few such connections,
    every ack) for as long as it likes; the socket gets ``BODY_READ_TIMEOUT`` first.
    """
    sock = environ.get("gunicorn.socket")
    if sock is not None:
        sock.settimeout(BODY_READ_TIMEOUT)
    raw_length = environ.get("CONTENT_LENGTH") or ""
    stream = environ.get("wsgi.input") or io.BytesIO()
    try:
        if raw_length:
            if not _LENGTH.fullmatch(raw_length) or int(raw_length) > MAX_BODY_BYTES:
                return None
            body: bytes = stream.read(int(raw_length))
            return body
        body = stream.read(MAX_BODY_BYTES + 1)  # chunked or unknown length: a bounded read
    except (TimeoutError, OSError) as exc:
        raise SlowBody from exc
    return None if len(body) > MAX_BODY_BYTES else body


def slack_headers(environ: dict[str, Any]) -> dict[str, str]:
    """Request headers as Bolt reads them, minus Bolt's own internal ones.

    ``X-Slack-Bolt-Lazy-Only`` and ``X-Slack-Bolt-Lazy-Function-Name`` steer Bolt's lazy
    listeners (they are meant for FaaS adapters re-invoking themselves); no signature
    covers them, so a client must never be able to set them.
    """
    headers = {}
    for key, value in environ.items():
        if key in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            headers[key.lower().replace("_", "-")] = value
        elif key.startswith("HTTP_") and not key.startswith("HTTP_X_SLACK_BOLT_"):
            headers[key[5:].lower().replace("_", "-")] = value
    return headers


def bolt_request(body: bytes, environ: dict[str, Any]) -> BoltRequest | None:
    """The request as Bolt will see it, or None when a (signed) body cannot be one.

    Building it parses the body and its context exactly as Bolt's dispatch will, so a body
    that is not a JSON object, or whose fields have the wrong types, is caught here.
    """
    try:
        request = BoltRequest(
            body=body.decode("utf-8"),
            query=environ.get("QUERY_STRING", ""),
            headers=slack_headers(environ),  # type: ignore[arg-type]
        )
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError, UnicodeError):
        return None
    return request if isinstance(request.body, dict) else None


def oauth_handler(app: App, path: str, method: str) -> Callable[[BoltRequest], BoltResponse] | None:
    """Bolt's install or redirect handler for this GET, if the app is distributed."""
    flow = app.oauth_flow
    if flow is None or method != "GET":
        return None
    if path == flow.install_path:
        return flow.handle_installation
    if path == flow.redirect_uri_path:
        return flow.handle_callback
    return None


def browser_request(environ: dict[str, Any]) -> BoltRequest:
    """A GET from an installer's browser, as Bolt's OAuth flow reads it (query, cookie)."""
    return BoltRequest(
        body="",
        query=environ.get("QUERY_STRING", ""),
        headers=slack_headers(environ),  # type: ignore[arg-type]
    )


def _respond(start_response: StartResponse, response: BoltResponse) -> list[bytes]:
    status = HTTPStatus(response.status)
    data = (response.body or "").encode("utf-8")
    headers = [(k, v) for k, values in response.headers.items() for v in values]
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    start_response(
        f"{status.value} {status.phrase}", [*headers, ("Content-Length", str(len(data)))]
    )
    return [data]


@dataclass(frozen=True)
class ServedApp:
    """The WSGI callable gunicorn serves, carrying the live knowledge each worker refreshes
    after the fork (``bot.serve.gunicorn``: threads do not survive it)."""

    handle: WsgiApp
    knowledge: Any = None  # a knowledge.live.LiveKnowledge, or None: nothing to reload

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        return self.handle(environ, start_response)


def create_wsgi_app(
    app: App,
    verifier: RequestVerifier,
    logger: logging.Logger | None = None,
    *,
    knowledge: Any = None,
) -> ServedApp:
    log = logger or logging.getLogger("iom_bot.http")
    rejections = RejectionLog(log)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _plain(start_response, "200 OK", b'{"status":"ok"}', "application/json")
        oauth = oauth_handler(app, path, method)
        if oauth is not None:
            return _respond(start_response, oauth(browser_request(environ)))
        if path != SLACK_PATH or method != "POST":
            return _plain(start_response, "404 Not Found", b"Not Found")
        try:
            body = read_body(environ)
        except SlowBody:
            rejections.reject(408, "the body did not arrive in time")
            return _plain(start_response, "408 Request Timeout", b"Request Timeout")
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
        request = bolt_request(body, environ)
        if request is None:
            rejections.reject(400, "signed, but the body is not a Slack request")
            return _plain(start_response, "400 Bad Request", b"Bad Request")
        try:
            response = app.dispatch(request)
        except Exception as exc:  # Bolt raised outside its own error handling
            log.error("Bolt failed on a verified request: %s", type(exc).__name__)
            return _plain(start_response, "500 Internal Server Error", b"Internal Server Error")
        return _respond(start_response, response)

    return ServedApp(application, knowledge)
