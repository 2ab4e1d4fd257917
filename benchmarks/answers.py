"""Every answer, dumped for a byte-for-byte comparison: how an optimisation proves it
changed nothing ("Latency, no answer change" commits).

    python benchmarks/answers.py dump BEFORE.json                # on the commit before
    python benchmarks/answers.py dump AFTER.json                 # on the change
    python benchmarks/answers.py diff BEFORE.json AFTER.json     # exit 1 on any difference
    python benchmarks/answers.py dump OUT.json --sizes 500 --shared PATH

The questions are the engine's table, the dev questions (``<shared>/dev-questions.jsonl``),
the synthetic sets' labelled questions (several seeds) and broad questions built from
each set's topics and busiest places (the slow paths: "where <topic>", "how many <topic>
in <place>", "facts <place>"…). Each answer is kept twice: its mrkdwn text and its JSON.
Knowledge sets: the packaged one, ``<shared>/dev-kb`` when present, and the synthetic
sizes (generated into the benchmark work directory once, as ``run.py`` does).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.questions import REAL, synthetic_questions  # noqa: E402
from benchmarks.run import knowledge_dir, log  # noqa: E402
from knowledge import answer_json, load_knowledge  # noqa: E402
from knowledge.render.mrkdwn import answer_text  # noqa: E402

PATTERNS = (
    "where {t}",
    "how many {t}",
    "facts {t}",
    "when {t}",
    "what about {t}",
    "how many {t} each year",
    "how many {t} in 2019",
    "who said {t}",
    "{t}",
)
PLACE_PATTERNS = ("{t} in {p}", "how many {t} in {p}", "where {t} {p}")


def broad(kb: Any, places_kept: int = 12) -> list[str]:
    """Questions over every topic and the places most statements are about."""
    index = kb.prepare().core.index
    topics = sorted(t.name for t in index.targets.values() if t.kind == "topic")
    busiest = sorted(index.targets, key=lambda k: (-len(index.docs_by_target.get(k, [])), k))
    places = [index.targets[k].name for k in busiest if index.targets[k].kind == "place"]
    places = places[:places_kept]
    out = [p.format(t=t) for t in topics for p in PATTERNS]
    out += [p.format(t=t, p=place) for t in topics for place in places for p in PLACE_PATTERNS]
    out += [f"{q} {place}" for place in places for q in ("where", "facts", "how many migrants in")]
    return out


def questions(kb: Any, directory: Path | None, shared: Path) -> list[str]:
    texts = [q.text for q in REAL]
    dev = shared / "dev-questions.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["q"])
    if directory is not None:
        for seed in (11, 1, 2, 3):
            texts += [q.text for q in synthetic_questions(directory, 200, seed=seed)]
    return list(dict.fromkeys(texts + broad(kb)))


def dump(out: Path, sizes: list[int], shared: Path, work: Path) -> None:
    sets: dict[str, Path | None] = {"packaged": None}
    if (shared / "dev-kb" / "releases").is_dir():
        sets["dev-kb"] = shared / "dev-kb"
    for n in sizes:
        sets[str(n)] = knowledge_dir(n, work)
    result: dict[str, dict[str, list[str]]] = {}
    for name, directory in sets.items():
        started = time.monotonic()
        kb = load_knowledge(directory)
        kb.prepare()
        synthetic = directory if name not in ("packaged", "dev-kb") else None
        texts = questions(kb, synthetic, shared)
        result[name] = {}
        for text in texts:
            answer = kb.answer(text)
            result[name][text] = [
                answer_text(answer),
                json.dumps(answer_json(answer), sort_keys=True, ensure_ascii=False),
            ]
        log(f"{name}: {len(texts)} questions in {time.monotonic() - started:.1f} s")
    out.write_text(json.dumps(result, indent=0, ensure_ascii=False), encoding="utf-8")


def diff(before: Path, after: Path, shown: int = 5) -> int:
    """Print the questions whose answers differ; 0 if none does (and both asked the same)."""
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    total = different = 0
    for name in sorted(set(a) | set(b)):
        left, right = a.get(name, {}), b.get(name, {})
        for text in sorted(set(left) | set(right)):
            total += 1
            if left.get(text) != right.get(text):
                different += 1
                if different <= shown:
                    print(f"{name}: {text!r}")
    print(f"{total} questions, {different} answers differ")
    return 1 if different else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    d = sub.add_parser("dump", help="answer every question, write OUT")
    d.add_argument("out", type=Path)
    d.add_argument("--sizes", default="500,5000", help="synthetic sizes ('' for none)")
    d.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    d.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "iom-bot-bench")
    c = sub.add_parser("diff", help="compare two dumps; exit 1 if any answer differs")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "diff":
        return diff(args.before, args.after)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    dump(args.out, sizes, args.shared, args.work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
