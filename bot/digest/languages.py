"""Each digest channel's language: ``/iom digest subscribe es`` sets it (the ``lang``
column of ``digest_subscriptions``, added by the answer-languages migration); a channel
without one gets the workspace's language (``IOM_BOT_LANGUAGE``, English by default)."""

from __future__ import annotations

from sqlalchemy import text

from bot.digest.ledger import DigestLedger
from knowledge import Lang, as_lang

_WS = "enterprise_id = :ent AND team_id = :team"


def channel_language(ledger: DigestLedger, channel: str, default: Lang = "en") -> Lang:
    """The language of ``channel``'s digests (the default when it has none or on failure)."""
    with ledger.store.connect(durable=False) as conn:
        row = conn.execute(
            text(f"SELECT lang FROM digest_subscriptions WHERE {_WS} AND channel_id = :channel"),
            {**ledger.workspace.key, "channel": channel},
        ).first()
    return (as_lang(row[0]) if row else None) or default


def set_channel_language(ledger: DigestLedger, channel: str, lang: Lang | None) -> None:
    with ledger.store.connect() as conn:
        conn.execute(
            text(
                f"UPDATE digest_subscriptions SET lang = :lang WHERE {_WS} AND channel_id = :channel"
            ),
            {**ledger.workspace.key, "channel": channel, "lang": lang},
        )
