"""Load a knowledge directory and report every problem as one line naming file and field.

Layout of a knowledge directory::

    vocabulary.yaml          shared topics and the query lexicon
    releases/<id>.yaml       one curated record per release
    sources/<id>.txt         the release page exactly as scraped, never edited

Loading never raises a traceback at a curator: it collects every problem it can find
and raises one ``KnowledgeError`` carrying them all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from knowledge.loading.checks import (
    check_entity_agreement,
    check_quotes,
    check_references,
    iter_strings,
    marked_todo,
    shown,
    topic_reference_problems,
    validation_lines,
)
from knowledge.loading.errors import KnowledgeError
from knowledge.loading.paths import default_knowledge_dir as default_knowledge_dir
from knowledge.loading.paths import release_paths
from knowledge.loading.reading import Refused, Within, read_source
from knowledge.loading.spanish import check_quotes_es
from knowledge.loading.yaml_files import read_yaml
from knowledge.records.models import TODO_RE, Release, Vocabulary
from knowledge.records.sharing import share_field_sets


class Earlier(NamedTuple):
    """A release as an earlier load validated it, with its page (``load_records``' reuse)."""

    release: Release
    source: str


def load_vocabulary(root: Path) -> tuple[Vocabulary | None, list[str]]:
    name = "vocabulary.yaml"
    data, problems = read_yaml(root / name, name, root)
    if problems:
        return None, problems
    try:
        return Vocabulary.model_validate(data), []
    except ValidationError as exc:
        return None, validation_lines(name, exc)


def load_release(
    root: Path, path: Path, topic_ids: set[str], within: Within | None = None
) -> tuple[Release | None, str, list[str]]:
    """One release file (in ``releases/``, or a draft in ``drafts/``): parse, validate,
    resolve references, find every quote. ``within``: ``root`` resolved once per load."""
    name = f"{path.parent.name}/{path.name}"
    data, problems = read_yaml(path, name, root, within)
    if problems:
        return None, "", problems
    if not isinstance(data, dict):
        return None, "", [f"{name}: expected a mapping of fields (id:, title:, …) at the top"]
    todos = (
        [
            f"{name}: {where}: still marked TODO"
            for where, s in iter_strings(data)
            if TODO_RE.search(s)
        ]
        if marked_todo(data)
        else []
    )
    try:
        release = Release.model_validate(data)
    except ValidationError as exc:
        return None, "", todos + validation_lines(name, exc)
    problems = todos + check_references(name, release, topic_ids)
    source_name = shown(f"sources/{release.source_file}")
    try:
        source = read_source(root, release.source_file, within)
    except Refused as exc:
        absolute = os.path.isabs(release.source_file) or Path(release.source_file).drive
        shown_as = shown(release.source_file) if absolute else source_name
        return None, "", problems + [f"{name}: source: {shown_as} {exc}"]
    except (OSError, UnicodeDecodeError):
        return None, "", problems + [f"{name}: source: cannot read {source_name}"]
    problems += check_quotes(name, release, source_name, source)
    problems += check_quotes_es(root, name, release, within)[1]
    return release, source, problems


def check_press_office(vocabulary: Vocabulary | None, releases: list[Release]) -> list[str]:
    """``press_office`` must be a contact some release names (a typo would go unnoticed)."""
    if vocabulary is None or vocabulary.press_office is None:
        return []
    wanted = str(vocabulary.press_office).casefold()
    if any(c.email and str(c.email).casefold() == wanted for r in releases for c in r.contacts):
        return []
    return [
        f"vocabulary.yaml: press_office: {vocabulary.press_office} is not the email of a "
        "contact named in any release"
    ]


Records = tuple[Vocabulary, list[Release], dict[str, str], dict[str, str]]


def load_records(
    root: Path, extra: Sequence[Path] = (), reuse: Mapping[str, Earlier] | None = None
) -> Records:
    """Validate a whole directory; raise KnowledgeError listing every problem found.

    Returns the vocabulary, the releases, their sources by id and their files by id
    (``releases/<name>.yaml``, for messages that name the file). ``extra`` release files
    (drafts) are loaded after ``releases/``, as if they were published. ``reuse`` holds
    releases an earlier load validated from files that have not changed since, by file
    name (``knowledge.loading.reuse``): they are not read again, only their topics checked
    against this vocabulary."""
    if not root.is_dir():
        raise KnowledgeError([f"{root}: not a knowledge directory (no such folder)"])
    vocabulary, problems = load_vocabulary(root)
    topic_ids = {t.id for t in vocabulary.topics} if vocabulary else set()
    releases: list[Release] = []
    sources: dict[str, str] = {}
    first_file: dict[str, str] = {}
    paths = [*release_paths(root), *extra]  # extra: drafts, checked as if published
    if not paths:
        problems.append(f"{root / 'releases'}: no release files (*.yaml)")
    fresh: list[Release] = []
    published = root / "releases"  # only these are reused, never a draft of the same name
    within = Within(root)  # its folders resolved once for every file this load reads
    for path in paths:
        name = f"{path.parent.name}/{path.name}"
        earlier = reuse.get(name) if reuse and path.parent == published else None
        if earlier is not None:
            release, source = earlier
            problems += topic_reference_problems(name, release, topic_ids)
        else:
            found, source, release_problems = load_release(root, path, topic_ids, within)
            problems += release_problems
            if found is None:
                continue
            release = found
            fresh.append(release)
        if release.id in first_file:
            problems.append(
                f"{name}: id: duplicate release id {release.id!r} "
                f"(also in {first_file[release.id]})"
            )
            continue
        first_file[release.id] = name
        releases.append(release)
        sources[release.id] = source
    problems += check_entity_agreement(releases, first_file)
    if not problems:  # with a release missing, its contacts cannot be checked against
        problems += check_press_office(vocabulary, releases)
    if problems or vocabulary is None:
        raise KnowledgeError(problems)
    # a quarter of the loaded memory otherwise; reused releases share theirs already
    share_field_sets([vocabulary, *fresh])
    return vocabulary, releases, sources, first_file
