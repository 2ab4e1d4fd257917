"""Answers in the language asked for: English as it always was, Spanish from the catalog
and the curator's Spanish fields; quotes as printed, marked when in the other language."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from knowledge import GRAMMAR, KnowledgeBase, answer_json, answer_plain, answer_text, speaking
from knowledge.engine.help import example_line
from knowledge.i18n import _, current
from knowledge.i18n.curated import quote_lang, quoted


def test_english_is_the_default_and_the_json_says_so(kb: KnowledgeBase) -> None:
    answer = kb.answer("contact veracruz")
    assert answer.lang == "en"
    assert answer_json(answer)["lang"] == "en"
    assert answer_plain(answer).startswith("For Veracruz, the press contact is ")


def test_spanish_labels_and_lead(kb: KnowledgeBase) -> None:
    answer = kb.answer("contacto veracruz", "es")
    text = answer_text(answer)
    assert answer.lang == "es" and answer_json(answer)["lang"] == "es"
    assert text.startswith("Para Veracruz, el contacto de prensa es *José Ramón Córdoba*")
    assert "*Contactos de prensa:*" in text and "_Fuentes: " in text
    assert "Press contact" not in text and "Named in" not in text


def test_an_english_quote_is_marked_in_a_spanish_answer(kb: KnowledgeBase) -> None:
    text = answer_plain(kb.answer("¿cuántos migrantes son secuestrados cada año?", "es"))
    quote = next(line for line in text.splitlines() if line.startswith("• “"))
    assert quote.endswith("” (cita en inglés)")
    assert "According to a 2011 study" in quote  # verbatim, not translated


def test_quote_language_and_marks() -> None:
    english = "over 20,000 migrants are victims of kidnapping in Mexico each year"
    spanish = "ofrece diariamente alojamiento, comida y asistencia médica a más de 120 migrantes"
    assert quote_lang(english) == "en" and quote_lang(spanish) == "es"
    assert quoted(english) == f"“{english}”"
    assert quoted(spanish) == f"“{spanish}” (quote in Spanish)"
    with speaking("es"):
        assert quoted(english) == f"“{english}” (cita en inglés)"
        assert quoted(spanish) == f"“{spanish}”"
        assert quoted(english, spanish) == f"“{spanish}”"  # the Spanish page's words


def test_no_answer_and_did_you_mean_in_spanish(kb: KnowledgeBase) -> None:
    answer = kb.answer("zzz qqq", "es")
    assert not answer.answered
    text = answer_plain(answer)
    assert text.startswith("No tengo respuesta a “zzz qqq” en los comunicados")
    assert "¿Quiso decir: " in text


def test_every_spanish_help_example_is_understood(kb: KnowledgeBase) -> None:
    with speaking("es"):
        asks = [_(a) for e in GRAMMAR for a in e.asks]
        lines = [example_line(e) for e in GRAMMAR]
    assert "contacto méxico" in asks and "datos secuestro" in asks
    for ask in asks:
        assert kb.answer(ask, "es").answered, ask
    help_text = answer_plain(kb.answer("ayuda", "es"))
    assert help_text.startswith("Pregúnteme sobre los comunicados de prensa")
    assert len(lines) == len(GRAMMAR)


def test_the_language_is_per_thread(kb: KnowledgeBase) -> None:
    seen: dict[str, str] = {}
    ready = threading.Barrier(2)

    def run(lang: str) -> None:
        with speaking(lang):  # type: ignore[arg-type]
            ready.wait()
            seen[lang] = answer_plain(kb.answer("contacto veracruz", lang))  # type: ignore[arg-type]
            seen[lang + "-current"] = current()

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("en", "es")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen["en"].startswith("For Veracruz") and seen["es"].startswith("Para Veracruz")
    assert seen["en-current"] == "en" and seen["es-current"] == "es"
    assert current() == "en"


def test_cli_lang_option() -> None:
    def ask(*args: str) -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-m", "bot.cli", "ask", "--json", *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(out)

    assert ask("--lang", "es", "contact veracruz")["lang"] == "es"
    assert ask("contacto veracruz")["lang"] == "en"  # the default: English
    auto = ask("--lang", "auto", "¿cuántos migrantes son secuestrados cada año?")
    assert auto["lang"] == "es" and str(auto["text"]).startswith("*Más de 20,000*")
    assert ask("--lang", "auto", "contact veracruz")["lang"] == "en"  # too short to tell
    assert ask("--lang", "auto", "contacto veracruz")["lang"] == "es"  # a Spanish command
