"""Settings for the Slack front end, read once at start-up from the environment and ``.env``.

Every value is validated here, before anything connects to Slack, so that a typo shows up
as one line naming the variable instead of a traceback from deep inside Bolt. Tokens and
the signing secret are held as ``SecretStr``: printing or logging a ``Settings`` shows
``**********``, and no error message here ever includes a secret's value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values, find_dotenv
from platformdirs import user_data_dir
from pydantic import SecretStr

DEFAULT_API_URL = "https://slack.com/api/"
# Every variable read here; .env.example documents each one (a test keeps them in step).
VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "PORT",
    "HOST",
    "WEB_CONCURRENCY",
    "SLACK_API_URL",
    "IOM_BOT_DB",
    "GAPS_RETENTION_DAYS",
    "IOM_BOT_KNOWLEDGE",
    "IOM_BOT_RELOAD_SECONDS",
    "LOG_LEVEL",
    "DIGEST_CRON",
    "DIGEST_TZ",
    "DIGEST_BACKFILL",
    "DIGEST_CHANNELS",
    "DIGEST_POST_EMPTY",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_SCOPES",
)
# The bot scopes of slack-manifest.yaml (a test keeps them equal): what an OAuth install
# asks for unless SLACK_SCOPES says otherwise.
DEFAULT_SCOPES = (
    "app_mentions:read",
    "chat:write",
    "commands",
    "im:history",
    "channels:read",
    "groups:read",
    "channels:history",
    "groups:history",
    "users:read",
)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

T = TypeVar("T")


class StartupError(Exception):
    """Why the bot (or a CLI command) cannot start: reported as one line, no traceback.

    Defined here rather than reusing bot.cli.CliError because every feature's command
    (``bot.serve``, ``bot.digest``, ``bot.gaps``) raises it and all of them import settings,
    while the command line imports them; and a class in a module that can be loaded twice
    (as __main__ and by name) would not match.
    """


class SettingsError(StartupError):
    """A missing or malformed setting; ``str()`` is one line naming the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        super().__init__(f"{variable} {problem}")


@dataclass(frozen=True)
class DigestSettings:
    """When digests go out and how much a channel's first digest may carry."""

    cron: str = "0 9 * * MON"
    tz: str = "America/Mexico_City"
    backfill: int = 10
    channels: tuple[str, ...] = ()
    post_empty: bool = False
    # The workspace's language (IOM_BOT_LANGUAGE): digests of a channel that chose none.
    lang: str = "en"


@dataclass(frozen=True)
class OAuthSettings:
    """SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SCOPES: distribution to many workspaces."""

    client_id: str
    client_secret: SecretStr
    scopes: tuple[str, ...] = DEFAULT_SCOPES


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment. Immutable so it can be shared freely."""

    bot_token: SecretStr | None
    signing_secret: SecretStr | None
    app_token: SecretStr | None
    port: int
    host: str
    api_url: str
    db_path: Path
    knowledge_dir: Path | None
    log_level: str
    gaps_retention_days: int
    web_concurrency: int
    digest: DigestSettings = field(default_factory=lambda: DigestSettings())
    # How often a running bot looks for published knowledge changes; 0: never (restart).
    reload_seconds: int = 2
    # IOM_BOT_DB given as a postgresql:// URL (then db_path is unused). Secret: it may hold
    # a password, so printing Settings never shows it (bot.state masks it in messages).
    db_url: SecretStr | None = None
    oauth: OAuthSettings | None = None  # OAuth distribution (many workspaces); None: one token

    @property
    def distributed(self) -> bool:
        """Installed through OAuth in any number of workspaces (SLACK_CLIENT_ID is set)."""
        return self.oauth is not None

    @property
    def database(self) -> Path | str:
        """What the state store opens: the PostgreSQL URL if one was given, else the file."""
        return self.db_url.get_secret_value() if self.db_url is not None else self.db_path

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is configured, HTTP otherwise (as the README says)."""
        return self.app_token is not None


def default_db_path() -> Path:
    """The state database lives in the user's data directory unless IOM_BOT_DB says otherwise."""
    return Path(user_data_dir("iom-bot", appauthor=False)) / "iom-bot.sqlite3"


def read_environment(
    environ: Mapping[str, str] | None = None, *, dotenv: bool = True
) -> dict[str, str]:
    """The process environment laid over ``.env`` (the environment wins, as python-dotenv does).

    ``.env`` is looked up from the current directory upwards and is optional.
    """
    merged: dict[str, str] = {}
    if dotenv:
        path = find_dotenv(usecwd=True)
        if path:
            merged.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return merged


# A value worth hiding: a Slack token, or a long run of letters and digits such as a
# signing secret. Settings errors quote what they got so a typo is easy to spot, but a
# secret pasted into the wrong variable must not end up in a terminal or a CI log.
_SECRETISH = re.compile(r"xox[a-z]-|xapp-|[A-Za-z0-9_-]{20,}")
_SHOWN_MAX = 60


