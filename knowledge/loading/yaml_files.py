"""Parsing the YAML files of a knowledge directory: safe loader, no anchors or aliases.

PyYAML is imported on the first file parsed, not with the loader: a process served by
the load cache (``iom-bot ask``, a bot's warm start) parses no YAML at all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from knowledge.loading.reading import MAX_YAML_BYTES, Refused, Within, read_contained

__all__ = ["read_yaml", "yaml_loader"]  # yaml_loader() (or _YamlLoader) is shared with intake


@cache
def yaml_loader() -> Any:
    """PyYAML's C safe loader with a quicker way of building plain documents
    (``quick_loader``), or the pure-Python safe loader where libyaml is missing."""
    import yaml

    base = getattr(yaml, "CSafeLoader", None)
    return quick_loader(base) if base is not None else yaml.SafeLoader


# Scalar tags remembered across files: the short values that repeat (keys, units, topic
# ids). A quote is written once, so remembering it would only hold its memory.
RESOLVED_KEPT = 10_000
RESOLVED_LONGEST = 40


def quick_loader(base: Any) -> Any:
    """``base`` (PyYAML's C safe loader) building strings, lists and dicts itself.

    With the C parser, most of a curated file's load time is PyYAML's Python constructors:
    per node a dictionary of constructors, a recursion guard and a generator, and per
    scalar a walk over the implicit resolvers' regular expressions. A curated record is
    mostly plain strings in mappings and lists, so those are built here directly, and a
    scalar's tag is remembered for the next file that writes the same value. Every other
    node (an int, a date, null, a merge key, an explicit or unknown tag, a complex key) goes
    to PyYAML's own constructor, so the document is exactly what ``yaml.safe_load`` makes,
    and its errors are PyYAML's (a test compares both on every curated knowledge set).
    """
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    str_tag, seq_tag, map_tag = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))
    special_keys = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}
    resolved: dict[tuple[str, tuple[bool, bool]], str] = {}

    class QuickLoader(base):  # type: ignore[misc]
        def resolve(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not ScalarNode or self.yaml_path_resolvers or len(value) > RESOLVED_LONGEST:
                return super().resolve(kind, value, implicit)
            key = (value, implicit)
            tag = resolved.get(key)
            if tag is None:
                if len(resolved) >= RESOLVED_KEPT:
                    resolved.clear()
                tag = resolved[key] = super().resolve(kind, value, implicit)
            return tag

        def construct_document(self: Any, node: Any) -> Any:
            data = self.quick(node)
            while self.state_generators:  # what PyYAML's constructors left to finish
                generators = self.state_generators
                self.state_generators = list[Any]()
                for generator in generators:
                    for _ in generator:
                        pass
            self.constructed_objects = dict[Any, Any]()
            self.recursive_objects = dict[Any, Any]()
            self.deep_construct = False
            return data

        def quick(self: Any, node: Any) -> Any:
            kind, tag = type(node), node.tag
            if kind is ScalarNode and tag == str_tag:
                return node.value
            if kind is SequenceNode and tag == seq_tag:
                return [self.quick(child) for child in node.value]
            if kind is MappingNode and tag == map_tag:
                out: dict[str, Any] = {}
                for key, value in node.value:
                    if type(key) is not ScalarNode or key.tag in special_keys:
                        return self.construct_object(node, deep=True)  # PyYAML's own way
                    out[self.quick(key)] = self.quick(value)
                return out
            return self.construct_object(node, deep=True)

    return QuickLoader


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


def read_yaml(
    path: Path, name: str, root: Path | None = None, within: Within | None = None
) -> tuple[Any, list[str]]:
    """Parse one YAML file of the knowledge directory ``root`` (default: the file's own
    folder): a regular file inside it, at most MAX_YAML_BYTES, without anchors or aliases.
    ``within``: the same root, resolved once for a whole load."""
    try:
        folder = root if root is not None else path.parent
        raw = read_contained(path, folder, MAX_YAML_BYTES, within)
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
