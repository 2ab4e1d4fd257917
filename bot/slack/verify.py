"""Slack request signatures, checked before anything parses, logs or acts on a request.

Bolt verifies signatures too, but only after parsing the body, and its verifier raises
(instead of rejecting) on a timestamp that is not an integer; the exception then reaches
the app's error handler with the unverified body, which used to "apologise" to whatever
``response_url`` or channel that body named. So the WSGI layer (bot.serve.web) checks every
request here first, and the error handler (bot.slack.listeners.errors) re-checks before acting.

A check never raises: any header or body it cannot make sense of is simply not verified.

Rejections are logged as one short line (a reason, never the body: rejected bodies carry
user ids, question text and response URLs), at most one line per ``interval`` seconds
with a count of those folded into it, so a flood of forged requests cannot fill a disk.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence

MAX_CLOCK_SKEW = 300  # seconds, as Slack's docs and Bolt use
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # ASCII digits only: int() would accept "١٢٣", " 1 "
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

HeaderValue = str | Sequence[str] | None


def _first(value: HeaderValue) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value[0] if len(value) == 1 and isinstance(value[0], str) else None


class RequestVerifier:
    """Checks ``X-Slack-Signature`` against the signing secret; ``repr`` hides the secret."""

    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode()
        self._clock = clock

    def __repr__(self) -> str:
        return "RequestVerifier(signing_secret='**********')"

    def problem(self, timestamp: HeaderValue, signature: HeaderValue, body: bytes) -> str | None:
        """Why the request is not verified (a short reason), or None when it is."""
        if not self._secret:
            return "no signing secret configured"
        ts, sig = _first(timestamp), _first(signature)
        if ts is None or sig is None:
            return "missing signature headers"
        if not _TIMESTAMP.fullmatch(ts):
            return "malformed timestamp"
        if abs(self._clock() - int(ts)) > MAX_CLOCK_SKEW:
            return "stale timestamp"
        if not _SIGNATURE.fullmatch(sig):
            return "malformed signature"
        base = b"v0:" + ts.encode() + b":" + body
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, sig):
            return "bad signature"
        return None

    def verified(self, headers: Mapping[str, HeaderValue], body: bytes | str) -> bool:
        """For Bolt-style headers (lower-case names, list values) and a raw body."""
        raw = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body
        return (
            self.problem(
                headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature"), raw
            )
            is None
        )


class RejectionLog:
    """One short WARNING line per rejected request, at most one per ``interval`` seconds."""

    def __init__(
        self,
        logger: logging.Logger,
        interval: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._folded = 0

    def reject(self, status: int, reason: str) -> None:
        with self._lock:
            now = self._clock()
            if now - self._last < self.interval:
                self._folded += 1
                return
            folded, self._folded, self._last = self._folded, 0, now
        more = f" ({folded} more rejected since the last line)" if folded else ""
        self.logger.warning("rejected a request with %d: %s%s", status, reason, more)
