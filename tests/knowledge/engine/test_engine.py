"""The answer engine over a table of questions, plus hostile input and properties."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from knowledge import Answer, KnowledgeBase, answer_json
from knowledge.render.mrkdwn import answer_text

CORDOBA, FRANCO, VIVALDO, ARTOLA = (
    "jcordoba@iom.int",
    "rfranco@iom.int",
    "ivivaldo@iom.int",
    "jartola@iom.int",
)

# question, answered, first contact (or None: any), words the text must contain
TABLE = [
    ("contact mexico", True, None, ["Itzel Vivaldo", "Rodolfo Franco", "Juan Artola", "Córdoba"]),
    ("contact veracruz", True, CORDOBA, ["Veracruz"]),
    ("contact kidnapping", True, FRANCO, ["kidnapping"]),
    ("contcat mexcio", True, None, ["Itzel Vivaldo"]),
    ("contacto veracruz", True, CORDOBA, []),
    ("contact Córdoba", True, CORDOBA, []),
    ("contact cordoba", True, CORDOBA, []),
    ("contact tapachula", True, ARTOLA, []),
    ("contact southern border", True, ARTOLA, []),
    ("contact trafficking", True, None, ["names no press contact"]),
    ("/iom contact veracruz", True, CORDOBA, []),
    ("who is the press contact for veracruz?", True, CORDOBA, []),
    ("how many migrants are kidnapped in Mexico each year?", True, FRANCO, ["20,000", "2011"]),
    ("¿cuántos migrantes son secuestrados cada año?", True, FRANCO, ["20,000"]),
    ("facts kidnapping", True, FRANCO, ["20,000", "National Human Rights Commission"]),
    ("facts secuestro", True, FRANCO, ["20,000"]),
    ("facts trata", True, None, ["20,000", "trafficked"]),
    ("how many people are trafficked in Mexico every year", True, None, ["estimated 20,000"]),
    (
        "how many migrants transit through Mexico each year?",
        True,
        None,
        ["disagree", "150,000", "160,000", "400,000"],
    ),
    ("how long is the journey through Mexico", True, None, ["5,000", "3,000", "disagree"]),
    ("what percentage of traffickers are women", True, None, ["60 per cent"]),
    ("how many officials will be trained", True, None, ["1,500"]),
    ("how many member states does IOM have", True, None, ["175"]),
    ("who is Thomas Lothar Weiss", True, None, ["Chief of Mission"]),
    ("who is laura thompson", True, None, ["Deputy Director General"]),
    ("who is the governor of veracruz", True, CORDOBA, ["Javier Duarte de Ochoa"]),
    ("who chief of mission", True, None, ["Thomas Lothar Weiss", "Juan Artola"]),
    ("quien es el comisionado del INM", True, None, ["Ardelio Vargas Fosado"]),
    ("what is Grupos Beta", True, None, ["humanitarian arm"]),
    ("what is the Programa Paisano", True, None, ["20 years"]),
    ("what is the INM", True, None, ["Instituto Nacional de Migración"]),
    ("what is CASEDE", True, ARTOLA, ["Democracy with Security"]),
    ("what is ECOSUR", True, ARTOLA, ["Frontera Sur"]),
    ("what is la bestia", True, CORDOBA, ["freight train"]),
    ("la Bestia", True, CORDOBA, ["freight train"]),
    ("frontera sur", True, None, ["southern border"]),
    ("acayucan", True, CORDOBA, ["Veracruz"]),
    ("what is the assisted voluntary return programme", True, CORDOBA, ["2005"]),
    ("what is the Guide to Best Practices", True, FRANCO, ["Kidnapping"]),
    ("Public Policies Benefitting Migrants", True, None, ["Grupos Beta"]),
    ("since when is IOM in Mexico", True, VIVALDO, ["2005"]),
    ("what does INM stand for", True, None, ["Instituto Nacional de Migración"]),
    ("contact grupos beta", True, VIVALDO, ["name no press contact"]),
    ("email of the press office", True, None, ["Itzel Vivaldo", "Juan Artola"]),
    ("when was IOM founded", True, None, ["1951"]),
    ("who funded the seminar", True, ARTOLA, ["Ford Foundation"]),
    ("where do most trafficking victims come from", True, None, ["Guatemala"]),
    ("What is IOM doing in Veracruz?", True, CORDOBA, ["Veracruz"]),
    ("how many victims of trafficking has IOM assisted", True, VIVALDO, ["185"]),
    ("who is the president of the CNDH", True, None, ["Raúl Plasencia Villanueva"]),
    ("numero de telefono de la OIM", True, None, ["Itzel Vivaldo", "+52 55 5536 3954"]),
    ("cuántos funcionarios serán capacitados", True, VIVALDO, ["1,500"]),
    ("What did Laura Thompson say?", True, VIVALDO, ["human rights of all migrants"]),
    ("What risks do migrants face?", True, None, ["violence"]),
    ("Is there a sub-office in Acayucan?", True, CORDOBA, ["Acayucan"]),
    ("How long is the training course?", True, FRANCO, ["three-week"]),
    (
        "¿Quién es el jefe de misión de la OIM en México?",
        True,
        None,
        ["Thomas Lothar Weiss", "Juan Artola"],
    ),
    ("I need the phone number of Juan Artola", True, ARTOLA, ["+52 55 5536 3954"]),
    ("releases", True, None, ["Veracruz", "Tapachula"]),
    ("releases kidnapping", True, None, ["Kidnapping"]),
    ("help", True, None, ["contact mexico", "facts kidnapping"]),
    ("", True, None, ["contact mexico"]),
    # out of scope: never invent
    ("what is the weather in Mexico City today", False, VIVALDO, []),
    ("who won the world cup", False, VIVALDO, []),
    ("tell me a joke", False, VIVALDO, []),
    ("how many migrants live in Germany", False, VIVALDO, []),
    ("how many migrants are kidnapped in Germany each year", False, VIVALDO, []),
    ("contact germany", False, VIVALDO, []),
    ("what is bitcoin", False, VIVALDO, []),
    ("who is the president of france", False, VIVALDO, []),
    ("who is the president of Mexico", False, VIVALDO, []),
    ("what is the capital of Mexico", False, VIVALDO, []),
    ("how many people live in Mexico", False, VIVALDO, []),
    ("recipe for tacos", False, VIVALDO, []),
    ("what is 6 + 6", False, VIVALDO, []),
    ("How many Mexicans live in the US?", False, VIVALDO, []),
    ("how many migrants live in Spain", False, VIVALDO, []),
    ("asdkjh qwpoeiru zmxncb", False, VIVALDO, []),
    ("football scores", False, VIVALDO, []),
]


@pytest.mark.parametrize(("question", "answered", "contact", "words"), TABLE)
def test_question_table(
    kb: KnowledgeBase, question: str, answered: bool, contact: str | None, words: list[str]
) -> None:
    answer = kb.answer(question)
    assert answer.answered is answered, answer_text(answer)
    if contact:
        assert answer.contacts and answer.contacts[0].email == contact, answer_text(answer)
    for word in words:
        assert word in answer_text(answer), (word, answer_text(answer))
    if answered and answer.intent not in ("help", "releases"):
        assert answer.sources, answer_text(answer)


def test_unanswered_offers_topics_and_general_contact(kb: KnowledgeBase) -> None:
    answer = kb.answer("what's the weather like")
    assert not answer.answered
    assert "I don't have an answer" in answer_text(answer)
    assert answer.suggestions and all(s.startswith("facts ") for s in answer.suggestions)
    assert kb.answer(answer.suggestions[0]).answered  # a suggestion is itself answerable
    assert answer.contacts[0].email == VIVALDO


def test_disagreement_lists_every_figure_with_its_source(kb: KnowledgeBase) -> None:
    answer = kb.answer("how many migrants transit through Mexico each year")
    assert answer.disagreement
    joined = "\n".join(answer_json(answer)["bullets"])
    for number, release_title_word in (
        ("150,000", "Veracruz"),
        ("160,000", "Deputy Director"),
        ("400,000", "Kidnapping"),
    ):
        line = next(b for b in answer_json(answer)["bullets"] if number in b)
        assert release_title_word in line, line
    assert joined.count("Source:") == 3
    assert {s.release_id for s in answer.sources} >= {
        "ddg-visit",
        "kidnapping-training",
        "veracruz-governor",
    }


def test_agreeing_releases_are_both_cited(kb: KnowledgeBase) -> None:
    answer = kb.answer("how many migrants are kidnapped in Mexico each year")
    assert not answer.disagreement
    assert {s.release_id for s in answer.sources} == {"ddg-visit", "kidnapping-training"}
    assert "2 releases give the same figure" in answer_text(answer)


def test_contact_mexico_lists_all_press_contacts(kb: KnowledgeBase) -> None:
    emails = {c.email for c in kb.answer("contact mexico").contacts}
    assert emails == {CORDOBA, FRANCO, VIVALDO, ARTOLA}
    assert all(c.phone.startswith("+52 55 5536 ") for c in kb.answer("contact mexico").contacts)


@pytest.mark.parametrize(
    "hostile",
    [
        "<!channel> contact mexico",
        "<!here|here> what is <@U123>?",
        "&lt;!channel&gt;",
        "a & b < c > d",
        "<https://evil.example|click me>",
    ],
)
def test_user_text_is_escaped(kb: KnowledgeBase, hostile: str) -> None:
    answer = kb.answer(hostile + " xyzzy plugh")
    assert (
        "<!" not in answer_text(answer)
        and "<@" not in answer_text(answer)
        and "<https://evil" not in answer_text(answer)
    )
    assert "&lt;" in answer_text(answer) or "&amp;" in answer_text(answer)


def test_mention_markup_does_not_change_the_answer(kb: KnowledgeBase) -> None:
    assert kb.answer("<@U0LAN0Z89> contact veracruz").contacts[0].email == CORDOBA


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02",
        "?" * 5000,
        "a" * 100_000,
        "contact " * 20_000,
        "\u202e\u200bcontact mexico",
        "💥" * 1000,
    ],
)
def test_any_input_gives_an_answer(kb: KnowledgeBase, text: str) -> None:
    answer = kb.answer(text)
    assert isinstance(answer, Answer)
    assert answer.query == text
    assert len(answer_text(answer)) < 3000
    assert "\x00" not in answer_text(answer)


def test_no_clutter_reaches_answers(kb: KnowledgeBase) -> None:
    for question in [
        "facebook",
        "comment on this post",
        "what is 6 + 6",
        "bloggers",
        "leave a reply",
        "who we are",
        "take action",
        "work with us",
        "anti spam",
    ]:
        answer = kb.answer(question)
        said = (
            answer_text(answer)
            if answer.answered
            else "\n".join(answer_json(answer)["bullets"] + answer.suggestions)
        )
        for junk in ("Facebook", "6 + 6", "bloggers", "Leave a Reply", "Anti Spam", "Work with us"):
            assert junk not in said, (question, answer_text(answer))


WORDS = st.sampled_from(
    "contact who is what facts how many releases help mexico veracruz kidnapping trata "
    "secuestro frontera sur la bestia inm iom grupos beta <!channel> <@U1> & ¿ ? cuántos "
    "migrants each year germany weather the of in 20,000 Córdoba".split()
)


# Answers are dataclasses the engine builds unchecked (knowledge.answer): pydantic checks
# their fields against the annotations here.
ANSWER = TypeAdapter(Answer)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=12).map(" ".join)))
def test_any_text_yields_a_valid_answer(text: str) -> None:
    """Random text and random mixes of grammar words: an Answer, and no swallowed error."""
    import logging

    from knowledge import load_knowledge

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("knowledge.engine").addHandler(handler)
    try:
        answer = _KB.answer(text) if _KB else load_knowledge().answer(text)
    finally:
        logging.getLogger("knowledge.engine").removeHandler(handler)
    assert not records, records[0].getMessage()
    assert isinstance(answer, Answer)
    ANSWER.validate_python(asdict(answer))  # every field of the type it says
    assert "<!" not in answer_text(answer) and "<@" not in answer_text(answer)
    assert answer.answered or answer.contacts


_KB = None


@pytest.fixture(autouse=True, scope="module")
def _share_kb(kb: KnowledgeBase) -> None:
    global _KB
    _KB = kb


def test_every_intent_has_a_handler() -> None:
    from typing import get_args

    from knowledge import Intent
    from knowledge.engine import HANDLERS

    assert set(HANDLERS) == set(get_args(Intent))


def test_answers_carry_structure_not_markup(kb: KnowledgeBase) -> None:
    answer = kb.answer("how many migrants are kidnapped in Mexico each year?")
    quote = answer.bullets[0]
    assert quote.quote and quote.figure is not None and quote.release_id
    assert quote.release_id in {s.release_id for s in answer.sources}
    assert [s.style for s in answer.lead][0] == "strong"  # the number, marked, not *starred*
    assert not any("*" in s.text or "&amp;" in s.text for s in answer.lead)
    releases = kb.answer("releases")
    assert releases.total == len(kb.releases) >= releases.shown
    assert all(b.release_id for b in releases.bullets)
