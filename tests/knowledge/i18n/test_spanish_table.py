"""Every intent asked in Spanish answers in Spanish (and the same asked in English, in
English), over the packaged knowledge: the lead each gives, word for word where it is the
bot's own, and no English of the bot's or the curators' left in a Spanish answer (quotes
aside, marked "(cita en inglés)")."""

from __future__ import annotations

import re

import pytest

from knowledge import KnowledgeBase, answer_plain, answer_text, detect_language

# (Spanish question, intent, expected Spanish text, English question, expected English text)
TABLE = [
    (
        "contacto veracruz",
        "contact",
        "Para Veracruz, el contacto de prensa es José Ramón Córdoba (OIM México).",
        "contact veracruz",
        "For Veracruz, the press contact is José Ramón Córdoba (IOM Mexico).",
    ),
    (
        "contacto méxico",
        "contact",
        "La OIM México tiene 4 contactos de prensa en los comunicados que conozco:",
        "contact mexico",
        "IOM Mexico has 4 press contacts in the releases I know:",
    ),
    (
        "contacto secuestro",
        "contact",
        "Para secuestro de migrantes, el contacto de prensa es Rodolfo Franco",
        "contact kidnapping",
        "For kidnapping of migrants, the press contact is Rodolfo Franco",
    ),
    (
        "contacto Córdoba",
        "contact",
        "José Ramón Córdoba es contacto de prensa de la OIM México.",
        "contact Córdoba",
        "José Ramón Córdoba is an IOM Mexico press contact.",
    ),
    (
        "teléfono de Itzel Vivaldo",
        "contact",
        "Itzel Vivaldo es contacto de prensa de la OIM México.",
        "phone of Itzel Vivaldo",
        "Itzel Vivaldo is an IOM Mexico press contact.",
    ),
    (
        "correo de José Ramón Córdoba",
        "contact",
        "Contacto de prensa: José Ramón Córdoba",
        "email of José Ramón Córdoba",
        "Press contact: José Ramón Córdoba",
    ),
    (
        "contacto Acayucan",
        "contact",
        "• Mencionado en: La OIM México y el gobernador del estado de Veracruz trabajarán juntos en migración de tránsito y de retorno",
        "contact Acayucan",
        "• Named in: IOM Mexico and Veracruz State Governor Will Work Together on Transit and Return Migration",
    ),
    (
        "contacto trata",
        "contact",
        "El comunicado más relacionado con trata de personas, La OIM participa en la Cuarta Semana Nacional de Migración",
        "contact trafficking",
        "The release most about human trafficking, IOM Participates in the Fourth National Migration Week",
    ),
    (
        "quién es Thomas Lothar Weiss",
        "who",
        "Thomas Lothar Weiss es el Jefe de Misión de la OIM en México.",
        "who is Thomas Lothar Weiss",
        "Thomas Lothar Weiss is the IOM Chief of Mission in Mexico.",
    ),
    (
        "quién es Laura Thompson",
        "who",
        "Laura Thompson es la Directora General Adjunta de la OIM.",
        "who is Laura Thompson",
        "Laura Thompson is IOM Deputy Director General.",
    ),
    (
        "quién es Ardelio Vargas Fosado",
        "who",
        "Ardelio Vargas Fosado es el Comisionado del Instituto Nacional de Migración de México.",
        "who is Ardelio Vargas Fosado",
        "Ardelio Vargas Fosado is Commissioner of Mexico's National Migration Institute.",
    ),
    (
        "quién es Javier Duarte de Ochoa",
        "who",
        "Javier Duarte de Ochoa es el Gobernador del Estado de Veracruz (Gobierno del Estado de Veracruz).",
        "who is Javier Duarte de Ochoa",
        "Javier Duarte de Ochoa is Governor of the State of Veracruz (Government of Veracruz).",
    ),
    (
        "quién jefe de misión",
        "who",
        "Los comunicados nombran a 2 personas en ese cargo: Thomas Lothar Weiss es el Jefe de Misión de la OIM en México; Juan Artola es el Jefe de Misión de la OIM en México.",
        "who chief of mission",
        "The releases name 2 people as chief of mission: Thomas Lothar Weiss is the IOM Chief of Mission in Mexico;",
    ),
    (
        "quién es el gobernador de Veracruz",
        "who",
        "Javier Duarte de Ochoa es el Gobernador del Estado de Veracruz",
        "who is the governor of Veracruz",
        "Javier Duarte de Ochoa is Governor of the State of Veracruz",
    ),
    (
        "quién es Raúl Plasencia Villanueva",
        "who",
        "Dr. Raúl Plasencia Villanueva es el Presidente de la Comisión Nacional de los Derechos Humanos de México.",
        "who is Raúl Plasencia Villanueva",
        "Dr. Raúl Plasencia Villanueva is President of Mexico's National Human Rights Commission.",
    ),
    (
        "qué es Grupos Beta",
        "what",
        'Grupos Beta: El "brazo humanitario" del Instituto Nacional de Migración',
        "what is Grupos Beta",
        'Grupos Beta: The Mexican National Migration Institute\'s "humanitarian arm"',
    ),
    (
        "qué es el INM",
        "what",
        "INM: Instituto Nacional de Migración (National Migration Institute).",
        "what is the INM",
        "INM is the National Migration Institute (Instituto Nacional de Migración).",
    ),
    (
        "qué es la Bestia",
        "what",
        "La Bestia (the Beast): El tren de carga en el que viaja la mayoría de los migrantes irregulares",
        "what is la Bestia",
        "La Bestia (the Beast): The freight train on which most irregular migrants travel",
    ),
    (
        "qué es el Programa Paisano",
        "what",
        "Programa Paisano: Programa de gobierno creado hace más de 20 años",
        "what is Programa Paisano",
        "Programa Paisano: A government programme created more than 20 years ago",
    ),
    (
        "qué es la CNDH",
        "what",
        "CNDH: Comisión Nacional de los Derechos Humanos (National Human Rights Commission).",
        "what is the CNDH",
        "CNDH is the National Human Rights Commission (Comisión Nacional de los Derechos Humanos).",
    ),
    (
        "qué es Acayucan",
        "what",
        "Acayucan es un municipio en Veracruz, México.",
        "what is Acayucan",
        "Acayucan is a town in Veracruz, Mexico.",
    ),
    (
        "qué es Tapachula",
        "what",
        "Tapachula es un municipio en Chiapas, México.",
        "what is Tapachula",
        "Tapachula is a town in Chiapas, Mexico.",
    ),
    (
        "qué es la OIM",
        "facts",
        "Lo que dicen los comunicados sobre OIM:",
        "what is IOM",
        "What the releases say about IOM:",
    ),
    (
        "¿cuántos migrantes son secuestrados en México cada año?",
        "facts",
        "Más de 20,000 migrantes víctimas de secuestro en México, cada año (según un estudio de 2011 de la Comisión Nacional de los Derechos Humanos de México).",
        "how many migrants are kidnapped in Mexico each year?",
        "Over 20,000 migrants who are victims of kidnapping in Mexico, each year (according to a 2011 study by Mexico's National Human Rights Commission).",
    ),
    (
        "¿cuántos migrantes cruzan México cada año?",
        "facts",
        "Los comunicados no coinciden: dan 3 cifras distintas para esto: unos 150,000 / más de 150,000, unos 160,000 y unos 400,000.",
        "how many migrants cross Mexico each year?",
        "The releases disagree: they give 3 different figures for this: some 150,000 / more than 150,000, some 160,000 and some 400,000.",
    ),
    (
        "¿cuántas personas son víctimas de trata en México?",
        "facts",
        "Un estimado de 20,000 personas víctimas de trata en México, cada año (según la Comisión Nacional de los Derechos Humanos de México).",
        "how many persons are trafficked in Mexico?",
        "An estimated 20,000 persons trafficked in Mexico, annually (according to Mexico's National Human Rights Commission).",
    ),
    (
        "¿cuántos estados miembros tiene la OIM?",
        "search",
        "175 Estados miembros de la OIM.",
        "how many member states does IOM have?",
        "175 IOM member states.",
    ),
    (
        "¿en cuántos países está presente la OIM?",
        "facts",
        "171 países donde la OIM está presente.",
        "in how many countries is IOM present?",
        "171 countries where IOM is present.",
    ),
    (
        "datos secuestro",
        "facts",
        "Más de 20,000 migrantes víctimas de secuestro en México, cada año",
        "facts kidnapping",
        "Over 20,000 migrants who are victims of kidnapping in Mexico, each year",
    ),
    (
        "cifras frontera sur",
        "facts",
        "Los comunicados no coinciden: dan 3 cifras distintas para esto: más de 150,000 / unos 150,000, unos 160,000 y unos 400,000.",
        "figures southern border",
        "The releases disagree: they give 3 different figures for this: more than 150,000 / some 150,000, some 160,000 and some 400,000.",
    ),
    (
        "secuestro de migrantes",
        "facts",
        "Lo que dicen los comunicados sobre secuestro de migrantes:",
        "kidnapping of migrants",
        "What the releases say about kidnapping of migrants:",
    ),
    (
        "comunicados",
        "releases",
        "5 comunicados de la OIM México:",
        "releases",
        "5 IOM Mexico releases:",
    ),
    (
        "comunicados trata",
        "releases",
        "4 comunicados de la OIM México sobre trata de personas:",
        "releases trafficking",
        "4 IOM Mexico releases about human trafficking:",
    ),
    (
        "comunicados veracruz",
        "releases",
        "2 comunicados de la OIM México sobre Veracruz:",
        "releases veracruz",
        "2 IOM Mexico releases about Veracruz:",
    ),
    (
        "ayuda",
        "help",
        "Pregúnteme sobre los comunicados de prensa de la OIM México. Por ejemplo:",
        "help",
        "Ask me about IOM Mexico's press releases. For example:",
    ),
    (
        "¿qué tiempo hace en la Ciudad de México?",
        "unknown",
        "No tengo respuesta a “¿qué tiempo hace en la Ciudad de México?” en los comunicados de la OIM México que conozco.",
        "what is the weather in Mexico City?",
        "I don't have an answer to “what is the weather in Mexico City?” in the IOM Mexico releases I know.",
    ),
    (
        "¿cuál es la capital de Australia?",
        "unknown",
        "¿Quiso decir: datos secuestro de migrantes, datos trata de personas, datos la frontera sur de México?",
        "what is the capital of Australia?",
        "Did you mean: facts",
    ),
    (
        "contcat veracrux",
        "contact",
        "Leí “contcat” como “contact”",
        "contcat veracrux",
        "I read “contcat” as “contact”",
    ),
    (
        "la Bestia",
        "search",
        "La Bestia (the Beast): El tren de carga",
        "la Bestia",
        "La Bestia (the Beast): The freight train",
    ),
    (
        "frontera sur",
        "search",
        "Unos 150,000 migrantes irregulares que entran a México por su frontera sur, cada año.",
        "southern border",
        "Some 150,000 irregular migrants entering Mexico through its southern border, each year.",
    ),
    (
        "¿cuántos funcionarios serán capacitados?",
        "search",
        "1,500 funcionarios de migración que se capacitarán inicialmente en el proyecto conjunto OIM–INM.",
        "how many officials will be trained?",
        "1,500 migration officials to be trained initially under the joint IOM–INM project.",
    ),
]

