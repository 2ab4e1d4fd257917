"""Ack latency under load: the bot in HTTP mode on loopback, signed requests 20 at a time.

    python benchmarks/http_load.py [--requests 1000] [--concurrency 20] [--knowledge DIR]
    python benchmarks/http_load.py --two-hosts [--requests 1000] [--postgres URL]

``--two-hosts``: app_mention events (the ack claims each event id in the state database)
at 20 and 100 concurrent, first against one host on SQLite (``iom-bot run``, 2 workers),
then against two hosts (two ``iom-bot run``, 2 workers each, on two ports) sharing one
PostgreSQL database, requests alternating between them, as a load balancer would spread
them. PostgreSQL: ``--postgres`` (or IOM_BOT_TEST_POSTGRES_URL) names a server on which a
throwaway database is made; without either, a throwaway server is started with the
distribution's initdb (as .ci/run does).

Starts the Web API stand-in from tests/slack_standin.py and ``iom-bot run`` (gunicorn,
its default ``WEB_CONCURRENCY``) pointed at it, exactly as tests/e2e/test_slack_http.py does,
then sends ``--requests`` signed ``/iom`` slash commands and as many ``app_mention``
events (each with its own ``event_id``), ``--concurrency`` in flight at a time, each on a
new connection as Slack's are. Ack latency is from sending a request to reading the
bot's HTTP response; an error is anything but a 200 (or no response within 10 s). Also
reported: how many answers reached the stand-in (response_url posts for commands,
chat.postMessage for mentions) and when the last one arrived.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

ACK_TIMEOUT_S = 10.0
WARM_UP = 100  # requests sent to a setup before it is measured (--two-hosts)


def percentiles(values_ms: list[float]) -> dict[str, float]:
    s = sorted(values_ms)
    if not s:
        return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}

    def pick(p: float) -> float:
        return s[min(len(s) - 1, max(0, int(round(p * len(s) + 0.5)) - 1))]

    return {"p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": s[-1]}


def fire(port: int | list[int], bodies: list[tuple[str, str]], concurrency: int) -> dict:
    """POST every body (signed at send time), ``concurrency`` at a time; time each ack.
    Several ports: the requests alternate between them."""
    from slack_standin import signed_headers

    ports = port if isinstance(port, list) else [port]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one(numbered: tuple[int, tuple[str, str]]) -> None:
        n, (body, content_type) = numbered
        port = ports[n % len(ports)]
        data = body.encode()
        headers = signed_headers(data, content_type=content_type)
        start = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=ACK_TIMEOUT_S)
            conn.request("POST", "/slack/events", body=data, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            conn.close()
        except Exception as exc:  # every failure is counted, none stops the run
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
            return
        took = (time.perf_counter() - start) * 1000
        with lock:
            latencies.append(took)
            if status != 200:
                errors.append(f"HTTP {status}")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, enumerate(bodies)))
    return {
        "sent": len(bodies),
        "wall_s": time.perf_counter() - started,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        **percentiles(latencies),
        "mean_ms": statistics.fmean(latencies) if latencies else 0.0,
        "t0": started,
    }


class RemoteStandIn:
    """The tests' Web API stand-in, run in a child process so that serving the bot's
    replies does not compete with the load generator for this process's GIL."""

    def __init__(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_standin, args=(child, str(ROOT)), daemon=True)
        self._proc.start()
        self.url, self.api_url = self._conn.recv()

    def response_url(self, tag: str) -> str:
        return f"{self.url}/response/{tag}"

    def count_channel(self, channel: str) -> tuple[int, float | None]:
        """How many chat.postMessage calls went into ``channel``, and when the last did."""
        self._conn.send(("count_channel", channel))
        return self._conn.recv()

    def count(self, method: str) -> tuple[int, float | None]:
        """How many calls of ``method`` arrived, and when the last did (time.monotonic)."""
        self._conn.send(("count", method))
        return self._conn.recv()

    def close(self) -> None:
        try:
            self._conn.send(("close", ""))
            self._proc.join(timeout=10)
        finally:
            if self._proc.is_alive():
                self._proc.terminate()


