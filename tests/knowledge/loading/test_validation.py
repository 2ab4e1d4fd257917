"""Broken copies of the knowledge give one precise line per problem, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from knowledge import KnowledgeError, load_knowledge


def edit(directory: Path, release: str, change) -> None:
    path = directory / "releases" / f"{release}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(directory)
    return info.value.problems


def test_the_packaged_knowledge_is_valid() -> None:
    assert len(load_knowledge().releases) == 5


def test_bad_email_names_file_and_field(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "veracruz-governor",
        lambda d: d["contacts"][0].update(email="jcordoba-at-iom"),
    )
    assert problems(knowledge_copy) == [
        "releases/veracruz-governor.yaml: contacts[0].email: not a valid email address"
    ]


def test_quote_missing_from_source(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "ddg-visit",
        lambda d: d["figures"][0].update(quote="some 999,999 migrants", as_written="999,999"),
    )
    (line,) = problems(knowledge_copy)
    assert line.startswith(
        "releases/ddg-visit.yaml: figures[0].quote: quote not found in sources/ddg-visit.txt"
    )


def test_quote_matches_across_line_breaks(knowledge_copy: Path) -> None:
    # the southern-border page is hard-wrapped: a quote typed on one line still matches
    load_knowledge(knowledge_copy)
    quote = "Mexico's southern border is the entry point for more 150,000 irregular migrants"
    edit(knowledge_copy, "southern-border-seminar", lambda d: d["facts"][0].update(quote=quote))
    load_knowledge(knowledge_copy)


def test_duplicate_release_id(knowledge_copy: Path) -> None:
    src = knowledge_copy / "releases" / "ddg-visit.yaml"
    (knowledge_copy / "releases" / "zz-copy.yaml").write_text(
        src.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert problems(knowledge_copy) == [
        "releases/zz-copy.yaml: id: duplicate release id 'ddg-visit' (also in releases/ddg-visit.yaml)"
    ]


def test_unknown_references(knowledge_copy: Path) -> None:
    def change(d: dict) -> None:
        d["people"][0]["organisation"] = "nowhere"
        d["figures"][0]["place"] = "atlantis"
        d["topics"].append("astrology")

    edit(knowledge_copy, "veracruz-governor", change)
    lines = problems(knowledge_copy)
    assert (
        "releases/veracruz-governor.yaml: people[0].organisation: unknown organisation 'nowhere' (declare it under organisations:)"
        in lines
    )
    assert (
        "releases/veracruz-governor.yaml: figures[0].place: unknown place 'atlantis' (declare it under places:)"
        in lines
    )
    assert any(
        line.startswith("releases/veracruz-governor.yaml: topics: unknown topic 'astrology'")
        for line in lines
    )


def test_unparseable_yaml_and_unknown_field(knowledge_copy: Path) -> None:
    (knowledge_copy / "releases" / "ddg-visit.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    edit(knowledge_copy, "veracruz-governor", lambda d: d.update(titel="typo"))
    lines = problems(knowledge_copy)
    assert lines[0].startswith("releases/ddg-visit.yaml: line ") and "not valid YAML" in lines[0]
    assert "releases/veracruz-governor.yaml: titel: unknown field (check its spelling)" in lines


def test_missing_field_summary_too_long_and_todo(knowledge_copy: Path) -> None:
    def change(d: dict) -> None:
        del d["title"]
        d["summary"] = "x" * 281
        d["contacts"][0]["name"] = "TODO: check the name"

    edit(knowledge_copy, "veracruz-governor", change)
    lines = problems(knowledge_copy)
    assert "releases/veracruz-governor.yaml: title: missing (this field is required)" in lines
    assert any(
        line.startswith("releases/veracruz-governor.yaml: summary: String should have at most 280")
        for line in lines
    )
    assert "releases/veracruz-governor.yaml: contacts[0].name: still marked TODO" in lines


def test_conflicting_entity_names_across_releases(knowledge_copy: Path) -> None:
    edit(
        knowledge_copy,
        "veracruz-governor",
        lambda d: d["organisations"][1].update(name_en="Migration Office"),
    )
    (line,) = problems(knowledge_copy)
    assert line.startswith(
        "releases/veracruz-governor.yaml: organisations[1].name_en: 'Migration Office' differs"
    )


def test_bad_phone(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "kidnapping-training", lambda d: d["contacts"][0].update(phone="call me"))
    (line,) = problems(knowledge_copy)
    assert line.startswith(
        "releases/kidnapping-training.yaml: contacts[0].phone: not a phone number"
    )


def test_check_command_prints_lines_and_exits_nonzero(knowledge_copy: Path) -> None:
    edit(knowledge_copy, "veracruz-governor", lambda d: d["contacts"][0].update(email="nope"))
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "knowledge", "check", "--knowledge", str(knowledge_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert (
        run.stdout.strip()
        == "releases/veracruz-governor.yaml: contacts[0].email: not a valid email address"
    )
    assert "Traceback" not in run.stderr


def test_missing_directory_is_one_line(tmp_path: Path) -> None:
    (line,) = problems(tmp_path / "nope")
    assert "not a knowledge directory" in line


def test_quotes_match_a_page_with_html_entities(knowledge_copy: Path) -> None:
    """A scraped page may carry &amp; and &nbsp;: the curator's quote says & and a space."""
    source = knowledge_copy / "sources" / "veracruz-governor.txt"
    source.write_bytes(
        source.read_bytes().replace(b"theft, extortion", b"theft&nbsp;&amp; extortion")
    )

    def change(d: dict) -> None:
        d["facts"][2]["quote"] = "migrants are exposed to theft & extortion, rape, kidnapping"

    edit(knowledge_copy, "veracruz-governor", change)
    load_knowledge(knowledge_copy)
    edit(
        knowledge_copy,
        "veracruz-governor",
        lambda d: d["facts"][2].update(quote="theft and extortion, rape"),
    )
    (line,) = problems(knowledge_copy)
    assert "facts[2].quote: quote not found" in line