# The bot's own English, which a Spanish answer must never show (nor the office's English
# name, nor an English honorific before a name).
ENGLISH_LABELS = re.compile(
    r"Press contact|Sources?:|Named in|The releases|I don't have|Did you mean|What the "
    r"releases|releases? give|IOM Mexico release|\(according to|Ask me|I read |"
    r"\(IOM Mexico\)|\b(?:Ambassador|Mr\.|Ms\.|Mrs\.) [A-Z]"
)


def test_the_table_is_large_and_covers_every_intent() -> None:
    assert len(TABLE) >= 40
    assert {row[1] for row in TABLE} == {
        "contact",
        "who",
        "what",
        "facts",
        "releases",
        "help",
        "search",
        "unknown",
    }


@pytest.mark.parametrize(("spanish", "intent", "expected", "_en", "_en_expected"), TABLE)
def test_asked_in_spanish_answered_in_spanish(
    kb: KnowledgeBase, spanish: str, intent: str, expected: str, _en: str, _en_expected: str
) -> None:
    answer = kb.answer(spanish, "es")
    text = answer_plain(answer)
    assert answer.lang == "es"
    if intent == "search":  # "search" answers come from the facts and what paths as well
        assert answer.intent in ("search", "facts", "what")
    else:
        assert answer.intent == intent
    assert expected in text, text
    assert not ENGLISH_LABELS.search(text), text
    assert "(en inglés)" not in text  # every packaged release has its Spanish fields
    quotes = [line for line in text.splitlines() if line.startswith("• “")]
    assert all(line.endswith("(cita en inglés)") for line in quotes), quotes
    assert answer_text(answer)  # and it renders for Slack


@pytest.mark.parametrize(("_es", "intent", "_es_expected", "english", "expected"), TABLE)
def test_asked_in_english_answered_in_english(
    kb: KnowledgeBase, _es: str, intent: str, _es_expected: str, english: str, expected: str
) -> None:
    answer = kb.answer(english)
    text = answer_plain(answer)
    assert answer.lang == "en"
    if intent == "search":
        assert answer.intent in ("search", "facts", "what")
    else:
        assert answer.intent == intent
    assert expected in text, text
    assert "(en inglés)" not in text and "cita en inglés" not in text


def test_auto_detects_the_spanish_questions_that_say_so() -> None:
    """The questions long enough to tell, or framed by a Spanish interrogative or command
    word, are detected as Spanish; their English twins as English or not at all."""
    for spanish, _intent, _expected, english, _en in TABLE:
        assert detect_language(english) in ("en", None), english
        if spanish.startswith(("¿", "quién", "qué", "contacto", "comunicados", "datos", "cifras")):
            assert detect_language(spanish) == "es", spanish
