"""The loader reads only regular files inside the knowledge directory, of bounded size,
and YAML without anchors or aliases: anything else is one refusal line, quickly.

Every hazard here is a real file in tmp_path. Loads that could hang on today's code (a
FIFO, a YAML bomb) run with a bounded wait, so a regression fails instead of hanging CI.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge import KnowledgeError, load_knowledge
from knowledge.loading.cache import LoadCache
from knowledge.loading.reading import MAX_SOURCE_BYTES, MAX_YAML_BYTES

REPO = Path(__file__).resolve().parents[3]
WAIT = 20  # seconds; every case here takes milliseconds
OUTSIDE = "points outside the knowledge directory (symlink or ../ path); refused"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def edit(directory: Path, release: str, **fields: Any) -> None:
    path = directory / "releases" / f"{release}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def bounded(fn: Callable[[], Any], fifos: tuple[Path, ...] = ()) -> Any:
    """fn() in a thread, failing the test if it has not returned within WAIT seconds (then
    each FIFO in ``fifos`` gets a writer for a moment, so a thread blocked opening it ends)."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WAIT)
    if thread.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still loading after {WAIT} s: blocked on a FIFO or expanding a bomb")
    if "error" in result:
        raise result["error"]
    return result["value"]


def problems(directory: Path, fifos: tuple[Path, ...] = ()) -> list[str]:
    def load() -> list[str]:
        with pytest.raises(KnowledgeError) as info:
            load_knowledge(directory, cache=False)
        return info.value.problems

    return bounded(load, fifos)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    limit = 2 * 1024**3  # a regression reading /dev/zero or expanding a bomb stops here
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def check_command(directory: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``iom-bot knowledge check`` in a subprocess, killed if it runs past WAIT seconds, with
    its memory capped: what could eat all memory (/dev/zero, a bomb) runs only this way."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "IOM_BOT_CACHE_DIR": str(tmp_path / "cache"),  # the load cache is exercised too
    }
    try:
        return subprocess.run(
            [sys.executable, "-m", "bot.cli", "knowledge", "check", "--knowledge", str(directory)],
            capture_output=True,
            text=True,
            env=env,
            timeout=WAIT,
            check=False,
            preexec_fn=_limit_memory if os.name == "posix" else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`iom-bot knowledge check` still running after {WAIT} s")


@pytest.fixture()
def outside(knowledge_copy: Path) -> Path:
    """A file outside the knowledge directory holding a real page: every quote of ddg-visit
    occurs in it, so accepting it would make the quote check an oracle on that file."""
    target = knowledge_copy.parent / "outside.txt"
    shutil.copyfile(knowledge_copy / "sources" / "ddg-visit.txt", target)
    with target.open("a", encoding="utf-8") as f:
        f.write("\nSLACK_BOT_TOKEN=xoxb-not-a-real-token\n")
    return target


# -- sources -----------------------------------------------------------------------------------


def test_a_source_path_climbing_out_of_the_directory_is_refused(
    knowledge_copy: Path, outside: Path
) -> None:
    edit(knowledge_copy, "ddg-visit", source="../../outside.txt")
    assert problems(knowledge_copy) == [
        f"releases/ddg-visit.yaml: source: sources/../../outside.txt {OUTSIDE}"
    ]


def test_an_absolute_source_path_is_refused(knowledge_copy: Path, outside: Path) -> None:
    edit(knowledge_copy, "ddg-visit", source=str(outside))
    assert problems(knowledge_copy) == [
        f"releases/ddg-visit.yaml: source: {outside} is an absolute path; "
        "name a file under sources/"
    ]


def test_a_symlink_out_of_the_directory_is_refused(knowledge_copy: Path, outside: Path) -> None:
    source = knowledge_copy / "sources" / "ddg-visit.txt"
    source.unlink()
    source.symlink_to(outside)
    assert problems(knowledge_copy) == [
        f"releases/ddg-visit.yaml: source: sources/ddg-visit.txt {OUTSIDE}"
    ]


def test_a_symlink_that_stays_inside_the_directory_is_accepted(knowledge_copy: Path) -> None:
    """Policy: a link is judged by where it leads; inside the knowledge directory is fine."""
    source = knowledge_copy / "sources" / "ddg-visit.txt"
    archive = knowledge_copy / "archive"
    archive.mkdir()
    target = archive / "ddg-visit.txt"
    source.rename(target)
    source.symlink_to(Path("..") / "archive" / "ddg-visit.txt")
    kb = load_knowledge(knowledge_copy, cache=False)
    assert kb.sources["ddg-visit"] == target.read_text(encoding="utf-8")


@needs_fifo
def test_a_source_that_is_a_fifo_is_refused_without_waiting(knowledge_copy: Path) -> None:
    fifo = knowledge_copy / "sources" / "pipe.txt"
    os.mkfifo(fifo)
    edit(knowledge_copy, "ddg-visit", source="pipe.txt")
    assert problems(knowledge_copy, fifos=(fifo,)) == [
        "releases/ddg-visit.yaml: source: sources/pipe.txt is a FIFO, not a regular file; refused"
    ]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_refused_named_or_linked(knowledge_copy: Path, tmp_path: Path) -> None:
    """In a subprocess: a regression would read /dev/zero until memory runs out."""
    edit(knowledge_copy, "ddg-visit", source="/dev/zero")
    link = knowledge_copy / "sources" / "zero.txt"
    link.symlink_to("/dev/zero")
    edit(knowledge_copy, "veracruz-governor", source="zero.txt")
    run = check_command(knowledge_copy, tmp_path)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "releases/ddg-visit.yaml: source: /dev/zero is an absolute path; name a file under sources/",
        f"releases/veracruz-governor.yaml: source: sources/zero.txt {OUTSIDE}",
    ]


