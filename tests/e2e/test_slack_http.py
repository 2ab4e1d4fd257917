"""The Slack app end to end over real HTTP on loopback.

The bot runs as ``iom-bot run`` (gunicorn, two worker processes) with ``SLACK_API_URL``
pointing at a recording stand-in for Slack's Web API. Requests are signed exactly as
Slack signs them and shaped like Slack's documented payloads. Assertions are on what
reached the stand-in.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time

import pytest
from slack_standin import (
    APP_TOKEN,
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    FORM,
    JSON,
    PAYLOADS,
    SIGNING_SECRET,
    BotProcess,
    Call,
    SlackStandIn,
    block_actions_body,
    bot_env,
    command_body,
    dm_event,
    event_body,
    for_channel,
    for_url,
    free_port,
    get,
    mention_event,
    send_signed,
)

from bot.slack.blocks import (
    ACTION_NOT_HELPFUL,
    ACTION_SHARE,
    MAX_BLOCKS,
    SECTION_TEXT,
    answer_message,
)
from bot.slack.listeners.errors import APOLOGY


def sentinel_dm(bot: BotProcess, standin: SlackStandIn, channel: str, ids) -> Call:
    """A DM that must be answered; once its reply is in, anything sent before it to the same
    worker pool has long been processed (or deliberately dropped)."""
    before = len(standin.calls("chat.postMessage", for_channel(channel)))
    status, _ = send_signed(
        bot.endpoint,
        event_body(
            dm_event("releases", channel=channel, ts=ids.ts()),
            ids.event(),
            template="c1_message_im_docs_example.json",
        ),
        JSON,
    )
    assert status == 200
    replies = standin.wait_for("chat.postMessage", for_channel(channel), count=before + 1)
    time.sleep(0.2)  # a grace period for any dropped-but-racing handler to show itself
    return replies[-1]


# -- plumbing -----------------------------------------------------------------------------------


def test_health_answers_and_other_paths_are_404(http_bot: BotProcess) -> None:
    assert get(http_bot.base + "/health") == (200, '{"status":"ok"}')
    assert get(http_bot.base + "/slack/events")[0] == 404
    assert get(http_bot.base + "/anything")[0] == 404


def test_url_verification_echoes_the_challenge(http_bot: BotProcess) -> None:
    body = (PAYLOADS / "d_url_verification_docs_example.json").read_text()
    status, text = send_signed(http_bot.endpoint, body, JSON)
    assert status == 200
    assert json.loads(text)["challenge"] == json.loads(body)["challenge"]


def test_every_api_call_goes_to_slack_api_url_with_the_bot_token(
    http_bot: BotProcess, standin: SlackStandIn
) -> None:
    auth = standin.wait_for("auth.test")
    assert auth[0].headers.get("Authorization") == f"Bearer {BOT_TOKEN}"


# -- /iom ---------------------------------------------------------------------------------------


def test_iom_contact_veracruz_is_answered_ephemerally_via_response_url(
    http_bot: BotProcess, standin: SlackStandIn, kb, ids
) -> None:
    tag, channel = ids.tag(), ids.channel()
    started = time.monotonic()
    status, text = send_signed(
        http_bot.endpoint,
        command_body("contact veracruz", standin.response_url(tag), channel_id=channel),
        FORM,
    )
    acked_in = time.monotonic() - started
    assert status == 200 and acked_in < 3.0

    [reply] = standin.wait_for("response", for_url(tag))
    expected = answer_message(kb.answer("contact veracruz"), shareable=True)
    assert reply.body["response_type"] == "ephemeral"
    assert reply.body["blocks"] == expected["blocks"]
    assert reply.body["text"] == expected["text"]
    rendered = json.dumps(reply.body["blocks"])
    assert "<mailto:jcordoba@iom.int|" in rendered and "<tel:+52" in rendered
    assert "share_answer" in rendered
    # respond(), not say(): nothing was posted through chat.postMessage for this channel
    assert not standin.calls("chat.postMessage", for_channel(channel))


@pytest.mark.parametrize("text", ["", "help", "  HELP  "])
def test_iom_alone_or_help_shows_the_grammar(http_bot, standin, ids, text) -> None:
    tag = ids.tag()
    status, _ = send_signed(http_bot.endpoint, command_body(text, standin.response_url(tag)), FORM)
    assert status == 200
    [reply] = standin.wait_for("response", for_url(tag))
    assert reply.body["response_type"] == "ephemeral"
    shown = json.dumps(reply.body["blocks"])
    assert "/iom contact mexico" in shown and "/iom help" in shown


def test_iom_digest_is_routed_to_the_digest_commands(http_bot, standin, ids) -> None:
    tag = ids.tag()
    send_signed(http_bot.endpoint, command_body("digest weekly", standin.response_url(tag)), FORM)
    [reply] = standin.wait_for("response", for_url(tag))
    assert reply.body["response_type"] == "ephemeral"
    assert (
        "Unknown digest command" in reply.body["text"]
        and "/iom digest subscribe" in reply.body["text"]
    )


def test_documented_form_encodings_are_accepted(http_bot, standin) -> None:
    """Slack's own example bodies (three encodings), with the command and response_url swapped."""
    for name in (
        "a1_slash_command_docs_example.txt",
        "a2_slash_command_signing_example_body.txt",
        "a3_slash_command_bolt_python_test_body.txt",
    ):
        raw = (PAYLOADS / name).read_text()
        tag = "doc-" + name[:2]
        swapped = re.sub(
            r"response_url=[^&]*",
            "response_url=" + standin.response_url(tag).replace(":", "%3A").replace("/", "%2F"),
            raw,
        )
        swapped = re.sub(r"command=[^&]*", "command=%2Fiom", swapped)
        assert send_signed(http_bot.endpoint, swapped, FORM)[0] == 200
        [reply] = standin.wait_for("response", for_url(tag))
        assert reply.body["response_type"] == "ephemeral" and reply.body["blocks"]


