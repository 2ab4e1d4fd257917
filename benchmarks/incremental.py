"""Incremental starts: what the next start costs after one release of N is edited, added or
removed, with the load cache of the state before in place.

    python benchmarks/incremental.py                 # N = 500, 5000
    python benchmarks/incremental.py --sizes 5000 --json incremental.json

For each size: the knowledge (benchmarks/synth.py, as run.py generates it) is copied to a
temporary directory with an empty cache directory, and loaded once (cold; that process
writes the cache). Then three changes, each followed by one fresh process that loads and
indexes (``measure.py engine --no-queries``, the cache write left out as in run.py):
the first release's title is corrected (an edit), a copy of a release is added under a new
id with its own page, and the last release file is removed. A last start with nothing
changed is the warm figure beside them. Each change waits out the load cache's two-second
freshness window first, so every start finds the entry the one before wrote, as a curator
editing by hand would. Prints a Markdown table; no figure is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.run import knowledge_dir, log, measure, table  # noqa: E402

SETTLE_S = 2.1  # the load cache does not record files changed in the last 2 s


def edit_title(kdir: Path) -> str:
    path = sorted((kdir / "releases").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1)} (corrected)", text, count=1)
    path.write_text(text, encoding="utf-8")
    return f"edit {path.name}"


def add_copy(kdir: Path) -> str:
    """A copy of the first release under a new id, with a copy of its page."""
    path = sorted((kdir / "releases").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    old = re.search(r"(?m)^id: (\S+)$", text)
    source = re.search(r"(?m)^source: (\S+)$", text)
    if old is None or source is None:
        raise SystemExit(f"{path}: no id: or source: line to copy")
    new = f"{old.group(1)}-copy"
    text = text.replace(f"id: {old.group(1)}", f"id: {new}", 1)
    text = text.replace(f"source: {source.group(1)}", f"source: {new}.txt", 1)
    shutil.copyfile(kdir / "sources" / source.group(1), kdir / "sources" / f"{new}.txt")
    (kdir / "releases" / f"{new}.yaml").write_text(text, encoding="utf-8")
    return f"add {new}.yaml"


def remove_last(kdir: Path) -> str:
    path = sorted((kdir / "releases").glob("*.yaml"))[-1]
    path.unlink()
    return f"remove {path.name}"


def start(kdir: Path, env: dict[str, str]) -> dict:
    return measure("engine", kdir, env, "--no-queries")


def bench_incremental(n: int, work: Path) -> dict:
    source = knowledge_dir(n, work)
    if source is None:
        raise SystemExit("N = 5 is the packaged knowledge: use a generated size")
    with tempfile.TemporaryDirectory(prefix=f"incremental-{n}-", dir=work) as tmp:
        kdir = Path(tmp) / "kb"
        shutil.copytree(source, kdir)
        env = {**os.environ, "IOM_BOT_CACHE_DIR": str(Path(tmp) / "cache")}
        time.sleep(SETTLE_S)
        log(f"N={n}: cold start (fills the cache)")
        rows = [("cold (no cache)", start(kdir, env))]
        for change in (edit_title, add_copy, remove_last):
            what = change(kdir)
            time.sleep(SETTLE_S)
            log(f"N={n}: {what}, then the next start")
            rows.append((what.split()[0] + " one release", start(kdir, env)))
        log(f"N={n}: warm start (nothing changed)")
        rows.append(("nothing changed (warm)", start(kdir, env)))
    return {"n": n, "starts": [{"change": c, **r} for c, r in rows]}


def incremental_table(results: list[dict]) -> str:
    rows = []
    for r in results:
        for s in r["starts"]:
            rows.append(
                [
                    f"{r['n']:,}",
                    s["change"],
                    "hit" if s["cache_hit"] else f"{s.get('reused', 0):,} reused",
                    f"{s['load_s']:.2f}",
                    f"{s['index_s']:.2f}",
                    f"{s['load_index_s']:.2f}",
                    f"{s['load_index_cpu_s']:.2f}",
                    f"{s['cache_write_s']:.2f}",
                ]
            )
    header = ["releases", "before this start", "cache", "load (s)", "index (s)", "load+index (s)"]
    return table(rows, [*header, "the same, CPU (s)", "cache write (s)"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000", help="comma-separated N (default 500,5000)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "iom-bot-bench")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    results = [bench_incremental(int(n), args.work) for n in args.sizes.split(",")]
    print(incremental_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
