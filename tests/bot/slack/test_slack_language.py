"""The answer language in Slack: the user's choice, else the Slack locale (users.info,
read once per user per day, in the lazy work, never in the ack), else the question's
language, else English. Real SQLite, the Web API stand-in, the real app over HTTP."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.slack.language import LOCALE_TTL, RETRY_TTL, LanguageChooser
from bot.state import StateStore
from tests.bot.slack.test_slack_app import in_process  # noqa: F401 (the app over HTTP)
from tests.slack_standin import BOT_TOKEN, FORM, SlackStandIn, command_body, send_signed

SPANISH = "¿cuántos migrantes son secuestrados cada año?"
ENGLISH = "how many migrants are kidnapped in Mexico each year?"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def store(tmp_path: Path) -> StateStore:
    state = StateStore(tmp_path / "state.db")
    state.migrate()
    return state


@pytest.fixture()
def client(standin: SlackStandIn) -> WebClient:
    return WebClient(token=BOT_TOKEN, base_url=standin.api_url)


def users_info_calls(standin: SlackStandIn, user: str) -> int:
    return len(standin.calls("users.info", lambda c: c.body.get("user") == user))


def test_the_locale_decides_and_is_read_once_a_day(store, client, standin) -> None:
    standin.locales["U0LOCALE01"] = "es-LA"
    clock = Clock()
    chooser = LanguageChooser(store, clock=clock)
    assert chooser.choose("U0LOCALE01", "contact veracruz", client) == "es"
    assert LanguageChooser(store, clock=clock).choose("U0LOCALE01", ENGLISH, client) == "es"
    assert users_info_calls(standin, "U0LOCALE01") == 1  # remembered in the state database
    clock.now += LOCALE_TTL + 1
    standin.locales["U0LOCALE01"] = "en-US"
    assert chooser.choose("U0LOCALE01", SPANISH, client) == "en"  # a day later: asked again
    assert users_info_calls(standin, "U0LOCALE01") == 2


def test_the_users_own_choice_beats_the_locale_and_the_question(store, client, standin) -> None:
    standin.locales["U0CHOOSER1"] = "es-ES"
    chooser = LanguageChooser(store)
    chooser.set_choice("U0CHOOSER1", "en")
    assert chooser.choose("U0CHOOSER1", SPANISH, client) == "en"  # mixed: the choice rules
    assert users_info_calls(standin, "U0CHOOSER1") == 0
    chooser.set_choice("U0CHOOSER1", None)  # auto: the locale again
    assert chooser.choose("U0CHOOSER1", ENGLISH, client) == "es"


def test_a_failed_locale_falls_back_quietly_and_is_retried_later(store, client, standin) -> None:
    standin.fail(
        "users.info",
        where=lambda b: b.get("user") == "U0FAILING1",
        body={"ok": False, "error": "missing_scope"},
    )
    clock = Clock()
    chooser = LanguageChooser(store, clock=clock)
    assert chooser.choose("U0FAILING1", SPANISH, client) == "es"  # the question's language
    assert chooser.choose("U0FAILING1", "contact veracruz", client) == "en"  # too short: English
    assert users_info_calls(standin, "U0FAILING1") == 1  # the failure is remembered too
    clock.now += RETRY_TTL + 1
    chooser.choose("U0FAILING1", "contact veracruz", client)
    assert users_info_calls(standin, "U0FAILING1") == 2


def test_no_database_no_client_still_decides(tmp_path: Path) -> None:
    broken = StateStore(tmp_path / "never-migrated.db")  # no tables: every read fails
    assert LanguageChooser(broken).choose("U0NOBODY01", SPANISH, None) == "es"
    assert LanguageChooser(None).choose(None, ENGLISH, None) == "en"


@pytest.fixture()
def endpoint(in_process: Any) -> str:  # noqa: F811 (the fixture imported above)
    return in_process[0]


def ask(endpoint: str, standin: SlackStandIn, ids: Any, text: str, user: str) -> dict[str, Any]:
    tag = ids.tag()
    status, _ = send_signed(
        endpoint, command_body(text, standin.response_url(tag), user_id=user), FORM
    )
    assert status == 200
    [reply] = standin.wait_for("response", lambda c: c.body["_url"].endswith(tag))
    return reply.body


def test_iom_idioma_is_remembered_and_answers_follow_it(endpoint, standin, ids) -> None:
    user = "U0IDIOMA01"
    said = ask(endpoint, standin, ids, "idioma es", user)
    assert said["text"].startswith("A partir de ahora le respondo en español.")
    answer = ask(endpoint, standin, ids, "contact veracruz", user)  # English words, short
    assert answer["text"].startswith("Para Veracruz, el contacto de prensa es")
    buttons = [
        e["text"]["text"] for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert buttons == ["Compartir en el canal", "Útil", "No es útil"]
    help_text = ask(endpoint, standin, ids, "ayuda", user)["text"]
    assert help_text.startswith("Pregúnteme sobre los comunicados de prensa de la OIM México.")
    ask(endpoint, standin, ids, "language en", user)
    assert ask(endpoint, standin, ids, SPANISH, user)["text"].startswith("Over 20,000 migrants")


def test_a_spanish_locale_answers_in_spanish_and_slack_is_asked_once(
    endpoint, standin, ids
) -> None:
    user = "U0LOCALE02"
    standin.locales[user] = "es-LA"
    for _ in range(2):
        assert ask(endpoint, standin, ids, "contact veracruz", user)["text"].startswith(
            "Para Veracruz"
        )
    [call] = standin.calls("users.info", lambda c: c.body.get("user") == user)
    assert str(call.body.get("include_locale")).lower() in ("true", "1")


def test_an_english_locale_and_a_spanish_question_answer_in_english(endpoint, standin, ids) -> None:
    # the rule's order: the locale (en-US, the stand-in's default) comes before the question
    assert ask(endpoint, standin, ids, SPANISH, "U0ENGLISH1")["text"].startswith("Over 20,000")


def test_the_ack_never_waits_for_users_info(endpoint, standin, ids, caplog) -> None:
    """users.info hangs for longer than Slack waits for an ack: the command is still acked
    (the language is decided in the lazy work) and answered once Slack replies."""
    user = "U0SLOWINFO"
    standin.delay("users.info", 4.0, where=lambda b: b.get("user") == user)
    tag = ids.tag()
    with caplog.at_level(logging.INFO):
        status, _ = send_signed(
            endpoint,
            command_body("contact veracruz", standin.response_url(tag), user_id=user),
            FORM,
        )
        assert status == 200
        assert not standin.calls("response", lambda c: c.body["_url"].endswith(tag))
        [reply] = standin.wait_for("response", lambda c: c.body["_url"].endswith(tag), timeout=20)
    assert reply.body["text"].startswith("For Veracruz")


def test_a_channel_subscribes_to_spanish_digests(store, standin, ids) -> None:
    from bot.digest.commands import subscribe
    from bot.digest.languages import channel_language
    from bot.digest.ledger import DigestLedger
    from bot.digest.runner import DigestRunner
    from bot.settings import DigestSettings

    ledger = DigestLedger(store)
    client = WebClient(token=BOT_TOKEN, base_url=standin.api_url)
    channel = ids.channel()
    config = DigestSettings()
    said = subscribe(ledger, client, channel, config, "press", "es")
    assert said.startswith("Subscribed: this channel will receive IOM Mexico release digests.")
    assert "They will be in Spanish." in said
    assert channel_language(ledger, channel) == "es"
    other = ids.channel()
    subscribe(ledger, client, other, config, "press")
    assert channel_language(ledger, other) == "en"  # the workspace's (IOM_BOT_LANGUAGE)
    assert channel_language(ledger, other, "es") == "es"
    from knowledge import load_knowledge

    runner = DigestRunner(load_knowledge(), ledger, client, config)
    results = runner.run([channel, other])
    assert [r.kind for r in results] == ["ok", "ok"], results
    spanish = [m["text"] for m in standin.posted[channel]]
    english = [m["text"] for m in standin.posted[other]]
    assert spanish[0].startswith("OIM México: 5 comunicados nuevos")
    assert english[0].startswith("IOM Mexico: 5 new releases")