# -- events ------------------------------------------------------------------------------------


def test_mention_is_answered_in_a_thread_without_the_bot_mention(
    http_bot, standin, kb, ids
) -> None:
    channel, ts = ids.channel(), ids.ts()
    event = mention_event(f"<@{BOT_USER_ID}> who is Thomas Lothar Weiss", channel=channel, ts=ts)
    assert send_signed(http_bot.endpoint, event_body(event, ids.event()), JSON)[0] == 200
    [reply] = standin.wait_for("chat.postMessage", for_channel(channel))
    assert reply.body["thread_ts"] == ts
    assert reply.body["blocks"] == answer_message(kb.answer("who is Thomas Lothar Weiss"))["blocks"]
    assert reply.headers.get("Authorization") == f"Bearer {BOT_TOKEN}"


def test_mention_inside_a_thread_is_answered_in_that_thread(http_bot, standin, ids) -> None:
    channel, parent, ts = ids.channel(), ids.ts(), ids.ts()
    event = mention_event(
        f"<@{BOT_USER_ID}|iom-bot> releases", channel=channel, ts=ts, thread_ts=parent
    )
    send_signed(
        http_bot.endpoint,
        event_body(event, ids.event(), template="b3_app_mention_bolt_python_test.json"),
        JSON,
    )
    [reply] = standin.wait_for("chat.postMessage", for_channel(channel))
    assert reply.body["thread_ts"] == parent


def test_direct_message_is_answered_in_the_dm(http_bot, standin, kb, ids) -> None:
    channel = ids.channel("D")
    event = dm_event("what is la Bestia", channel=channel, ts=ids.ts())
    send_signed(
        http_bot.endpoint,
        event_body(event, ids.event(), template="c1_message_im_docs_example.json"),
        JSON,
    )
    [reply] = standin.wait_for("chat.postMessage", for_channel(channel))
    assert reply.body.get("thread_ts") is None
    assert reply.body["blocks"] == answer_message(kb.answer("what is la Bestia"))["blocks"]


def test_bot_messages_edits_and_deletions_get_no_reply(http_bot, standin, ids) -> None:
    channel = ids.channel("D")
    ignored = [
        dm_event("releases", channel=channel, ts=ids.ts(), user=BOT_USER_ID, bot_id=BOT_ID),
        dm_event(
            "releases", channel=channel, ts=ids.ts(), bot_id="B0OTHERBOT", subtype="bot_message"
        ),
        {
            "type": "message",
            "subtype": "message_changed",
            "channel": channel,
            "channel_type": "im",
            "ts": ids.ts(),
            "hidden": True,
            "message": {
                "type": "message",
                "user": "U0ASKER001",
                "text": "releases",
                "edited": {"user": "U0ASKER001", "ts": "1.0"},
            },
        },
        {
            "type": "message",
            "subtype": "message_deleted",
            "channel": channel,
            "channel_type": "im",
            "ts": ids.ts(),
            "hidden": True,
            "deleted_ts": "1.0",
        },
    ]
    for event in ignored:
        status, _ = send_signed(
            http_bot.endpoint,
            event_body(event, ids.event(), template="c1_message_im_docs_example.json"),
            JSON,
        )
        assert status == 200  # acknowledged, so Slack does not retry it
    sentinel = sentinel_dm(http_bot, standin, channel, ids)
    assert standin.calls("chat.postMessage", for_channel(channel)) == [sentinel]


