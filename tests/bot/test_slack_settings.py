"""Settings: from the environment and .env, validated up front, secrets never shown (what a
real ``iom-bot run`` prints when start-up cannot go ahead: tests/e2e/test_startup.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from slack_standin import (
    APP_TOKEN,
    BOT_TOKEN,
    REPO,
    SIGNING_SECRET,
)

from bot.settings import DEFAULT_API_URL, VARIABLES, SettingsError, cron_trigger, load_settings

GOOD = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}


def load(env: dict[str, str], **kw) -> object:
    return load_settings(env, dotenv=False, **kw)


def test_defaults() -> None:
    s = load(GOOD)
    assert s.port == 3000 and s.api_url == DEFAULT_API_URL and not s.socket_mode
    assert s.log_level == "INFO" and s.gaps_retention_days == 90 and s.web_concurrency >= 1
    assert s.db_path.name == "iom-bot.sqlite3" and s.knowledge_dir is None


def test_live_reload_is_on_every_two_seconds_unless_set() -> None:
    assert load(GOOD).reload_seconds == 2
    assert load({**GOOD, "IOM_BOT_RELOAD_SECONDS": "0"}).reload_seconds == 0
    assert load({**GOOD, "IOM_BOT_RELOAD_SECONDS": "30"}).reload_seconds == 30


def test_a_six_field_digest_cron_has_seconds_first() -> None:
    zone = ZoneInfo("America/Mexico_City")
    assert load({**GOOD, "DIGEST_CRON": "*/20 * * * * *"}).digest.cron == "*/20 * * * * *"
    start = dt.datetime(2026, 12, 1, 9, 0, 1, tzinfo=zone)
    fires = cron_trigger("*/20 * * * * *", zone).get_next_fire_time(None, start)
    assert fires == dt.datetime(2026, 12, 1, 9, 0, 20, tzinfo=zone)
    weekly = cron_trigger("0 9 * * MON", zone).get_next_fire_time(None, start)
    assert weekly == dt.datetime(2026, 12, 7, 9, 0, tzinfo=zone)  # five fields: crontab


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
        ({**GOOD, "IOM_BOT_RELOAD_SECONDS": "-1"}, "IOM_BOT_RELOAD_SECONDS"),
        ({**GOOD, "IOM_BOT_RELOAD_SECONDS": "often"}, "IOM_BOT_RELOAD_SECONDS"),
        ({**GOOD, "DIGEST_CRON": "*/5 * * * * * *"}, "DIGEST_CRON"),
        ({**GOOD, "DIGEST_CRON": "99 * * * * *"}, "DIGEST_CRON"),
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
    [
        ("PORT", "80x"),
        ("LOG_LEVEL", "LOUD"),
        ("DIGEST_TZ", "Mars/Olympus"),
        ("DIGEST_TZ", "America/Argentina/Buenos_Aire"),
        ("DIGEST_CRON", "0 9"),
    ],
)
def test_an_ordinary_typo_is_still_quoted(variable: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load({**GOOD, variable: value})
    assert repr(value) in str(caught.value)


# -- IOM_BOT_DB as a URL, and OAuth distribution ----------------------------------------------


def test_a_postgresql_url_is_kept_secret_and_a_path_is_a_path() -> None:
    url = "postgresql://iom:s3cret-pw@db.internal:5432/iombot"
    s = load({**GOOD, "IOM_BOT_DB": url})
    assert s.database == url and "s3cret" not in repr(s)
    assert load({**GOOD, "IOM_BOT_DB": "/srv/iom/state.db"}).database == Path("/srv/iom/state.db")


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("mysql://iom:pw@db/iom", "URL scheme 'mysql'"),
        ("postgresql://iom:pw-not-shown@db.internal", "must name a host and a database"),
    ],
)
def test_a_bad_database_url_is_one_line_without_the_password(value: str, needle: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load({**GOOD, "IOM_BOT_DB": value})
    message = str(caught.value)
    assert message.startswith("IOM_BOT_DB ") and needle in message and "pw" not in message
    assert "\n" not in message


def test_distribution_needs_no_bot_token_and_defaults_to_the_manifest_scopes() -> None:
    import yaml

    from bot.settings import DEFAULT_SCOPES

    env = {
        "SLACK_CLIENT_ID": "1111111111.2222222222",
        "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
    }
    s = load(env)
    assert s.distributed and s.bot_token is None and s.oauth is not None
    manifest = yaml.safe_load((REPO / "slack-manifest.yaml").read_text())
    assert s.oauth.scopes == DEFAULT_SCOPES == tuple(manifest["oauth_config"]["scopes"]["bot"])
    assert "0123456789abcdef" not in repr(s)
    custom = load({**env, "SLACK_SCOPES": "chat:write, commands"})
    assert custom.oauth is not None and custom.oauth.scopes == ("chat:write", "commands")
    assert not load(GOOD).distributed  # one bot token: single workspace, nothing new


@pytest.mark.parametrize(
    ("env", "variable", "needle"),
    [
        ({"SLACK_CLIENT_ID": "1111111111.2222222222"}, "SLACK_CLIENT_SECRET", "is not set"),
        (
            {"SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef"},
            "SLACK_CLIENT_ID",
            "is not set",
        ),
        (
            {"SLACK_CLIENT_ID": "abc", "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef"},
            "SLACK_CLIENT_ID",
            "two numbers joined by a dot",
        ),
        (
            {
                "SLACK_CLIENT_ID": "1111111111.2222222222",
                "SLACK_CLIENT_SECRET": "0123456789abcdef0123456789abcdef",
                "SLACK_SCOPES": "chat:write,Bad Scope",
            },
            "SLACK_SCOPES",
            "bot scopes separated by commas",
        ),
    ],
)
def test_distribution_settings_errors_are_one_line_naming_the_variable(
    env: dict[str, str], variable: str, needle: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load({"SLACK_SIGNING_SECRET": SIGNING_SECRET, **env})
    message = str(caught.value)
    assert caught.value.variable == variable and message.startswith(variable)
    assert needle in message and "0123456789abcdef" not in message and "\n" not in message
