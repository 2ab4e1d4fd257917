"""Shared fixtures: the packaged knowledge base, loaded once per test session.

The suite is hermetic: before anything loads knowledge, the load cache is pointed at a
temporary directory for the whole session (and every bot process the tests start inherits
it), so no test reads or writes the user's ~/.cache, and a warm user cache cannot make
the tests skip the code that builds the index.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from postgres_helpers import POSTGRES_ENV, drop_database, new_database, server_url

from knowledge import KnowledgeBase, load_knowledge
from knowledge.loading.loader import default_knowledge_dir

_LEFT_OUT = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a PostgreSQL server, leave its tests out (reported once, at the end)."""
    if server_url():
        return
    left_out = [item for item in items if item.get_closest_marker("postgres")]
    if left_out:
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]
        config.hook.pytest_deselected(items=left_out)
    config.stash[_LEFT_OUT] = len(left_out)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    count = config.stash.get(_LEFT_OUT, 0)
    if count:
        terminalreporter.write_line(
            f"PostgreSQL: {count} test(s) not run: no server given "
            f"(set {POSTGRES_ENV}=postgresql://user@127.0.0.1:PORT/postgres; .ci/run does)"
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def state_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """Where a test's state database lives: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield tmp_path / "state.sqlite3"
        return
    url = new_database()
    try:
        yield url
    finally:
        drop_database(url)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"postgres: needs the PostgreSQL server named by {POSTGRES_ENV}"
    )
    cache = Path(tempfile.mkdtemp(prefix="iom-bot-test-cache-"))
    os.environ["IOM_BOT_CACHE_DIR"] = str(cache)
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged knowledge directory."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target)
    return target


# -- Slack front end (tests/bot/slack, tests/e2e) ----------------------------------------------
# Session-scoped so the bot process starts once; tests keep apart by using their own channel
# ids, event ids and response_url tags (see SlackIds).

from slack_standin import BotProcess, SlackIds, SlackStandIn, bot_env, free_port, run_command  # noqa: E402


@pytest.fixture(scope="session")
def ids() -> SlackIds:
    return SlackIds()


@pytest.fixture(scope="session")
def standin() -> Iterator[SlackStandIn]:
    server = SlackStandIn()
    yield server
    server.close()


@pytest.fixture(scope="session")
def bot_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bot")


@pytest.fixture(scope="session")
def http_bot(standin: SlackStandIn, bot_workdir: Path) -> Iterator[BotProcess]:
    """``iom-bot run`` in HTTP mode: the real gunicorn arbiter with two worker processes."""
    env = bot_env(
        standin,
        bot_workdir / "state.sqlite3",
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
        LOG_LEVEL="DEBUG",
    )  # DEBUG: the most a log ever holds
    bot = BotProcess(run_command("run"), env, bot_workdir, name="http-bot")
    try:
        bot.wait_healthy()
        yield bot
    finally:
        bot.stop()


@pytest.fixture()
def state_db_pg() -> Iterator[str]:
    """A new PostgreSQL database (for tests marked ``postgres`` only)."""
    url = new_database()
    try:
        yield url
    finally:
        drop_database(url)
