"""Block Kit rendering: Slack's limits hold for any answer, escaping holds for any text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_standin import REPO

from bot.slack.blocks import (
    ACTION_HELPFUL,
    ACTION_NOT_HELPFUL,
    ACTION_SHARE,
    MAX_BLOCKS,
    MAX_HOME_BLOCKS,
    answer_message,
    cut,
    help_message,
    home_view,
    plain_text,
    safe_mrkdwn,
)
from knowledge.answer import Answer, ContactCard, SourceRef
from knowledge.render.plain import answer_plain

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def check_limits(message: dict[str, Any], max_blocks: int = MAX_BLOCKS) -> None:
    """Slack's documented Block Kit limits, as checked by its API (invalid_blocks)."""
    json.dumps(message)
    blocks = message["blocks"]
    assert 0 < len(blocks) <= max_blocks
    if "text" in message:
        assert 0 < len(message["text"]) <= 3000
        assert not CONTROL.search(message["text"])
    action_ids: list[str] = []
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            assert "text" in block or "fields" in block
            if "text" in block:
                assert 0 < len(block["text"]["text"]) <= 3000
            assert len(block.get("fields", [])) <= 10
            for f in block.get("fields", []):
                assert 0 < len(f["text"]) <= 2000
        elif kind == "context":
            assert 0 < len(block["elements"]) <= 10
            for e in block["elements"]:
                assert 0 < len(e["text"]) <= 3000
        elif kind == "actions":
            assert 0 < len(block["elements"]) <= 25
            for e in block["elements"]:
                assert e["type"] == "button"
                assert 0 < len(e["text"]["text"]) <= 75
                assert len(e["value"]) <= 2000 and len(e["action_id"]) <= 255
                action_ids.append(e["action_id"])
        elif kind == "header":
            assert 0 < len(block["text"]["text"]) <= 150
        else:
            assert kind == "divider"
        for text in mrkdwn_texts(block):
            assert not CONTROL.search(text)
            # no live mention, broadcast or foreign markup: only curated links open a '<'
            for opener in re.findall(r"<([^>]{0,12})", text):
                assert opener.startswith(("mailto:", "tel:", "http://", "https://", "@U", "@W"))
    assert len(action_ids) == len(set(action_ids))


