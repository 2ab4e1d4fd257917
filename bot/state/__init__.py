"""The bot's SQLite state database, shared by every process of one bot.

- ``migrations``: the append-only schema history (``PRAGMA user_version``);
- ``store``: ``StateStore`` (connections, migrating, event de-duplication, curator data);
- ``open``: ``open_state(settings)``, how every command opens it.

Feature tables are queried by their feature (digest: ``bot.digest.ledger``).
"""

from bot.state.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, tables_at
from bot.state.open import open_state
from bot.state.store import (
    BUSY_TIMEOUT,
    EVENT_CLAIM_TIMEOUT,
    EVENT_MEMORY_SECONDS,
    FeedbackCount,
    StateBusy,
    StateError,
    StateStore,
    scrub,
    write_transaction,
)

__all__ = [
    "BUSY_TIMEOUT",
    "EVENT_CLAIM_TIMEOUT",
    "EVENT_MEMORY_SECONDS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "FeedbackCount",
    "Migration",
    "StateBusy",
    "StateError",
    "StateStore",
    "open_state",
    "scrub",
    "write_transaction",
    "tables_at",
]
