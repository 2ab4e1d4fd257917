"""Ack latency under load: the bot in HTTP mode on loopback, signed requests 20 at a time.

    python benchmarks/http_load.py [--requests 1000] [--concurrency 20] [--knowledge DIR]

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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

ACK_TIMEOUT_S = 10.0


def percentiles(values_ms: list[float]) -> dict[str, float]:
    s = sorted(values_ms)
    if not s:
        return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}

    def pick(p: float) -> float:
        return s[min(len(s) - 1, max(0, int(round(p * len(s) + 0.5)) - 1))]

    return {"p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": s[-1]}


def fire(port: int, bodies: list[tuple[str, str]], concurrency: int) -> dict:
    """POST every body (signed at send time), ``concurrency`` at a time; time each ack."""
    from slack_standin import signed_headers

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one(item: tuple[str, str]) -> None:
        body, content_type = item
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
        list(pool.map(one, bodies))
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--knowledge", type=Path, default=None)
    parser.add_argument("--web-concurrency", default=None)
    parser.add_argument("--only", choices=["command", "mention"], default=None)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "iom-bot-bench")
    args = parser.parse_args(argv)
    kinds = (args.only,) if args.only else ("command", "mention")
    out = run_http_load(
        args.requests, args.concurrency, args.work, args.knowledge, args.web_concurrency, kinds
    )
    print(out["table"])
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
