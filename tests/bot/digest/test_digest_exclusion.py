"""The two guards of exactly-once digests, each tested on its own.

- the ledger's claim: ``begin_post`` inserts (channel, release) once, so of two runs that
  both planned a release only one may post it;
- the per-channel lease: one run works on a channel at a time, so a second run cannot
  second-guess a post the first has in Slack's hands.

Each guard covers a case the other does not: a run stalled between planning and claiming
for longer than its lease (only the claim stops it posting what its successor posted), and
a run whose post is slow to reach Slack (only the lease stops a rival from taking the
unconfirmed post for lost and posting it again). Real SQLite files, runs in threads, and
bounded waits; the ledger's clock is moved instead of waiting minutes.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from digest_helpers import every_release
from slack_sdk import WebClient
from slack_standin import BOT_TOKEN, SlackStandIn, for_channel, posted_ids

from bot.digest.ledger import HEARTBEAT_STALE, LEASE_TTL, DigestLedger
from bot.digest.results import ChannelResult
from bot.digest.runner import SETTLE_SECONDS, DigestRunner
from bot.settings import DigestSettings
from bot.state import StateStore
from knowledge import KnowledgeBase

WAIT = 20.0  # the longest any step here waits for another thread; none should come close


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def ledger_on(db: Path | str, clock: Clock) -> DigestLedger:
    store = StateStore(db)
    store.migrate()
    return DigestLedger(store, clock)


def client(standin: SlackStandIn, cls: type[WebClient] = WebClient) -> WebClient:
    return cls(token=BOT_TOKEN, base_url=standin.api_url, timeout=5)


def in_thread(fn: Any) -> tuple[threading.Thread, list[ChannelResult], list[BaseException]]:
    results: list[ChannelResult] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            results.append(fn())
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, results, errors


# -- the claim, on its own ---------------------------------------------------------------------


def test_a_release_is_claimed_for_a_channel_once(state_db: Path | str) -> None:
    db = state_db
    clock = Clock()
    first, second = ledger_on(db, clock), DigestLedger(StateStore(db), clock)
    assert first.begin_post("C1", ["a", "b"]) == ["a", "b"]
    assert second.begin_post("C1", ["b", "c"]) == ["c"]
    assert second.begin_post("C1", ["a", "b", "c"]) == []
    assert second.begin_post("C2", ["a"]) == ["a"]  # per channel
    first.confirm("C1", ["a"], "1.0")
    assert first.begin_post("C1", ["a"]) == []  # posted stays claimed
    first.abandon("C1", ["b"])  # a definite failure frees it again
    assert second.begin_post("C1", ["b"]) == ["b"]


def test_runs_claiming_at_once_claim_each_release_once(state_db: Path | str) -> None:
    db = state_db
    clock = Clock()
    ledger_on(db, clock)
    wanted = [f"r{i}" for i in range(20)]
    barrier = threading.Barrier(6, timeout=WAIT)
    claims: list[list[str]] = []

    def claim() -> ChannelResult:
        ledger = DigestLedger(StateStore(db), clock)
        barrier.wait()
        claims.append(ledger.begin_post("C1", wanted))
        return ChannelResult("C1")

    runs = [in_thread(claim) for _ in range(6)]
    for thread, _, errors in runs:
        thread.join(WAIT)
        assert not thread.is_alive() and not errors
    assert sorted(rid for claimed in claims for rid in claimed) == sorted(wanted)
    assert sorted(len(c) for c in claims) == [0, 0, 0, 0, 0, 20]  # one transaction each


def test_a_run_stalled_past_its_lease_does_not_post_what_its_successor_posted(
    kb: KnowledgeBase, state_db: Path | str, standin: SlackStandIn, ids: Any
) -> None:
    """Run A plans, renews its lease, then stalls (a paused VM, a stopped process) for longer
    than the lease, right before its claim. Run B rightly takes the lapsed lease over and
    posts everything. When A wakes, only the claim stops it posting it all again."""
    channel = ids.channel()
    db = state_db
    clock = Clock()
    ledger_on(db, clock).subscribe(channel)
    at_claim, wake = threading.Event(), threading.Event()

    class StallsBeforeClaiming(DigestLedger):
        def begin_post(self, channel: str, release_ids: Any) -> list[str]:
            at_claim.set()
            assert wake.wait(WAIT)
            return super().begin_post(channel, release_ids)

    stalled = DigestRunner(
        kb, StallsBeforeClaiming(StateStore(db), clock), client(standin), DigestSettings()
    )
    thread, a_results, a_errors = in_thread(lambda: stalled.run_channel(channel))
    assert at_claim.wait(WAIT)
    clock.now += LEASE_TTL + 1  # A's lease has lapsed: B may and does take it over
    successor = DigestRunner(
        kb, DigestLedger(StateStore(db), clock), client(standin), DigestSettings()
    )
    b = successor.run_channel(channel)
    assert b.kind == "ok" and sorted(b.posted) == every_release(kb)
    wake.set()
    thread.join(WAIT)
    assert not thread.is_alive() and not a_errors
    [a] = a_results
    assert a.posted == [] and a.kind == "skipped"
    assert sorted(posted_ids(standin, channel)) == every_release(kb)  # once each
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1


# -- the lease, on its own ---------------------------------------------------------------------


def test_a_live_lease_excludes_every_other_owner_until_released_or_lapsed(
    state_db: Path | str,
) -> None:
    db = state_db
    clock = Clock()
    a, b = ledger_on(db, clock), DigestLedger(StateStore(db), clock)
    assert a.acquire("C1", "run-a")
    assert a.acquire("C1", "run-a")  # its own lease: renewed
    refused = b.take("C1", "run-b")
    assert not refused.taken and refused.previous is not None
    assert refused.previous.owner == "run-a"
    assert b.acquire("C2", "run-b")  # per channel
    clock.now += HEARTBEAT_STALE - 1
    assert not b.acquire("C1", "run-b")  # still within its heartbeat
    assert a.heartbeat("C1", "run-a")
    a.release("C1", "run-a")
    assert b.acquire("C1", "run-b")
    clock.now += LEASE_TTL + 1  # b went silent: its lease lapses
    assert a.acquire("C1", "run-a")
    assert not b.heartbeat("C1", "run-b")  # and b learns it lost it


def test_runs_taking_one_lease_at_once_get_it_once(state_db: Path | str) -> None:
    db = state_db
    clock = Clock()
    ledger_on(db, clock)
    barrier = threading.Barrier(6, timeout=WAIT)
    taken: list[str] = []

    def take(owner: str) -> ChannelResult:
        ledger = DigestLedger(StateStore(db), clock)
        barrier.wait()
        if ledger.acquire("C1", owner):
            taken.append(owner)
        return ChannelResult("C1")

    runs = [in_thread(lambda o=f"run-{i}": take(o)) for i in range(6)]
    for thread, _, errors in runs:
        thread.join(WAIT)
        assert not thread.is_alive() and not errors
    assert len(taken) == 1


def test_a_rival_run_does_not_repost_what_a_slow_post_has_in_flight(
    kb: KnowledgeBase, state_db: Path | str, standin: SlackStandIn, ids: Any
) -> None:
    """Run A has claimed its releases and is inside chat.postMessage; Slack is slow, and
    more than SETTLE_SECONDS pass (well within A's lease and heartbeat). Run B must leave
    the channel alone: were it let in, it would find A's post not (yet) in the channel,
    take it for lost, and post the same releases again."""
    channel = ids.channel()
    db = state_db
    clock = Clock()
    ledger_on(db, clock).subscribe(channel)
    in_post, reply = threading.Event(), threading.Event()

    class SlowSlack(WebClient):
        def chat_postMessage(self, **kwargs: Any) -> Any:  # slack_sdk's name
            in_post.set()
            assert reply.wait(WAIT)
            return super().chat_postMessage(**kwargs)

    slow = DigestRunner(
        kb, DigestLedger(StateStore(db), clock), client(standin, SlowSlack), DigestSettings()
    )
    thread, a_results, a_errors = in_thread(lambda: slow.run_channel(channel))
    assert in_post.wait(WAIT)
    clock.now += SETTLE_SECONDS * 2
    assert SETTLE_SECONDS * 2 < HEARTBEAT_STALE  # A's lease is live, its heartbeat recent
    rival = DigestRunner(kb, DigestLedger(StateStore(db), clock), client(standin), DigestSettings())
    b = rival.run_channel(channel)
    reply.set()
    thread.join(WAIT)
    assert not thread.is_alive() and not a_errors
    [a] = a_results
    assert b.posted == [] and b.kind == "skipped"
    assert "is working on this channel" in (b.note or "")  # refused at once, touched nothing
    assert standin.calls("conversations.history", for_channel(channel)) == []
    assert a.kind == "ok" and sorted(a.posted) == every_release(kb)
    assert sorted(posted_ids(standin, channel)) == every_release(kb)  # once each
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1