def _serve_standin(conn, root: str) -> None:  # runs in the child process
    sys.path.insert(0, root)
    sys.path.insert(0, str(Path(root) / "tests"))
    from slack_standin import SlackStandIn

    standin = SlackStandIn()
    conn.send((standin.url, standin.api_url))
    while True:
        command, arg = conn.recv()
        if command == "close":
            standin.close()
            return
        if command == "count_channel":  # chat.postMessage calls into one channel
            calls = standin.calls("chat.postMessage", lambda c, a=arg: c.body.get("channel") == a)
            conn.send((len(calls), max((c.at for c in calls), default=None)))
            continue
        calls = standin.calls(arg)
        conn.send((len(calls), max((c.at for c in calls), default=None)))


def run_http_load(
    requests: int,
    concurrency: int,
    work: Path,
    knowledge: Path | None = None,
    web_concurrency: str | None = None,
    kinds: tuple[str, ...] = ("command", "mention"),
) -> dict:
    from slack_standin import (
        BOT_USER_ID,
        FORM,
        JSON,
        BotProcess,
        bot_env,
        command_body,
        event_body,
        free_port,
        mention_event,
    )

    from benchmarks.questions import REAL

    work.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="http-load-", dir=work))
    standin = RemoteStandIn()
    port = free_port()
    env = bot_env(standin, run_dir / "state.db", PORT=str(port), LOG_LEVEL="WARNING")
    if web_concurrency:
        env["WEB_CONCURRENCY"] = web_concurrency
    else:
        env.pop("WEB_CONCURRENCY", None)  # the bot's own default
    env["IOM_BOT_CACHE_DIR"] = str(work / "cache-http")
    argv = [sys.executable, "-m", "bot.cli", "run"]
    if knowledge is not None:
        argv += ["--knowledge", str(knowledge)]
    bot = BotProcess(argv, env, run_dir, name="bot")
    questions = [q.text for q in REAL if q.text.strip()]
    results: dict[str, dict] = {}
    try:
        bot.wait_healthy(timeout=120)
        # /iom slash commands, answered through their response_url
        bodies = (
            []
            if "command" not in kinds
            else [
                (
                    command_body(questions[i % len(questions)], standin.response_url(f"load-{i}")),
                    FORM,
                )
                for i in range(requests)
            ]
        )
        if bodies:
            results["/iom command"] = fire(port, bodies, concurrency)
            results["/iom command"].update(
                delivered(standin, "response", requests, results["/iom command"]["t0"])
            )
        # app_mention events in a channel, answered in a thread with chat.postMessage
        channel = "C0LOAD0001"
        base_ts = time.time()
        bodies = (
            []
            if "mention" not in kinds
            else [
                (
                    event_body(
                        mention_event(
                            f"<@{BOT_USER_ID}> {questions[i % len(questions)]}",
                            channel=channel,
                            ts=f"{base_ts + i / 1000:.6f}",
                        ),
                        f"Ev0LOAD{i:07d}",
                    ),
                    JSON,
                )
                for i in range(requests)
            ]
        )
        if bodies:
            results["app_mention"] = fire(port, bodies, concurrency)
            results["app_mention"].update(
                delivered(standin, "chat.postMessage", requests, results["app_mention"]["t0"])
            )
    finally:
        bot.stop()
        standin.close()
    log = bot.log()
    tracebacks = log.count("Traceback")
    return {
        "requests": requests,
        "concurrency": concurrency,
        "web_concurrency": env.get("WEB_CONCURRENCY", "default (2)"),
        "knowledge": str(knowledge) if knowledge else "packaged (5 releases)",
        "results": results,
        "bot_tracebacks": tracebacks,
        "table": table(results, requests, concurrency, tracebacks, env),
    }


