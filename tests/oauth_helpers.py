"""Helpers the OAuth e2e tests share: a browser's install, a DM from a team, its reply's token."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from postgres_helpers import drop_database, new_database
from slack_standin import (
    CLIENT_ID,
    CLIENT_SECRET,
    JSON,
    BotProcess,
    SlackStandIn,
    bearer,
    bot_env,
    dm_event,
    event_body,
    for_channel,
    free_port,
    run_command,
    send_signed,
)

STATE_COOKIE = "slack-app-oauth-state"


@contextmanager
def distributed_hosts(
    standin: SlackStandIn, workdir: Path, backend: str, name: str, count: int, **env: str
) -> Iterator[list[BotProcess]]:
    """``count`` distributed bots (2 workers each, no token of their own: installs give
    them) sharing one SQLite file, or a new PostgreSQL database (``backend``), started one
    at a time, since each creates the tables; stopped, and the database dropped, after."""
    url = new_database(f"iom_{name}") if backend == "postgresql" else None
    database = url or str(workdir / "state.sqlite3")
    bots: list[BotProcess] = []
    try:
        for n in range(count):
            bot_environment = bot_env(
                standin,
                workdir / "state.sqlite3",
                IOM_BOT_DB=database,
                SLACK_CLIENT_ID=CLIENT_ID,
                SLACK_CLIENT_SECRET=CLIENT_SECRET,
                PORT=str(free_port()),
                WEB_CONCURRENCY="2",
                LOG_LEVEL="DEBUG",  # the most a log ever holds: no token or secret in it
                **env,
            )
            del bot_environment["SLACK_BOT_TOKEN"]
            bots.append(
                BotProcess(run_command("run"), bot_environment, workdir, name=f"{name}-{n}")
            )
            bots[-1].wait_healthy(timeout=60)
        yield bots
    finally:
        for bot in bots:
            bot.stop()
        if url:
            drop_database(url)


def browser_get(
    bot: BotProcess, path: str, cookie: str | None = None
) -> tuple[int, dict[str, str], str]:
    """A GET as a browser makes it, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", bot.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def install(hosts: list[BotProcess], standin: SlackStandIn, team: str) -> None:
    """The whole install: start on one host, come back from Slack on the other. A ``team``
    starting with E is an Enterprise Grid org, installing org-wide."""
    status, headers, _ = browser_get(hosts[0], "/slack/install")
    assert status == 302, status
    location = urlsplit(headers["location"])
    query = parse_qs(location.query)
    assert location.netloc == "slack.com" and location.path == "/oauth/v2/authorize"
    assert query["client_id"] == [CLIENT_ID] and "chat:write" in query["scope"][0].split(",")
    state = query["state"][0]
    cookie = headers["set-cookie"].split(";")[0]
    assert cookie == f"{STATE_COOKIE}={state}"
    grant = standin.oauth.grant_org if team.startswith("E") else standin.oauth.grant
    status, _, body = browser_get(
        hosts[-1],
        "/slack/oauth_redirect?" + urlencode({"code": grant(team), "state": state}),
        cookie,
    )
    assert status == 200, body[:300]
    # the same state again (a replayed redirect) is refused, with or without a fresh code
    replay = urlencode({"code": grant(team), "state": state})
    assert browser_get(hosts[0], "/slack/oauth_redirect?" + replay, cookie)[0] in (400, 401)


def dm_from(bot: BotProcess, team: str, channel: str, ids: Any, org: str | None = None) -> int:
    """A signed DM event from ``team`` (of the org ``org``, installed org-wide)."""
    body = event_body(
        dm_event("releases", channel=channel, ts=ids.ts()),
        ids.event(),
        template="c1_message_im_docs_example.json",
        team_id=team,
        org=org,
    )
    return send_signed(bot.endpoint, body, JSON)[0]


def reply_token(standin: SlackStandIn, channel: str) -> str | None:
    [call] = standin.wait_for("chat.postMessage", for_channel(channel), timeout=20)
    return bearer(call.headers)
