"""``iom-bot state adopt TEAM``: file a single-workspace bot's rows under a workspace.

A bot that served one workspace with SLACK_BOT_TOKEN kept everything under the single
workspace key ('', ''). Switched to distribution, that workspace installs the bot and its
requests are filed under its team id, so its subscriptions, digest ledger and curator data
would sit unused under the old key (and a re-subscribed channel would get its backfill
again). Adopting moves every such row to the workspace, in one transaction. It refuses,
changing nothing, when the workspace already has rows of its own: two histories of one
channel cannot be merged without guessing which releases it had.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import text

from bot.settings import StartupError, load_settings
from bot.state.engine import write_transaction
from bot.state.errors import StateError
from bot.state.open import open_state
from bot.state.store import StateStore
from bot.state.workspace import SINGLE, Workspace

# Every table keyed by (enterprise_id, team_id); migrations that add one add it here.
KEYED_TABLES = (
    "processed_events",
    "digest_subscriptions",
    "digest_ledger",
    "digest_leases",
    "digest_unsubscribed",
    "unanswered_questions",
    "feedback",
    "user_languages",
)
_WS = "enterprise_id = :ent AND team_id = :team"


def adopt(store: StateStore, target: Workspace) -> dict[str, int]:
    """Move every single-workspace row to ``target``; rows moved per table."""
    if target == SINGLE or not target.team_id and not target.enterprise_id:
        raise StateError("adopt needs a team id (T…) or an enterprise id (E…)")
    moved: dict[str, int] = {}
    with store.connect() as conn, write_transaction(conn):
        for table in KEYED_TABLES:
            taken = conn.execute(
                text(f"SELECT 1 FROM {table} WHERE {_WS} LIMIT 1"), target.key
            ).first()
            if taken is not None:
                raise StateError(
                    f"{target.describe()} already has rows in {table}; nothing was moved "
                    "(its own history cannot be merged with the single workspace's)"
                )
        for table in KEYED_TABLES:
            moved[table] = conn.execute(
                text(f"UPDATE {table} SET enterprise_id = :to_ent, team_id = :to_team WHERE {_WS}"),
                {**SINGLE.key, "to_ent": target.enterprise_id, "to_team": target.team_id},
            ).rowcount
    return moved


def main(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(need_slack=False)
        target = Workspace(args.enterprise or "", args.team or "")
        store = open_state(settings)
        moved = adopt(store, target)
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StateError as exc:
        print(f"error: IOM_BOT_DB: {exc}", file=sys.stderr)
        return 2
    total = sum(moved.values())
    print(f"Moved {total} row(s) of the single workspace to {target.describe()}:")
    for table, count in moved.items():
        if count:
            print(f"  {table}: {count}")
    return 0
