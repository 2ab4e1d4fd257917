"""How `iom-bot ingest` scales with the number of figures on one page.

    python benchmarks/scale.py                       # N = 250, 500, 1000, 2000, both shapes
    python benchmarks/scale.py --sizes 500,2000 --shapes sentence --reps 3 --json out.json

Each page is a title, N figures and a contact block, in one of two shapes:

- ``sentence``: one figure per sentence ("In 2019, 1,234 migrants were assisted in
  Tapachula."), five sentences a paragraph: a long release;
- ``clause``: all N figures in one sentence, clauses joined by semicolons: the shape that
  was quadratic (each figure rescanned its whole sentence).

Times the work `iom-bot ingest PAGE --json` does after reading the knowledge directory:
drafting the record, rendering and re-reading its YAML, and the self-check. Prints a table
(seconds, milliseconds per figure; the best of --reps runs). Measures, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.intake import MAX_BYTES, draft_release, self_check
from knowledge.intake.cli import as_loaded, read_knowledge_dir
from knowledge.loading.loader import default_knowledge_dir

PLACES = ["Tapachula", "Tijuana", "Ciudad Juárez", "Veracruz", "Oaxaca", "Tenosique"]
COUNTED = [
    ("migrants", "were assisted"),
    ("children", "were registered"),
    ("officials", "were trained"),
    ("families", "received shelter"),
    ("women", "were interviewed"),
]
CONTACT = [
    "For more information, please contact",
    "",
    "Itzel Vivaldo",
    "IOM Mexico",
    "Email: ivivaldo@iom.int",
    "Tel: +52 55 55 36 39 22",
]


def figure(i: int) -> str:
    """The i-th figure clause: a year, a number, what it counts and where."""
    noun, verb = COUNTED[i % len(COUNTED)]
    place = PLACES[(i // len(COUNTED)) % len(PLACES)]
    return f"in {2000 + i % 24}, {1000 + 7 * i:,} {noun} {verb} in {place}"


def page(n: int, shape: str = "sentence") -> bytes:
    """A release page with n figures, shaped as described in the module docstring."""
    lines = [
        "News",
        "",
        "IOM Mexico Publishes the Assistance Figures of its Southern Border Programme",
        "",
        "Mexico - IOM today published the figures of its assistance programme in Mexico.",
        "",
    ]
    if shape == "clause":
        body = "; ".join(figure(i) for i in range(n))
        lines += [body[:1].upper() + body[1:] + ".", ""]
    else:
        sentences = [figure(i)[:1].upper() + figure(i)[1:] + "." for i in range(n)]
        for k in range(0, n, 5):
            lines += [" ".join(sentences[k : k + 5]), ""]
    return ("\n".join(lines + CONTACT) + "\n").encode("utf-8")


def ingest_seconds(raw: bytes, kd, reps: int) -> tuple[float, int]:
    best, figures = float("inf"), 0
    for _ in range(reps):
        start = time.perf_counter()
        draft = draft_release(raw, kd.known, today=dt.date(2024, 1, 1), name="page")
        problems = self_check(draft, as_loaded(raw), kd.releases, kd.topic_ids)
        best = min(best, time.perf_counter() - start)
        figures = len(draft.record["figures"])
        if problems:
            raise SystemExit(f"self-check failed: {problems[0]}")
    return best, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="250,500,1000,2000", help="figures per page")
    parser.add_argument("--shapes", default="sentence,clause", help="sentence and/or clause")
    parser.add_argument("--reps", type=int, default=1, help="runs per page; the best is kept")
    parser.add_argument("--knowledge", help="knowledge directory (default: the packaged one)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    kd = read_knowledge_dir(Path(args.knowledge) if args.knowledge else default_knowledge_dir())
    rows = []
    print("| figures | shape | page (KB) | ingest (s) | per figure (ms) |")
    print("|---|---|---|---|---|")
    for shape in args.shapes.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            raw = page(n, shape)
            if len(raw) > MAX_BYTES:
                print(f"| {n} | {shape} | {len(raw) / 1024:.0f} | over the 512 KB limit | |")
                continue
            seconds, found = ingest_seconds(raw, kd, args.reps)
            rows.append(
                {"figures": n, "found": found, "shape": shape, "bytes": len(raw), "s": seconds}
            )
            print(
                f"| {n} | {shape} | {len(raw) / 1024:.0f} | {seconds:.2f} | "
                f"{1000 * seconds / max(found, 1):.2f} |",
                flush=True,
            )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
