"""Which language to answer a Slack user in.

In order: the user's own choice (``/iom language es``, ``/iom idioma en``), else their
Slack locale, else the question's language when it is long enough to tell, else English.

The locale comes from ``users.info`` with ``include_locale``. It is read in the lazy work,
never in the ack (which must not call Slack), and kept in the state database with when it
was read, so Slack is asked at most once per user per ``LOCALE_TTL`` across every process
of the bot; a failed read is remembered too and tried again after ``RETRY_TTL``. Nothing
here ever raises: any failure (Slack, the database) falls back quietly to the next rule.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.slack.turns import waiting_on_slack
from bot.state import SINGLE, StateStore, Workspace
from bot.state.languages import choose_language, remember_locale, user_language
from knowledge import Lang, as_lang, detect_language

LOCALE_TTL = 24 * 3600.0
RETRY_TTL = 3600.0
log = logging.getLogger("bot.slack.language")

#: The words of ``/iom language …`` (and its Spanish ``/iom idioma …``), by the language set.
CHOICES: Mapping[str, Lang | None] = {
    "es": "es",
    "spanish": "es",
    "espanol": "es",
    "español": "es",
    "en": "en",
    "english": "en",
    "ingles": "en",
    "inglés": "en",
    "auto": None,
    "automatico": None,
    "automático": None,
}


def choice_of(word: str) -> tuple[bool, Lang | None]:
    """(whether ``word`` names a choice, the language it sets: None for auto)."""
    key = word.strip().casefold()
    return (key in CHOICES, CHOICES.get(key))


class LanguageChooser:
    """Decides a request's language from the state database, Slack and the question."""

    def __init__(
        self,
        store: StateStore | None,
        *,
        clock: Callable[[], float] = time.time,
        ttl: float = LOCALE_TTL,
        retry: float = RETRY_TTL,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ttl = ttl
        self.retry = retry

    def choose(
        self,
        user_id: str | None,
        question: str,
        client: Any = None,
        workspace: Workspace = SINGLE,
    ) -> Lang:
        if user_id and self.store is not None:
            try:
                row = user_language(self.store, user_id, workspace)
                chosen = as_lang(row.chosen)
                if chosen is not None:
                    return chosen
                locale = self.locale(user_id, client, workspace, row.locale, row.locale_at)
                if locale is not None:
                    return locale
            except Exception:  # the database: never cost the user their answer
                log.warning("could not read a user's language; deciding without it", exc_info=True)
        return detect_language(question) or "en"

    def locale(
        self,
        user_id: str,
        client: Any,
        workspace: Workspace,
        known: str | None,
        read_at: float | None,
    ) -> Lang | None:
        """The language of the user's Slack locale, read again once it is ``ttl`` old."""
        now = self.clock()
        if known is not None and read_at is not None:
            fresh = self.ttl if known else self.retry
            if now - read_at < fresh:
                return as_lang(known)
        if client is None:
            return as_lang(known)
        locale = read_locale(client, user_id)
        if self.store is not None:
            remember_locale(self.store, user_id, locale, now, workspace)
        return as_lang(locale)

    def set_choice(self, user_id: str, lang: Lang | None, workspace: Workspace = SINGLE) -> None:
        if self.store is None:
            raise RuntimeError("no state database to remember the choice in")
        choose_language(self.store, user_id, lang, workspace)


def read_locale(client: Any, user_id: str) -> str:
    """The user's Slack locale ("es-LA", "en-US"), or '' if Slack would not say."""
    try:
        with waiting_on_slack():
            response = client.users_info(user=user_id, include_locale=True)
        user = response.get("user") or {}
        locale = user.get("locale")
        return locale if isinstance(locale, str) else ""
    except Exception as exc:  # missing scope, rate limit, network: fall back quietly
        log.info("users.info gave no locale: %s", type(exc).__name__)
        return ""


def user_of(body: Mapping[str, Any]) -> str | None:
    """Who sent a Slack request: a command's ``user_id``, a click's ``user.id``, an
    event's ``event.user``."""
    user = body.get("user_id") or body.get("user") or (body.get("event") or {}).get("user")
    if isinstance(user, Mapping):
        user = user.get("id")
    return user if isinstance(user, str) and user else None


def request_language(deps: Any, body: Mapping[str, Any], question: str, client: Any) -> Lang:
    """The language to answer this request in (never raises)."""
    try:
        return LanguageChooser(deps.state).choose(
            user_of(body), question, client, deps.workspace(body)
        )
    except Exception:
        log.warning("could not decide the answer language; answering in English", exc_info=True)
        return "en"
