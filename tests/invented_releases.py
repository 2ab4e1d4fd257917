"""Invented releases added to a copy of the packaged knowledge, for generalisation tests.

Issue 11's tests must not copy the development pages: each one writes a release nobody
published, in the shape curators write, next to the five seed releases (the knowledge
"as it grows"). The source text is built from the record's own quotes, so every quote is
verbatim in it and the loader's checks pass.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from knowledge import KnowledgeBase, default_knowledge_dir, load_knowledge

CONTACT = {
    "name": "Ana Inventada",
    "office": "IOM Mexico",
    "email": "ainventada@iom.int",
    "phone": "+52 55 5536 3922",
    "quote": "For more information please contact Ana Inventada at IOM Mexico",
}


def quotes(value: Any) -> list[str]:
    """Every ``quote`` in a record, depth first."""
    if isinstance(value, dict):
        found = [value["quote"]] if isinstance(value.get("quote"), str) else []
        return found + [q for k, v in value.items() if k != "quote" for q in quotes(v)]
    if isinstance(value, list):
        return [q for v in value for q in quotes(v)]
    return []


def release(release_id: str, title: str, topics: list[str], **fields: Any) -> dict[str, Any]:
    """A release record with a summary, the invented contact unless told otherwise."""
    record: dict[str, Any] = {
        "id": release_id,
        "title": title,
        "date": None,
        "office": "IOM Mexico",
        "summary": fields.pop("summary", title),
        "topics": topics,
        "contacts": fields.pop("contacts", [CONTACT]),
    }
    record.update(fields)
    return record


# A release with one term, used wherever a test needs "a new release the bot must learn".
LAGOON = release(
    "lagoon-wardens",
    "IOM Trains Lagoon Wardens in Invented Bay",
    ["cooperation"],
    terms=[
        {
            "id": "lagoon-wardens",
            "name": "Lagoon wardens",
            "description": "Volunteers who guide migrants along the shore of Invented Bay.",
            "quote": "lagoon wardens are volunteers who guide migrants along the shore",
        }
    ],
)


def write_release(directory: Path, record: dict[str, Any], extra_text: str = "") -> None:
    source = "\n\n".join([record["title"], *quotes(record), extra_text]).strip() + "\n"
    (directory / "sources" / f"{record['id']}.txt").write_text(source, encoding="utf-8")
    (directory / "releases" / f"{record['id']}.yaml").write_text(
        yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def grown_knowledge(tmp_path: Path, *records: dict[str, Any]) -> Path:
    """The packaged knowledge copied under ``tmp_path`` with ``records`` added."""
    directory = tmp_path / "knowledge"
    if not directory.exists():
        shutil.copytree(default_knowledge_dir(), directory)
    for record in records:
        write_release(directory, record)
    return directory


def grown(tmp_path: Path, *records: dict[str, Any]) -> KnowledgeBase:
    return load_knowledge(grown_knowledge(tmp_path, *records), cache=False)
