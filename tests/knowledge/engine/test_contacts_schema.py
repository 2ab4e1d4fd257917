"""A press contact printed with a phone and no email, or with several phones, can be
stored and is shown as printed (issue 12, schema side; issue 11, class 5)."""

from __future__ import annotations

import json
from pathlib import Path

from invented_releases import grown, release
from slack_sdk.models.blocks import Block

from bot.slack.blocks import answer_message
from knowledge.render.mrkdwn import answer_json, answer_text
from knowledge.render.plain import answer_plain

PHONE_ONLY = {
    "name": "Teresa Sincorreo",
    "office": "IOM Invented Bay",
    "phone": "+52 229 931 5000",
    "phones": ["+52 229 931 5001 ext. 12"],
    "quote": "For more information please contact Teresa Sincorreo at IOM Invented Bay",
}
TOWN = release(
    "bay-phone-only",
    "IOM Opens a Desk in Puerto Inventado",
    ["return-migration"],
    contacts=[PHONE_ONLY],
    places=[
        {
            "id": "puerto-inventado",
            "name": "Puerto Inventado",
            "kind": "town",
            "state": "Veracruz",
            "country": "Mexico",
            "quote": "the port town of Puerto Inventado, Veracruz",
        }
    ],
)


def test_a_contact_with_phones_and_no_email_loads_and_is_shown(tmp_path: Path) -> None:
    kb = grown(tmp_path, TOWN)
    answer = kb.answer("contact Puerto Inventado")
    assert answer.answered
    (card,) = answer.contacts[:1]
    assert (card.name, card.email, card.tel) == ("Teresa Sincorreo", None, "+522299315000")
    assert "Teresa Sincorreo (IOM Invented Bay) · +52 229 931 5000 · +52 229 931 5001 ext. 12" in (
        answer_plain(answer)
    )
    assert "<tel:+522299315001;ext=12|+52 229 931 5001 ext. 12>" in answer_text(answer)
    assert "mailto" not in answer_text(answer).split("Teresa")[1].split("\n")[0]
    assert answer_json(answer)["contacts"][0]["email"] is None
    message = answer_message(answer)
    assert "Teresa Sincorreo" in json.dumps(message)
    for block in Block.parse_all(message["blocks"]):  # Block Kit as slack_sdk knows it
        block.validate_json()


def test_a_phone_only_contact_is_one_contact_across_releases(tmp_path: Path) -> None:
    second = {**TOWN, "id": "bay-phone-only-2", "title": "IOM Returns to Puerto Inventado"}
    kb = grown(tmp_path, TOWN, second)
    names = [c.name for c in kb.press_contacts]
    assert names.count("Teresa Sincorreo") == 1
    assert kb.answer("contact Teresa Sincorreo").contacts[0].name == "Teresa Sincorreo"
