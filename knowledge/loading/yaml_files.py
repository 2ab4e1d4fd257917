"""Parsing the YAML files of a knowledge directory: safe loader, no anchors or aliases.

PyYAML is imported on the first file parsed, not with the loader: a process served by
the load cache (``iom-bot ask``, a bot's warm start) parses no YAML at all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from knowledge.loading.reading import MAX_YAML_BYTES, Refused, read_contained

__all__ = ["read_yaml", "yaml_loader"]  # yaml_loader() (or _YamlLoader) is shared with intake


@cache
def yaml_loader() -> Any:
    """PyYAML's C safe loader (several times faster), or the pure-Python one without libyaml."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str) -> Any:  # ``_YamlLoader`` as a module attribute, imported lazily
    if name == "_YamlLoader":
        return yaml_loader()
    raise AttributeError(name)


def _anchor_problem(text: str, name: str) -> str | None:
    """A line for the first YAML anchor (&a) or alias (*a), or None if there is none.

    Curated records never need them, and aliases are how a small file expands into a huge
    document ("billion laughs"). Scanning the parser's events stops at the first one, so a
    bomb is refused before anything is built. A file without & or * cannot hold one."""
    if "&" not in text and "*" not in text:
        return None
    import yaml

    for event in yaml.parse(text, Loader=yaml_loader()):
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
    import yaml

    try:
        problem = _anchor_problem(text, name)
        if problem:
            return None, [problem]
        return yaml.load(text, Loader=yaml_loader()), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [f"{name}: {where}not valid YAML ({problem})"]
    except (ValueError, RecursionError) as exc:  # e.g. a date like 2024-13-45
        return None, [f"{name}: not valid YAML ({str(exc).splitlines()[0] if str(exc) else exc})"]
