"""The question's language, only when it is long enough to tell."""

from __future__ import annotations

import pytest

from knowledge.i18n.detect import detect

SHORT = [
    "contact veracruz",
    "contacto veracruz",
    "facts kidnapping",
    "datos secuestro",
    "releases trafficking",
    "comunicados trata",
    "la Bestia",
    "what is Grupos Beta",
    "who is Thomas Lothar Weiss",
    "contact Córdoba",
    "Acayucan",
    "",
]
LONG = [
    ("how many migrants are kidnapped in Mexico each year?", "en"),
    ("¿cuántos migrantes son secuestrados cada año?", "es"),
    ("cuantos migrantes cruzan la frontera sur cada ano", "es"),
    ("who is the chief of mission of IOM in Mexico", "en"),
    ("quién es Thomas Lothar Weiss", "es"),
    ("what is the weather in Mexico City?", "en"),
    ("qué programas tiene la OIM para los migrantes que regresan", "es"),
    ("which migrant shelters signed cooperation agreements with IOM", "en"),
]


@pytest.mark.parametrize("text", SHORT)
def test_short_commands_are_not_detected(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(("text", "lang"), LONG)
def test_long_questions_are(text: str, lang: str) -> None:
    assert detect(text) == lang
