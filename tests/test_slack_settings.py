"""Settings: from the environment and .env, validated up front, secrets never shown; and what
``iom-bot run`` prints when start-up cannot go ahead."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from slack_standin import (
    APP_TOKEN,
    BOT_TOKEN,
    REPO,
    SIGNING_SECRET,
    SlackStandIn,
    bot_env,
    free_port,
)

from bot.settings import DEFAULT_API_URL, VARIABLES, SettingsError, load_settings

GOOD = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}


def load(env: dict[str, str], **kw) -> object:
    return load_settings(env, dotenv=False, **kw)


def test_defaults() -> None:
    s = load(GOOD)
    assert s.port == 3000 and s.api_url == DEFAULT_API_URL and not s.socket_mode
    assert s.log_level == "INFO" and s.gaps_retention_days == 90 and s.web_concurrency >= 1
    assert s.db_path.name == "iom-bot.sqlite3" and s.knowledge_dir is None


def test_socket_mode_needs_no_signing_secret() -> None:
    s = load({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN})
    assert s.socket_mode and s.signing_secret is None


def test_api_url_gets_a_trailing_slash() -> None:
    assert load({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api"}).api_url == (
        "http://127.0.0.1:9/api/"
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_SIGNING_SECRET": SIGNING_SECRET}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ({**GOOD, "SLACK_BOT_TOKEN": "xoxp-" + BOT_TOKEN[5:]}, "SLACK_BOT_TOKEN"),
        ({**GOOD, "SLACK_BOT_TOKEN": BOT_TOKEN + " x"}, "SLACK_BOT_TOKEN"),
        ({**GOOD, "SLACK_APP_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN"),
        ({**GOOD, "PORT": "http"}, "PORT"),
        ({**GOOD, "PORT": "70000"}, "PORT"),
        ({**GOOD, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({**GOOD, "LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({**GOOD, "GAPS_RETENTION_DAYS": "0"}, "GAPS_RETENTION_DAYS"),
        ({**GOOD, "WEB_CONCURRENCY": "many"}, "WEB_CONCURRENCY"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable(env, variable) -> None:
    with pytest.raises(SettingsError) as caught:
        load(env)
    message = str(caught.value)
    assert message.startswith(variable + " ") and "\n" not in message
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, BOT_TOKEN[5:]):
        assert secret not in message


def test_secrets_do_not_show_in_repr() -> None:
    shown = repr(load({**GOOD, "SLACK_APP_TOKEN": APP_TOKEN}))
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in shown


def test_gaps_needs_no_slack_credentials() -> None:
    assert load({}, need_slack=False).bot_token is None


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".env").write_text(
        f"SLACK_BOT_TOKEN={BOT_TOKEN}\nSLACK_SIGNING_SECRET=abc\nPORT=4000\n"
    )
    monkeypatch.chdir(tmp_path)
    s = load_settings({"PORT": "5000"})
    assert s.bot_token.get_secret_value() == BOT_TOKEN and s.port == 5000


def test_env_example_documents_every_setting_and_loads(tmp_path: Path, monkeypatch) -> None:
    example = (REPO / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    assert documented == set(VARIABLES)
    for name in VARIABLES:  # every variable has a comment right above it
        assert re.search(rf"#[^\n]*\n(?:#[^\n]*\n)*{name}=", example), name
    filled = example.replace("SLACK_BOT_TOKEN=\n", f"SLACK_BOT_TOKEN={BOT_TOKEN}\n").replace(
        "SLACK_SIGNING_SECRET=\n", f"SLACK_SIGNING_SECRET={SIGNING_SECRET}\n"
    )
    (tmp_path / ".env").write_text(filled)
    monkeypatch.chdir(tmp_path)
    s = load_settings({})
    assert not s.socket_mode and s.port == 3000 and s.api_url == DEFAULT_API_URL


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

MISPLACEABLE = (
    "PORT",
    "LOG_LEVEL",
    "WEB_CONCURRENCY",
    "GAPS_RETENTION_DAYS",
    "DIGEST_CRON",
    "DIGEST_TZ",
    "DIGEST_BACKFILL",
    "DIGEST_CHANNELS",
    "DIGEST_POST_EMPTY",
)


@pytest.mark.parametrize("secret", [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, "1" * 24])
@pytest.mark.parametrize("variable", MISPLACEABLE)
def test_a_secret_in_the_wrong_variable_is_named_not_shown(variable: str, secret: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load({**GOOD, variable: secret})
    message = str(caught.value)
    assert message.startswith(variable + " ")
    assert "\n" not in message
    for part in (secret, secret[-12:], secret[:12]):
        assert part not in message


@pytest.mark.parametrize(
    "variable, value",
    [("PORT", "80x"), ("LOG_LEVEL", "LOUD"), ("DIGEST_TZ", "Mars/Olympus"), ("DIGEST_CRON", "0 9")],
)
def test_an_ordinary_typo_is_still_quoted(variable: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load({**GOOD, variable: value})
    assert repr(value) in str(caught.value)


def test_iom_bot_run_names_the_variable_and_hides_the_secret(tmp_path: Path) -> None:
    standin = SlackStandIn()
    try:
        env = bot_env(standin, tmp_path / "s.db", PORT=SIGNING_SECRET)
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        standin.close()
    assert result.returncode == 2
    assert result.stderr.startswith("error: PORT ")
    assert SIGNING_SECRET not in result.stderr + result.stdout
