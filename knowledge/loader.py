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
import stat
from collections.abc import Iterator, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.records.models import TODO_RE, Release, Vocabulary
from knowledge.text import squash

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]


class KnowledgeError(Exception):
    """The knowledge directory has problems; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def default_knowledge_dir() -> Path:
    return Path(str(files("knowledge") / "data"))


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


_MESSAGES = {
    "missing": "missing (this field is required)",
    "extra_forbidden": "unknown field (check its spelling)",
}


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    msg = str(error["msg"])
    if kind == "value_error" and "email" in msg:
        return "not a valid email address"
    return msg.removeprefix("Value error, ")


def validation_lines(name: str, exc: ValidationError) -> list[str]:
    """Turn a pydantic error into lines a press officer can act on."""
    lines = []
    for error in exc.errors():
        loc = error["loc"]
        # pydantic puts the failing member of a Literal/union into the loc; drop noise
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        lines.append(f"{name}: {_loc(loc)}: {_message(error)}")
    return lines


#: The largest release page a source may be: twice the 512 KB page ``iom-bot ingest`` accepts,
#: so every page ingest stores fits, and nothing like /dev/zero or a stray dump is read whole.
MAX_SOURCE_BYTES = 1024 * 1024
#: The largest release or vocabulary file: curated records are 2–15 KB, a drafted one from
#: the largest page ingest accepts stays far under this.
MAX_YAML_BYTES = 1024 * 1024

_O_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    | getattr(os, "O_NOFOLLOW", 0)  # the path is already resolved: no symlink swapped in
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class Refused(Exception):
    """A file the loader will not read; the message completes "<file>: …" in one line."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"


