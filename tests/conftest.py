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
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, load_knowledge
from knowledge.loading.loader import default_knowledge_dir


def pytest_configure(config: pytest.Config) -> None:
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

from collections.abc import Iterator  # noqa: E402

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