def shown(raw: str) -> str:
    """``raw`` quoted for an error message, unless it might be a secret."""
    if len(raw) > _SHOWN_MAX or _SECRETISH.search(raw):
        return "a value that is not shown here (it looks like a token or secret)"
    return repr(raw)


def hide(text: str, value: object) -> str:
    """``text`` with ``value`` (a path or URL from a setting) removed if it looks secret."""
    raw = str(value) if value is not None else ""
    if raw and shown(raw) != repr(raw):
        return text.replace(raw, "[not shown]")
    return text


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def _secret(
    env: Mapping[str, str], name: str, *, prefix: str | None, required: bool, hint: str
) -> SecretStr | None:
    value = _get(env, name)
    if value is None:
        if required:
            raise SettingsError(name, f"is not set ({hint})")
        return None
    if any(c.isspace() for c in value):
        raise SettingsError(name, "contains whitespace; paste the value without spaces or quotes")
    if prefix and not value.startswith(prefix):
        raise SettingsError(name, f"does not look right: it should start with {prefix!r} ({hint})")
    return SecretStr(value)


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(name, f"must be a whole number, got {shown(raw)}") from None
    if not low <= value <= high:
        raise SettingsError(name, f"must be between {low} and {high}, got {shown(raw)}")
    return value


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = _get(env, name)
    if raw is None:
        return default
    if raw.upper() not in choices:
        raise SettingsError(name, f"must be one of {', '.join(choices)}, got {shown(raw)}")
    return raw.upper()


def _api_url(env: Mapping[str, str]) -> str:
    raw = _get(env, "SLACK_API_URL")
    if raw is None:
        return DEFAULT_API_URL
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError("SLACK_API_URL", f"must be an http(s) URL such as {DEFAULT_API_URL}")
    return raw if raw.endswith("/") else raw + "/"


POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def _db_url(env: Mapping[str, str]) -> SecretStr | None:
    """IOM_BOT_DB as a PostgreSQL URL, or None when it is a path (or unset)."""
    raw = _get(env, "IOM_BOT_DB")
    if raw is None or "://" not in raw:
        return None
    scheme = raw.split("://", 1)[0]
    parts = urlsplit(raw)
    if scheme not in POSTGRES_SCHEMES:
        raise SettingsError(
            "IOM_BOT_DB",
            f"has a URL scheme {shown(scheme)}; use a file path (SQLite) or a "
            "postgresql://user:password@host:5432/database URL",
        )
    if not (parts.hostname or "host=" in parts.query) or not parts.path.strip("/"):
        raise SettingsError(
            "IOM_BOT_DB",
            "must name a host and a database: postgresql://user:password@host:5432/database",
        )
    return SecretStr(raw)


_CLIENT_ID = re.compile(r"^[0-9]+\.[0-9]+$")
_SCOPE = re.compile(r"^[a-z_]+(:[a-z_.]+)*$")


def _oauth(env: Mapping[str, str]) -> OAuthSettings | None:
    """The distribution settings, or None when SLACK_CLIENT_ID is not set (one workspace)."""
    client_id = _get(env, "SLACK_CLIENT_ID")
    if client_id is None:
        for name in ("SLACK_CLIENT_SECRET", "SLACK_SCOPES"):
            if _get(env, name) is not None:
                raise SettingsError(
                    "SLACK_CLIENT_ID",
                    f"is not set, but {name} is (Basic Information > App Credentials > "
                    "Client ID; both are needed to install the bot in other workspaces)",
                )
        return None
    if not _CLIENT_ID.match(client_id):
        raise SettingsError(
            "SLACK_CLIENT_ID",
            f"does not look right: it is two numbers joined by a dot, got {shown(client_id)} "
            "(Basic Information > App Credentials > Client ID)",
        )
    secret = _secret(
        env,
        "SLACK_CLIENT_SECRET",
        prefix=None,
        required=True,
        hint="Basic Information > App Credentials > Client Secret; needed with SLACK_CLIENT_ID",
    )
    assert secret is not None
    raw_scopes = _get(env, "SLACK_SCOPES")
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    if raw_scopes is not None:
        scopes = tuple(s.strip() for s in raw_scopes.split(",") if s.strip())
        bad = [s for s in scopes if not _SCOPE.match(s)]
        if bad or not scopes:
            raise SettingsError(
                "SLACK_SCOPES",
                f"must be bot scopes separated by commas (such as chat:write,commands), "
                f"got {shown(bad[0] if bad else raw_scopes)}",
            )
    return OAuthSettings(client_id=client_id, client_secret=secret, scopes=scopes)


