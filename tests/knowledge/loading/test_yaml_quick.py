"""The quick loader builds exactly what ``yaml.safe_load`` builds, and fails as it fails."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import default_knowledge_dir
from knowledge.loading.yaml_files import read_yaml, yaml_loader

pytestmark = pytest.mark.skipif(
    not hasattr(yaml, "CSafeLoader"), reason="libyaml missing: PyYAML's own loader is used"
)


def both(text: str) -> tuple[Any, Any]:
    """(result or exception) of PyYAML's C safe loader and of the quick one."""
    out = []
    for loader in (yaml.CSafeLoader, yaml_loader()):
        try:
            out.append(("ok", yaml.load(text, Loader=loader)))
        except Exception as exc:  # the same class and message are expected of both
            out.append(("error", type(exc).__name__, str(exc)))
    return out[0], out[1]


def same(text: str) -> None:
    expected, got = both(text)
    assert got == expected and repr(got) == repr(expected), text


ODD = [
    "a: yes\nb: no\nc: on\nd: Off\ne: ~\nf: null\ng: ''\n",
    "date: 2024-01-05\nquoted: '2024-01-05'\nstamp: 2001-12-14t21:59:43.10-05:00\n",
    "n: 012\nh: 0x1F\nu: 1_000\nsexa: 1:20\nf: 1e3\ng: .inf\nh2: -.NaN\ni: 3.0\n",
    "base: {x: 1, y: 2}\nmerged:\n  <<: {x: 1, y: 2}\n  y: 3\n",
    "=: the value key\nother: 1\n",
    "? [a, b]\n: complex key\n",
    "? {a: 1}\n: mapping key\n",
    "s: !!str 12\ni: !!int '3'\nb: !!bool 'true'\n",
    "x: !custom thing\n",
    "set: !!set {a, b}\nomap: !!omap [a: 1, b: 2]\npairs: !!pairs [a: 1, a: 2]\n",
    "bin: !!binary aGVsbG8=\n",
    "dup: 1\ndup: 2\n",
    "1: int key\n2.5: float key\nnull: null key\ntrue: bool key\n2024-01-01: date key\n",
    "top: !!map {a: 1}\nlist: !!seq [1, 2]\n",
    "- a\n- [b, {c: d}]\n- {e: [f, g]}\n",
    "just a string\n",
    "",
    "# only a comment\n",
    'quote: "Más de 20,000 migrantes — “secuestrados”"\nfolded: >\n  one\n  two\nlit: |\n  x\n   y\n',
    "a: [1, 2\n",  # a parse error
    "a: b: c\n",
    "key: value\n...\n---\nsecond: doc\n",  # two documents: safe_load refuses both ways
]


@pytest.mark.parametrize("text", ODD)
def test_odd_documents_load_as_pyyaml_loads_them(text: str) -> None:
    same(text)


SCALARS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["yes", "No", "~", "null", "2024-02-30", "2024-02-03", "1e3", "0o7", "<<"]),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(min_value=datetime.date(1900, 1, 1)),
)
DOCS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(DOCS, st.booleans())
def test_generated_documents_load_as_pyyaml_loads_them(doc: Any, flow: bool) -> None:
    same(yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow))


def test_the_packaged_knowledge_loads_as_pyyaml_loads_it() -> None:
    root = default_knowledge_dir()
    paths = [root / "vocabulary.yaml", *sorted((root / "releases").glob("*.yaml"))]
    assert len(paths) > 5
    for path in paths:
        same(path.read_text(encoding="utf-8"))


def test_read_yaml_still_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    data, problems = read_yaml(bad, "releases/bad.yaml", tmp_path)
    assert data is None
    assert problems and problems[0].startswith("releases/bad.yaml: line 3: not valid YAML")
