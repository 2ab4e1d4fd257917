"""Live reload end to end (issue 12): ``iom-bot run`` serves HTTP with two workers while a
curator ingests, fills and publishes a release, then breaks it.

Every worker answers from the new release within seconds, no request fails or goes
unanswered while they swap, the broken edit keeps the last good knowledge serving and is
logged once, and the scheduled digest posts the new release exactly once.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from pathlib import Path

import yaml
from invented_releases import grown_knowledge
from slack_standin import (
    FORM,
    BotProcess,
    SlackStandIn,
    bot_env,
    command_body,
    for_url,
    free_port,
    posted_ids,
    run_command,
    send_signed,
)

from knowledge.intake.self_check import fill_todos

PAGE = """IOM Trains Lagoon Wardens in Invented Bay

Invented Bay, Veracruz – The International Organization for Migration (IOM) trained 40 \
lagoon wardens this week. Lagoon wardens are volunteers who guide migrants along the shore \
of the bay.

For more information please contact Ana Inventada at IOM Mexico, Tel: +52 55 5536 3922, \
Email: ainventada@iom.int
"""
TERM = {
    "id": "lagoon-wardens",
    "name": "Lagoon wardens",
    "description": "Volunteers who guide migrants along the shore of the bay.",
    "quote": "Lagoon wardens are volunteers who guide migrants along the shore of the bay.",
}
QUESTION = "what is a lagoon warden"
ANSWER = "Volunteers who guide migrants"
RELOADED = re.compile(r"knowledge reloaded: 6 releases, .* \(pid (\d+)\)")
CRON_SECONDS = 2


class Traffic:
    """Signed ``/iom`` commands, one after another, until stopped (at most ``limit``)."""

    def __init__(self, bot: BotProcess, standin: SlackStandIn, limit: int = 2000) -> None:
        self.bot, self.standin, self.limit = bot, standin, limit
        self.statuses: list[int] = []
        self.tags: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for n in range(self.limit):
            if self._stop.is_set():
                return
            tag = f"live-{n}"
            self.tags.append(tag)
            body = command_body("contact mexico", self.standin.response_url(tag))
            self.statuses.append(send_signed(self.bot.endpoint, body, FORM)[0])
            time.sleep(0.02)

    def __enter__(self) -> Traffic:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def ask(bot: BotProcess, standin: SlackStandIn, tag: str, text: str = QUESTION) -> str:
    send_signed(bot.endpoint, command_body(text, standin.response_url(tag)), FORM)
    [reply] = standin.wait_for("response", for_url(tag), timeout=20)
    return str(reply.body.get("text", ""))


def iom_bot(env: dict[str, str], cwd: Path, *args: str) -> str:
    run = subprocess.run(
        run_command(*args), env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def curate(directory: Path, env: dict[str, str], cwd: Path) -> str:
    """As a curator: ingest the page, accept the guesses, add the term, publish."""
    page = cwd / "lagoon-wardens.txt"
    page.write_text(PAGE, encoding="utf-8")
    iom_bot(env, cwd, "ingest", str(page))
    (draft,) = (directory / "drafts").glob("*.yaml")
    record = yaml.safe_load(draft.read_text(encoding="utf-8"))
    record = fill_todos(record, record["title"])
    record["summary"] = "IOM trained 40 lagoon wardens in Invented Bay."
    record["terms"] = [TERM]
    draft.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")
    iom_bot(env, cwd, "knowledge", "publish", record["id"])
    return str(record["id"])


def reloaded_pids(bot: BotProcess) -> set[str]:
    """The workers that swapped in the sixth release (ingest alone, which adds its page to
    sources/, reloads them too, with five)."""
    return set(RELOADED.findall(bot.log()))


def wait_until(check, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_a_release_published_while_serving_is_answered_and_digested_once(
    tmp_path: Path, standin: SlackStandIn, ids
) -> None:
    directory = grown_knowledge(tmp_path)
    channel = ids.channel()
    env = bot_env(
        standin,
        tmp_path / "state.sqlite3",
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
        LOG_LEVEL="DEBUG",  # the workers that do not report log their reloads at DEBUG
        IOM_BOT_KNOWLEDGE=str(directory),
        IOM_BOT_RELOAD_SECONDS="1",
        DIGEST_CRON=f"*/{CRON_SECONDS} * * * * *",
        DIGEST_CHANNELS=channel,
        DIGEST_BACKFILL="0",  # the first run marks the five seed releases as seen
    )
    bot = BotProcess(run_command("run"), env, tmp_path, name="live-bot")
    try:
        bot.wait_healthy()
        bot.wait_log(f"digest {channel}: ")
        assert ANSWER not in ask(bot, standin, ids.tag())
        with Traffic(bot, standin) as traffic:
            release_id = curate(directory, env, tmp_path)
            wait_until(lambda: len(reloaded_pids(bot)) == 2, 30, "both workers to reload")
            for _ in range(8):
                assert ANSWER in ask(bot, standin, ids.tag())

            path = directory / "releases" / f"{release_id}.yaml"
            path.write_text(path.read_text().replace("date: null", "date: next tuesday"))
            bot.wait_log("knowledge not reloaded")
            time.sleep(3)  # several more refreshes of the same broken state
            for _ in range(4):
                assert ANSWER in ask(bot, standin, ids.tag())

            wait_until(lambda: release_id in posted_ids(standin, channel), 30, "the digest")
            time.sleep(3 * CRON_SECONDS)  # later runs must not post it again
        for tag in traffic.tags:
            [reply] = standin.wait_for("response", for_url(tag), timeout=20)
            assert reply.body["text"].startswith("IOM Mexico has"), reply.body["text"]
    finally:
        bot.stop()
    log = bot.log().splitlines()
    refused = [line for line in log if "knowledge not reloaded" in line and "DEBUG" not in line]
    assert len(refused) == 1, refused  # one line for the bot; the other worker's is at DEBUG
    assert " WARNING " in refused[0]
    assert f"releases/{release_id}.yaml: date:" in refused[0]
    assert len(traffic.statuses) > 20 and set(traffic.statuses) == {200}
    assert posted_ids(standin, channel).count(release_id) == 1
    assert posted_ids(standin, channel) == [release_id]
