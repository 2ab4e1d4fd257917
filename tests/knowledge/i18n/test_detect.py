"""The question's language, only when it is long enough to tell."""

from __future__ import annotations

import pytest

from knowledge.i18n.detect import detect

SHORT = [  # commands and names: nothing to tell a language by
    "contact veracruz",
    "facts kidnapping",
    "releases trafficking",
    "la Bestia",
    "Grupos Beta",
    "contact Córdoba",
    "Acayucan",
    "frontera sur",
    "ciudad juraez repatriation programme",
    "releases <script>alert(1)</script>",
    "",
]
FRAMED = [  # the first word is of one language only
    ("who is Thomas Lothar Weiss", "en"),
    ("what is Grupos Beta", "en"),
    ("who funds the campaign En Chiapas no se toleran delitos contra migrantes", "en"),
    ("quien es Thomas Lothar Weiss", "es"),
    ("que es la Bestia", "es"),
    ("contacto veracruz", "es"),
    ("datos secuestro", "es"),
    ("comunicados trata", "es"),
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


@pytest.mark.parametrize(("text", "lang"), FRAMED)
def test_a_question_framed_in_one_language_is_that_language(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_warming_loads_the_model_once() -> None:
    from knowledge import warm_language_detector
    from knowledge.i18n import detect as module

    warm_language_detector()
    loaded = module._IDENTIFIER
    assert loaded is not None
    warm_language_detector()
    assert module._IDENTIFIER is loaded