def test_app_home_opened_publishes_the_home_view(http_bot, standin, kb, ids) -> None:
    user = f"U0HOME{ids.next():04d}"
    envelope = json.loads((PAYLOADS / "e2_app_home_opened_bolt_python_envelope.json").read_text())
    envelope["event"].update(user=user, tab="home")
    envelope["event_id"] = ids.event()
    assert send_signed(http_bot.endpoint, json.dumps(envelope), JSON)[0] == 200
    [call] = standin.wait_for("views.publish", lambda c: c.body.get("user_id") == user)
    view = call.body["view"]
    shown = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    for release in kb.releases:
        assert release.title.replace("&", "&amp;") in shown
    assert "jcordoba@iom.int" in shown and "/iom contact mexico" in shown


def test_messages_tab_opening_publishes_nothing(http_bot, standin, ids) -> None:
    user = f"U0HOME{ids.next():04d}"
    envelope = json.loads((PAYLOADS / "e2_app_home_opened_bolt_python_envelope.json").read_text())
    envelope["event"].update(user=user)  # tab == "messages" in this fixture
    envelope["event_id"] = ids.event()
    assert send_signed(http_bot.endpoint, json.dumps(envelope), JSON)[0] == 200
    sentinel_dm(http_bot, standin, ids.channel("D"), ids)
    assert not standin.calls("views.publish", lambda c: c.body.get("user_id") == user)


# -- buttons -------------------------------------------------------------------------------------


def test_share_button_reposts_the_answer_in_channel_marked_as_shared(
    http_bot, standin, kb, ids
) -> None:
    tag = ids.tag()
    body = block_actions_body(
        ACTION_SHARE, "contact veracruz", standin.response_url(tag), user_id="U0SHARER01"
    )
    assert send_signed(http_bot.endpoint, body, FORM)[0] == 200
    posts = standin.wait_for("response", for_url(tag), count=2)
    shared, cleanup = posts[0], posts[1]
    assert shared.body["response_type"] == "in_channel"
    assert shared.body["replace_original"] is False
    expected = answer_message(kb.answer("contact veracruz"), shared_by="U0SHARER01")
    assert shared.body["blocks"] == expected["blocks"]
    assert "Shared by <@U0SHARER01>" in json.dumps(shared.body["blocks"])
    assert "share_answer" not in json.dumps(shared.body["blocks"])
    assert cleanup.body.get("delete_original") is True


def test_suggestion_button_runs_the_suggested_query(http_bot, standin, kb, ids) -> None:
    tag = ids.tag()
    body = block_actions_body("suggest_1", "contact veracruz", standin.response_url(tag))
    send_signed(http_bot.endpoint, body, FORM)
    [reply] = standin.wait_for("response", for_url(tag))
    assert reply.body["response_type"] == "ephemeral" and reply.body["replace_original"] is True
    assert (
        reply.body["blocks"]
        == answer_message(kb.answer("contact veracruz"), shareable=True)["blocks"]
    )


