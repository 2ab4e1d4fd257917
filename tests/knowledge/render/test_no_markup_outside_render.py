"""Only knowledge/render/ writes mrkdwn: the rest of knowledge/ keeps plain text."""

from __future__ import annotations

import re
from pathlib import Path

import knowledge

PACKAGE = Path(knowledge.__file__).parent

#: Bold, italic or code markers around a formatted value, escaping, entities and links.
MARKUP = re.compile(
    r"escape_mrkdwn|<mailto:|<tel:|&amp;|&lt;|&gt;"
    r"|[\"'][*_`]\{|\}[*_`][\"' :,.;]|[ (][*_]\{|\}[*_][ )]"
)
#: Not mrkdwn: YAML alias syntax in a loader error, a command quoted in a terminal message,
#: and a docstring about the entities scraped pages carry.
ALLOWED = {
    ("loading/yaml_files.py", 'what = f"alias *{event.anchor}"'),
    ("intake/cli.py", 'f"`iom-bot knowledge check --knowledge {root}`, then "'),
    ("intake/cli.py", 'f"`iom-bot knowledge publish {draft.release_id} --knowledge {root}`"'),
    ("text.py", '(a curator writes ``&`` where the page has ``&amp;``)."""'),
}


def markup_lines() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("render/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if MARKUP.search(line) and (rel, line.strip()) not in ALLOWED:
                found.append((rel, number, line.strip()))
    return found


def test_no_module_outside_render_writes_mrkdwn() -> None:
    assert markup_lines() == []


def test_the_check_finds_markup() -> None:
    for line in ('f"*{name}*"', 'f"_{title}_"', "escape_mrkdwn(x)", 'f"<mailto:{e}|{e}>"'):
        assert MARKUP.search(line), line