def delivered(
    standin: RemoteStandIn, method: str, expected: int, t0: float, timeout: float = 120.0
) -> dict:
    """Wait for the answers to reach the stand-in; when did the last one arrive?"""
    deadline = time.monotonic() + timeout
    count, last = standin.count(method)
    while count < expected and time.monotonic() < deadline:
        time.sleep(0.05)
        count, last = standin.count(method)
    # Call.at is time.monotonic() in the stand-in's process (one clock system-wide on
    # Linux); t0 is this process's perf_counter: convert through "now" on both clocks
    offset = time.monotonic() - time.perf_counter()
    return {
        "answers_delivered": count,
        "last_answer_s": (last - (t0 + offset)) if last is not None else float("nan"),
    }


def table(results: dict, requests: int, concurrency: int, tracebacks: int, env: dict) -> str:
    lines = [
        f"HTTP mode (gunicorn, WEB_CONCURRENCY={env.get('WEB_CONCURRENCY', '2 (default)')}), "
        f"{requests} signed requests per kind, {concurrency} concurrent, new connection each:",
        "",
        "| request | ack p50 (ms) | ack p99 (ms) | ack max (ms) | errors | answers delivered "
        "| last answer after (s) | throughput (req/s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | "
            f"{r['errors']} | {r['answers_delivered']}/{r['sent']} | {r['last_answer_s']:.1f} | "
            f"{r['sent'] / r['wall_s']:.0f} |"
        )
    if tracebacks:
        lines.append(f"\nThe bot logged {tracebacks} traceback(s) during the run.")
    for name, r in results.items():
        if r["error_kinds"]:
            lines.append(f"{name} errors: {r['error_kinds']}")
    return "\n".join(lines)


# -- two hosts on PostgreSQL against one host on SQLite -------------------------------------------


