"""The bot under hostile traffic and a faulty Slack: what happens, counted.

    python benchmarks/faults.py [--code DIR] [--rounds 20]

Starts the Web API stand-in from tests/slack_standin.py and ``iom-bot run`` (gunicorn,
two workers) from ``--code`` (default: this checkout; point it at a checkout of an older
commit to measure before and after side by side), then, each scenario on fresh ids:

- forged: requests signed over their body but with a timestamp that is not an integer
  (``abc``, ``""``, ``1e9``), carrying a response_url and a channel; counted: requests the
  bot then made to that URL or channel (server-side request forgery / posting for anyone);
- garbage: unsigned malformed bodies; counted: HTTP statuses;
- log: 20 rejected 1 MB requests; counted: bytes the log grew by;
- acks: 12 answers whose chat.postMessage hangs and 12 rate-limited with Retry-After 15 s,
  then 30 ``/iom`` commands, 10 at a time; ack latency p50/p99/max and failures (not 200
  within 3 s);
- dropped: answers whose response_url post is read but never answered; counted: posts
  received per answer (more than one is a duplicate);
- clicks: "Share in channel" double-clicked; counted: public posts per double click;
- locked: another connection holds the state database's write lock for 15 s while six
  DMs arrive, then Slack redelivers each; counted: slow acks and replies per event.

Prints one table. Measures only; nothing here asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from slack_standin import (  # noqa: E402
    BOT_USER_ID,
    FORM,
    JSON,
    SIGNING_SECRET,
    BotProcess,
    SlackStandIn,
    block_actions_body,
    bot_env,
    command_body,
    event_body,
    for_channel,
    for_url,
    free_port,
    mention_event,
    post,
    run_command,
    send_signed,
    signature,
)

ACK_DEADLINE = 3.0


class Ids:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}0BEN{self.n:06d}"


def forged(bot: BotProcess, slack: SlackStandIn, ids: Ids, rounds: int) -> str:
    statuses: list[int] = []
    tags, channels = [], []
    for n in range(rounds):
        timestamp = ("abc", "", "1e9")[n % 3]
        tag, channel = ids("r"), ids("C")
        tags.append(tag)
        channels.append(channel)
        for body, ctype in (
            (command_body("releases", slack.response_url(tag), channel_id=channel), FORM),
            (
                event_body(
                    mention_event(f"<@{BOT_USER_ID}> releases", channel=channel, ts="1.000001"),
                    ids("Ev"),
                ),
                JSON,
            ),
        ):
            headers = {
                "Content-Type": ctype,
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": signature(SIGNING_SECRET, timestamp, body),
            }
            try:
                statuses.append(post(bot.endpoint, body, headers)[0])
            except OSError:
                statuses.append(0)
    time.sleep(2.0)
    ssrf = sum(1 for t in tags if slack.calls("response", for_url(t)))
    posts = sum(1 for c in channels if slack.calls("chat.postMessage", for_channel(c)))
    codes = ", ".join(f"{s}x{statuses.count(s)}" for s in sorted(set(statuses)))
    return (
        f"{ssrf}/{rounds} requests to the body's URL, {posts}/{rounds} posts to its channel; "
        f"HTTP {codes}"
    )


def garbage(bot: BotProcess) -> str:
    cases = {
        "{bad": (b"{bad", JSON),
        "payload=notjson": (b"payload=notjson", FORM),
        "100k-deep JSON": (b"[" * 100_000, JSON),
        "invalid UTF-8": (b'{"a": "\xff\xfe"}', JSON),
    }
    out = []
    for name, (body, ctype) in cases.items():
        try:
            status = post(bot.endpoint, body, {"Content-Type": ctype})[0]
        except OSError:
            status = 0
        out.append(f"{name}: {status}")
    return "; ".join(out)


def log_growth(bot: BotProcess, slack: SlackStandIn) -> str:
    body = command_body("q" * 1_000_000, slack.response_url("r-log"))
    before = bot.log_path.stat().st_size
    for _ in range(20):
        post(bot.endpoint, body, {"Content-Type": FORM, "X-Slack-Request-Timestamp": "1"})
    time.sleep(1.0)
    grown = bot.log_path.stat().st_size - before
    return f"{grown:,} bytes for 20 rejected 1 MB requests"


def acks(bot: BotProcess, slack: SlackStandIn, ids: Ids) -> str:
    hung, limited = ids("C"), ids("C")
    slack.delay("chat.postMessage", 40, where=lambda b: b.get("channel") == hung, times=12)
    slack.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == limited,
        times=24,
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "15"},
    )
    for channel in (hung, limited):
        for n in range(12):
            body = event_body(
                mention_event(f"<@{BOT_USER_ID}> releases", channel=channel, ts=f"1.{n:06d}"),
                ids("Ev"),
            )
            with contextlib.suppress(OSError):
                send_signed(bot.endpoint, body, JSON)
    time.sleep(1.0)

    def one(tag: str) -> tuple[float, int]:
        started = time.monotonic()
        try:
            status = send_signed(
                bot.endpoint, command_body("contact veracruz", slack.response_url(tag)), FORM
            )[0]
        except OSError:
            status = 0
        return time.monotonic() - started, status

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(one, [ids("r") for _ in range(30)]))
    seconds = sorted(s for s, _ in results)
    failures = sum(1 for s, status in results if status != 200 or s >= ACK_DEADLINE)
    p99 = seconds[min(len(seconds) - 1, int(0.99 * len(seconds)))]
    return (
        f"p50 {statistics.median(seconds):.2f} s, p99 {p99:.2f} s, max {seconds[-1]:.2f} s; "
        f"{failures}/30 failed (not 200 within 3 s)"
    )


def dropped(bot: BotProcess, slack: SlackStandIn, ids: Ids, rounds: int) -> str:
    tags = [ids("r") for _ in range(rounds)]
    for tag in tags:
        slack.drop("response", where=lambda b, t=tag: b.get("_url", "").endswith("/" + t))
        send_signed(bot.endpoint, command_body("contact veracruz", slack.response_url(tag)), FORM)
    time.sleep(4.0)
    answers = [
        len(
            [
                c
                for c in slack.calls("response", for_url(t))
                if c.body.get("blocks") and not str(c.body.get("text", "")).startswith("Sorry")
            ]
        )
        for t in tags
    ]
    doubled = sum(1 for a in answers if a > 1)
    apologies = sum(
        1
        for t in tags
        for c in slack.calls("response", for_url(t))
        if str(c.body.get("text", "")).startswith("Sorry")
    )
    return (
        f"{doubled}/{rounds} answers delivered more than once ({sum(answers)} answer posts, "
        f"{apologies} apologies)"
    )


def clicks(bot: BotProcess, slack: SlackStandIn, ids: Ids, rounds: int) -> str:
    doubled = 0
    for _ in range(rounds):
        tag, channel = ids("r"), ids("C")
        body = block_actions_body(
            "share_answer", "contact veracruz", slack.response_url(tag), channel_id=channel
        )
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda b: send_signed(bot.endpoint, b, FORM), [body, body]))
        time.sleep(0.3)
        public = [
            c
            for c in slack.calls("response", for_url(tag))
            if c.body.get("response_type") == "in_channel"
        ]
        doubled += len(public) > 1
    time.sleep(1.0)
    return f"{doubled}/{rounds} double clicks posted twice in public"


def locked(bot: BotProcess, slack: SlackStandIn, ids: Ids, db: Path, hold: float = 15.0) -> str:
    """Another process holds the state database's write lock for ``hold`` seconds while 6
    DMs arrive; then Slack redelivers each (retry 1) as it does after a failed ack."""
    import sqlite3

    from slack_standin import dm_event

    channel = ids("D")
    bodies = [
        event_body(
            dm_event("releases", channel=channel, ts=f"2.{n:06d}"),
            ids("Ev"),
            template="c1_message_im_docs_example.json",
        )
        for n in range(6)
    ]
    holder = sqlite3.connect(db, isolation_level=None, timeout=10)
    holder.execute("BEGIN IMMEDIATE")
    times: list[float] = []
    statuses: list[int] = []

    def one(body: str, retry: str | None = None) -> None:
        started = time.monotonic()
        extra = {"X-Slack-Retry-Num": retry} if retry else None
        try:
            statuses.append(send_signed(bot.endpoint, body, JSON, extra_headers=extra)[0])
        except OSError:
            statuses.append(0)
        times.append(time.monotonic() - started)

    released_at = time.monotonic() + hold
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(one, bodies))
    time.sleep(max(0.0, released_at - time.monotonic()))
    holder.execute("ROLLBACK")
    holder.close()
    for body in bodies:
        one(body, "1")
    time.sleep(3.0)
    replies = len(slack.calls("chat.postMessage", for_channel(channel)))
    late = sum(1 for t in times[:6] if t >= ACK_DEADLINE)
    return (
        f"first deliveries: {late}/6 acks over 3 s (max {max(times[:6]):.2f} s), "
        f"statuses {sorted(statuses[:6])}; {replies} replies to 6 events after redelivery"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose bot to run")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    rounds = max(1, min(args.rounds, 200))
    slack = SlackStandIn()
    ids = Ids()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = bot_env(
            slack,
            work / "state.sqlite3",
            PORT=str(free_port()),
            WEB_CONCURRENCY="2",
            PYTHONPATH=str(args.code.resolve()),
        )
        bot = BotProcess(run_command("run"), env, work, name="faults-bot")
        try:
            bot.wait_healthy(timeout=60)
            rows = [
                ("forged timestamps", forged(bot, slack, ids, rounds)),
                ("unsigned garbage", garbage(bot)),
                ("rejection log", log_growth(bot, slack)),
                ("dropped response_url", dropped(bot, slack, ids, rounds)),
                ("double clicks", clicks(bot, slack, ids, rounds)),
                ("database locked 15 s", locked(bot, slack, ids, work / "state.sqlite3")),
                ("acks, 24 Slack calls stuck", acks(bot, slack, ids)),
            ]
        finally:
            bot.stop()
            slack.close()
    print(f"code: {args.code.resolve()}")
    width = max(len(name) for name, _ in rows)
    for name, result in rows:
        print(f"{name:<{width}}  {result}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
