"""The quick YAML loader against PyYAML's C safe loader on every curated file of each
knowledge set: identical documents (equal and of equal repr), and the time of each.

    python benchmarks/yaml_check.py [--sizes 500,5000] [--shared ../shared]

Sets: the packaged knowledge, ``<shared>/dev-kb`` when present (read in place), and the
synthetic sizes (generated as ``run.py`` does). Nothing here is asserted; a set with a
differing file prints its name and exits 1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import yaml  # noqa: E402

from benchmarks.run import knowledge_dir  # noqa: E402
from knowledge import default_knowledge_dir  # noqa: E402
from knowledge.loading.yaml_files import yaml_loader  # noqa: E402


def compare(name: str, root: Path) -> tuple[str, int, list[str], float, float]:
    paths = [root / "vocabulary.yaml", *sorted((root / "releases").glob("*.yaml"))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    times = {}
    docs = {}
    for loader in (yaml.CSafeLoader, yaml_loader(), yaml.CSafeLoader, yaml_loader()):
        start = time.perf_counter()
        docs[loader] = [yaml.load(t, Loader=loader) for t in texts]
        times[loader] = min(times.get(loader, 1e9), time.perf_counter() - start)
    ref, quick = docs[yaml.CSafeLoader], docs[yaml_loader()]
    differ = [
        str(p) for p, a, b in zip(paths, ref, quick, strict=True) if a != b or repr(a) != repr(b)
    ]
    return name, len(paths), differ, times[yaml.CSafeLoader], times[yaml_loader()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000")
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "iom-bot-bench")
    args = parser.parse_args(argv)
    sets = [("packaged", default_knowledge_dir())]
    if (args.shared / "dev-kb").is_dir():
        sets.append(("dev-kb", args.shared / "dev-kb"))
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        found = knowledge_dir(n, args.work)
        if found is not None:
            sets.append((f"{n:,} synthetic", found))
    print("| knowledge | files | identical | CSafeLoader (s) | quick loader (s) | ratio |")
    print("|---|---|---|---|---|---|")
    bad = False
    for name, root in sets:
        name, files, differ, ref, quick = compare(name, root)
        bad |= bool(differ)
        print(
            f"| {name} | {files:,} | {files - len(differ):,} | {ref:.2f} | {quick:.2f} | "
            f"{quick / max(ref, 1e-9):.2f}x |"
        )
        for path in differ[:5]:
            print(f"  differs: {path}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
