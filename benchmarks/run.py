"""Benchmarks: load, answer latency, memory and `iom-bot ask` from 5 to 5,000 releases,
the FTS5 baseline side by side, and Slack ack latency under load.

    python benchmarks/run.py                      # N = 5, 500, 5000 and the HTTP load run
    python benchmarks/run.py --quick              # N = 5, 500; fewer repetitions; 200 requests
    python benchmarks/run.py --sizes 5,2000 --skip-http --json results.json
    python benchmarks/run.py --sizes 5,500,5000,20000 --skip-http   # 20,000: about 10 min

N = 5 is the packaged knowledge; larger N are generated (benchmarks/synth.py) into the work
directory once and reused. Every measurement runs in a fresh process (benchmarks/measure.py)
so start-up and peak RSS are per size. "cold" loads with an empty cache directory (full
parse, validation and index build; that process then writes the cache); "warm" is the next
process, served by the cache. Answer latency is measured on the warm KnowledgeBase. Then, for each generated size, the
incremental starts of benchmarks/incremental.py: the next start after one release is
edited, added or removed.
Prints Markdown tables; no figure here is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

ASK_QUESTION = "how many migrants are kidnapped in Mexico each year?"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def knowledge_dir(n: int, work: Path) -> Path | None:
    """None for the packaged knowledge (N = 5); otherwise a generated directory, reused."""
    if n == 5:
        return None
    from benchmarks.synth import GENERATOR_VERSION, generate

    out = work / f"kb-{n}"
    manifest = out / "ground_truth.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("generator") == GENERATOR_VERSION and meta.get("n") == n:
            return out
    log(f"generating {n} releases into {out}")
    generate(out, n)
    time.sleep(2.1)  # the load cache does not record files changed in the last 2 s
    return out


def measure(mode: str, kdir: Path | None, env: dict[str, str], *extra: str) -> dict:
    cmd = [sys.executable, str(HERE / "measure.py"), mode, *extra]
    if kdir is not None:
        cmd += ["--dir", str(kdir)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def iom_bot() -> list[str]:
    script = Path(sys.executable).parent / "iom-bot"
    if script.exists():
        return [str(script)]
    found = shutil.which("iom-bot")
    return [found] if found else [sys.executable, "-m", "bot.cli"]


def time_ask(kdir: Path | None, env: dict[str, str], runs: int) -> list[float]:
    cmd = [*iom_bot(), "ask", ASK_QUESTION]
    if kdir is not None:
        cmd += ["--knowledge", str(kdir)]
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, cwd=tempfile.gettempdir()
        )
        walls.append(time.perf_counter() - start)
        if done.returncode != 0 or "20,000" not in done.stdout:
            raise SystemExit(f"iom-bot ask failed: {done.stderr or done.stdout}")
    return walls


def bench_size(n: int, work: Path, reps: int, ask_runs: int) -> dict:
    kdir = knowledge_dir(n, work)
    cache = work / f"cache-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "IOM_BOT_CACHE_DIR": str(cache)}
    log(f"N={n}: cold load (empty cache)")
    cold = measure("engine", kdir, env, "--no-queries")
    log(f"N={n}: warm load, answer latency, accuracy")
    warm = measure("engine", kdir, env, "--reps", str(reps))
    log(f"N={n}: iom-bot ask x{ask_runs} (warm cache), x1 with the cache off")
    ask_warm = time_ask(kdir, env, ask_runs)
    ask_cold = time_ask(kdir, {**os.environ, "IOM_BOT_CACHE_DIR": "off"}, 1)
    log(f"N={n}: FTS5 baseline")
    fts = measure("fts", kdir, env, "--reps", str(reps))
    return {
        "n": n,
        "cold": cold,
        "warm": warm,
        "ask_warm": ask_warm,
        "ask_cold": ask_cold,
        "fts": fts,
    }


# -- tables ------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}){mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def ms(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.0f}"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *map(line, rows)])


def knowledge_tables(results: list[dict]) -> str:
    rows = []
    for r in results:
        c, w = r["cold"], r["warm"]
        lat = w["latency"]
        rows.append(
            [
                f"{r['n']:,}",
                f"{c['load_s']:.2f} + {c['index_s']:.2f} = {c['load_index_s']:.2f}",
                f"{w['load_index_s']:.2f}" + ("" if w["cache_hit"] else " (MISS)"),
                f"{c['cache_write_s']:.2f}",
                f"{c['rss_peak_mb']:.0f} / {w['rss_peak_mb']:.0f}",
                f"{ms(lat['p50_ms'])} / {ms(lat['p99_ms'])} / {ms(lat['max_ms'])}",
                f"{statistics.median(r['ask_warm']):.2f} (max {max(r['ask_warm']):.2f})",
                f"{r['ask_cold'][0]:.2f}",
            ]
        )
    out = [
        table(
            rows,
            [
                "releases",
                "cold load + index (s)",
                "warm load+index (s)",
                "cache write (s)",
                "peak RSS cold/warm (MB)",
                "answer p50/p99/max (ms)",
                "`iom-bot ask` warm (s)",
                "ask, no cache (s)",
            ],
        )
    ]
    rows = []
    for r in results:
        w, f = r["warm"], r["fts"]
        ea, fa = w["accuracy"], f["accuracy"]
        rows.append(
            [
                f"{r['n']:,}",
                f"{ea['right']}/{ea['total']} ({ea['accuracy']:.0%})",
                f"{fa['right']}/{fa['total']} ({fa['accuracy']:.0%})",
                f"{ms(w['latency']['p50_ms'])} / {ms(w['latency']['p99_ms'])}",
                f"{ms(f['latency']['p50_ms'])} / {ms(f['latency']['p99_ms'])}",
                f"{w['latency']['p99_ms'] / max(f['latency']['p99_ms'], 1e-9):.1f}x",
                f"{f['build_s']:.2f}",
                f"{f['threshold']:.1f}",
            ]
        )
    out.append(
        table(
            rows,
            [
                "releases",
                "engine accuracy",
                "FTS5 accuracy",
                "engine p50/p99 (ms)",
                "FTS5 p50/p99 (ms)",
                "p99 ratio",
                "FTS5 build (s)",
                "bm25 threshold",
            ],
        )
    )
    rows = []
    for r in results:
        for name, res in (("engine", r["warm"]), ("FTS5", r["fts"])):
            acc = res["accuracy"]
            rows.append(
                [f"{r['n']:,}", name] + [acc["by_category"].get(k, "-") for k in CATEGORIES]
            )
    out.append(table(rows, ["releases", "system", *CATEGORIES]))
    return "\n\n".join(out)


CATEGORIES = [
    "contact",
    "figure",
    "person",
    "what",
    "free",
    "misspelling",
    "spanish",
    "out-of-scope",
]


def details(results: list[dict]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"N={r['n']:,}: slowest engine queries (max ms): "
            + "; ".join(f"{t:.1f} {q!r}" for t, q in r["warm"]["slowest"][:3])
        )
        lines.append(f"N={r['n']:,}: engine misses: {r['warm']['accuracy']['misses']}")
        lines.append(f"N={r['n']:,}: FTS5 misses: {r['fts']['accuracy']['misses']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="comma-separated N (default 5,500,5000)")
    parser.add_argument("--quick", action="store_true", help="N=5,500, 2 reps, 200 requests")
    parser.add_argument("--skip-http", action="store_true", help="skip the HTTP load run")
    parser.add_argument(
        "--skip-incremental",
        action="store_true",
        help="skip the incremental starts (an edit, an add, a remove at each generated size)",
    )
    parser.add_argument("--reps", type=int, default=None, help="timed passes over the query mix")
    parser.add_argument("--requests", type=int, default=None, help="HTTP requests per kind")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument(
        "--http-sizes", default="5", help="knowledge sizes for the HTTP load run (default 5)"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "iom-bot-bench")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("5,500" if args.quick else "5,500,5000")).split(",")]
    reps = args.reps or (2 if args.quick else 5)
    requests = args.requests or (200 if args.quick else 1000)
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    results = [bench_size(n, args.work, reps, ask_runs=3 if args.quick else 5) for n in sizes]
    report = {"machine": machine(), "sizes": results}
    print(f"Machine: {report['machine']}\n")
    print(knowledge_tables(results))
    print()
    print(details(results))

    generated = [n for n in sizes if n != 5]
    if generated and not args.skip_incremental:
        from benchmarks.incremental import bench_incremental, incremental_table

        report["incremental"] = [bench_incremental(n, args.work) for n in generated]
        print("\nIncremental starts (the load cache of the state before in place):\n")
        print(incremental_table(report["incremental"]))

    if not args.skip_http:
        from benchmarks.http_load import run_http_load

        report["http"] = []
        for n in [int(x) for x in args.http_sizes.split(",")]:
            log(
                f"HTTP load, N={n}: {requests} signed requests per kind, {args.concurrency} at a time"
            )
            http = run_http_load(requests, args.concurrency, args.work, knowledge_dir(n, args.work))
            report["http"].append(http)
            print(f"\nKnowledge: {n:,} releases. " + http["table"])
    report["wall_s"] = time.perf_counter() - started
    print(f"\nWhole run: {report['wall_s']:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
