"""The message catalogs: every message the bot writes has a Spanish translation, with the
same slots as the English, and the shipped ``.mo`` is the compiled ``.po``."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SLOT = re.compile(r"\{(\w+)\}")


def catalogs_tool():  # scripts/ is not a package; load the tool from its file
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return catalogs_tool()


def slots(text: str) -> set[str]:
    return set(SLOT.findall(text))


def test_every_message_the_code_writes_has_a_spanish_translation(tool) -> None:
    code = {m.id for m in tool.extracted() if m.id}
    assert len(code) > 80  # the extraction found the engine's and the renderers' messages
    spanish = {m.id: m for m in tool.read("es") if m.id}
    missing = [mid for mid in code if mid not in spanish]
    assert not missing, f"run `python scripts/catalogs.py update`: {missing[:5]}"
    empty = [
        mid
        for mid in code
        if not all(
            spanish[mid].string if isinstance(spanish[mid].string, tuple) else [spanish[mid].string]
        )
        or spanish[mid].fuzzy
    ]
    assert not empty, f"messages without a Spanish translation: {empty[:5]}"


def test_translations_keep_the_slots_of_the_english(tool) -> None:
    for m in tool.read("es"):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in strings:
            assert slots(text) == slots(ids[0]), (m.id, text)


def test_the_shipped_mo_is_the_compiled_po(tool) -> None:
    for lang in tool.languages():
        shipped = tool.po_path(lang).with_suffix(".mo").read_bytes()
        assert shipped == tool.compiled(tool.read(lang)), (
            f"run `python scripts/catalogs.py compile` ({lang})"
        )


def test_a_message_missing_from_the_catalog_is_found(tool, tmp_path, monkeypatch) -> None:
    """The completeness test can fail: a new marked message is extracted and is not in
    the Spanish catalog."""
    package = tmp_path / "knowledge"
    package.mkdir()
    (package / "new.py").write_text('from knowledge.i18n import _\n_("A brand new line")\n')
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    monkeypatch.setattr(tool, "SOURCES", ("knowledge",))
    found = {m.id for m in tool.extracted() if m.id}
    assert found == {"A brand new line"}
    assert "A brand new line" not in {m.id for m in tool.read("es")}
