"""Two "hosts": two ``iom-bot run`` processes (each gunicorn with 2 workers) on different
loopback ports, sharing one PostgreSQL database, against the Web API stand-in.

They must act as one bot: one reply to an event delivered to both, every one of 500
requests spread over both answered once, one process running the schedule (and the other
taking it over when that one is killed), and digests posted exactly once while both run
and one dies mid-run. The hosts are killed in the last tests of the module, so keep them
last. Every loop is bounded in count and time; nothing here measures speed
(benchmarks/http_load.py does).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from digest_helpers import every_release
from postgres_helpers import drop_database, new_database
from slack_standin import (
    BOT_USER_ID,
    JSON,
    BotProcess,
    SlackStandIn,
    bot_env,
    dm_event,
    event_body,
    for_channel,
    free_port,
    mention_event,
    posted_ids,
    run_command,
    send_signed,
)

from bot.digest.ledger import DigestLedger
from bot.state import StateStore

pytestmark = pytest.mark.postgres

LEADER_LINE = "scheduled jobs run in this process"
REQUESTS = 500
CONCURRENCY = 20


@pytest.fixture(scope="module")
def shared_db() -> Iterator[str]:
    url = new_database("iom_two_hosts")
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture(scope="module")
def hosts(
    standin: SlackStandIn, shared_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[BotProcess]]:
    workdir = tmp_path_factory.mktemp("two-hosts")
    bots: list[BotProcess] = []
    try:
        for name in ("host-a", "host-b"):
            env = bot_env(
                standin,
                workdir / "unused.sqlite3",
                IOM_BOT_DB=shared_db,
                PORT=str(free_port()),
                WEB_CONCURRENCY="2",
                DIGEST_CRON="*/2 * * * * *",  # every 2 s: the tests subscribe when they need it
            )
            bots.append(BotProcess(run_command("run"), env, workdir, name=name))
        for bot in bots:
            bot.wait_healthy(timeout=60)
        yield bots
    finally:
        for bot in bots:
            bot.stop()


def dm(standin: SlackStandIn, bot: BotProcess, channel: str, event_id: str, ids) -> int:
    body = event_body(
        dm_event("releases", channel=channel, ts=ids.ts()),
        event_id,
        template="c1_message_im_docs_example.json",
    )
    return send_signed(bot.endpoint, body, JSON)[0]


def test_an_event_delivered_to_both_hosts_is_answered_once(hosts, standin, ids) -> None:
    channel, event_id = ids.channel(), ids.event()
    body = event_body(
        mention_event(f"<@{BOT_USER_ID}> releases", channel=channel, ts=ids.ts()), event_id
    )
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    deliveries = [(hosts[0], {}), (hosts[1], {}), (hosts[0], retry), (hosts[1], retry)] * 2
    statuses: list[int] = []

    def deliver(bot: BotProcess, headers: dict[str, str]) -> None:
        statuses.append(send_signed(bot.endpoint, body, JSON, extra_headers=headers)[0])

    threads = [threading.Thread(target=deliver, args=d) for d in deliveries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert statuses == [200] * len(deliveries)
    standin.wait_for("chat.postMessage", for_channel(channel), timeout=20)
    for bot in hosts:  # a later DM through each host: anything racing has finished by then
        sentinel = ids.channel("D")
        assert dm(standin, bot, sentinel, ids.event(), ids) == 200
        standin.wait_for("chat.postMessage", for_channel(sentinel), timeout=20)
    time.sleep(0.3)
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1


def test_five_hundred_requests_over_both_hosts_are_each_answered_once(hosts, standin, ids) -> None:
    jobs = [(hosts[i % 2], ids.channel("D"), ids.event()) for i in range(REQUESTS)]
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        statuses = list(pool.map(lambda job: dm(standin, job[0], job[1], job[2], ids), jobs))
    assert statuses == [200] * REQUESTS
    wanted = {channel for _, channel, _ in jobs}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        answered = [c for c in standin.calls("chat.postMessage") if c.body.get("channel") in wanted]
        if len(answered) >= REQUESTS:
            break
        time.sleep(0.25)
    time.sleep(0.5)  # any duplicate would be posted by now
    answered = [c for c in standin.calls("chat.postMessage") if c.body.get("channel") in wanted]
    per_channel: dict[str, int] = {}
    for call in answered:
        per_channel[str(call.body["channel"])] = per_channel.get(str(call.body["channel"]), 0) + 1
    assert set(per_channel) == wanted  # every request answered …
    assert set(per_channel.values()) == {1}  # … exactly once


def leader_of(hosts: list[BotProcess]) -> BotProcess:
    """The one host whose log says it runs the schedule (waits for the first election)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        holders = [bot for bot in hosts if LEADER_LINE in bot.log()]
        if holders:
            break
        time.sleep(0.1)
    counts = [bot.log().count(LEADER_LINE) for bot in hosts]
    assert sorted(counts) == [0, 1], counts  # exactly one process of the four workers
    return hosts[counts.index(1)]


def kill(bot: BotProcess) -> None:
    """As a host dies: the arbiter and its workers at once, no chance to release anything."""
    os.killpg(bot.proc.pid, signal.SIGKILL)
    bot.proc.wait(timeout=10)


def test_digests_go_out_once_while_both_run_and_the_leader_dies_mid_run(
    hosts, standin, shared_db, ids
) -> None:
    """Three channels subscribed; posts are slowed so that the run is still going when the
    host running the schedule is killed. The other host takes the schedule over and
    finishes: every channel has every release exactly once."""
    channels = [ids.channel() for _ in range(3)]
    for channel in channels:
        standin.delay("chat.postMessage", 1.0, where=lambda b, c=channel: b.get("channel") == c)
    leader = leader_of(hosts)
    survivor = hosts[1 - hosts.index(leader)]
    store = StateStore(shared_db)
    ledger = DigestLedger(store)
    for channel in channels:
        ledger.subscribe(channel)
    store.close()
    standin.wait_for(
        "chat.postMessage", lambda c: c.body.get("channel") in channels, count=1, timeout=30
    )
    kill(leader)
    survivor.wait_log(LEADER_LINE, timeout=60)  # taken over within a minute
    releases = every_release()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if all(sorted(posted_ids(standin, c)) == releases for c in channels):
            break
        time.sleep(0.25)
    time.sleep(3)  # a few more scheduled runs on the survivor: none may post again
    for channel in channels:
        assert sorted(posted_ids(standin, channel)) == releases, channel


def test_the_surviving_host_still_answers(hosts, standin, ids) -> None:
    alive = [bot for bot in hosts if bot.proc.poll() is None]
    assert len(alive) == 1
    channel = ids.channel("D")
    assert dm(standin, alive[0], channel, ids.event(), ids) == 200
    standin.wait_for("chat.postMessage", for_channel(channel), timeout=20)
