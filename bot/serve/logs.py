"""Logging for a serving process: one stderr handler that never shows a secret.

Secrets never reach the logs: besides never logging them, every log handler gets a
filter that masks their values should a library ever print one.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

from bot.settings import Settings

# Any Slack token, by its shape: a distributed bot holds tokens no setting names (each
# workspace's, rotated every 12 hours), and slack_sdk at DEBUG prints request bodies, such
# as oauth.v2.access's refresh_token.
_TOKEN = re.compile(
    r"\bxox(?:e\.xox)?[a-z]-[A-Za-z0-9-]+|\bxoxe-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+"
)


class RedactSecrets(logging.Filter):
    """Masks the given secret values, and anything shaped like a Slack token, in every
    record that passes through a handler."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets) or _TOKEN.search(message):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = _TOKEN.sub("[redacted]", message), None
        return True


def secrets_of(settings: Settings) -> list[str]:
    """Every secret a setting holds: tokens, the signing and client secrets, and the
    password of a PostgreSQL IOM_BOT_DB."""
    from sqlalchemy.engine import make_url

    values = [
        s.get_secret_value()
        for s in (settings.bot_token, settings.signing_secret, settings.app_token)
        if s is not None
    ]
    if settings.oauth is not None:
        values.append(settings.oauth.client_secret.get_secret_value())
    if settings.db_url is not None:
        try:
            password = make_url(settings.db_url.get_secret_value()).password
        except Exception:  # the settings accepted it; a URL SQLAlchemy cannot read has none
            password = None
        if password:
            values.append(str(password))
    return values


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
