"""Web API and response_url clients with bounded waits and no blind re-sends.

slack_sdk's defaults do two things this bot cannot afford:

- ``ConnectionErrorRetryHandler`` re-sends a request after the connection dropped, even
  when Slack had already read (and acted on) it: a ``chat.postMessage`` accepted by Slack
  whose answer was lost is posted twice. Here a connection error is retried only when the
  request certainly never reached Slack (the connection was refused), or when the method
  only reads.
- ``RateLimitErrorRetryHandler`` sleeps whatever ``Retry-After`` says (10, 20, 615 s),
  holding a worker thread (and, for digests, outliving the run's lease). Here a retry sleeps
  at most ``max_wait`` seconds; a longer ``Retry-After`` is not waited out: the call fails
  with ``ratelimited`` and the caller decides (a digest leaves the release pending).

Every call also has a bounded socket timeout, so a Slack that never answers frees the
thread after ``API_TIMEOUT`` seconds.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.webhook import WebhookClient

from bot.settings import Settings

API_TIMEOUT = 10  # seconds for one Web API / response_url request (slack_sdk's default: 30)
MAX_RETRY_WAIT = 3.0  # the longest one rate-limit retry may sleep, in seconds

# Methods that only read: re-sending them after a lost connection changes nothing.
READ_ONLY_PREFIXES = ("auth.test", "conversations.history", "conversations.info", "users.info")


def error_chain(error: BaseException, limit: int = 10) -> Iterator[BaseException]:
    """``error`` and what it wraps: ``URLError.reason``, else the explicit ``__cause__``.

    Not ``__context__``: an earlier, handled error (a refusal that was retried, say) must
    not make a later one look like it.
    """
    current: BaseException | None = error
    for _ in range(limit):
        if current is None:
            return
        yield current
        reason = getattr(current, "reason", None)
        current = reason if isinstance(reason, BaseException) else current.__cause__


def connection_refused(error: BaseException) -> bool:
    """True when the connection was refused: the request was certainly never sent. A
    timeout met first in the chain means the outcome is unknown."""
    for cause in error_chain(error):
        if isinstance(cause, ConnectionRefusedError):
            return True
        if isinstance(cause, TimeoutError):
            return False
    return False


def _method(request: HttpRequest) -> str:
    return request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


class SafeConnectionRetryHandler(RetryHandler):
    """Retries a connection error only where the retry cannot duplicate anything."""

    def __init__(self, max_retry_count: int = 1, *, webhook: bool = False) -> None:
        super().__init__(max_retry_count)
        self.webhook = webhook  # response_url posts always write

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if error is None or response is not None:
            return False
        if not isinstance(error, OSError):  # URLError, ConnectionResetError, timeouts
            return False
        if connection_refused(error):
            return True
        return not self.webhook and _method(request).startswith(READ_ONLY_PREFIXES)


class BoundedRateLimitRetryHandler(RetryHandler):
    """Retries a 429 after its Retry-After, but only when that is at most ``max_wait``."""

    def __init__(self, max_retry_count: int = 2, *, max_wait: float = MAX_RETRY_WAIT) -> None:
        super().__init__(max_retry_count)
        self.max_wait = max_wait

    @staticmethod
    def retry_after(response: HttpResponse) -> float | None:
        for key, values in response.headers.items():
            if key.lower() == "retry-after":
                value = values[0] if isinstance(values, list) else values
                try:
                    return max(0.0, float(value))
                except (TypeError, ValueError):
                    return None
        return None

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = self.retry_after(response)
        return wait is None or wait <= self.max_wait

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        wait = self.retry_after(response) if response is not None else None
        duration = 1.0 if wait is None else wait
        time.sleep(min(self.max_wait, duration + random.random() * 0.2))
        state.next_attempt_requested = True
        state.increment_current_attempt()


def retry_handlers(*, max_wait: float = MAX_RETRY_WAIT) -> list[RetryHandler]:
    return [SafeConnectionRetryHandler(), BoundedRateLimitRetryHandler(max_wait=max_wait)]


def web_client(
    token: str | None,
    base_url: str,
    *,
    timeout: int = API_TIMEOUT,
    max_wait: float = MAX_RETRY_WAIT,
) -> WebClient:
    """A WebClient whose every call ends within about ``timeout`` + ``max_wait`` seconds.

    Bolt copies this client's base URL, timeout and retry handlers into the client it
    creates for each request, so the same bounds apply inside listeners.
    """
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=retry_handlers(max_wait=max_wait),
    )


def webhook_client(url: str, *, timeout: int = API_TIMEOUT) -> WebhookClient:
    """A response_url client: bounded, and never re-sends a post whose outcome is unknown."""
    return WebhookClient(
        url=url,
        timeout=timeout,
        retry_handlers=[
            SafeConnectionRetryHandler(webhook=True),
            BoundedRateLimitRetryHandler(),
        ],
    )


def post_to_response_url(url: str, message: dict[str, Any]) -> Any:
    """POST one message to a response_url; returns slack_sdk's ``WebhookResponse``."""
    return webhook_client(url).send_dict(message)


def build_web_client(
    settings: Settings, token: str | None = None, *, max_retry_wait: float = MAX_RETRY_WAIT
) -> WebClient:
    """A WebClient for ``SLACK_API_URL`` with bounded timeouts and retries (``web_client`` below).

    Bolt copies this client's base URL, timeout and retry handlers into the client it
    creates for each request, so the same bounds apply everywhere.
    """
    if token is None and settings.bot_token is not None:
        token = settings.bot_token.get_secret_value()
    return web_client(token, settings.api_url, max_wait=max_retry_wait)
