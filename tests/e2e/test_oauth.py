"""OAuth distribution end to end: real ``iom-bot run`` processes, the stand-in's
``oauth.v2.access``, requests signed as Slack signs them.

Install (``/slack/install`` → Slack's authorize URL with a state and its cookie →
``/slack/oauth_redirect?code&state``) stores the installation; a bad or replayed state is
refused; each workspace is answered with its own token; token rotation is
tests/e2e/test_token_rotation.py; ``iom-bot digest`` posts to every
workspace's channels with that workspace's token; ``app_uninstalled`` deletes the
installation and the subscriptions. Run on SQLite (one process) and, when a server is
given, on PostgreSQL with two processes sharing it (each request alternates hosts).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from digest_helpers import every_release
from oauth_helpers import (
    STATE_COOKIE,
    browser_get,
    distributed_hosts,
    dm_from,
    install,
    reply_token,
)
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_standin import (
    CLIENT_ID,
    CLIENT_SECRET,
    FORM,
    JSON,
    BotProcess,
    SlackStandIn,
    bearer,
    command_body,
    event_body,
    for_channel,
    posted_ids,
    send_signed,
)

from bot.digest.ledger import DigestLedger
from bot.state import StateStore, Workspace


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def hosts(
    request: pytest.FixtureRequest, standin: SlackStandIn, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[BotProcess]]:
    """One distributed bot on SQLite, or two sharing a PostgreSQL database."""
    workdir = tmp_path_factory.mktemp(f"oauth-{request.param}")
    count = 2 if request.param == "postgresql" else 1
    cron = {"DIGEST_CRON": "*/2 * * * * *"}  # scheduled digests every 2 s (last test)
    with distributed_hosts(standin, workdir, request.param, "oauth", count, **cron) as bots:
        yield bots


def test_a_bad_state_or_a_missing_cookie_is_refused(hosts, standin) -> None:
    code = standin.oauth.grant("T0NEVERINS")
    refused = (400, 401)  # Bolt: 400 the cookie does not match, 401 the store has no such state
    assert (
        browser_get(hosts[0], "/slack/oauth_redirect?code=" + code + "&state=forged")[0] in refused
    )
    status, headers, _ = browser_get(hosts[0], "/slack/install")
    state = parse_qs(urlsplit(headers["location"]).query)["state"][0]
    no_cookie = "/slack/oauth_redirect?" + urlencode({"code": code, "state": state})
    assert browser_get(hosts[-1], no_cookie)[0] in refused  # not the browser that started it
    forged = f"{STATE_COOKIE}=forged"
    bad = "/slack/oauth_redirect?" + urlencode({"code": code, "state": "forged"})
    assert browser_get(hosts[-1], bad, forged)[0] in refused  # cookie matches, store does not
    assert standin.oauth.live_tokens("T0NEVERINS") == []  # the code was never exchanged


def test_each_installed_workspace_is_answered_with_its_own_token(hosts, standin, ids) -> None:
    install(hosts, standin, "T0PARTNERA")
    install(hosts, standin, "T0PARTNERB")
    for team in ("T0PARTNERA", "T0PARTNERB"):
        for bot in hosts:
            channel = ids.channel("D")
            assert dm_from(bot, team, channel, ids) == 200
            assert reply_token(standin, channel) in standin.oauth.live_tokens(team)
    stranger = ids.channel("D")
    dm_from(hosts[0], "T0STRANGER", stranger, ids)  # never installed: no token, no reply
    time.sleep(1.0)
    assert standin.calls("chat.postMessage", for_channel(stranger)) == []


def test_auth_test_is_asked_once_per_token_and_process_not_per_request(hosts, standin, ids) -> None:
    """Bolt's authorize calls auth.test for the token it found; with its cache on, each
    worker process asks once per token (the install flow asks once too), not per request."""
    team = "T0CACHED" + ("P" if hosts[0].env["IOM_BOT_DB"].startswith("postgresql") else "S")
    install(hosts, standin, team)  # a team of this run: the stand-in outlives both runs
    [token] = standin.oauth.live_tokens(team)
    channels = [ids.channel("D") for _ in range(12)]
    for n, channel in enumerate(channels):
        assert dm_from(hosts[n % len(hosts)], team, channel, ids) == 200
    assert {reply_token(standin, c) for c in channels} == {token}
    asked = standin.calls("auth.test", lambda c: bearer(c.headers) == token)
    workers = 2 * len(hosts)
    assert 1 <= len(asked) <= 1 + workers, len(asked)


def subscribe(bot: BotProcess, standin: SlackStandIn, team: str, channel: str, ids: Any) -> None:
    tag = ids.tag()
    body = command_body(
        "digest subscribe",
        standin.response_url(tag),
        channel_id=channel,
        team_id=team,
        enterprise=False,
    )
    assert send_signed(bot.endpoint, body, FORM)[0] == 200
    [reply] = standin.wait_for("response", lambda c: tag in c.body["_url"], timeout=20)
    assert "Subscribed" in reply.all_text, reply.all_text


def test_digests_go_to_each_workspace_with_its_token_and_uninstall_forgets_it(
    hosts, standin, ids
) -> None:
    a, b, c = ids.channel(), ids.channel(), ids.channel()
    subscribe(hosts[0], standin, "T0PARTNERA", a, ids)
    subscribe(hosts[-1], standin, "T0PARTNERA", b, ids)
    subscribe(hosts[0], standin, "T0PARTNERB", c, ids)
    env = dict(hosts[0].env)
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "digest"],
        env=env,
        cwd=Path(hosts[0].log_path).parent,
        capture_output=True,
        text=True,
        timeout=90,
    )
    # 0: it posted; 3: the schedule (every 2 s here) held a channel's lease and posts it
    assert run.returncode in (0, 3), run.stderr
    releases = every_release()
    wait_for_digests(standin, [a, b, c], releases)
    for channel, team in ((a, "T0PARTNERA"), (b, "T0PARTNERA"), (c, "T0PARTNERB")):
        assert sorted(posted_ids(standin, channel)) == releases
        calls = standin.calls("chat.postMessage", for_channel(channel))
        assert {bearer(call.headers) for call in calls} <= set(standin.oauth.live_tokens(team))

    uninstalled = {
        "type": "app_uninstalled",
        "event_ts": f"{time.time():.6f}",
    }
    body = event_body(uninstalled, ids.event(), team_id="T0PARTNERA")
    assert send_signed(hosts[-1].endpoint, body, JSON)[0] == 200
    store = StateStore(env["IOM_BOT_DB"])
    ledger = DigestLedger(store, workspace=Workspace("", "T0PARTNERA"))
    deadline = time.monotonic() + 20
    while ledger.subscriptions() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ledger.subscriptions() == []
    assert ledger.for_workspace(Workspace("", "T0PARTNERB")).subscriptions() == [c]
    with store.connect() as conn:
        left = conn.exec_driver_sql(
            "SELECT count(*) FROM slack_installations WHERE team_id = 'T0PARTNERA'"
        ).scalar_one()
    assert left == 0
    store.close()
    gone = ids.channel("D")
    dm_from(hosts[0], "T0PARTNERA", gone, ids)  # uninstalled: no token any more, no reply
    time.sleep(1.0)
    assert standin.calls("chat.postMessage", for_channel(gone)) == []


def wait_for_digests(standin: SlackStandIn, channels: list[str], releases: list[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if all(sorted(posted_ids(standin, c)) == releases for c in channels):
            break
        time.sleep(0.25)


def test_an_org_wide_install_serves_every_workspace_of_the_org(hosts, standin, ids) -> None:
    """Enterprise Grid: the org installs the app once for all its workspaces, so the
    installation has the org's enterprise_id, is_enterprise_install and no team. Signed
    events from two workspaces of the org are answered with the org's token on any host; a
    digest subscription made in one of them is filed under (org, workspace) and posted
    with the org's token; uninstalling the org deletes the installation and the
    subscriptions, and nothing is answered there any more."""
    org, teams = "E0GRIDORG1", ("T0GRIDWSA", "T0GRIDWSB")
    install(hosts, standin, org)
    store = StateStore(hosts[0].env["IOM_BOT_DB"])
    installations = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=store.db.engine())

    def org_installation() -> Installation | None:
        found: Installation | None = installations.find_installation(
            enterprise_id=org, team_id=None, is_enterprise_install=True
        )
        return found

    try:
        found = org_installation()
        assert found is not None and found.is_enterprise_install and found.team_id is None
        assert found.enterprise_id == org and found.bot_token in standin.oauth.live_tokens(org)
        for n, team in enumerate(teams * 2):
            channel = ids.channel("D")
            assert dm_from(hosts[n % len(hosts)], team, channel, ids, org=org) == 200
            assert reply_token(standin, channel) == found.bot_token

        channel, tag = ids.channel(), ids.tag()
        command = command_body(
            "digest subscribe",
            standin.response_url(tag),
            channel_id=channel,
            team_id=teams[1],
            enterprise=org,
            org_install=True,
        )
        assert send_signed(hosts[-1].endpoint, command, FORM)[0] == 200
        [reply] = standin.wait_for("response", lambda c: tag in c.body["_url"], timeout=20)
        assert "Subscribed" in reply.all_text, reply.all_text
        ledger = DigestLedger(store, workspace=Workspace(org, teams[1]))
        assert ledger.subscriptions() == [channel]
        assert ledger.for_workspace(Workspace(org, "")).subscriptions() == []
        releases = every_release()
        wait_for_digests(standin, [channel], releases)  # the schedule runs every 2 s here
        assert sorted(posted_ids(standin, channel)) == releases
        posts = standin.calls("chat.postMessage", for_channel(channel))
        assert {bearer(call.headers) for call in posts} == {found.bot_token}

        uninstalled = {"type": "app_uninstalled", "event_ts": f"{time.time():.6f}"}
        body = event_body(uninstalled, ids.event(), team_id=teams[0], org=org)
        assert send_signed(hosts[0].endpoint, body, JSON)[0] == 200
        deadline = time.monotonic() + 20
        while (ledger.subscriptions() or org_installation()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ledger.subscriptions() == [] and org_installation() is None
        gone = ids.channel("D")
        dm_from(hosts[-1], teams[1], gone, ids, org=org)  # no installation: no reply
        time.sleep(1.0)
        assert standin.calls("chat.postMessage", for_channel(gone)) == []
    finally:
        store.close()


LEADER_LINE = "scheduled jobs run in this process"


def test_scheduled_digests_in_two_workspaces_go_out_once_while_the_leader_dies(
    hosts, standin, ids
) -> None:
    """Three channels in two workspaces, posts slowed down; with two hosts, the one
    running the schedule is killed (arbiter and workers) after its first post. Every
    channel gets every release exactly once, each with its own workspace's token."""
    install(hosts, standin, "T0DIGESTA")
    install(hosts, standin, "T0DIGESTB")
    targets = [
        (ids.channel(), "T0DIGESTA"),
        (ids.channel(), "T0DIGESTA"),
        (ids.channel(), "T0DIGESTB"),
    ]
    for channel, _ in targets:
        standin.delay("chat.postMessage", 1.0, where=lambda b, c=channel: b.get("channel") == c)
    leader = next(bot for bot in hosts if LEADER_LINE in bot.log())
    for n, (channel, team) in enumerate(targets):
        subscribe(hosts[n % len(hosts)], standin, team, channel, ids)
    channels = [channel for channel, _ in targets]
    standin.wait_for(
        "chat.postMessage", lambda call: call.body.get("channel") in channels, timeout=30
    )
    if len(hosts) == 2:
        os.killpg(leader.proc.pid, signal.SIGKILL)
        leader.proc.wait(timeout=10)
        survivor = hosts[1 - hosts.index(leader)]
        survivor.wait_log(LEADER_LINE, timeout=60)  # taken over within a minute
    releases = every_release()
    wait_for_digests(standin, channels, releases)
    time.sleep(3)  # more scheduled runs: none may post again
    for channel, team in targets:
        assert sorted(posted_ids(standin, channel)) == releases, channel
        calls = standin.calls("chat.postMessage", for_channel(channel))
        assert all(bearer(call.headers).startswith(f"xoxe.xoxb-1-{team}-") for call in calls)


def test_no_token_or_secret_reaches_the_logs(hosts, standin) -> None:
    """Every workspace's tokens (installed, refreshed) and the client secret, at DEBUG."""
    issued = [t for team in ("T0PARTNERB", "T0DIGESTA") for t in standin.oauth.live_tokens(team)]
    assert issued
    for bot in hosts:
        log = bot.log()
        assert CLIENT_SECRET not in log
        assert "xoxe." not in log and "xoxe-1-" not in log, [
            line for line in log.splitlines() if "xoxe" in line
        ][:3]
