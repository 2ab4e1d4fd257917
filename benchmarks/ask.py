"""`iom-bot ask` as a user runs it, two installs side by side: the whole process, warm load
cache, wall and CPU time (the child's user + system time, which other processes' load
inflates far less than wall time on a shared machine).

    python benchmarks/ask.py OLD_IOM_BOT NEW_IOM_BOT            # 10 runs of each
    python benchmarks/ask.py OLD NEW --runs 20 --question "contact veracruz"
    python benchmarks/ask.py OLD NEW --bytecode                 # with compiled bytecode

Runs alternate (old, new, then new, old, ...) so that a change in the machine's load hits
both alike; each command first runs twice unrecorded (the load cache written and read
back) and every recorded run must print what those printed. ``--bytecode`` lets Python
write and read compiled modules under a private ``PYTHONPYCACHEPREFIX`` even when
``PYTHONDONTWRITEBYTECODE`` is set: an editable install otherwise compiles every module of
the package from source in every run, which an installed wheel (bytecode compiled at
install) does not. Prints the medians and minimums; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """One run: wall seconds, CPU seconds (user + system of the child), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, capture_output=True, text=True, cwd=tempfile.gettempdir(), check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the iom-bot console script of one install")
    parser.add_argument("new", type=Path, help="and of the other")
    parser.add_argument("--runs", type=int, default=10, help="recorded runs of each")
    parser.add_argument("--question", default="contact mexico")
    parser.add_argument("--bytecode", action="store_true", help="compiled modules cached")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if args.bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "iom-bot-bench-pycache")
    commands = {"old": [str(args.old), "ask", args.question]}
    commands["new"] = [str(args.new), "ask", args.question]
    expected = {}
    for name, cmd in commands.items():
        for _ in range(2):
            expected[name] = run(cmd, env)[2]
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(args.runs):
        for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
            wall, cpu, out = run(commands[name], env)
            if out != expected[name]:
                raise SystemExit(f"{name}: the answer changed between runs")
            walls[name].append(wall)
            cpus[name].append(cpu)
    same = "the same answer" if expected["old"] == expected["new"] else "DIFFERENT answers"
    print(f"`iom-bot ask {args.question!r}`, warm cache, {args.runs} alternating runs each, {same}")
    print("| install | wall median (ms) | wall min (ms) | CPU median (ms) | CPU min (ms) |")
    print("|---|---|---|---|---|")
    for name in commands:
        w, c = walls[name], cpus[name]
        print(
            f"| {name} | {statistics.median(w) * 1000:.0f} | {min(w) * 1000:.0f} "
            f"| {statistics.median(c) * 1000:.0f} | {min(c) * 1000:.0f} |"
        )
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load:
        print(f"load average afterwards: {load[0]:.2f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
