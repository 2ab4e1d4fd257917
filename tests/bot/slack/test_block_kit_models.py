"""Every Block Kit payload the bot can send, checked by slack_sdk's own models.

Answers of every intent (and the odd ones: disagreements, unknown questions, hostile
input), help on each surface, notices and apologies, App Home, digests of every size and
the "no news" line. Each must parse into slack_sdk's block classes, pass their
``validate_json()`` (field lengths, required fields, element types), come back unchanged
from ``to_dict()`` (so no field is one the models do not know), stay within Slack's
documented limits, and carry a plain ``text`` fallback.
"""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.digest.messages import build_messages, no_news_message
from bot.digest.plan import newest_first
from bot.slack.blocks import (
    MAX_BLOCKS,
    SECTION_TEXT,
    answer_message,
    help_message,
    home_view,
    notice_message,
)
from bot.slack.listeners.errors import APOLOGY
from knowledge import Intent, KnowledgeBase, speaking

QUESTIONS = [
    "contact veracruz",
    "contact mexico",
    "who is Thomas Lothar Weiss",
    "who is the chief of mission",
    "what is la Bestia",
    "how many migrants are kidnapped in Mexico each year?",
    "how many migrants transit through Mexico each year?",  # the releases disagree
    "releases",
    "help",
    "kidnapping",
    "migrant shelters in Tapachula",  # search
    "what is the weather in Berlin",  # unknown
    "contcat veracrux",  # did you mean
    "<!channel> " + "contact veracruz " * 400,  # hostile and huge
]


def check_blocks(blocks: list[dict[str, Any]]) -> None:
    assert 0 < len(blocks) <= MAX_BLOCKS
    parsed = Block.parse_all(blocks)
    assert len(parsed) == len(blocks)
    for model, raw in zip(parsed, blocks, strict=True):
        model.validate_json()
        assert model.to_dict() == raw, f"slack_sdk does not know every field of {raw}"
        if raw["type"] == "section" and "text" in raw:
            assert len(raw["text"]["text"]) <= SECTION_TEXT


def check_message(message: dict[str, Any]) -> None:
    assert isinstance(message.get("text"), str) and message["text"].strip()
    check_blocks(message["blocks"])


def answers(kb: KnowledgeBase) -> list[Any]:
    return [kb.answer(q) for q in QUESTIONS]


def test_the_questions_cover_every_intent(kb: KnowledgeBase) -> None:
    assert {a.intent for a in answers(kb)} == set(get_args(Intent))


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("variant", ["plain", "shareable", "shared", "no-feedback"])
def test_every_answer_is_valid_block_kit(kb: KnowledgeBase, question: str, variant: str) -> None:
    answer = kb.answer(question)
    options: dict[str, Any] = {
        "plain": {},
        "shareable": {"shareable": True},
        "shared": {"shared_by": "U0ASKER001"},
        "no-feedback": {"feedback": False},
    }[variant]
    check_message(answer_message(answer, **options))


@pytest.mark.parametrize("surface", ["command", "mention", "dm"])
def test_help_is_valid_block_kit(surface: Any) -> None:
    check_message(help_message(surface))


@pytest.mark.parametrize("text", [APOLOGY, "Unsubscribed: no more digests in this channel."])
def test_notices_are_valid_block_kit(text: str) -> None:
    check_message(notice_message(text))


def test_app_home_is_a_valid_view(kb: KnowledgeBase) -> None:
    view = home_view(kb)
    check_blocks(view["blocks"])
    View(**view).validate_json()


@pytest.mark.parametrize("count", [1, 5, 60])
def test_digests_are_valid_block_kit(kb: KnowledgeBase, count: int) -> None:
    ids = (newest_first(kb) * 20)[:count]  # more releases than fit: the overflow line too
    for message in build_messages(kb, ids):
        check_message({"text": message.text, "blocks": message.blocks})
    check_message(no_news_message())


# -- in Spanish (about a fifth longer): the same limits ------------------------------------

SPANISH_QUESTIONS = [
    "contacto veracruz",
    "quién es Thomas Lothar Weiss",
    "quién jefe de misión",
    "qué es la Bestia",
    "¿cuántos migrantes son secuestrados en México cada año?",
    "¿cuántos migrantes transitan por México cada año?",
    "comunicados",
    "ayuda",
    "secuestro",
    "albergues de migrantes en Tapachula",
    "el clima en Berlín",
    "contcat veracrux",
    "<!channel> " + "contacto veracruz " * 400,
]


def test_the_spanish_questions_cover_every_intent(kb: KnowledgeBase) -> None:
    assert {kb.answer(q, "es").intent for q in SPANISH_QUESTIONS} == set(get_args(Intent))


@pytest.mark.parametrize("question", SPANISH_QUESTIONS)
@pytest.mark.parametrize("variant", ["plain", "shareable", "shared"])
def test_every_spanish_answer_is_valid_block_kit(
    kb: KnowledgeBase, question: str, variant: str
) -> None:
    answer = kb.answer(question, "es")
    options: dict[str, Any] = {
        "plain": {},
        "shareable": {"shareable": True},
        "shared": {"shared_by": "U0ASKER001"},
    }[variant]
    message = answer_message(answer, **options)
    check_message(message)
    words = " ".join(
        str(e.get("text", {}).get("text", ""))
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )
    assert "Helpful" not in words and "Share in channel" not in words


@pytest.mark.parametrize("surface", ["command", "mention", "dm"])
def test_spanish_help_and_home_are_valid_block_kit(kb: KnowledgeBase, surface: Any) -> None:
    with speaking("es"):
        message = help_message(surface)
        view = home_view(kb)
    check_message(message)
    assert message["text"].startswith("Pregúnteme sobre los comunicados")
    check_blocks(view["blocks"])
    View(**view).validate_json()
    assert view["blocks"][0]["text"]["text"] == "Comunicados de prensa de la OIM México"
    shown = json.dumps(view, ensure_ascii=False)
    assert "OIM México" in shown and "IOM Mexico" not in shown  # the contacts' office too


@pytest.mark.parametrize("count", [1, 5, 60])
def test_spanish_digests_are_valid_block_kit(kb: KnowledgeBase, count: int) -> None:
    ids = (newest_first(kb) * 20)[:count]
    messages = build_messages(kb, ids, "es")
    for message in messages:
        check_message({"text": message.text, "blocks": message.blocks})
    assert messages[0].blocks[0]["text"]["text"].startswith("OIM México: ")
    shown = json.dumps([m.blocks for m in messages], ensure_ascii=False)
    assert "Contacto de prensa" in shown and "IOM Mexico" not in shown
    check_message(no_news_message("es"))
