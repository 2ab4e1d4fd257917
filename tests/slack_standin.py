"""Test doubles for Slack itself: a Web API stand-in, a Socket Mode WebSocket stand-in,
request signing exactly as Slack does it, and payload builders shaped like Slack's docs.

The bot under test is a real process (or a real WSGI server) pointed at these through
``SLACK_API_URL``; every call it makes is recorded and can be awaited with a timeout.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import queue
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import yaml

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # Slack's documented example secret
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
APP_TOKEN = "xapp-1-A111-111-0123456789abcdef0123456789abcdef"
BOT_USER_ID = "U0BOTUSER1"
BOT_ID = "B0BOTID001"
TEAM_ID = "T0TEAM0001"
PAYLOADS = (
    Path(__file__).resolve().parent / "payloads"
)  # copied byte-exact from shared/slack-payloads
REPO = Path(__file__).resolve().parent.parent
DROP = -1  # a stand-in "status": close the connection without answering


class SlackIds:
    """Fresh Slack-shaped ids, unique across the test session."""

    def __init__(self) -> None:
        self._n = itertools.count(1)

    def next(self) -> int:
        return next(self._n)

    def channel(self, prefix: str = "C") -> str:
        return f"{prefix}0TEST{self.next():05d}"

    def event(self) -> str:
        return f"Ev0TEST{self.next():05d}"

    def ts(self) -> str:
        return f"1700000000.{self.next():06d}"

    def tag(self) -> str:
        return f"r{self.next():05d}"


# -- recording Web API stand-in ------------------------------------------------------------------


@dataclass
class Call:
    """One request the bot made: an API method (``chat.postMessage``) or a response_url post."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)

    @property
    def all_text(self) -> str:
        """Everything a user could see in this message, for safety assertions."""
        return json.dumps({k: v for k, v in self.body.items() if k != "token"}, ensure_ascii=False)


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 resets connections when four workers post a
    # burst of replies at once: a stand-in artefact that read as lost answers under load.
    request_queue_size = 256