def test_an_oversized_source_is_refused(knowledge_copy: Path) -> None:
    source = knowledge_copy / "sources" / "ddg-visit.txt"
    with source.open("a", encoding="utf-8") as f:  # the quotes are all still in it
        f.write("\n" + "padding " * (MAX_SOURCE_BYTES // 8 + 1))
    assert problems(knowledge_copy) == [
        "releases/ddg-visit.yaml: source: sources/ddg-visit.txt is larger than 1 MB; refused"
    ]


def test_a_large_but_allowed_source_still_loads(knowledge_copy: Path) -> None:
    """The limit is well above the largest page ingest stores (512 KB)."""
    source = knowledge_copy / "sources" / "ddg-visit.txt"
    with source.open("a", encoding="utf-8") as f:
        f.write("\n" + "padding " * (512 * 1024 // 8))
    load_knowledge(knowledge_copy, cache=False)


# -- release and vocabulary files --------------------------------------------------------------


@needs_fifo
def test_a_fifo_named_like_a_release_is_refused_and_loading_goes_on(
    knowledge_copy: Path,
) -> None:
    fifo = knowledge_copy / "releases" / "x.yaml"
    os.mkfifo(fifo)
    edit(knowledge_copy, "veracruz-governor", summary="x" * 281)  # another problem, still found
    lines = problems(knowledge_copy, fifos=(fifo,))
    assert lines[0].startswith("releases/veracruz-governor.yaml: summary: String should have")
    assert lines[1:] == ["releases/x.yaml: is a FIFO, not a regular file; refused"]


@needs_fifo
def test_check_command_prints_one_line_for_a_fifo_and_exits_1(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    os.mkfifo(knowledge_copy / "releases" / "x.yaml")
    run = check_command(knowledge_copy, tmp_path)
    assert run.returncode == 1
    assert run.stdout.splitlines() == ["releases/x.yaml: is a FIFO, not a regular file; refused"]
    assert "Traceback" not in run.stderr


def test_a_release_file_linked_from_outside_is_refused(knowledge_copy: Path) -> None:
    elsewhere = knowledge_copy.parent / "elsewhere.yaml"
    (knowledge_copy / "releases" / "ddg-visit.yaml").rename(elsewhere)
    (knowledge_copy / "releases" / "ddg-visit.yaml").symlink_to(elsewhere)
    assert problems(knowledge_copy) == [f"releases/ddg-visit.yaml: {OUTSIDE}"]


def test_an_oversized_release_file_is_refused(knowledge_copy: Path) -> None:
    path = knowledge_copy / "releases" / "ddg-visit.yaml"
    with path.open("a", encoding="utf-8") as f:
        f.write("#" * (MAX_YAML_BYTES + 1) + "\n")
    assert problems(knowledge_copy) == ["releases/ddg-visit.yaml: is larger than 1 MB; refused"]


def billion_laughs(levels: int = 12) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_fast(knowledge_copy: Path, tmp_path: Path) -> None:
    """10**12 strings if expanded; refused at the first anchor. A subprocess with a timeout,
    so a regression is killed instead of eating the test run's memory."""
    (knowledge_copy / "releases" / "bomb.yaml").write_text(billion_laughs(), encoding="utf-8")
    run = check_command(knowledge_copy, tmp_path)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "releases/bomb.yaml: line 1: YAML anchor &a0 not allowed (write the value out in full)"
    ]


def test_even_a_harmless_alias_is_refused(knowledge_copy: Path) -> None:
    path = knowledge_copy / "releases" / "ddg-visit.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("office: IOM Mexico\n", "office: &office IOM Mexico\n", 1)
    path.write_text(text + "extra: *office\n", encoding="utf-8")
    (line,) = problems(knowledge_copy)
    assert line.startswith("releases/ddg-visit.yaml: line ")
    assert line.endswith("YAML anchor &office not allowed (write the value out in full)")


def test_ampersands_and_asterisks_in_text_are_fine(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "ddg-visit", summary="Migrants & officials: *all* of them, R&D.")
    load_knowledge(knowledge_copy, cache=False)


def test_an_impossible_date_is_a_line_not_a_traceback(knowledge_copy: Path) -> None:
    path = knowledge_copy / "releases" / "ddg-visit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nmisdated: 2024-13-45\n", encoding="utf-8")
    assert problems(knowledge_copy) == [
        "releases/ddg-visit.yaml: not valid YAML (month must be in 1..12)"
    ]


# -- the load cache ----------------------------------------------------------------------------


@needs_fifo
def test_the_load_cache_never_opens_a_fifo(
    knowledge_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOM_BOT_CACHE_DIR", str(tmp_path / "cache"))
    cache = LoadCache.open(knowledge_copy)
    assert cache is not None
    cache.directory.mkdir(parents=True)
    os.mkfifo(cache.path)
    assert bounded(cache.read, fifos=(cache.path,)) is None
    kb = bounded(lambda: load_knowledge(knowledge_copy), fifos=(cache.path,))
    assert len(kb.releases) == 5


# -- directories that load today keep loading --------------------------------------------------


def test_a_curators_copy_made_by_init_loads(tmp_path: Path) -> None:
    target = tmp_path / "curated"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    init = [sys.executable, "-m", "bot.cli", "knowledge", "init", str(target)]
    subprocess.run(init, capture_output=True, env=env, timeout=60, check=True)
    assert len(load_knowledge(target, cache=False).releases) == 5


@pytest.mark.skipif(not Path("/work/shared/dev-kb").is_dir(), reason="no shared dev-kb here")
def test_the_shared_dev_knowledge_loads() -> None:
    assert load_knowledge("/work/shared/dev-kb", cache=False).releases
