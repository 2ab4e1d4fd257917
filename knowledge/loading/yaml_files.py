"""Parsing the YAML files of a knowledge directory: safe loader, no anchors or aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from knowledge.loading.reading import MAX_YAML_BYTES, Refused, read_contained

__all__ = ["_YamlLoader", "read_yaml"]  # the loader class is shared with intake

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]


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
