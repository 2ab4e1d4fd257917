"""Token rotation end to end: real ``iom-bot run`` processes, the stand-in's
``oauth.v2.access`` with ``grant_type=refresh_token``, events signed as Slack signs them.

With token rotation on, Slack's bot tokens expire 12 hours after they are issued, and the
app refreshes one by calling ``oauth.v2.access`` with ``grant_type=refresh_token`` and the
refresh token (https://api.slack.com/authentication/rotation). The answer is a new access
token, a new refresh token and ``expires_in``; the refresh token used is revoked, so a
second use of it fails with ``invalid_refresh_token``, and (in the stand-in) the old
access token stops working at once. Bolt refreshes inside ``authorize`` when the stored
token is within ``token_rotation_expiration_minutes`` (120) of expiring.

``tooling.tokens.rotate`` is not part of this: Slack documents it for *app configuration
tokens* (the App Manifest API's ``xoxe.xoxp-`` tokens, answered with ``token``/``exp``),
not for bot or user tokens. Neither Bolt nor the bot calls it, so the stand-in does not
implement it (it answers ``unknown_method``, which these tests would notice if anything
called it).

Two processes (each gunicorn with 2 workers) share the state database: a SQLite file, and
a PostgreSQL database when a server is given. An installation whose bot token is about to
expire gets one signed event: Bolt refreshes through the stand-in, the reply goes out with
the new token, and the new token and refresh token are what the installation store holds.
Then many events for another such team reach both processes at once: the stand-in is
asked for exactly one refresh (each refresh serialised by a lease row), nobody's refresh
is refused, and the stored token keeps working.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from oauth_helpers import distributed_hosts, dm_from, install, reply_token
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_standin import (
    CLIENT_ID,
    CLIENT_SECRET,
    BotProcess,
    Call,
    SlackStandIn,
)

from bot.state import StateStore

SOON = 3600  # an installed token's lifetime: inside Bolt's 2-hour refresh window
RACERS = 16


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def hosts(
    request: pytest.FixtureRequest, standin: SlackStandIn, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[BotProcess]]:
    """Two distributed bots (2 workers each) sharing one SQLite file or PostgreSQL database."""
    workdir = tmp_path_factory.mktemp(f"rotation-{request.param}")
    with distributed_hosts(standin, workdir, request.param, "rotation", 2) as bots:
        yield bots


def team(hosts: list[BotProcess], name: str) -> str:
    """A team id of this run (the stand-in outlives the SQLite and the PostgreSQL runs)."""
    return name + ("P" if hosts[0].env["IOM_BOT_DB"].startswith("postgresql") else "S")


def install_expiring(
    hosts: list[BotProcess], standin: SlackStandIn, team_id: str
) -> tuple[str, str]:
    """Install ``team_id`` with a bot token that expires within the hour; (token, refresh)."""
    standin.oauth.lifetime = SOON
    try:
        install(hosts, standin, team_id)
    finally:
        standin.oauth.lifetime = 43200  # what a refresh issues: 12 h
    stored = stored_bot(hosts, team_id)
    assert stored[0] in standin.oauth.live_tokens(team_id)
    return stored[0], stored[1]


def stored_bot(hosts: list[BotProcess], team_id: str) -> tuple[str, str, float]:
    """What the installation store (slack_sdk's own, on the shared database) holds for
    ``team_id`` now: bot token, refresh token, expiry (epoch seconds)."""
    state = StateStore(hosts[0].env["IOM_BOT_DB"])
    try:
        store = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=state.db.engine())
        found = store.find_installation(enterprise_id=None, team_id=team_id)
        assert found is not None and found.bot_token and found.bot_refresh_token
        assert found.bot_token_expires_at is not None
        return found.bot_token, found.bot_refresh_token, float(found.bot_token_expires_at)
    finally:
        state.close()


def refresh_calls(standin: SlackStandIn, team_id: str) -> list[Call]:
    """Every ``oauth.v2.access`` refresh the bot asked for ``team_id`` (accepted or not)."""
    return standin.calls(
        "oauth.v2.access",
        lambda c: (
            c.body.get("grant_type") == "refresh_token"
            and str(c.body.get("refresh_token", "")).startswith(f"xoxe-1-{team_id}-")
        ),
    )


def test_an_event_refreshes_the_expiring_token_and_the_reply_uses_the_new_one(
    hosts, standin, ids
) -> None:
    expiring = team(hosts, "T0EXPIRING")
    old_token, old_refresh = install_expiring(hosts, standin, expiring)
    assert refresh_calls(standin, expiring) == []
    channel = ids.channel("D")
    assert dm_from(hosts[0], expiring, channel, ids) == 200
    token = reply_token(standin, channel)
    [refresh] = refresh_calls(standin, expiring)
    assert refresh.body["refresh_token"] == old_refresh  # the one the install stored
    assert token != old_token and token in standin.oauth.live_tokens(expiring)
    assert standin.oauth.refused(old_token)  # the reply could not have used the old one
    new_token, new_refresh, expires = stored_bot(hosts, expiring)
    assert (new_token, new_refresh) != (old_token, old_refresh)
    assert new_token == token and new_refresh in standin.oauth.live_refresh_tokens(expiring)
    assert expires > time.time() + 11 * 3600  # the 12 h the refresh gave, not the old hour
    later = ids.channel("D")  # the other process reads the stored token, refreshes nothing
    assert dm_from(hosts[1], expiring, later, ids) == 200
    assert reply_token(standin, later) == token
    assert len(refresh_calls(standin, expiring)) == 1


def test_both_processes_racing_for_an_expiring_token_refresh_it_once(hosts, standin, ids) -> None:
    """Sixteen DMs released together over both processes (4 workers): one refresh call
    reaches the stand-in, none is refused, every reply uses the one live token, and the
    token stored afterwards is that one and keeps working."""
    racing = team(hosts, "T0RACING0")
    old_token, _ = install_expiring(hosts, standin, racing)
    refused = standin.oauth.refused_refreshes
    channels = [ids.channel("D") for _ in range(RACERS)]
    start = threading.Barrier(RACERS)
    statuses: list[int] = []

    def race(bot: BotProcess, channel: str) -> None:
        start.wait(timeout=30)
        statuses.append(dm_from(bot, racing, channel, ids))

    threads = [
        threading.Thread(target=race, args=(hosts[i % 2], c)) for i, c in enumerate(channels)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * RACERS
    tokens = [reply_token(standin, c) for c in channels]
    assert len(refresh_calls(standin, racing)) == 1  # not one per process or request
    assert standin.oauth.refused_refreshes == refused  # no refresh token was used twice
    live = standin.oauth.live_tokens(racing)
    assert len(live) == 1 and live[0] != old_token and set(tokens) == set(live)
    stored_token, stored_refresh, _ = stored_bot(hosts, racing)
    assert stored_token == live[0]
    assert standin.oauth.live_refresh_tokens(racing) == [stored_refresh]
    for bot in hosts:  # the stored token works from either process, with no new refresh
        later = ids.channel("D")
        assert dm_from(bot, racing, later, ids) == 200
        assert reply_token(standin, later) == stored_token
    assert len(refresh_calls(standin, racing)) == 1


def test_no_rotated_token_reaches_the_logs(hosts, standin) -> None:
    names = (team(hosts, "T0EXPIRING"), team(hosts, "T0RACING0"))
    issued = [t for name in names for t in standin.oauth.live_tokens(name)]
    assert len(issued) == 2
    for bot in hosts:
        log = bot.log()
        assert CLIENT_SECRET not in log
        assert "xoxe." not in log and "xoxe-1-" not in log, [
            line for line in log.splitlines() if "xoxe" in line
        ][:3]
