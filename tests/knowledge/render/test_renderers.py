"""The renderers: one escaper, links built only in mrkdwn, and plain text for a terminal."""

from __future__ import annotations

from knowledge import Answer, ContactCard, SourceRef, answer_json, answer_plain, answer_text
from knowledge.answer import capitalise, code, em, inline, join, plain, sentence, strong
from knowledge.render import mrkdwn

CARD = ContactCard(
    name="Ana <Ruiz> & Co",
    office="IOM Mexico",
    email="aruiz@iom.int",
    phone="+52 55 1234 5678",
    tel="+525512345678",
    release_id="r1",
)


def answer(**kw: object) -> Answer:
    fields: dict[str, object] = {
        "query": "q",
        "answered": True,
        "intent": "what",
        "lead": inline(strong("La Bestia"), " is a <train> & more"),
        "bullets": [inline("Named in: ", em("A & B")), inline(code("facts x"))],
        "contacts": [CARD, CARD],
        "sources": [SourceRef(release_id="r1", title="Title <1>")],
        "suggestions": ["facts kidnapping"],
    }
    fields.update(kw)
    return Answer(**fields)


def test_escape_is_once_and_drops_control_characters() -> None:
    assert mrkdwn.escape("<!channel> & <@U1>\x00\u200b") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert mrkdwn.inline(inline("&amp;")) == "&amp;amp;"  # plain text in, escaped once


def test_mrkdwn_answer() -> None:
    text = answer_text(answer())
    assert text.splitlines() == [
        "*La Bestia* is a &lt;train&gt; &amp; more",
        "• Named in: _A &amp; B_",
        "• `facts x`",
        "Did you mean: `facts kidnapping`?",
        "*Press contacts:* Ana &lt;Ruiz&gt; &amp; Co (IOM Mexico) · "
        "<mailto:aruiz@iom.int|aruiz@iom.int> · <tel:+525512345678|+52 55 1234 5678>",
        "        Ana &lt;Ruiz&gt; &amp; Co (IOM Mexico) · "
        "<mailto:aruiz@iom.int|aruiz@iom.int> · <tel:+525512345678|+52 55 1234 5678>",
        "_Source: Title &lt;1&gt;_",
    ]


def test_plain_answer_has_no_markup_and_no_entities() -> None:
    assert answer_plain(answer()).splitlines() == [
        "La Bestia is a <train> & more",
        "• Named in: A & B",
        "• facts x",
        "Did you mean: facts kidnapping?",
        "Press contacts: Ana <Ruiz> & Co (IOM Mexico) · aruiz@iom.int · +52 55 1234 5678",
        "        Ana <Ruiz> & Co (IOM Mexico) · aruiz@iom.int · +52 55 1234 5678",
        "Source: Title <1>",
    ]


# The fields of ``iom-bot ask --json`` as documented, in their order.
DOCUMENTED = [
    "query",
    "answered",
    "intent",
    "text",
    "lead",
    "bullets",
    "contacts",
    "sources",
    "suggestions",
    "disagreement",
]


def test_json_keeps_its_mrkdwn_fields() -> None:
    data = answer_json(answer())
    assert data["text"] == answer_text(answer())
    assert data["lead"] == "*La Bestia* is a &lt;train&gt; &amp; more"
    assert data["bullets"] == ["Named in: _A &amp; B_", "`facts x`"]
    assert list(data)[: len(DOCUMENTED)] == DOCUMENTED  # new fields only ever come after
    assert list(data) == [*DOCUMENTED, "total", "corrections", "lang"]


def test_contact_card_for_block_kit_fields() -> None:
    assert mrkdwn.contact_card(CARD).splitlines() == [
        "*Ana &lt;Ruiz&gt; &amp; Co*",
        "IOM Mexico",
        "<mailto:aruiz@iom.int|aruiz@iom.int>",
        "<tel:+525512345678|+52 55 1234 5678>",
    ]


def test_inline_helpers_follow_the_old_mrkdwn_rules() -> None:
    assert plain(inline(strong("a"), " b")) == "a b"
    assert mrkdwn.inline(capitalise(inline(strong("dr. x"), " y"))) == "*Dr. x* y"
    assert mrkdwn.inline(sentence(inline(strong("x")))) == "*X*."
    assert mrkdwn.inline(sentence(inline("ends well.  "))) == "Ends well."
    assert mrkdwn.inline(join([inline(em("a")), inline(em("b"))], "; ")) == "_a_; _b_"
    assert capitalise(inline(code("x"))) == inline(code("x"))