class SlackStandIn:
    """A threaded HTTP server answering the Web API methods the bot uses, recording calls.

    ``/api/<method>`` is the Web API; ``/response/<tag>`` stands in for response_url
    endpoints (the tests put such URLs in the payloads they send).
    """

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._cond = threading.Condition()
        self._failures: list[
            tuple[
                str,
                Callable[[dict[str, Any]], bool] | None,
                tuple[int, dict[str, Any], dict[str, str]],
            ]
        ] = []
        self._delays: list[tuple[str, Callable[[dict[str, Any]], bool] | None, float]] = []
        self._drops: list[tuple[str, Callable[[dict[str, Any]], bool] | None]] = []
        self.ws_url: str | None = None
        self.not_member: set[str] = set()  # channels conversations.info says the bot is not in
        self.posted: dict[str, list[dict[str, Any]]] = {}  # channel -> messages, for history
        self.locales: dict[str, str] = {}  # user -> the locale users.info reports
        self.oauth = OAuthStandIn()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # slack_sdk reads some methods with GET
                path, _, query = self.path.partition("?")
                headers = {
                    **dict(self.headers),
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                self._answer(*standin._handle(path, query, headers))

            def do_POST(self) -> None:  # http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                self._answer(*standin._handle(self.path, raw, dict(self.headers)))

            def _answer(self, status: int, payload: Any, headers: dict[str, str]) -> None:
                if status == DROP:
                    # The request was read (and, for a post, accepted); the answer is lost.
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                data = (json.dumps(payload) if isinstance(payload, dict) else payload).encode()
                self.send_response(status)
                ctype = "application/json" if isinstance(payload, dict) else "text/plain"
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                with contextlib.suppress(OSError):  # the bot gave up waiting (a timeout test)
                    self.end_headers()
                    self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    # addresses
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def response_url(self, tag: str) -> str:
        return f"{self.url}/response/{tag}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # behaviour
    def fail(
        self,
        method: str,
        *,
        where: Callable[[dict[str, Any]], bool] | None = None,
        times: int = 1,
        status: int = 200,
        body: dict[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (or ``response``) whose body matches
        ``where`` fail with the given status, JSON body and headers."""
        response = (status, body or {"ok": False, "error": "internal_error"}, dict(headers or {}))
        with self._cond:
            self._failures.extend([(method, where, response)] * times)

    def delay(
        self,
        method: str,
        seconds: float,
        *,
        where: Callable[[dict[str, Any]], bool] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` matching calls only after ``seconds`` (a slow or hung
        Slack: pick ``seconds`` longer than the bot's timeout to make it never answer)."""
        with self._cond:
            self._delays.extend([(method, where, seconds)] * times)

    def drop(
        self,
        method: str,
        *,
        where: Callable[[dict[str, Any]], bool] | None = None,
        times: int = 1,
    ) -> None:
        """Read the next ``times`` matching calls, act on them (a post is stored, as Slack
        would), then close the connection without answering: the caller cannot know."""
        with self._cond:
            self._drops.extend([(method, where)] * times)

    @staticmethod
    def _take(rules: list[Any], method: str, body: dict[str, Any]) -> Any:
        for i, rule in enumerate(rules):
            if rule[0] == method and (rule[1] is None or rule[1](body)):
                del rules[i]
                return rule
        return None

    def _handle(
        self, path: str, raw: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any] | str, dict[str, str]]:
        if path.startswith("/api/"):
            method = path[len("/api/") :].split("?")[0]
        elif path.startswith("/response/"):
            method = "response"
        else:
            return 404, "not found", {}
        body = parse_body(raw, headers.get("Content-Type", ""))
        if method == "response":
            body["_url"] = path
        with self._cond:
            self._calls.append(Call(method, body, headers))
            self._cond.notify_all()
            rule = self._take(self._failures, method, body)
            failure = rule[2] if rule else None
            delay = self._take(self._delays, method, body)
            dropped = self._take(self._drops, method, body) is not None
        if delay:
            time.sleep(delay[2])
        if failure:
            return failure
        reply: tuple[int, dict[str, Any] | str, dict[str, str]] = (
            (200, "ok", {})
            if method == "response"
            else (200, self._reply(method, body, headers), {})
        )
        if dropped:
            return DROP, "", {}
        return reply

    def _reply(
        self, method: str, body: dict[str, Any], headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        token = bearer(headers or {}) or str(body.get("token") or "")
        if method == "oauth.v2.access":
            return self.oauth.access(body, headers or {})
        if token and self.oauth.refused(token):
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test":
            owner = self.oauth.team_of(token) or TEAM_ID
            if owner.startswith("E"):  # an org-wide install's token: the org, no workspace
                return {
                    "ok": True,
                    "url": "https://standin-org.enterprise.slack.com/",
                    "team": "Stand-in Org",
                    "user": "iom-bot",
                    "team_id": owner,
                    "enterprise_id": owner,
                    "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": True,
                }
            return {
                "ok": True,
                "url": "https://standin.slack.com/",
                "team": "Stand-in",
                "user": "iom-bot",
                "team_id": owner,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            ts = f"{time.time():.6f}"
            message = {"type": "message", "ts": ts, "text": body.get("text"), "bot_id": BOT_ID}
            if isinstance(body.get("metadata"), dict):
                message["metadata"] = body["metadata"]
            with self._cond:
                self.posted.setdefault(str(body.get("channel")), []).append(message)
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": message}
        if method == "conversations.history":
            oldest = float(body.get("oldest") or 0)
            with self._cond:
                messages = [
                    m
                    for m in self.posted.get(str(body.get("channel")), [])
                    if float(m["ts"]) > oldest
                ]
            return {"ok": True, "messages": list(reversed(messages)), "has_more": False}
        if method == "conversations.info":
            channel = str(body.get("channel"))
            return {
                "ok": True,
                "channel": {"id": channel, "is_member": channel not in self.not_member},
            }
        if method == "users.info":
            user = str(body.get("user"))
            info: dict[str, Any] = {"id": user, "name": user.lower()}
            if str(body.get("include_locale")).lower() in ("true", "1"):
                info["locale"] = self.locales.get(user, "en-US")
            return {"ok": True, "user": info}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{time.time():.6f}"}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0STANDIN", **(body.get("view") or {})}}
        if method == "apps.connections.open":
            if not self.ws_url:
                return {"ok": False, "error": "not_allowed"}
            return {"ok": True, "url": self.ws_url}
        return {"ok": False, "error": "unknown_method"}

    # inspection
    def calls(
        self, method: str | None = None, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        with self._cond:
            found = list(self._calls)
        return [
            c
            for c in found
            if (method is None or c.method == method) and (where is None or where(c))
        ]

    def wait_for(
        self,
        method: str | None = None,
        where: Callable[[Call], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        """Block until at least ``count`` matching calls arrived; fail the test otherwise."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c
                    for c in self._calls
                    if (method is None or c.method == method) and (where is None or where(c))
                ]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, str(c.body)[:120]) for c in self._calls[-8:]]
                    raise AssertionError(
                        f"timed out waiting for {count} {method or 'call'}(s); got "
                        f"{len(found)}. Last calls: {seen}"
                    )
                self._cond.wait(left)


def bearer(headers: Mapping[str, str]) -> str | None:
    """The token a Web API call was made with (slack_sdk sends it as a Bearer header)."""
    for key, value in headers.items():
        if key.lower() == "authorization" and value.startswith("Bearer "):
            return value[len("Bearer ") :]
    return None


CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "0123456789abcdef0123456789abcdef"


class OAuthStandIn:
    """``oauth.v2.access`` as Slack answers it for an app with token rotation on: a code
    from an install (``grant``) buys a bot token and a refresh token; a refresh token buys
    a new pair once (a second use is ``invalid_refresh_token``, as a rotated-away token).
    ``grant_org`` is an Enterprise Grid org-wide install: the answer names the org
    (``enterprise``, ``is_enterprise_install: true``) and no workspace (``team: null``), and
    its tokens belong to the org (``team_of`` gives the ``E…`` id).
    Tokens it issued are valid until refreshed away (``lifetime`` seconds nominally) or
    ``revoke``d; tokens it never issued (SLACK_BOT_TOKEN) stay valid.

    Bot and user tokens are refreshed through ``oauth.v2.access`` with
    ``grant_type=refresh_token`` (https://api.slack.com/authentication/rotation), answered
    like an install's exchange. ``tooling.tokens.rotate`` is not implemented: Slack
    documents it for app configuration tokens (the App Manifest API) only, and nothing in
    the bot or Bolt calls it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._codes: dict[str, str] = {}  # code -> team id
        self._tokens: dict[str, str] = {}  # live access token -> team id
        self._refresh: dict[str, str] = {}  # live refresh token -> team id
        self._dead: set[str] = set()  # tokens refreshed away or revoked
        self.refreshes: list[str] = []  # team of each refresh that succeeded
        self.refused_refreshes = 0
        self.lifetime = 43200
        self._n = 0

    def grant(self, team_id: str) -> str:
        """The code Slack would put on the redirect after ``team_id`` approved the install."""
        with self._lock:
            self._n += 1
            code = f"code-{team_id}-{self._n}"
            self._codes[code] = team_id
        return code

    def grant_org(self, enterprise_id: str) -> str:
        """The code for an org-wide install approved by the org ``enterprise_id`` (E…)."""
        assert enterprise_id.startswith("E")
        return self.grant(enterprise_id)

    def _issue(self, team_id: str) -> dict[str, Any]:
        self._n += 1
        access, refresh = f"xoxe.xoxb-1-{team_id}-{self._n}", f"xoxe-1-{team_id}-{self._n}"
        self._tokens[access], self._refresh[refresh] = team_id, team_id
        issued = {
            "ok": True,
            "app_id": "A0STANDIN1",
            "authed_user": {"id": "U0INSTALL1"},
            "scope": "app_mentions:read,chat:write,commands,im:history",
            "token_type": "bot",
            "access_token": access,
            "bot_user_id": BOT_USER_ID,
            "refresh_token": refresh,
            "expires_in": self.lifetime,
        }
        if team_id.startswith("E"):  # org-wide (grant_org)
            return {
                **issued,
                "team": None,
                "enterprise": {"id": team_id, "name": f"Org {team_id}"},
                "is_enterprise_install": True,
            }
        return {
            **issued,
            "team": {"id": team_id, "name": f"Workspace {team_id}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def access(self, body: Mapping[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        sent = {k.lower(): v for k, v in headers.items()}.get("authorization")
        in_body = body.get("client_id") == CLIENT_ID and body.get("client_secret") == CLIENT_SECRET
        if sent != expected and not in_body:
            return {"ok": False, "error": "invalid_client_id"}
        with self._lock:
            if body.get("grant_type") == "refresh_token":
                team = self._refresh.pop(str(body.get("refresh_token")), None)
                if team is None:
                    self.refused_refreshes += 1
                    return {"ok": False, "error": "invalid_refresh_token"}
                self._dead |= {t for t, owner in self._tokens.items() if owner == team}
                self._tokens = {t: o for t, o in self._tokens.items() if o != team}
                self.refreshes.append(team)
                return self._issue(team)
            team = self._codes.pop(str(body.get("code")), None)
            if team is None:
                return {"ok": False, "error": "invalid_code"}
            return self._issue(team)

    def revoke(self, team_id: str) -> None:
        with self._lock:
            self._dead |= {t for t, owner in self._tokens.items() if owner == team_id}
            self._tokens = {t: o for t, o in self._tokens.items() if o != team_id}
            self._refresh = {t: o for t, o in self._refresh.items() if o != team_id}

    def team_of(self, token: str) -> str | None:
        with self._lock:
            return self._tokens.get(token)

    def refused(self, token: str) -> bool:
        with self._lock:
            return token in self._dead

    def live_tokens(self, team_id: str) -> list[str]:
        with self._lock:
            return [t for t, owner in self._tokens.items() if owner == team_id]

    def live_refresh_tokens(self, team_id: str) -> list[str]:
        """The refresh tokens a refresh would still accept for ``team_id``."""
        with self._lock:
            return [t for t, owner in self._refresh.items() if owner == team_id]


def for_channel(channel: str) -> Callable[[Call], bool]:
    """Calls whose body names ``channel``, for ``SlackStandIn.calls``/``wait_for``."""
    return lambda c: c.body.get("channel") == channel


def for_url(tag: str) -> Callable[[Call], bool]:
    """Posts to the response_url ending in ``tag``."""
    return lambda c: c.body.get("_url", "").endswith("/" + tag)


def parse_body(raw: str, content_type: str) -> dict[str, Any]:
    """A Web API body as a dict, whether slack_sdk sent JSON or a form (with JSON fields)."""
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    body: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    for key in ("blocks", "view", "attachments"):
        if isinstance(body.get(key), str):
            with contextlib.suppress(ValueError):
                body[key] = json.loads(body[key])
    return body


# -- Socket Mode WebSocket stand-in -------------------------------------------------------------


class SocketModeStandIn:
    """A minimal WebSocket server (RFC 6455, stdlib only) playing Slack's Socket Mode side.

    It accepts the bot's connection, sends ``hello``, and lets a test push envelopes and
    wait for the bot's acknowledgements. Pings are answered; text frames are recorded.
    """

    GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._conn: socket.socket | None = None
        self._connected = threading.Event()
        self._send_lock = threading.Lock()
        self.received: queue.Queue[dict[str, Any]] = queue.Queue()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=standin"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        headers = {}
        for line in request.decode("latin-1").split("\r\n")[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        accept = base64.b64encode(
            hashlib.sha1((headers["sec-websocket-key"] + self.GUID).encode()).digest()
        ).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        self._conn = conn
        self._send_frame(0x1, json.dumps({"type": "hello", "num_connections": 1}).encode())
        self._connected.set()
        try:
            while True:
                opcode, payload = self._read_frame(conn)
                if opcode == 0x8:  # close
                    self._send_frame(0x8, payload[:2])
                    return
                if opcode == 0x9:  # ping
                    self._send_frame(0xA, payload)
                elif opcode == 0x1:
                    self.received.put(json.loads(payload.decode()))
        except (OSError, ConnectionError, ValueError):
            return

    @staticmethod
    def _recv_exact(conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def _read_frame(self, conn: socket.socket) -> tuple[int, bytes]:
        b1, b2 = self._recv_exact(conn, 2)
        length = b2 & 0x7F
        if length == 126:
            length = struct.unpack("!H", self._recv_exact(conn, 2))[0]
        elif length == 127:
            length = struct.unpack("!Q", self._recv_exact(conn, 8))[0]
        mask = self._recv_exact(conn, 4) if b2 & 0x80 else b"\0\0\0\0"
        data = self._recv_exact(conn, length)
        return b1 & 0x0F, bytes(c ^ mask[i % 4] for i, c in enumerate(data))

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        assert self._conn is not None
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        with self._send_lock:
            self._conn.sendall(header + payload)

    def wait_connected(self, timeout: float = 20.0) -> None:
        if not self._connected.wait(timeout):
            raise AssertionError("the bot never opened the Socket Mode WebSocket")

    def send(self, envelope: Mapping[str, Any]) -> None:
        self._send_frame(0x1, json.dumps(envelope).encode())

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no acknowledgement for envelope {envelope_id}")
            try:
                message = self.received.get(timeout=left)
            except queue.Empty:
                continue
            if message.get("envelope_id") == envelope_id:
                return message

    def close(self) -> None:
        self._listener.close()
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()


# -- signing and sending ---------------------------------------------------------------------------


def signature(secret: str, timestamp: str, body: str | bytes) -> str:
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + timestamp.encode() + b":" + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str | bytes,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    content_type: str,
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret, ts, body),
    }


def post(
    url: str, body: str | bytes, headers: Mapping[str, str], timeout: float = 10.0
) -> tuple[int, str]:
    data = body.encode() if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def send_signed(
    endpoint: str,
    body: str,
    content_type: str,
    *,
    secret: str = SIGNING_SECRET,
    timestamp: int | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> tuple[int, str]:
    headers = signed_headers(body, secret=secret, timestamp=timestamp, content_type=content_type)
    headers.update(extra_headers or {})
    return post(endpoint, body, headers)


# -- payloads shaped as Slack documents them ------------------------------------------------------


def command_body(
    text: str,
    response_url: str,
    *,
    channel_id: str = "C0CHANNEL1",
    channel_name: str = "press",
    user_id: str = "U0ASKER001",
    team_id: str = TEAM_ID,
    enterprise: bool | str = True,
    org_install: bool = False,
) -> str:
    """A slash command, form-encoded, with the fields of Slack's documented example
    (``enterprise=False``: from a workspace outside an Enterprise Grid org; a string: from
    a workspace of that org; ``org_install``: the app is installed org-wide there)."""
    fields = json.loads((PAYLOADS / "a1_slash_command_docs_example.parsed.json").read_text())
    fields.update(
        command="/iom",
        text=text,
        response_url=response_url,
        team_id=team_id,
        channel_id=channel_id,
        channel_name=channel_name,
        user_id=user_id,
    )
    if not enterprise:
        fields.pop("enterprise_id", None)
        fields.pop("enterprise_name", None)
    elif isinstance(enterprise, str):
        fields["enterprise_id"] = enterprise
    fields["is_enterprise_install"] = "true" if org_install else "false"
    return urlencode(fields, quote_via=quote)


def event_body(
    event: Mapping[str, Any],
    event_id: str,
    *,
    template: str = "b1_app_mention_docs_example.json",
    team_id: str = TEAM_ID,
    org: str | None = None,
) -> str:
    """An ``event_callback`` envelope from Slack's docs, with the given inner event.
    ``org``: from workspace ``team_id`` of that Enterprise Grid org, where the app is
    installed org-wide (the authorization names the org and no team)."""
    envelope = json.loads((PAYLOADS / template).read_text())
    envelope.update(
        team_id=team_id, event_id=event_id, event=dict(event), event_time=int(time.time())
    )
    if org:
        envelope["enterprise_id"] = org
    if "authorizations" in envelope:
        for authorization in envelope["authorizations"]:
            authorization["team_id"] = None if org else team_id
            if org:
                authorization.update(enterprise_id=org, is_enterprise_install=True)
    return json.dumps(envelope)


def mention_event(
    text: str, *, channel: str, ts: str, user: str = "U0ASKER001", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        **extra,
    }


def dm_event(
    text: str, *, channel: str, ts: str, user: str = "U0ASKER001", **extra: Any
) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        **extra,
    }


def block_actions_body(
    action_id: str,
    value: str,
    response_url: str,
    *,
    user_id: str = "U0ASKER001",
    channel_id: str = "C0CHANNEL1",
    ephemeral: bool = True,
) -> str:
    """A button click, as Slack sends it: the JSON payload in a ``payload=`` form field."""
    payload = json.loads((PAYLOADS / "f_block_actions_bolt_python_test.json").read_text())
    payload["user"].update(id=user_id, team_id=TEAM_ID)
    payload["team"]["id"] = TEAM_ID
    payload["channel"] = {"id": channel_id, "name": "press"}
    payload["container"].update(channel_id=channel_id, is_ephemeral=ephemeral)
    payload["response_url"] = response_url
    payload["actions"][0].update(action_id=action_id, value=value, block_id="answer_actions")
    return "payload=" + quote(json.dumps(payload), safe="")


# -- running the bot -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_env(standin: SlackStandIn, db: Path, **overrides: str) -> dict[str, str]:
    """A clean environment for a bot process: nothing inherited that starts with SLACK_."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "IOM_BOT_", "GAPS_", "WEB_CONCURRENCY", "DIGEST_"))
        and k not in ("PORT", "HOST", "LOG_LEVEL")
    }
    if "IOM_BOT_CACHE_DIR" in os.environ:  # the session's temporary load cache (conftest)
        env["IOM_BOT_CACHE_DIR"] = os.environ["IOM_BOT_CACHE_DIR"]
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=standin.api_url,
        HOST="127.0.0.1",
        IOM_BOT_DB=str(db),
        LOG_LEVEL="INFO",
        WEB_CONCURRENCY="1",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(REPO),
    )
    env.update(overrides)
    return env


class BotProcess:
    """A bot started as a subprocess; stderr goes to a file the tests can read."""

    def __init__(
        self, argv: list[str], env: Mapping[str, str], workdir: Path, name: str = "bot"
    ) -> None:
        self.log_path = workdir / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            argv,
            env=dict(env),
            cwd=workdir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.port = int(env.get("PORT", "0"))
        self.env = dict(env)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return self.base + "/slack/events"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_healthy(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"bot exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if get(self.base + "/health", timeout=1)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError(f"bot not healthy after {timeout}s:\n{self.log()}")

    def wait_log(self, needle: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.log():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"bot exited with {self.proc.returncode}:\n{self.log()}")
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} not logged after {timeout}s:\n{self.log()}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()
        return self.proc.returncode


def run_command(*args: str) -> list[str]:
    """``iom-bot …`` through the interpreter running the tests (no PATH assumptions)."""
    return [sys.executable, "-m", "bot.cli", *args]


# -- digest helpers (tests/bot/digest and tests/e2e share them) --------------------------------


def posted_ids(standin: SlackStandIn, channel: str) -> list[str]:
    """Release ids in every digest Slack accepted in the channel, from the posts' metadata."""
    ids: list[str] = []
    for message in standin.posted.get(channel, []):
        meta = message.get("metadata") or {}
        ids += [i for i in meta.get("event_payload", {}).get("release_ids", "").split(",") if i]
    return ids


def add_release(directory: Path, release_id: str, title: str) -> None:
    """A sixth release: a copy of one record under a new id, title and source."""
    data = yaml.safe_load((directory / "releases" / "veracruz-governor.yaml").read_text())
    data.update(id=release_id, title=title, source=f"{release_id}.txt")
    (directory / "releases" / f"{release_id}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    shutil.copy(
        directory / "sources" / "veracruz-governor.txt", directory / "sources" / f"{release_id}.txt"
    )