def _path(env: Mapping[str, str], name: str, default: Callable[[], T]) -> Path | T:
    raw = _get(env, name)
    return Path(raw).expanduser() if raw is not None else default()


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    need_slack: bool = True,
    dotenv: bool = True,
    need_signing_secret: bool = True,
) -> Settings:
    """Read and validate every setting; raise ``SettingsError`` on the first bad one.

    ``need_slack=False`` is for commands such as ``iom-bot gaps`` that only touch the state
    database: they must work on a curator's machine that has no Slack credentials.
    ``need_signing_secret=False`` is for commands that call the Web API but never receive
    a request from Slack (``iom-bot digest``): they need only the bot token.
    """
    env = read_environment(environ, dotenv=dotenv)
    app_token = _secret(
        env,
        "SLACK_APP_TOKEN",
        prefix="xapp-",
        required=False,
        hint="Basic Information > App-Level Tokens, scope connections:write",
    )
    oauth = _oauth(env)
    if oauth is not None and app_token is not None:
        raise SettingsError(
            "SLACK_CLIENT_ID",
            "needs HTTP mode: installs come back to /slack/oauth_redirect, which Socket Mode "
            "does not serve; leave SLACK_APP_TOKEN empty",
        )
    bot_token = _secret(
        env,
        "SLACK_BOT_TOKEN",
        prefix="xoxb-",
        # Distributed, each workspace's token comes from its installation (a command that
        # posts, iom-bot digest, finds them there too).
        required=need_slack and oauth is None,
        hint="OAuth & Permissions > Bot User OAuth Token",
    )
    # Socket Mode requests are not signed (the WebSocket is authenticated by the app token),
    # so the signing secret is only required in HTTP mode; it is used whenever it is set.
    signing_secret = _secret(
        env,
        "SLACK_SIGNING_SECRET",
        prefix=None,
        required=need_slack and need_signing_secret and app_token is None,
        hint="Basic Information > App Credentials > Signing Secret",
    )
    host = _get(env, "HOST") or "0.0.0.0"
    db_url = _db_url(env)
    return Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        port=_int(env, "PORT", 3000, 1, 65535),
        host=host,
        api_url=_api_url(env),
        db_path=default_db_path() if db_url else _path(env, "IOM_BOT_DB", default_db_path),
        db_url=db_url,
        oauth=oauth,
        knowledge_dir=_path(env, "IOM_BOT_KNOWLEDGE", lambda: None),
        log_level=_choice(env, "LOG_LEVEL", "INFO", LOG_LEVELS),
        gaps_retention_days=_int(env, "GAPS_RETENTION_DAYS", 90, 1, 3650),
        web_concurrency=_int(env, "WEB_CONCURRENCY", 2, 1, 64),
        digest=_digest(env),
        reload_seconds=_int(env, "IOM_BOT_RELOAD_SECONDS", 2, 0, 3600),
    )


def cron_trigger(expression: str, zone: ZoneInfo) -> Any:
    """An APScheduler trigger for DIGEST_CRON: a crontab line (minute hour day month
    weekday), or six fields with seconds first (``*/10 * * * * *``), as Quartz and Spring
    write them, for schedules finer than a minute."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) == 6:
        second, minute, hour, day, month, weekday = fields
        return CronTrigger(
            second=second,
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=weekday,
            timezone=zone,
        )
    return CronTrigger.from_crontab(expression, timezone=zone)


_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


def _digest(env: Mapping[str, str]) -> DigestSettings:
    """DIGEST_* settings, each checked the way the scheduler will read it."""
    defaults = DigestSettings()
    tz = _get(env, "DIGEST_TZ") or defaults.tz
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "DIGEST_TZ",
            f"is not a known time zone: {shown(tz)} (use a name such as America/Mexico_City)",
        ) from None
    cron = _get(env, "DIGEST_CRON") or defaults.cron
    try:
        cron_trigger(cron, zone)
    except ValueError as exc:
        raise SettingsError(
            "DIGEST_CRON",
            f"is not a valid crontab expression: {shown(cron)}"
            + (f" ({exc})" if shown(cron) == repr(cron) else "")
            + "; the default is '0 9 * * MON'",
        ) from None
    channels = tuple(
        c.strip() for c in (_get(env, "DIGEST_CHANNELS") or "").split(",") if c.strip()
    )
    for channel in channels:
        if not _CHANNEL_ID.match(channel):
            raise SettingsError(
                "DIGEST_CHANNELS",
                f"has {shown(channel)}, which is not a channel id "
                "(such as C0123ABCD); separate ids with commas",
            )
    post_empty = (_get(env, "DIGEST_POST_EMPTY") or "false").lower()
    if post_empty not in ("true", "false", "1", "0", "yes", "no"):
        raise SettingsError("DIGEST_POST_EMPTY", f"must be true or false, got {shown(post_empty)}")
    return DigestSettings(
        cron=cron,
        tz=tz,
        backfill=_int(env, "DIGEST_BACKFILL", defaults.backfill, 0, 1000),
        channels=channels,
        post_empty=post_empty in ("true", "1", "yes"),
        lang=_language(env),
    )


def _language(env: Mapping[str, str]) -> str:
    lang = (_get(env, "IOM_BOT_LANGUAGE") or "en").strip().lower()
    if lang not in ("en", "es"):
        raise SettingsError("IOM_BOT_LANGUAGE", f"must be en or es, got {shown(lang)}")
    return lang