def test_unanswered_questions_and_not_helpful_clicks_reach_iom_bot_gaps(
    http_bot, standin, bot_workdir, ids
) -> None:
    asked = [
        "xyzzy frobnication schedule",
        "Xyzzy frobnication schedule?",
        "xyzzy frobnication schedules",
        "plugh quux",
    ]
    for question in asked:
        tag = ids.tag()
        send_signed(
            http_bot.endpoint,
            command_body(
                question,
                standin.response_url(tag),
                channel_id=ids.channel("D"),
                channel_name="directmessage",
            ),
            FORM,
        )
        standin.wait_for("response", for_url(tag))
    tag = ids.tag()
    send_signed(
        http_bot.endpoint,
        block_actions_body(ACTION_NOT_HELPFUL, "contact veracruz", standin.response_url(tag)),
        FORM,
    )
    [thanks] = standin.wait_for("response", for_url(tag))
    assert thanks.body["response_type"] == "ephemeral"

    env = bot_env(standin, bot_workdir / "state.sqlite3")
    for key in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        env.pop(key)  # gaps needs no Slack credentials
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "gaps"],
        env=env,
        cwd=bot_workdir,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    first = lines[1]
    assert re.match(r"\s+3\s+xyzzy frobnication schedule", first), run.stdout
    assert "plugh quux" in run.stdout and "in DMs" in run.stdout
    not_helpful = run.stdout.split("Answers marked not helpful:")[1]
    assert re.search(r"1\s+contact veracruz", not_helpful)
    assert "U0ASKER001" not in run.stdout  # no user ids are stored


# -- several deliveries, several processes -----------------------------------------------------------


@pytest.fixture(scope="module")
def second_server(standin, bot_workdir) -> BotProcess:
    """The gunicorn command itself (not ``iom-bot run``), two more workers, same database."""
    env = bot_env(
        standin, bot_workdir / "state.sqlite3", PORT=str(free_port()), WEB_CONCURRENCY="2"
    )
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:bot.gunicorn_conf",
        "bot.wsgi:create_wsgi_app()",
    ]
    bot = BotProcess(argv, env, bot_workdir, name="second-server")
    try:
        bot.wait_healthy()
        yield bot
    finally:
        bot.stop()


