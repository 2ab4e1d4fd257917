"""Digest runs in-process against the Web API stand-in and real SQLite files: exactly once,
nothing lost (through real processes: tests/e2e/test_digest_e2e.py)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_standin import (
    BOT_TOKEN,
    SlackStandIn,
    add_release,
    bot_env,
    for_channel,
    posted_ids,
)

from bot.digest.ledger import DigestLedger
from bot.digest.messages import build_messages
from bot.digest.plan import newest_first
from bot.digest.runner import DigestRunner
from bot.settings import DigestSettings
from bot.slack.blocks import MAX_BLOCKS, SECTION_TEXT
from bot.state import SCHEMA_VERSION, StateStore
from knowledge import KnowledgeBase, load_knowledge


def client_for(standin: SlackStandIn) -> WebClient:
    client = WebClient(token=BOT_TOKEN, base_url=standin.api_url, timeout=5)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


@pytest.fixture()
def ledger(state_db: Path | str) -> DigestLedger:
    store = StateStore(state_db)
    store.migrate()
    return DigestLedger(store)


def runner(
    kb: KnowledgeBase, ledger: DigestLedger, standin: SlackStandIn, backfill: int = 10
) -> DigestRunner:
    return DigestRunner(kb, ledger, client_for(standin), DigestSettings(backfill=backfill))


def test_first_run_posts_every_release_and_the_second_nothing(kb, ledger, standin, ids) -> None:
    channel = ids.channel()
    ledger.subscribe(channel)
    [result] = runner(kb, ledger, standin).run()
    assert result.error is None and sorted(result.posted) == sorted(r.id for r in kb.releases)
    [post] = standin.calls("chat.postMessage", for_channel(channel))
    assert post.body["unfurl_links"] is False and post.body["unfurl_media"] is False
    assert post.body["text"].startswith("IOM Mexico: 5 new releases")
    assert post.body["blocks"][0]["type"] == "header"
    assert "Key figure" in json.dumps(post.body["blocks"])
    assert "jcordoba@iom.int" in json.dumps(post.body["blocks"])
    assert {ts for _, ts, _ in ledger.posts(channel)} == {standin.posted[channel][0]["ts"]}

    [again] = runner(kb, ledger, standin).run()
    assert again.posted == [] and again.note == "nothing new"
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1


def test_a_new_release_is_posted_next_and_alone(knowledge_copy, ledger, standin, ids) -> None:
    channel = ids.channel()
    ledger.subscribe(channel)
    runner(load_knowledge(knowledge_copy), ledger, standin).run()
    add_release(knowledge_copy, "zz-new-release", "A New IOM Mexico Release")
    [result] = runner(load_knowledge(knowledge_copy), ledger, standin).run()
    assert result.posted == ["zz-new-release"]
    assert posted_ids(standin, channel).count("zz-new-release") == 1
    assert (
        "1 new release" in standin.calls("chat.postMessage", for_channel(channel))[-1].body["text"]
    )


def test_first_digest_is_capped_by_backfill(kb, ledger, standin, ids) -> None:
    channel = ids.channel()
    ledger.subscribe(channel)
    [result] = runner(kb, ledger, standin, backfill=2).run()
    assert result.posted == newest_first(kb)[:2]
    assert sorted(result.marked_seen) == sorted(newest_first(kb)[2:])
    [again] = runner(kb, ledger, standin, backfill=2).run()
    assert again.posted == []  # older releases counted as seen, not flooded later


def test_failing_posts_then_success_posts_each_release_once(kb, ledger, standin, ids) -> None:
    channel = ids.channel()
    ledger.subscribe(channel)
    standin.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == channel,
        times=3,
        status=500,
        body={"ok": False, "error": "internal_error"},
    )
    for _ in range(3):
        [result] = runner(kb, ledger, standin).run()
        assert result.error and len(result.pending) == 5
    [result] = runner(kb, ledger, standin).run()
    assert result.error is None and len(result.posted) == 5
    assert sorted(posted_ids(standin, channel)) == sorted(r.id for r in kb.releases)


def test_not_in_channel_is_a_clear_failure_and_loses_nothing(kb, ledger, standin, ids) -> None:
    channel = ids.channel()
    ledger.subscribe(channel)
    standin.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == channel,
        body={"ok": False, "error": "not_in_channel"},
    )
    [result] = runner(kb, ledger, standin).run()
    assert result.error.startswith("not_in_channel (invite the bot")
    assert ledger.delivered(channel) == set()
    [result] = runner(kb, ledger, standin).run()
    assert sorted(result.posted) == sorted(r.id for r in kb.releases)


def test_rate_limit_is_waited_out_and_posted_once(kb, ledger, standin, ids) -> None:
    channel = ids.channel()
    ledger.subscribe(channel)
    standin.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == channel,
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "1"},
    )
    [result] = runner(kb, ledger, standin).run()
    assert result.error is None and len(result.posted) == 5
    attempts = standin.calls("chat.postMessage", for_channel(channel))
    assert len(attempts) == 2 and attempts[1].at - attempts[0].at >= 0.9
    assert sorted(posted_ids(standin, channel)) == sorted(r.id for r in kb.releases)


def test_unknown_outcome_is_checked_in_the_channel_before_posting_again(
    kb, ledger, standin, ids
) -> None:
    """The post went out but the answer was lost: the next run finds it and does not repost."""
    channel = ids.channel()
    ledger.subscribe(channel)
    first = runner(kb, ledger, standin)
    ids_in_message = build_messages(kb, newest_first(kb))[0].release_ids
    claimed = ledger.begin_post(channel, ids_in_message)  # as a run that died mid-post
    first.client.chat_postMessage(**build_messages(kb, newest_first(kb))[0].payload(channel))
    assert ledger.in_flight(channel) and claimed
    [result] = runner(kb, ledger, standin).run()
    assert sorted(result.recovered) == sorted(ids_in_message)
    assert result.posted == []
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1
    assert {status for _, _, status in ledger.posts(channel)} == {"posted"}


def test_two_runs_at_once_post_each_release_once(kb, tmp_path, standin, ids) -> None:
    channel = ids.channel()
    db = tmp_path / "shared.sqlite3"
    store = StateStore(db)
    store.migrate()
    DigestLedger(store).subscribe(channel)
    barrier = threading.Barrier(4)
    results = []

    class SlowLedger(DigestLedger):
        """Reads what was delivered, then dawdles: every run plans before any run claims."""

        def delivered(self, channel: str) -> set[str]:
            seen = super().delivered(channel)
            time.sleep(0.3)
            return seen

    def one_run() -> None:
        ledger = SlowLedger(StateStore(db))
        r = runner(kb, ledger, standin)
        barrier.wait()
        results.extend(r.run())

    threads = [threading.Thread(target=one_run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(posted_ids(standin, channel)) == sorted(r.id for r in kb.releases)
    assert sum(len(r.posted) for r in results) == 5


def test_two_hundred_pending_releases_stay_within_limits(kb) -> None:
    many = [kb.releases[i % 5].id for i in range(200)]
    messages = build_messages(kb, many)
    assert len(messages) == 5  # 50 releases now; the rest wait for the next digest
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
        assert message.text and len(message.text) <= 3000
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_TEXT
    footer = json.dumps(messages[-1].blocks, ensure_ascii=False)
    assert "150 more in the next digest" in footer
    assert "/iom releases" not in footer  # it does not list pending releases
    assert "/iom digest status" in footer


def test_schema_carries_a_version(tmp_path) -> None:
    store = StateStore(tmp_path / "v.sqlite3")
    assert store.migrate() == SCHEMA_VERSION >= 2
    assert StateStore(tmp_path / "v.sqlite3").migrate() == SCHEMA_VERSION  # reopens cleanly


# -- the built-in schedule ---------------------------------------------------------------------


def test_schedule_follows_cron_in_its_time_zone(tmp_path, standin) -> None:
    from bot.serve.schedule import start_digest_schedule
    from bot.settings import load_settings

    settings = load_settings(
        bot_env(
            standin, tmp_path / "s.sqlite3", DIGEST_CRON="30 7 * * FRI", DIGEST_TZ="Asia/Tokyo"
        ),
        dotenv=False,
    )
    scheduler = start_digest_schedule(settings)
    try:
        when = scheduler.get_job("digest").next_run_time
    finally:
        scheduler.shutdown(wait=False)
    assert (when.weekday(), when.hour, when.minute) == (4, 7, 30)
    assert str(when.tzinfo) == "Asia/Tokyo"


def test_scheduled_job_posts_to_seeded_channels(tmp_path, standin, ids) -> None:
    from bot.serve.schedule import run_scheduled_digest
    from bot.settings import load_settings

    channel = ids.channel()
    settings = load_settings(
        bot_env(standin, tmp_path / "j.sqlite3", DIGEST_CHANNELS=channel), dotenv=False
    )
    run_scheduled_digest(settings)
    run_scheduled_digest(settings)
    assert sorted(posted_ids(standin, channel)) == sorted(r.id for r in load_knowledge().releases)
