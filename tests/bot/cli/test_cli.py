"""The iom-bot command line as a user runs it: a real process, from another directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from knowledge import default_knowledge_dir

REPO = Path(__file__).resolve().parents[3]


def iom_bot(
    *args: str, stdin: str | None = None, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``iom-bot ARGS`` from this checkout, without Slack credentials; ``env`` adds to the
    environment."""
    env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    for secret in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        env.pop(secret, None)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_ask_prints_a_readable_answer(tmp_path: Path) -> None:
    run = iom_bot("ask", "contact veracruz", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "José Ramón Córdoba" in run.stdout
    assert "jcordoba@iom.int" in run.stdout and "+52 55 5536 3922" in run.stdout
    assert "<mailto:" not in run.stdout  # terminal output, not mrkdwn


def test_ask_shows_typed_text_as_typed_and_json_escapes_it(tmp_path: Path) -> None:
    question = "<!channel> & zzyzx"
    plain = iom_bot("ask", question, cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert "“<!channel> & zzyzx”" in plain.stdout and "&amp;" not in plain.stdout
    run = iom_bot("ask", "--json", question, cwd=tmp_path)
    answer = json.loads(run.stdout)
    assert "“&lt;!channel&gt; &amp; zzyzx”" in answer["lead"]
    assert answer["text"].startswith(answer["lead"])


def test_ask_json_one_object(tmp_path: Path) -> None:
    run = iom_bot(
        "ask", "--json", "how many migrants are kidnapped in Mexico each year?", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["query"] == "how many migrants are kidnapped in Mexico each year?"
    assert answer["answered"] is True
    assert "20,000" in answer["text"]
    assert answer["contacts"][0] == {
        "name": "Rodolfo Franco",
        "email": "rfranco@iom.int",
        "phone": "+52 55 5536 3922",
        "office": "IOM Mexico",
        "release_id": "kidnapping-training",
    }
    assert {
        "release_id": "kidnapping-training",
        "title": "IOM Trains Mexican Officials in Identification, Aid to Migrant Kidnapping Victims",
    } in answer["sources"]


def test_ask_json_reads_stdin_line_by_line_in_order(tmp_path: Path) -> None:
    questions = [
        "contact mexico",
        "",
        "what is the weather",
        "<!channel> facts kidnapping",
        "contacto veracruz",
    ]
    run = iom_bot("ask", "--json", stdin="\n".join(questions) + "\n", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [a["query"] for a in lines] == questions
    assert [a["answered"] for a in lines] == [True, True, False, True, True]
    assert "<!channel>" not in lines[3]["text"]
    assert lines[4]["contacts"][0]["email"] == "jcordoba@iom.int"


def test_ask_does_not_import_slack_bolt(tmp_path: Path) -> None:
    code = (
        "import sys, io, contextlib; import bot.cli as c\n"
        "with contextlib.redirect_stdout(io.StringIO()): c.main(['ask', 'contact mexico'])\n"
        "print('slack_bolt' in sys.modules, 'slack_sdk' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )
    assert run.stdout.strip() == "False False"


# What a warm `iom-bot ask` must not import: the Slack app, the state database, the intake
# tooling, the settings (python-dotenv) with no .env around, and what only validation needs.
NOT_FOR_A_WARM_ASK = (
    "slack_bolt",
    "slack_sdk",
    "sqlalchemy",
    "psycopg",
    "apscheduler",
    "gunicorn",
    "babel",
    "yaml",
    "email_validator",
    "phonenumbers",
    "dotenv",
    "bot.settings",
    "bot.slack",
    "bot.state",
    "knowledge.intake",
    "knowledge.loading.drafts",
    "knowledge.loading.rename",
    "knowledge.loading.loader",  # a load that reads files: YAML, the checks, the page reader
    "knowledge.loading.measures",
    "logging",  # the engine logs only a failure
    "gzip",  # the word lists, read only for a word the knowledge lacks
    "importlib.resources",
    "zipfile",
    "tempfile",  # writing a cache entry (and platformdirs, with no IOM_BOT_CACHE_DIR)
    # pydantic imports it to look for plugins when it builds a validator, and an answer
    # needs none: the records come validated from the cache, answers are dataclasses
    "importlib.metadata",
)


def test_a_warm_ask_imports_only_what_an_answer_needs(tmp_path: Path) -> None:
    """The whole command, as the console script runs it, on a warm load cache: a guard
    against an import creeping back onto `ask`'s path (most of its run is imports)."""
    code = (
        "import sys, io, contextlib, time\n"
        "import knowledge.loading.cache as c\n"
        "c.clock = lambda: time.time_ns() + 10**10  # the packaged files count as settled\n"
        "import bot.cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out): status = bot.cli.main(['ask', 'contact mexico'])\n"
        "print(status, 'ivivaldo@iom.int' in out.getvalue())\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "IOM_BOT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("IOM_BOT_KNOWLEDGE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            check=True,
        ).stdout.splitlines()
        for _ in range(2)
    ]
    assert list((tmp_path / "cache").glob("*.pickle")), "the first run wrote no cache entry"
    cold, warm = (set(run[1].split()) for run in runs)
    assert runs[0][0] == runs[1][0] == "0 True"
    assert "yaml" in cold  # the first run loaded and validated: the guard can tell
    unwanted = set(NOT_FOR_A_WARM_ASK)
    if any(os.path.lexists(d / ".env") for d in (tmp_path, *tmp_path.parents)):
        unwanted -= {"dotenv", "bot.settings"}  # a .env above the temporary directory: read
    imported = sorted(m for m in warm if any(m == n or m.startswith(n + ".") for n in unwanted))
    assert imported == []


def test_a_dotenv_above_the_current_directory_is_read_by_ask(tmp_path: Path) -> None:
    """``ask`` skips the settings module only when no .env is there to read."""
    from invented_releases import LAGOON, grown_knowledge

    directory = grown_knowledge(tmp_path / "kb", LAGOON)
    (tmp_path / ".env").write_text(f"IOM_BOT_KNOWLEDGE={directory}\n")
    below = tmp_path / "a" / "b"
    below.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "IOM_BOT_KNOWLEDGE"}
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "what are lagoon wardens"],
        capture_output=True,
        text=True,
        cwd=below,
        env={**env, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Volunteers who guide migrants" in run.stdout


def test_knowledge_check_ok(tmp_path: Path) -> None:
    run = iom_bot("knowledge", "check", cwd=tmp_path)
    assert run.returncode == 0
    assert run.stdout.startswith("OK: 5 releases")


def test_broken_knowledge_dir_is_reported_not_traced(tmp_path: Path) -> None:
    run = iom_bot("ask", "--knowledge", str(tmp_path / "missing"), "contact mexico", cwd=tmp_path)
    assert run.returncode == 1
    assert "not a knowledge directory" in run.stderr and "Traceback" not in run.stderr


def test_packaged_data_ships_in_the_distribution() -> None:
    # the installed dist-info (has a RECORD), not a build's egg-info left in the checkout
    dist = next(d for d in metadata.distributions(name="iom-bot") if d.read_text("RECORD"))
    direct_url = dist.read_text("direct_url.json") or "{}"
    if json.loads(direct_url).get("dir_info", {}).get("editable"):
        pytest.skip("editable install: data is read from the checkout")
    names = {str(f) for f in dist.files or []}
    for release in ("ddg-visit", "veracruz-governor", "southern-border-seminar"):
        assert f"knowledge/data/releases/{release}.yaml" in names
        assert f"knowledge/data/sources/{release}.txt" in names
    assert "knowledge/data/vocabulary.yaml" in names


def test_knowledge_init_copies_the_packaged_knowledge(tmp_path: Path) -> None:
    target = tmp_path / "curated"
    run = iom_bot("knowledge", "init", str(target), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert iom_bot("knowledge", "check", "--knowledge", str(target), cwd=tmp_path).returncode == 0
    again = iom_bot("knowledge", "init", str(target), cwd=tmp_path)
    assert again.returncode == 2 and "not empty" in again.stderr


def test_ingest_never_writes_into_the_installed_package(tmp_path: Path) -> None:
    source = (REPO / "knowledge" / "data" / "sources" / "ddg-visit.txt").read_text()
    page = tmp_path / "page.txt"
    page.write_text(
        source.replace("IOM Deputy Director General discusses", "IOM Official Discusses")
    )
    run = iom_bot("ingest", str(page), cwd=tmp_path)
    assert run.returncode == 2 and "--knowledge DIR" in run.stderr


def test_every_lazily_imported_command_resolves() -> None:
    """A module moved without updating its command would fail only when someone runs it."""
    import argparse
    from importlib import import_module

    from bot.cli.parser import build_parser

    parser = build_parser()
    targets = []
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    stack = [sub for a in actions for sub in a.choices.values()]
    while stack:
        sub = stack.pop()
        func = sub.get_default("func")
        if getattr(func, "target", None):
            targets.append(func.target)
        stack += [
            child
            for a in sub._actions
            if isinstance(a, argparse._SubParsersAction)
            for child in a.choices.values()
        ]
    assert len(targets) >= 4
    for target in targets:
        module, name = target.split(":")
        assert callable(getattr(import_module(module), name)), target


def test_iom_bot_knowledge_is_honoured_by_ask_check_and_ingest(tmp_path: Path) -> None:
    """The README tells curators to set IOM_BOT_KNOWLEDGE; --knowledge still wins."""
    from invented_releases import LAGOON, grown_knowledge

    directory = grown_knowledge(tmp_path, LAGOON)
    env = {"IOM_BOT_KNOWLEDGE": str(directory)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return iom_bot(*args, cwd=tmp_path, env=env)

    assert "Volunteers who guide migrants" in run("ask", "what are lagoon wardens").stdout
    assert run("knowledge", "check").stdout.startswith("OK: 6 releases")
    packaged = run("ask", "--knowledge", str(default_knowledge_dir()), "what are lagoon wardens")
    assert "Volunteers who guide migrants" not in packaged.stdout
    page = tmp_path / "page.txt"
    page.write_text(
        "IOM Opens an Office in Invented Bay\n\n"
        "The International Organization for Migration opened a new office in the coastal "
        "town of Invented Bay on Monday, where it will assist migrants who arrive by sea "
        "and train the local officials who receive them.\n"
    )
    ingested = run("ingest", str(page))
    assert ingested.returncode == 0, ingested.stderr
    assert f"in {directory}" in ingested.stdout