def mrkdwn_texts(block: dict[str, Any]) -> list[str]:
    texts = [block["text"]["text"]] if block.get("text", {}).get("type") == "mrkdwn" else []
    texts += [f["text"] for f in block.get("fields", [])]
    texts += [e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn"]
    return texts


def card(i: int, name: str = "Ana López") -> ContactCard:
    return ContactCard(
        name=name,
        office="IOM Mexico",
        email=f"press{i}@iom.int",
        phone="+52 55 5536 3922",
        tel="+525555363922",
        release_id="r",
    )


nasty = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
# Long texts are a short random unit repeated: large data, little entropy to generate.
long_text = st.one_of(
    nasty,
    st.builds(
        lambda unit, n: unit * n,
        st.text(alphabet="ab &<>*_\n\x07", min_size=1, max_size=12),
        st.integers(200, 3000),
    ),
)
answers = st.builds(
    Answer,
    query=long_text,
    answered=st.booleans(),
    intent=st.sampled_from(["contact", "who", "what", "facts", "releases", "search", "unknown"]),
    lead=long_text,
    bullets=st.lists(long_text, max_size=60),
    contacts=st.lists(
        st.builds(lambda i, n: card(i, n or "x"), st.integers(0, 99), nasty), max_size=45
    ),
    sources=st.lists(st.builds(SourceRef, release_id=st.just("r"), title=long_text), max_size=30),
    suggestions=st.lists(long_text, max_size=30),
)


@settings(max_examples=150, deadline=None)
@given(answers, st.booleans(), st.sampled_from([None, "U0SHARER01", "not-an-id"]))
def test_any_answer_stays_within_slacks_limits(
    answer: Answer, shareable: bool, shared_by: str | None
) -> None:
    check_limits(answer_message(answer, shareable=shareable, shared_by=shared_by))


def test_answer_blocks_have_contact_links_sources_and_buttons(kb) -> None:
    answer = Answer(
        query="contact veracruz",
        answered=True,
        intent="contact",
        lead="For Veracruz: *Ana*.",
        bullets=["one", "two"],
        contacts=[card(1), card(2, "Bob & <Co>")],
        sources=[SourceRef(release_id="r", title="A & B <release>")],
    )
    message = answer_message(answer, shareable=True)
    check_limits(message)
    section, contacts, sources, actions = message["blocks"]
    assert section["text"]["text"] == "For Veracruz: *Ana*.\n• one\n• two"
    fields = [f["text"] for f in contacts["fields"]]
    assert "<mailto:press1@iom.int|press1@iom.int>" in fields[0]
    assert "<tel:+525555363922|+52 55 5536 3922>" in fields[0]
    assert "*Bob &amp; &lt;Co&gt;*" in fields[1]
    assert sources["elements"][0]["text"] == "_Source: A &amp; B &lt;release&gt;_"
    assert [e["action_id"] for e in actions["elements"]] == [
        ACTION_SHARE,
        ACTION_HELPFUL,
        ACTION_NOT_HELPFUL,
    ]
    assert {e["value"] for e in actions["elements"]} == {"contact veracruz"}
    assert "<mailto:" not in message["text"] and "press1@iom.int" in message["text"]


def test_suggestions_are_buttons_that_run_the_suggested_query() -> None:
    answer = Answer(
        query="contatc",
        answered=False,
        intent="unknown",
        lead="Not sure.",
        suggestions=["contact veracruz", "contacts & offices", "x" * 2500],
    )
    blocks = answer_message(answer)["blocks"]
    [actions] = [b for b in blocks if b.get("block_id") == "suggestions"]
    assert [(e["action_id"], e["value"]) for e in actions["elements"]] == [
        ("suggest_0", "contact veracruz"),
        ("suggest_1", "contacts & offices"),
    ]
    assert "Did you mean" in json.dumps(blocks)


def test_share_is_offered_only_when_the_query_fits_a_button_value() -> None:
    long_query = "q" * 2001
    answer = Answer(query=long_query, answered=False, intent="unknown", lead="No.")
    ids = [
        e["action_id"]
        for b in answer_message(answer, shareable=True)["blocks"]
        for e in b.get("elements", [])
        if "action_id" in e
    ]
    assert ids == [ACTION_HELPFUL, ACTION_NOT_HELPFUL]


def test_shared_answers_name_the_sharer_and_offer_no_share_button() -> None:
    answer = Answer(query="releases", answered=True, intent="releases", lead="5 releases.")
    message = answer_message(answer, shared_by="U0SHARER01")
    assert message["blocks"][0]["elements"][0]["text"] == "Shared by <@U0SHARER01>"
    assert ACTION_SHARE not in json.dumps(message)
    assert "<@" not in message["text"]  # notifications mention nobody


def test_user_text_never_becomes_markup() -> None:
    assert safe_mrkdwn("&lt;!channel&gt; ok") == "&lt;!channel&gt; ok"  # not escaped twice
    assert safe_mrkdwn("<!channel> <@U123> <#C1>") == "&lt;!channel&gt; &lt;@U123&gt; &lt;#C1&gt;"
    assert safe_mrkdwn("<mailto:a@b.org|a@b.org> <tel:+52|+52>") == (
        "<mailto:a@b.org|a@b.org> <tel:+52|+52>"
    )
    assert safe_mrkdwn("a\x00b\x1bc\nd") == "abc\nd"
    assert "<!here>" not in plain_text("<!here> x")


def test_cut_never_splits_an_entity_or_a_link() -> None:
    assert cut("abc", 3) == "abc"
    assert cut("hello &amp; more", 9) == "hello…"
    assert cut("see <mailto:a@b.org|a@b.org> now", 12) == "see…"
    for n in range(2, 40):
        out = cut("x &amp; <tel:+52|+52> &lt;y&gt; end", n)
        assert len(out) <= n and not re.search(r"&[a-z]*…|<[^>]*…", out)


def test_long_answers_are_cut_at_line_boundaries_and_say_so() -> None:
    answer = Answer(
        query="q",
        answered=True,
        intent="facts",
        lead="Lead.",
        bullets=[f"fact {i} " + "z" * 900 for i in range(200)],
    )
    message = answer_message(answer)
    check_limits(message)
    sections = [b for b in message["blocks"] if b["type"] == "section"]
    assert sections[0]["text"]["text"].startswith("Lead.\n• fact 0 ")
    assert "more lines: ask a narrower question" in sections[-1]["text"]["text"]


def test_help_shows_the_grammar_with_examples() -> None:
    message = help_message("command")
    check_limits(message)
    shown = json.dumps(message, ensure_ascii=False)
    for example in ("/iom contact mexico", "/iom who is", "/iom releases", "/iom help"):
        assert f"`{example}" in shown
    assert "`@iom-bot contact mexico`" in json.dumps(help_message("mention"))
    assert "`contact mexico`" in json.dumps(help_message("dm"))


def test_slack_help_teaches_the_engines_grammar(kb) -> None:
    """One grammar: every request the CLI's help shows is in Slack's help and App Home."""
    engine_help = kb.answer("help")
    asks = [s.text for b in engine_help.bullets for s in b.text if s.style == "code"]
    assert len(asks) >= 6
    slack_help = json.dumps(help_message("command"), ensure_ascii=False)
    home = json.dumps(home_view(kb), ensure_ascii=False)
    for ask in asks:
        assert f"`/iom {ask}`" in slack_help
        assert f"`/iom {ask}`" in home


def test_home_view_lists_releases_and_contacts(kb) -> None:
    view = home_view(kb)
    check_limits(view, MAX_HOME_BLOCKS)
    shown = json.dumps(view, ensure_ascii=False)
    for release in kb.releases:
        assert release.summary.split()[0] in shown
    for contact in kb.press_contacts:
        assert f"<mailto:{contact.email}|" in shown


def test_home_view_stays_within_limits_for_a_huge_knowledge_base() -> None:
    class Release:
        def __init__(self, i: int) -> None:
            self.title, self.summary, self.date = f"Release {i} & <more>", "s" * 280, None

    class Big:
        releases = [Release(i) for i in range(500)]
        press_contacts = [card(i) for i in range(300)]

    view = home_view(Big())
    check_limits(view, MAX_HOME_BLOCKS)
    shown = json.dumps(view)
    assert "Release 0 &amp; &lt;more&gt;" in shown and "more press contacts" in shown


def test_ask_blocks_prints_the_block_kit_message(kb, tmp_path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--blocks", "contact veracruz"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    assert printed == answer_message(kb.answer("contact veracruz"))
    check_limits(printed)


def test_fallback_text_is_the_terminal_rendering_escaped(kb) -> None:
    """The notification text comes from the Answer, not from stripping mrkdwn: a sources
    line too long for the emphasis pattern used to keep its leading ``_``."""
    answer = kb.answer("who is Thomas Lothar Weiss?")
    text = answer_message(answer)["text"]
    assert "\nSources: " in text and "_Sources" not in text
    assert text.startswith(answer_plain(answer).split("\n")[0])
    hostile = answer_message(kb.answer("<!channel> *who* is <@U123>"))["text"]
    assert "<!channel>" not in hostile and "<@U123>" not in hostile