def throwaway_postgres(work: Path) -> tuple[str, Any]:
    """A PostgreSQL server on a loopback port with a new data directory; (URL, stop)."""
    import glob
    import shutil
    import subprocess

    from slack_standin import free_port

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        raise SystemExit("no PostgreSQL here: pass --postgres URL (or apt-get install postgresql)")
    bin_dir = Path(bins[-1]).parent
    data = Path(tempfile.mkdtemp(prefix="pg-", dir=work))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [*as_user, str(bin_dir / "initdb"), "-D", str(data / "d"), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=300"
    subprocess.run(
        [
            *as_user,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data / "d"),
            "-l",
            str(data / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data / "d"), "-m", "fast", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)

    return f"postgresql://postgres@127.0.0.1:{port}/postgres", stop


def mention_bodies(prefix: str, channel: str, requests: int) -> list[tuple[str, str]]:
    from slack_standin import BOT_USER_ID, JSON, event_body, mention_event

    from benchmarks.questions import REAL

    questions = [q.text for q in REAL if q.text.strip()]
    base_ts = time.time()
    return [
        (
            event_body(
                mention_event(
                    f"<@{BOT_USER_ID}> {questions[i % len(questions)]}",
                    channel=channel,
                    ts=f"{base_ts + i / 1000:.6f}",
                ),
                f"Ev0{prefix}{i:07d}",
            ),
            JSON,
        )
        for i in range(requests)
    ]


def run_setup(
    name: str, database: str, hosts: int, requests: int, levels: tuple[int, ...], work: Path
) -> list[dict]:
    """One configuration (database, number of hosts), every concurrency level in turn."""
    from slack_standin import BotProcess, bot_env, free_port

    run_dir = Path(tempfile.mkdtemp(prefix="two-hosts-", dir=work))
    standin = RemoteStandIn()
    bots = []
    rows = []
    try:
        for n in range(hosts):
            env = bot_env(
                standin,
                run_dir / "state.db",
                IOM_BOT_DB=database,
                PORT=str(free_port()),
                LOG_LEVEL="WARNING",
                WEB_CONCURRENCY="2",
            )
            env["IOM_BOT_CACHE_DIR"] = str(work / "cache-http")
            bots.append(BotProcess([sys.executable, "-m", "bot.cli", "run"], env, run_dir, f"h{n}"))
        for bot in bots:
            bot.wait_healthy(timeout=120)
        # Warm-up, not measured: every worker's first answers (lazy imports, caches, the
        # database pool) would otherwise land in the first row's tail.
        fire([b.port for b in bots], mention_bodies(f"{name}warm", "C0WARM0000", WARM_UP), 10)
        time.sleep(2.0)
        for level in levels:
            channel = f"C0{name[:3].upper()}{level:05d}"
            result = fire(
                [b.port for b in bots], mention_bodies(f"{name}{level}", channel, requests), level
            )
            deadline = time.monotonic() + 120
            count, _ = standin.count_channel(channel)
            while count < requests and time.monotonic() < deadline:
                time.sleep(0.1)
                count, _ = standin.count_channel(channel)
            time.sleep(1.0)  # a duplicate would have arrived by now
            count, _ = standin.count_channel(channel)
            rows.append(
                {
                    **result,
                    "setup": name,
                    "hosts": hosts,
                    "concurrency": level,
                    "answered": min(count, requests),
                    "duplicates": max(0, count - requests),
                }
            )
    finally:
        for bot in bots:
            bot.stop()
        standin.close()
    tracebacks = sum(b.log().count("Traceback") for b in bots)
    for row in rows:
        row["tracebacks"] = tracebacks
    return rows


def run_two_hosts(requests: int, work: Path, postgres: str | None) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from postgres_helpers import POSTGRES_ENV

    work.mkdir(parents=True, exist_ok=True)
    stop = None
    server = postgres or os.environ.get(POSTGRES_ENV)
    if not server:
        server, stop = throwaway_postgres(work)
    os.environ[POSTGRES_ENV] = server
    from postgres_helpers import drop_database, new_database

    url = new_database("iom_bench")
    levels = (20, 100)
    try:
        sqlite = str(Path(tempfile.mkdtemp(prefix="sqlite-", dir=work)) / "state.db")
        rows = run_setup("sqlite", sqlite, 1, requests, levels, work)
        rows += run_setup("postgresql", url, 2, requests, levels, work)
    finally:
        drop_database(url)
        if stop:
            stop()
    lines = [
        f"app_mention events, {requests} per row (each event id claimed in the state database "
        "on the ack path), new connection each; 2 gunicorn workers per host:",
        "",
        "| state database | hosts | concurrent | ack p50 (ms) | ack p99 (ms) | ack max (ms) "
        "| errors | answered | duplicate replies |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['setup']} | {r['hosts']} | {r['concurrency']} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['errors']} | {r['answered']}/{r['sent']} "
            f"| {r['duplicates']} |"
        )
    kinds = sorted({k for r in rows for k in r["error_kinds"]})
    if kinds:
        lines.append(f"\nerrors: {kinds[:5]}")
    if rows and rows[-1]["tracebacks"]:
        lines.append(f"\nThe bots logged {rows[-1]['tracebacks']} traceback(s).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--web-concurrency", default=None)
    parser.add_argument("--only", choices=["command", "mention"], default=None)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "iom-bot-bench")
    parser.add_argument("--two-hosts", action="store_true", help="SQLite 1 host vs PostgreSQL 2")
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server URL (--two-hosts)")
    args = parser.parse_args(argv)
    if args.two_hosts:
        print(run_two_hosts(args.requests, args.work, args.postgres))
        return 0
    kinds = (args.only,) if args.only else ("command", "mention")
    out = run_http_load(
        args.requests, args.concurrency, args.work, args.knowledge, args.web_concurrency, kinds
    )
    print(out["table"])
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