def read_contained(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of ``path``, if it is a regular file inside ``root`` of at most ``limit``
    bytes; otherwise ``Refused`` (or ``OSError`` if it cannot be read at all).

    Symlinks are resolved first: one whose target stays inside ``root`` is followed, one
    that leaves it is refused. The file type is checked with ``stat`` before opening and
    again on the open descriptor (opened non-blocking, without following a symlink), so a
    FIFO or a device is never read and a file swapped in between is caught.
    """
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(root)):
        raise Refused("points outside the knowledge directory (symlink or ../ path); refused")
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"is {_kind(st.st_mode)}, not a regular file; refused")
    if st.st_size > limit:
        raise Refused(f"is larger than {_size(limit)}; refused")
    fd = os.open(real, _O_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(f"is {_kind(st.st_mode)}, not a regular file; refused")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Refused(f"is larger than {_size(limit)}; refused")
    return data


def _anchor_problem(text: str, name: str) -> str | None:
    """A line for the first YAML anchor (&a) or alias (*a), or None if there is none.

    Curated records never need them, and aliases are how a small file expands into a huge
    document ("billion laughs"). Scanning the parser's events stops at the first one, so a
    bomb is refused before anything is built. A file without & or * cannot hold one."""
    if "&" not in text and "*" not in text:
        return None
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent):
            what = f"alias *{event.anchor}"
        elif (anchor := getattr(event, "anchor", None)) is not None:
            what = f"anchor &{anchor}"
        else:
            continue
        mark = event.start_mark
        where = f"line {mark.line + 1}: " if mark is not None else ""
        return f"{name}: {where}YAML {what} not allowed (write the value out in full)"
    return None


def read_yaml(path: Path, name: str, root: Path | None = None) -> tuple[Any, list[str]]:
    """Parse one YAML file of the knowledge directory ``root`` (default: the file's own
    folder): a regular file inside it, at most MAX_YAML_BYTES, without anchors or aliases."""
    try:
        raw = read_contained(path, root if root is not None else path.parent, MAX_YAML_BYTES)
    except Refused as exc:
        return None, [f"{name}: {exc}"]
    except OSError as exc:
        return None, [f"{name}: cannot read file ({exc.strerror})"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [f"{name}: not UTF-8 text"]
    try:
        problem = _anchor_problem(text, name)
        if problem:
            return None, [problem]
        return yaml.load(text, Loader=_YamlLoader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [f"{name}: {where}not valid YAML ({problem})"]
    except (ValueError, RecursionError) as exc:  # e.g. a date like 2024-13-45
        return None, [f"{name}: not valid YAML ({str(exc).splitlines()[0] if str(exc) else exc})"]


def read_source(root: Path, source: str) -> str:
    """The text of ``sources/<source>`` as the quote check sees it (universal newlines, like
    ``Path.read_text``); ``Refused`` or ``OSError``/``UnicodeDecodeError`` otherwise."""
    if os.path.isabs(source) or Path(source).is_absolute() or Path(source).drive:
        raise Refused("is an absolute path; name a file under sources/")
    raw = read_contained(root / "sources" / source, root, MAX_SOURCE_BYTES)
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _shown(text: str) -> str:
    return text if text.isprintable() else repr(text)


def iter_quotes(model: BaseModel, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (field path, quote) in a record, however deep."""
    for field_name in type(model).model_fields:
        value = getattr(model, field_name)
        here = f"{path}.{field_name}" if path else field_name
        if field_name == "quote" and isinstance(value, str):
            yield here, value
        elif isinstance(value, BaseModel):
            yield from iter_quotes(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_quotes(item, f"{here}[{i}]")


def iter_strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield path or "(top level)", data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from iter_strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_strings(value, f"{path}[{i}]")


def check_references(name: str, release: Release, topic_ids: set[str]) -> list[str]:
    problems: list[str] = []
    orgs = {o.id for o in release.organisations}
    places = {p.id for p in release.places}

    def ref(where: str, value: str | None, known: set[str], what: str, section: str) -> None:
        if value is not None and value not in known:
            problems.append(
                f"{name}: {where}: unknown {what} {value!r} (declare it under {section}:)"
            )

    people = {p.id for p in release.people}
    for i, fact in enumerate(release.facts):
        ref(f"facts[{i}].said_by", fact.said_by, people, "person", "people")
    for i, person in enumerate(release.people):
        ref(f"people[{i}].organisation", person.organisation, orgs, "organisation", "organisations")
    for section in ("programmes", "publications"):
        for i, item in enumerate(getattr(release, section)):
            ref(
                f"{section}[{i}].organisation",
                item.organisation,
                orgs,
                "organisation",
                "organisations",
            )
    for i, fig in enumerate(release.figures):
        ref(f"figures[{i}].place", fig.place, places, "place", "places")
        ref(
            f"figures[{i}].attributed_org",
            fig.attributed_org,
            orgs,
            "organisation",
            "organisations",
        )
    topic_refs = [("topics", t) for t in release.topics]
    topic_refs += [
        (f"figures[{i}].topics", t) for i, f in enumerate(release.figures) for t in f.topics
    ]
    topic_refs += [(f"facts[{i}].topics", t) for i, f in enumerate(release.facts) for t in f.topics]
    for where, topic in topic_refs:
        if topic not in topic_ids:
            problems.append(f"{name}: {where}: unknown topic {topic!r} (add it to vocabulary.yaml)")
    for section in (
        "places",
        "organisations",
        "people",
        "programmes",
        "publications",
        "terms",
        "facts",
    ):
        seen: set[str] = set()
        for i, item in enumerate(getattr(release, section)):
            if item.id in seen:
                problems.append(f"{name}: {section}[{i}].id: duplicate id {item.id!r}")
            seen.add(item.id)
    return problems


def check_quotes(name: str, release: Release, source_name: str, source: str) -> list[str]:
    haystack = squash(source)
    return [
        f"{name}: {where}: quote not found in {source_name}: {quote[:60]!r}"
        for where, quote in iter_quotes(release)
        if squash(quote) not in haystack
    ]


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
    root: Path, path: Path, topic_ids: set[str]
) -> tuple[Release | None, str, list[str]]:
    """One release file: parse, validate, resolve references, find every quote."""
    name = f"releases/{path.name}"
    data, problems = read_yaml(path, name, root)
    if problems:
        return None, "", problems
    if not isinstance(data, dict):
        return None, "", [f"{name}: expected a mapping of fields (id:, title:, …) at the top"]
    todos = [
        f"{name}: {where}: still marked TODO"
        for where, s in iter_strings(data)
        if TODO_RE.search(s)
    ]
    try:
        release = Release.model_validate(data)
    except ValidationError as exc:
        return None, "", todos + validation_lines(name, exc)
    problems = todos + check_references(name, release, topic_ids)
    source_name = _shown(f"sources/{release.source_file}")
    try:
        source = read_source(root, release.source_file)
    except Refused as exc:
        absolute = os.path.isabs(release.source_file) or Path(release.source_file).drive
        shown = _shown(release.source_file) if absolute else source_name
        return None, "", problems + [f"{name}: source: {shown} {exc}"]
    except (OSError, UnicodeDecodeError):
        return None, "", problems + [f"{name}: source: cannot read {source_name}"]
    problems += check_quotes(name, release, source_name, source)
    return release, source, problems


def release_paths(root: Path) -> list[Path]:
    """The release files of a knowledge directory, in load order."""
    return sorted((root / "releases").glob("*.yaml")) + sorted((root / "releases").glob("*.yml"))


def load_records(root: Path) -> tuple[Vocabulary, list[Release], dict[str, str]]:
    """Validate a whole directory; raise KnowledgeError listing every problem found."""
    if not root.is_dir():
        raise KnowledgeError([f"{root}: not a knowledge directory (no such folder)"])
    vocabulary, problems = load_vocabulary(root)
    topic_ids = {t.id for t in vocabulary.topics} if vocabulary else set()
    releases: list[Release] = []
    sources: dict[str, str] = {}
    first_file: dict[str, str] = {}
    paths = release_paths(root)
    if not paths:
        problems.append(f"{root / 'releases'}: no release files (*.yaml)")
    for path in paths:
        release, source, release_problems = load_release(root, path, topic_ids)
        problems += release_problems
        if release is None:
            continue
        name = f"releases/{path.name}"
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
    if problems or vocabulary is None:
        raise KnowledgeError(problems)
    return vocabulary, releases, sources


def check_entity_agreement(releases: list[Release], files_by_id: dict[str, str]) -> list[str]:
    """The same entity id in two releases must name the same thing."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    problems = []
    for release in releases:
        for section, field in (
            ("places", "name"),
            ("organisations", "name_en"),
            ("people", "name"),
            ("programmes", "name"),
            ("publications", "title"),
            ("terms", "name"),
        ):
            for i, item in enumerate(getattr(release, section)):
                value = getattr(item, field)
                key = (section, item.id)
                if key in seen and seen[key][0] != value:
                    problems.append(
                        f"{files_by_id[release.id]}: {section}[{i}].{field}: {value!r} differs "
                        f"from {seen[key][0]!r} for the same id in {seen[key][1]}"
                    )
                seen.setdefault(key, (value, files_by_id[release.id]))
    return problems
