"""The bot's state database (SQLite file or PostgreSQL, through SQLAlchemy Core), shared by
every process of one bot.

- ``engine``: ``Database`` (engines, connections, ``write_transaction``);
- ``migrations``: the append-only schema history, for both dialects;
- ``upgrade``: opening a database the first time (checks, creation, migrating);
- ``store``: ``StateStore`` (event de-duplication, curator data);
- ``workspace``: ``Workspace``, the key of every row;
- ``open``: ``open_state(settings)``, how every command opens it.

Feature tables are queried by their feature (digest: ``bot.digest.ledger``; the
scheduler lease: ``bot.serve.leader``).
"""

from bot.state.engine import BUSY_TIMEOUT, write_transaction
from bot.state.errors import StateBusy, StateError
from bot.state.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, statements_for, tables_at
from bot.state.open import open_state
from bot.state.store import (
    EVENT_CLAIM_TIMEOUT,
    EVENT_MEMORY_SECONDS,
    FeedbackCount,
    StateStore,
    scrub,
)
from bot.state.workspace import SINGLE, Workspace, workspace_of

__all__ = [
    "BUSY_TIMEOUT",
    "EVENT_CLAIM_TIMEOUT",
    "EVENT_MEMORY_SECONDS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SINGLE",
    "FeedbackCount",
    "Migration",
    "StateBusy",
    "StateError",
    "StateStore",
    "Workspace",
    "open_state",
    "scrub",
    "statements_for",
    "tables_at",
    "workspace_of",
    "write_transaction",
]
