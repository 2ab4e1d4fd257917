"""What a real ``iom-bot run`` process prints when start-up cannot go ahead: one line
naming the variable, never a secret (the settings themselves: tests/bot/test_slack_settings.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from slack_standin import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    bot_env,
    free_port,
)

# -- start-up failures, as a user sees them ---------------------------------------------------


def run_bot(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_one_line(run: subprocess.CompletedProcess, variable: str) -> None:
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert variable in lines[0] and "Traceback" not in run.stderr
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, BOT_TOKEN[5:]):
        assert secret not in run.stderr + run.stdout


@pytest.fixture()
def private_standin():
    server = SlackStandIn()
    yield server
    server.close()


def test_run_without_a_token_stops_with_one_line(private_standin, tmp_path) -> None:
    env = bot_env(private_standin, tmp_path / "db.sqlite3", PORT=str(free_port()))
    del env["SLACK_BOT_TOKEN"]
    assert_one_line(run_bot(env, tmp_path), "SLACK_BOT_TOKEN")


def test_run_with_a_malformed_port_stops_with_one_line(private_standin, tmp_path) -> None:
    env = bot_env(private_standin, tmp_path / "db.sqlite3", PORT="eighty")
    assert_one_line(run_bot(env, tmp_path), "PORT")


def test_run_with_a_token_slack_rejects_stops_with_one_line(private_standin, tmp_path) -> None:
    private_standin.fail("auth.test", body={"ok": False, "error": "invalid_auth"})
    env = bot_env(private_standin, tmp_path / "db.sqlite3", PORT=str(free_port()))
    run = run_bot(env, tmp_path)
    assert_one_line(run, "SLACK_BOT_TOKEN")
    assert "invalid_auth" in run.stderr


def test_run_with_an_unreachable_api_url_stops_with_one_line(private_standin, tmp_path) -> None:
    env = bot_env(
        private_standin,
        tmp_path / "db.sqlite3",
        PORT=str(free_port()),
        SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/",
    )
    assert_one_line(run_bot(env, tmp_path), "SLACK_API_URL")


def test_run_with_an_unusable_database_stops_with_one_line(private_standin, tmp_path) -> None:
    (tmp_path / "not-a-dir").write_text("")
    env = bot_env(private_standin, tmp_path / "not-a-dir" / "db.sqlite3", PORT=str(free_port()))
    assert_one_line(run_bot(env, tmp_path), "IOM_BOT_DB")


def test_socket_mode_with_a_rejected_app_token_stops_with_one_line(
    private_standin, tmp_path
) -> None:
    private_standin.fail(
        "apps.connections.open", body={"ok": False, "error": "not_allowed_token_type"}
    )
    env = bot_env(private_standin, tmp_path / "db.sqlite3", SLACK_APP_TOKEN=APP_TOKEN)
    run = run_bot(env, tmp_path)
    assert_one_line(run, "SLACK_APP_TOKEN")
    assert "not_allowed_token_type" in run.stderr


# -- a secret pasted into the wrong variable is never echoed -----------------------------------


def test_iom_bot_run_names_the_variable_and_hides_the_secret(
    private_standin: SlackStandIn, tmp_path: Path
) -> None:
    result = run_bot(bot_env(private_standin, tmp_path / "s.db", PORT=SIGNING_SECRET), tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: PORT ")
    assert SIGNING_SECRET not in result.stderr + result.stdout


@pytest.mark.parametrize("variable", ["IOM_BOT_KNOWLEDGE", "SLACK_API_URL"])
def test_a_token_pasted_as_a_path_or_url_is_not_echoed(
    private_standin: SlackStandIn, tmp_path: Path, variable: str
) -> None:
    value = BOT_TOKEN if variable == "IOM_BOT_KNOWLEDGE" else f"http://127.0.0.1:9/{BOT_TOKEN}/"
    result = run_bot(bot_env(private_standin, tmp_path / "s.db", **{variable: value}), tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {variable}")
    for part in (BOT_TOKEN, BOT_TOKEN.split("-")[-1]):
        assert part not in result.stderr + result.stdout
