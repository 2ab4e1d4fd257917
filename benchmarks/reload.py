"""Live reload: what one published edit costs a serving process, at each knowledge size.

    python benchmarks/reload.py                     # N = 5, 500, 5000
    python benchmarks/reload.py --sizes 5,500 --json reload.json

For each size, in a fresh process (``--one``): copy the knowledge to a temporary directory,
open it as the bot does (``LiveKnowledge``; the load cache in a temporary directory, warm),
then edit one release and call ``refresh()`` while two threads keep working as request
threads would: one answers the latency question mix in a loop, one sleeps 5 ms at a time
and records how late it wakes (how long something else held the interpreter: what an ack
waiting in that worker would wait). The same two threads run for as long again with no
reload, side by side, for the idle figures. Peak RSS is read from ``/proc/self/status``
while the reload runs (Linux; ``ru_maxrss`` elsewhere). Prints a Markdown table; no figure
is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.measure import percentiles, rss_mb  # noqa: E402
from benchmarks.run import knowledge_dir, log  # noqa: E402

TICK_S = 0.005
WORK = Path(tempfile.gettempdir()) / "iom-bot-bench"


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss_mb()


class Load:
    """The request threads: answers in a loop, and a 5 ms ticker measuring stalls."""

    def __init__(self, live: Any, texts: list[str]) -> None:
        self.live, self.texts = live, texts
        self.answers: list[int] = []
        self.lateness: list[int] = []
        self.rss_peak = current_rss_mb()
        self.stop = threading.Event()

    def _answer(self) -> None:
        n = 0
        while not self.stop.is_set() and n < 1_000_000:
            start = time.perf_counter_ns()
            self.live.answer(self.texts[n % len(self.texts)])
            self.answers.append(time.perf_counter_ns() - start)
            n += 1

    def _tick(self) -> None:
        while not self.stop.is_set():
            start = time.perf_counter_ns()
            time.sleep(TICK_S)
            self.lateness.append(time.perf_counter_ns() - start - int(TICK_S * 1e9))
            self.rss_peak = max(self.rss_peak, current_rss_mb())

    def run(self, work: Any) -> float:
        """Run ``work()`` (or sleep ``work`` seconds) under load; returns its seconds."""
        threads = [threading.Thread(target=self._answer), threading.Thread(target=self._tick)]
        for thread in threads:
            thread.start()
        start = time.perf_counter()
        try:
            work() if callable(work) else time.sleep(work)
        finally:
            took = time.perf_counter() - start
            self.stop.set()
            for thread in threads:
                thread.join(timeout=60)
        return took


def edit_one_release(directory: Path) -> str:
    paths = sorted((directory / "releases").glob("*.yaml"))
    path = paths[len(paths) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", "summary: Edited. ", 1), encoding="utf-8")
    return path.name


def one(source: Path | None) -> dict[str, Any]:
    from benchmarks.questions import latency_set
    from knowledge import default_knowledge_dir
    from knowledge.live import LiveKnowledge

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "knowledge"
        shutil.copytree(source or default_knowledge_dir(), directory)
        os.environ["IOM_BOT_CACHE_DIR"] = str(Path(tmp) / "cache")
        started = time.perf_counter()
        live = LiveKnowledge.open(directory, quiet=0.0)
        open_s = time.perf_counter() - started
        texts = latency_set(source)
        for text in texts:  # one unrecorded pass: lazy imports and word lists, as in measure.py
            live.answer(text)
        rss_before = current_rss_mb()
        idle = Load(live, texts)
        edit_one_release(directory)
        busy = Load(live, texts)
        results: list[Any] = []
        reload_s = busy.run(lambda: results.append(live.refresh()))
        idle.run(reload_s)
        assert results and results[0].reloaded, results
        return {
            "releases": len(live.releases),
            "open_s": open_s,
            "reload_s": reload_s,
            "answers_busy": percentiles(busy.answers),
            "answers_idle": percentiles(idle.answers),
            "stall_busy": percentiles(busy.lateness),
            "stall_idle": percentiles(idle.lateness),
            "rss_before_mb": rss_before,
            "rss_peak_mb": busy.rss_peak,
            "rss_after_mb": current_rss_mb(),
        }


def row(r: dict[str, Any]) -> str:
    busy, idle = r["answers_busy"], r["answers_idle"]
    sb, si = r["stall_busy"], r["stall_idle"]
    return (
        f"| {r['releases']:,} | {r['open_s']:.2f} | {r['reload_s']:.2f} "
        f"| {busy['n']:,} / {idle['n']:,} | {busy['p99_ms']:.1f} / {idle['p99_ms']:.1f} "
        f"| {busy['max_ms']:.0f} / {idle['max_ms']:.0f} "
        f"| {sb['p99_ms']:.1f} / {si['p99_ms']:.1f} | {sb['max_ms']:.0f} / {si['max_ms']:.0f} "
        f"| {r['rss_before_mb']:.0f} → {r['rss_peak_mb']:.0f} → {r['rss_after_mb']:.0f} |"
    )


HEADER = (
    "| releases | open s | reload s | answers reloading / idle "
    "| answer p99 ms | answer max ms | stall p99 ms | stall max ms | RSS MB before → peak → after |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,500,5000")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)  # child: one size
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(one(Path(args.one) if args.one else None)))
        return 0
    rows = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        source = knowledge_dir(n, WORK)
        log(f"reload at {n} releases")
        cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(source or "")]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"reload benchmark at {n} failed:\n{done.stderr}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(HEADER)
    for r in rows:
        print(row(r))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
