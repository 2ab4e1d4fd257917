"""The scheduler lease of a real ``iom-bot run`` (gunicorn, 2 workers) on SQLite: one row,
held by one worker, and handed back when the bot stops cleanly (a deploy or restart), so
the next process does not wait for it to expire (bot.serve.leader)."""

from __future__ import annotations

from pathlib import Path

from slack_standin import BotProcess, SlackStandIn, bot_env, free_port, run_command

from bot.serve.leader import SchedulerLease
from bot.state import StateStore


def test_the_lease_is_held_by_one_worker_and_released_on_a_clean_stop(
    tmp_path: Path, standin: SlackStandIn
) -> None:
    db = tmp_path / "state.sqlite3"
    env = bot_env(standin, db, PORT=str(free_port()), WEB_CONCURRENCY="2")
    bot = BotProcess(run_command("run"), env, tmp_path, name="lease-bot")
    try:
        bot.wait_healthy()
        bot.wait_log("scheduled jobs run in this process")
        holder = SchedulerLease(StateStore(db)).holder()
        assert holder is not None and bot.log().count("scheduled jobs run in this process") == 1
        pid = holder.split(":")[-2]
        assert f"scheduled jobs run in this process (pid {pid})" in bot.log()
    finally:
        assert bot.stop() == 0
    assert SchedulerLease(StateStore(db)).holder() is None
