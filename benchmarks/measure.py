"""One measurement in a fresh process; prints one JSON object. Run by benchmarks/run.py.

    python benchmarks/measure.py engine [--dir DIR] [--reps 5] [--no-queries]
    python benchmarks/measure.py fts [--dir DIR] [--reps 5]

``engine`` times import, ``load_knowledge`` (a cache hit or a full load and validation,
as ``IOM_BOT_CACHE_DIR`` decides), the index build on first use (and, apart, the cache
write), then answer latency over the fixed query mix on the warm KnowledgeBase, and scores
the labelled questions. ``fts`` does the same for the SQLite FTS5 baseline. Peak RSS is
``ru_maxrss`` of this process, so each figure is per knowledge size.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from knowledge.render.mrkdwn import answer_text

T0 = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def percentiles(samples_ns: list[int]) -> dict[str, float]:
    s = sorted(samples_ns)
    if not s:
        return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0, "n": 0}

    def pick(p: float) -> float:  # nearest rank
        return s[min(len(s) - 1, max(0, int(round(p * len(s) + 0.5)) - 1))] / 1e6

    return {"p50_ms": pick(0.50), "p99_ms": pick(0.99), "max_ms": s[-1] / 1e6, "n": len(s)}


def time_queries(answer, texts: list[str], reps: int) -> tuple[dict, list[tuple[float, str]]]:
    for text in texts:  # one unrecorded pass: lazy imports, regex and fuzzy-matcher warm-up
        answer(text)
    samples: list[int] = []
    worst: dict[str, int] = {}
    for _ in range(reps):
        for text in texts:
            start = time.perf_counter_ns()
            answer(text)
            took = time.perf_counter_ns() - start
            samples.append(took)
            worst[text] = max(worst.get(text, 0), took)
    slowest = sorted(((v / 1e6, k) for k, v in worst.items()), reverse=True)[:5]
    return percentiles(samples), slowest


def count_reused() -> list[int]:
    """How many releases the load takes from the cache's earlier entry (an incremental
    load), counted by wrapping ``reusable`` where the load looks it up:
    ``knowledge.loading.reuse`` (imported by the load itself), or ``knowledge.base`` in
    code from before that; [0] until a load runs."""
    import knowledge.base as base

    count = [0]
    owner: object = base
    if not hasattr(base, "reusable"):
        try:
            import knowledge.loading.reuse as owner
        except ImportError:  # code from before incremental loads
            return count
    real = owner.reusable  # type: ignore[attr-defined]

    def counted(cache):  # type: ignore[no-untyped-def]
        found = real(cache)
        count[0] = len(found)
        return found

    owner.reusable = counted  # type: ignore[attr-defined]
    return count


def engine(args: argparse.Namespace) -> dict:
    import knowledge.loading.cache as load_cache
    from benchmarks.questions import Reply, accuracy_set, latency_set, score
    from knowledge import load_knowledge

    reused = count_reused()  # may import the loader, which the import time included before
    t_import, cpu_import = time.perf_counter(), time.process_time()
    write_s = [0.0]
    write_cpu = [0.0]
    real_write = load_cache.LoadCache.write

    def timed_write(self, kb):  # keep the cache write out of "index"
        start, cpu = time.perf_counter(), time.process_time()
        real_write(self, kb)
        write_s[0] += time.perf_counter() - start
        write_cpu[0] += time.process_time() - cpu

    load_cache.LoadCache.write = timed_write  # type: ignore[method-assign]
    kb = load_knowledge(args.dir)
    t_load = time.perf_counter()
    cache_hit = kb.prepared
    kb.prepare()
    t_index, cpu_index = time.perf_counter(), time.process_time()
    out = {
        "releases": len(kb.releases),
        "cache_hit": cache_hit,
        "import_s": t_import - T0,
        "load_s": t_load - t_import,
        "index_s": t_index - t_load - write_s[0],
        "cache_write_s": write_s[0],
        "load_index_s": t_index - t_import - write_s[0],
        # the same in process CPU time: on a shared machine, less of other processes' noise
        "load_index_cpu_s": cpu_index - cpu_import - write_cpu[0],
        "rss_loaded_mb": rss_mb(),
        "reused": reused[0],
    }
    if args.queries:
        texts = latency_set(args.dir)
        out["latency"], out["slowest"] = time_queries(kb.answer, texts, args.reps)
        questions = accuracy_set(args.dir)
        replies = []
        for q in questions:
            a = kb.answer(q.text)
            ids = [s.release_id for s in a.sources] + [c.release_id for c in a.contacts]
            replies.append(Reply(a.answered, answer_text(a), tuple(dict.fromkeys(ids))))
        out["accuracy"] = score(questions, replies)
    out["rss_peak_mb"] = rss_mb()
    return out


def fts(args: argparse.Namespace) -> dict:
    from benchmarks.baseline import FtsBaseline, tune_threshold
    from benchmarks.questions import accuracy_set, latency_set, score
    from knowledge import load_knowledge

    kb = load_knowledge(args.dir)
    start = time.perf_counter()
    baseline = FtsBaseline(kb)
    build_s = time.perf_counter() - start
    questions = accuracy_set(args.dir)
    baseline.threshold = tune_threshold(baseline, questions)
    out = {"releases": len(kb.releases), "build_s": build_s, "threshold": baseline.threshold}
    if args.queries:
        texts = latency_set(args.dir)
        out["latency"], out["slowest"] = time_queries(baseline.reply, texts, args.reps)
    out["accuracy"] = score(questions, [baseline.reply(q.text) for q in questions])
    out["rss_peak_mb"] = rss_mb()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["engine", "fts"])
    parser.add_argument("--dir", type=Path, default=None, help="knowledge dir (default: packaged)")
    parser.add_argument("--reps", type=int, default=5, help="timed passes over the query mix")
    parser.add_argument("--no-queries", dest="queries", action="store_false")
    args = parser.parse_args(argv)
    result = engine(args) if args.mode == "engine" else fts(args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
