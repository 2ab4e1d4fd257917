"""Logging for a serving process: one stderr handler that never shows a secret.

Secrets never reach the logs: besides never logging them, every log handler gets a
filter that masks their values should a library ever print one.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from bot.settings import Settings


class RedactSecrets(logging.Filter):
    """Masks the given secret values in every record that passes through a handler."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
        return True


def secrets_of(settings: Settings) -> list[str]:
    return [
        s.get_secret_value()
        for s in (settings.bot_token, settings.signing_secret, settings.app_token)
        if s is not None
    ]


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s")
    )
    handler.addFilter(RedactSecrets(secrets_of(settings)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # slack_sdk logs the full URL of a retried call at INFO; for a response_url that URL is
    # a capability (anyone holding it can post as the bot), so only its warnings pass.
    if settings.log_level != "DEBUG":
        logging.getLogger("slack_sdk").setLevel(logging.WARNING)