def test_a_retried_event_gets_one_reply_across_worker_processes(
    http_bot, second_server, standin, ids
) -> None:
    """The original delivery and Slack's retries (same event_id, X-Slack-Retry-Num) arrive at
    once at four worker processes in two gunicorn servers sharing IOM_BOT_DB."""
    channel, event_id = ids.channel(), ids.event()
    body = event_body(
        mention_event(f"<@{BOT_USER_ID}> releases", channel=channel, ts=ids.ts()), event_id
    )
    deliveries = [
        (http_bot, {}),
        (second_server, {}),
        (http_bot, {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}),
        (second_server, {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"}),
    ] * 2
    statuses: list[int] = []

    def deliver(bot: BotProcess, headers: dict[str, str]) -> None:
        statuses.append(send_signed(bot.endpoint, body, JSON, extra_headers=headers)[0])

    threads = [threading.Thread(target=deliver, args=d) for d in deliveries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * len(deliveries)
    standin.wait_for("chat.postMessage", for_channel(channel))
    sentinel_dm(http_bot, standin, ids.channel("D"), ids)
    sentinel_dm(second_server, standin, ids.channel("D"), ids)
    assert len(standin.calls("chat.postMessage", for_channel(channel))) == 1


def test_exactly_one_process_runs_the_scheduled_jobs(http_bot, second_server) -> None:
    logs = http_bot.log() + second_server.log()
    assert logs.count("scheduled jobs run in this process") == 1


# -- signatures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["wrong secret", "stale", "missing headers", "tampered body"])
def test_bad_or_stale_signatures_get_401_and_no_reply(http_bot, standin, ids, how) -> None:
    channel = ids.channel("D")
    body = event_body(
        dm_event("releases", channel=channel, ts=ids.ts()),
        ids.event(),
        template="c1_message_im_docs_example.json",
    )
    if how == "wrong secret":
        status, _ = send_signed(http_bot.endpoint, body, JSON, secret="not-the-secret")
    elif how == "stale":
        status, _ = send_signed(http_bot.endpoint, body, JSON, timestamp=int(time.time()) - 301)
    elif how == "missing headers":
        from slack_standin import post

        status, _ = post(http_bot.endpoint, body, {"Content-Type": JSON})
    else:
        from slack_standin import post, signed_headers

        status, _ = post(
            http_bot.endpoint,
            body.replace("releases", "contact veracruz"),
            signed_headers(body, content_type=JSON),
        )
    assert status == 401
    sentinel = sentinel_dm(http_bot, standin, channel, ids)
    assert standin.calls("chat.postMessage", for_channel(channel)) == [sentinel]


# -- hostile input -----------------------------------------------------------------------------------

HOSTILE = {
    "broadcast": "<!channel> <!here> <!everyone> <@U0VICTIM01> contact veracruz",
    "huge": "contact veracruz " + "A" * 40_000,
    "control": "contact\x00 veracruz\x07\x1b[31m\r\n\t<script>&amp;",
}


def assert_safe(call: Call) -> None:
    message = call.body
    # Button values are the raw query by design: Slack returns them to the bot, never shows them.
    shown = [
        {k: v for k, v in e.items() if k != "value"}
        for b in message["blocks"]
        for e in b.get("elements", [])
    ]
    text = json.dumps(
        [
            message["text"],
            [b.get("text") for b in message["blocks"]],
            [b.get("fields") for b in message["blocks"]],
            shown,
        ],
        ensure_ascii=False,
    )
    for live in ("<!channel>", "<!here>", "<!everyone>", "<@U0VICTIM01>", "<script>"):
        assert live not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", message.get("text", ""))
    assert len(message["blocks"]) <= MAX_BLOCKS
    for block in message["blocks"]:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= SECTION_TEXT
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", block["text"]["text"])
        for element in block.get("elements", []):
            assert len(element.get("value", "")) <= 2000


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_text_gets_a_safe_answer(http_bot, standin, ids, kind) -> None:
    text = HOSTILE[kind]
    tag = ids.tag()
    assert (
        send_signed(http_bot.endpoint, command_body(text, standin.response_url(tag)), FORM)[0]
        == 200
    )
    [reply] = standin.wait_for("response", for_url(tag))
    assert_safe(reply)
    channel = ids.channel("D")
    send_signed(
        http_bot.endpoint,
        event_body(
            dm_event(text, channel=channel, ts=ids.ts()),
            ids.event(),
            template="c1_message_im_docs_example.json",
        ),
        JSON,
    )
    [dm] = standin.wait_for("chat.postMessage", for_channel(channel))
    assert_safe(dm)


# -- failures --------------------------------------------------------------------------------------------


def test_rate_limited_post_is_retried_after_retry_after(http_bot, standin, ids) -> None:
    channel = ids.channel("D")
    standin.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == channel,
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "0"},
    )
    send_signed(
        http_bot.endpoint,
        event_body(
            dm_event("releases", channel=channel, ts=ids.ts()),
            ids.event(),
            template="c1_message_im_docs_example.json",
        ),
        JSON,
    )
    first, second = standin.wait_for("chat.postMessage", for_channel(channel), count=2)
    assert first.body == second.body  # the same message, delivered on the second attempt


def test_a_slack_api_error_gets_an_apology_in_the_thread(http_bot, standin, ids) -> None:
    channel, ts = ids.channel(), ids.ts()
    standin.fail(
        "chat.postMessage",
        where=lambda b: b.get("channel") == channel,
        body={"ok": False, "error": "not_in_channel"},
    )
    send_signed(
        http_bot.endpoint,
        event_body(
            mention_event(f"<@{BOT_USER_ID}> releases", channel=channel, ts=ts), ids.event()
        ),
        JSON,
    )
    failed, apology = standin.wait_for("chat.postMessage", for_channel(channel), count=2)
    assert apology.body["thread_ts"] == ts
    assert apology.body["text"].startswith("Sorry, something went wrong")
    assert "not_in_channel" in http_bot.log()  # the cause is logged …
    assert "event_id" in http_bot.log()  # … with the request's context
    sentinel_dm(http_bot, standin, ids.channel("D"), ids)  # and the process keeps serving


def test_a_failed_response_url_post_gets_an_apology(http_bot, standin, ids) -> None:
    tag = ids.tag()
    standin.fail(
        "response",
        where=lambda b: b.get("_url", "").endswith("/" + tag),
        status=500,
        body={"error": "boom"},
    )
    started = time.monotonic()
    status, _ = send_signed(
        http_bot.endpoint, command_body("contact veracruz", standin.response_url(tag)), FORM
    )
    assert status == 200 and time.monotonic() - started < 2.5  # acked, never "dispatch_failed"
    failed, apology = standin.wait_for("response", for_url(tag), count=2)
    assert failed.body["blocks"]
    assert apology.body["response_type"] == "ephemeral"
    assert APOLOGY.split(";")[0] in apology.body["blocks"][0]["text"]["text"]


# -- last: nothing above leaked a secret into the logs ------------------------------------------------


def test_no_secret_appears_in_the_logs(http_bot: BotProcess) -> None:
    log = http_bot.log()
    assert "handler failed" in log  # the failure tests above did log
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, BOT_TOKEN.split("-")[-1]):
        assert secret not in log
