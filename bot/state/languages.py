"""Each user's answer language, as the state database keeps it: their own choice
(``/iom language es``) and the Slack locale last read for them, with when it was read.

Its own module (the ``user_languages`` table of the schema's answer-languages migration),
queried only by ``bot.slack.language``, which decides which language applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from bot.state.store import StateStore
from bot.state.workspace import SINGLE, Workspace


@dataclass(frozen=True)
class UserLanguage:
    chosen: str | None = None  # 'en' or 'es'; None: no choice made
    locale: str | None = None  # the Slack locale ('' when reading it failed); None: never read
    locale_at: float | None = None  # when it was read (or tried)


def user_language(store: StateStore, user_id: str, workspace: Workspace = SINGLE) -> UserLanguage:
    with store.connect(durable=False) as conn:
        row = conn.execute(
            text(
                "SELECT chosen, locale, locale_at FROM user_languages "
                "WHERE enterprise_id = :ent AND team_id = :team AND user_id = :user"
            ),
            {**workspace.key, "user": user_id},
        ).first()
    return UserLanguage(*row) if row else UserLanguage()


def choose_language(
    store: StateStore, user_id: str, lang: str | None, workspace: Workspace = SINGLE
) -> None:
    """Remember the user's choice (None: forget it, so the locale and the question decide)."""
    with store.connect() as conn:
        conn.execute(
            text(
                "INSERT INTO user_languages (enterprise_id, team_id, user_id, chosen) "
                "VALUES (:ent, :team, :user, :lang) ON CONFLICT (enterprise_id, team_id, user_id) "
                "DO UPDATE SET chosen = excluded.chosen"
            ),
            {**workspace.key, "user": user_id, "lang": lang},
        )


def remember_locale(
    store: StateStore, user_id: str, locale: str, at: float, workspace: Workspace = SINGLE
) -> None:
    with store.connect(durable=False) as conn:
        conn.execute(
            text(
                "INSERT INTO user_languages (enterprise_id, team_id, user_id, locale, locale_at) "
                "VALUES (:ent, :team, :user, :locale, :at) "
                "ON CONFLICT (enterprise_id, team_id, user_id) "
                "DO UPDATE SET locale = excluded.locale, locale_at = excluded.locale_at"
            ),
            {**workspace.key, "user": user_id, "locale": locale, "at": at},
        )
