"""Block Kit rendering: pure functions from an ``Answer`` (or the knowledge base) to JSON.

No slack_bolt import here, so ``iom-bot ask --blocks`` can render without Slack
credentials, and the rendering can be tested without a server.

Slack rejects a message that breaks its limits (``invalid_blocks``) rather than
truncating it, so every builder here enforces them itself: at most 50 blocks in a
message (100 in a Home tab), 3,000 characters in a section's text, 10 fields of 2,000
characters, 75-character button labels, 2,000-character button values. Long answers are
cut at line boundaries and say that they were cut.

Text is mrkdwn, written by ``knowledge.render.mrkdwn`` from the Answer's plain text (it
escapes curated and user text once and builds every link); this module only lays it out.
``safe_mrkdwn`` neutralises any ``<`` that does not open a mailto/tel/web link in the
mrkdwn callers hand to ``notice_message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol

from knowledge import GRAMMAR, Answer, ContactCard, answer_plain, example_line, speaking
from knowledge.i18n import _, _n, long_date
from knowledge.i18n.curated import curated
from knowledge.render.mrkdwn import (
    answer_lines,
    contact_card,
    escape,
    sources_line,
    strong,
)
from knowledge.render.mrkdwn import inline as render_inline
from knowledge.text import strip_control

MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
MAX_FIELDS = 10
CONTEXT_TEXT = 2000
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
HEADER_TEXT = 150
FALLBACK_TEXT = 3000

MAX_ANSWER_SECTIONS = 20
MAX_SUGGESTIONS = 5
MAX_CONTACTS = 20
MAX_HOME_RELEASES = 60
MAX_HOME_CONTACTS = 40

ACTION_SHARE = "share_answer"
ACTION_HELPFUL = "feedback_helpful"
ACTION_NOT_HELPFUL = "feedback_not_helpful"
ACTION_SUGGEST_PREFIX = "suggest_"
SUGGEST_ACTION = re.compile(r"^suggest_\d+$")

Surface = Literal["command", "mention", "dm"]
Block = dict[str, Any]

_ALLOWED_MARKUP = re.compile(r"<(?:mailto:|tel:|https?://)[^<>\s|]*(?:\|[^<>]*)?>")
_LINK = re.compile(r"<(?:mailto:|tel:|https?://)([^<>|]*)(?:\|([^<>]*))?>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_EMPHASIS = re.compile(r"(?<!\w)([*_~])([^\s*_~](?:[^\n*_~]{0,300}[^\s*_~])?)\1(?!\w)")


class KnowledgeView(Protocol):
    """What the Home tab needs from a KnowledgeBase (duck-typed, for tests)."""

    @property
    def releases(self) -> Sequence[Any]: ...

    @property
    def press_contacts(self) -> Sequence[ContactCard]: ...


# -- text helpers ------------------------------------------------------------------------------


def safe_mrkdwn(text: str) -> str:
    """Drop control characters and escape every ``<`` that does not open a curated link.

    A no-op on a well-formed Answer; a safety net if user text ever reaches here unescaped.
    """
    text = strip_control(text)
    out: list[str] = []
    pos = 0
    for match in _ALLOWED_MARKUP.finditer(text):
        out.append(text[pos : match.start()].replace("<", "&lt;").replace(">", "&gt;"))
        out.append(match.group(0))
        pos = match.end()
    out.append(text[pos:].replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(out)


def cut(text: str, limit: int) -> str:
    """Shorten to at most ``limit`` characters with an ellipsis, never splitting an entity
    (``&amp;``) or a link (``<mailto:…|…>``) in two."""
    if len(text) <= limit:
        return text
    head = text[: max(0, limit - 1)]
    lt, gt = head.rfind("<"), head.rfind(">")
    if lt > gt:
        head = head[:lt]
    head = re.sub(r"&[a-z]{0,4}$", "", head)
    return head.rstrip() + "…"


def plain_text(mrkdwn: str, limit: int = FALLBACK_TEXT) -> str:
    """The notification fallback: links reduced to their labels, emphasis dropped.

    Entities stay escaped, so a ``<!channel>`` typed by a user can never become live here.
    """
    # Cut first and keep the emphasis pattern bounded: this runs on text users influence,
    # and an unbounded lazy match is quadratic on a long line full of '*'.
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), safe_mrkdwn(mrkdwn[: limit * 2]))
    text = _EMPHASIS.sub(r"\2", text).replace("`", "").strip()
    return cut(text, limit) or _("(no answer)")


def fallback_text(answer: Answer) -> str:
    """An answer's notification text: the terminal rendering, escaped for Slack.

    Rendered from the Answer itself (not by stripping the mrkdwn reply), so what a
    notification shows is what ``iom-bot ask`` prints; escaping keeps a user's
    ``<!channel>`` inert here too.
    """
    return cut(escape(answer_plain(answer)), FALLBACK_TEXT) or _("(no answer)")


def _pack(lines: Iterable[str], limit: int, max_chunks: int) -> list[str]:
    """Lines joined into chunks of at most ``limit`` characters, at most ``max_chunks``.

    If lines are left over, the last chunk ends with a note saying how many.
    """
    chunks: list[str] = []
    current = ""
    pending = list(lines)
    i = 0
    while i < len(pending):
        line = pending[i]
        if len(line) > limit:  # one enormous line: cut it rather than lose the rest
            line = cut(line, limit)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            i += 1
            continue
        chunks.append(current)
        current = ""
        if len(chunks) == max_chunks:
            break
    if current and len(chunks) < max_chunks:
        chunks.append(current)
        i = len(pending)
    left = len(pending) - i
    if left:
        more = _n(
            "…and {n} more line: ask a narrower question.",
            "…and {n} more lines: ask a narrower question.",
            left,
        )
        note = "\n_" + more.format(n=left) + "_"
        chunks[-1] = cut(chunks[-1], limit - len(note)) + note
    return chunks


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut(text, SECTION_TEXT)}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": cut(text, CONTEXT_TEXT)}]}


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {
            "type": "plain_text",
            "text": cut(strip_control(text), BUTTON_TEXT) or "…",
            "emoji": True,
        },
        "action_id": action_id,
        "value": value[:BUTTON_VALUE],
    }
    if style:
        button["style"] = style
    return button


# -- pieces of an answer ----------------------------------------------------------------------


def contact_field(card: ContactCard) -> str:
    """One contact as a section field, with tap-to-email and tap-to-call links."""
    return cut(contact_card(card), FIELD_TEXT)


def contact_blocks(
    cards: Sequence[ContactCard], label: str | None = None, max_cards: int = MAX_CONTACTS
) -> list[Block]:
    """Sections of up to ten contact fields each, and a note if some were left out."""
    if not cards:
        return []
    label = label or _n("Press contact", "Press contacts", len(cards))
    shown = list(cards[:max_cards])
    blocks: list[Block] = []
    for start in range(0, len(shown), MAX_FIELDS):
        block: Block = {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": contact_field(c)}
                for c in shown[start : start + MAX_FIELDS]
            ],
        }
        if start == 0:
            block["text"] = {"type": "mrkdwn", "text": f"*{label}:*"}
        blocks.append(block)
    if len(cards) > len(shown):
        left = len(cards) - len(shown)
        more = _n("…and {n} more press contact.", "…and {n} more press contacts.", left)
        blocks.append(_context(more.format(n=left)))
    return blocks


def answer_body(answer: Answer) -> list[str]:
    """The answer's lead and bullets as mrkdwn lines."""
    lead, *bullets = answer_lines(answer)
    lines = ([lead] if lead.strip() else []) + bullets
    return lines or [_("(no answer)")]


def suggestion_blocks(suggestions: Sequence[str]) -> list[Block]:
    """'Did you mean' as buttons whose value is the query to run when clicked."""
    buttons: list[dict[str, Any]] = []
    for suggestion in suggestions:
        query = strip_control(suggestion).strip()
        if not query or len(query) > BUTTON_VALUE:
            continue  # a value Slack would cut would run a different query
        buttons.append(_button(query, f"{ACTION_SUGGEST_PREFIX}{len(buttons)}", query))
        if len(buttons) == MAX_SUGGESTIONS:
            break
    if not buttons:
        return []
    return [
        _context("*" + _("Did you mean:") + "*"),
        {"type": "actions", "block_id": "suggestions", "elements": buttons},
    ]


def answer_actions(query: str, *, shareable: bool, feedback: bool) -> list[Block]:
    """Share (ephemeral answers only) and Helpful / Not helpful, all keyed by the query."""
    elements: list[Block] = []
    value = query[:BUTTON_VALUE]
    # Sharing re-runs the query, so it is offered only when the whole query fits in a value.
    if shareable and 0 < len(query) <= BUTTON_VALUE:
        elements.append(_button(_("Share in channel"), ACTION_SHARE, value, style="primary"))
    if feedback:
        elements.append(_button(_("Helpful"), ACTION_HELPFUL, value))
        elements.append(_button(_("Not helpful"), ACTION_NOT_HELPFUL, value))
    if not elements:
        return []
    return [{"type": "actions", "block_id": "answer_actions", "elements": elements}]


def answer_message(
    answer: Answer, *, shareable: bool = False, shared_by: str | None = None, feedback: bool = True
) -> dict[str, Any]:
    """The Slack message for an answer: ``{"text": fallback, "blocks": [...]}``.

    ``shareable`` adds "Share in channel" (for ephemeral ``/iom`` replies); ``shared_by``
    (a Slack user id from the click payload) marks a reposted answer as shared by that user.
    Written in the answer's language.
    """
    with speaking(answer.lang):
        return _answer_message(answer, shareable, shared_by, feedback)


def _answer_message(
    answer: Answer, shareable: bool, shared_by: str | None, feedback: bool
) -> dict[str, Any]:
    blocks: list[Block] = []
    if shared_by:
        who = f"<@{shared_by}>" if _USER_ID.match(shared_by) else _("someone")
        blocks.append(_context(_("Shared by {who}").format(who=who)))
    blocks += [
        _section(chunk) for chunk in _pack(answer_body(answer), SECTION_TEXT, MAX_ANSWER_SECTIONS)
    ]
    blocks += suggestion_blocks(answer.suggestions)
    blocks += contact_blocks(answer.contacts)
    if answer.sources and not answer.lists_sources:
        blocks.append(_context(sources_line(answer.sources)))
    blocks += answer_actions(answer.query, shareable=shareable, feedback=feedback)
    # The fallback never mentions anyone: it is what notifications show.
    return {"text": fallback_text(answer), "blocks": blocks[:MAX_BLOCKS]}


# -- help and home ------------------------------------------------------------------------------


def _prefix(surface: Surface) -> str:
    return {"command": "/iom ", "mention": "@iom-bot ", "dm": ""}[surface]


def help_lines(surface: Surface = "command") -> list[str]:
    """The grammar (the engine's own list, so Slack and the CLI teach the same requests)."""
    prefix = _prefix(surface)
    lines = [f"• {render_inline(example_line(e, prefix))}" for e in GRAMMAR]
    lines.append("• " + _("`{prefix}help`: this message").format(prefix=prefix))
    if surface == "command":
        lines.append(
            "• " + _("`/iom language es` or `/iom language en`: the language I answer you in")
        )
    return lines


def help_message(surface: Surface = "command") -> dict[str, Any]:
    """The grammar with examples, shown for ``/iom``, ``/iom help``, or an empty mention."""
    intro = _("*Ask me about IOM Mexico's press releases.* Write a question or a few words:")
    ways = _(
        "You can use `/iom` anywhere (only you see the answer until you share it), "
        "mention me in a channel I'm in, or send me a direct message. "
        "Questions in Spanish work too."
    )
    blocks = [_section(intro + "\n" + "\n".join(help_lines(surface))), _context(ways)]
    return {"text": plain_text(intro + "\n" + "\n".join(help_lines(surface))), "blocks": blocks}


def notice_message(text: str) -> dict[str, Any]:
    """A one-line message (apologies, placeholders, acknowledgements); ``text`` is mrkdwn."""
    return {"text": plain_text(text), "blocks": [_section(safe_mrkdwn(text))]}


def home_view(kb: KnowledgeView) -> dict[str, Any]:
    """The App Home tab: how to ask, what the bot knows (releases, contacts)."""
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {
                "type": "plain_text",
                "emoji": True,
                "text": cut(_("IOM Mexico press releases"), HEADER_TEXT),
            },
        },
        _section(
            _(
                "I answer questions about IOM Mexico's press releases: who to contact, "
                "who said what, the figures they give, and what their programmes are. "
                "Every answer names the release it comes from."
            )
            + "\n\n*"
            + _("How to ask")
            + "*\n"
            + "\n".join(help_lines("command"))
        ),
        _context(
            _(
                "Use `/iom` anywhere, mention me in a channel I'm in, "
                "or write to me in the Messages tab."
            )
        ),
        {"type": "divider"},
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _("What I know"), "emoji": True},
        },
    ]
    releases = list(kb.releases)
    for release in releases[:MAX_HOME_RELEASES]:
        date = getattr(release, "date", None)
        when = f" ({long_date(date)})" if date else ""
        title = curated(release.title, getattr(release, "title_es", None))
        summary = curated(release.summary, getattr(release, "summary_es", None))
        blocks.append(_section(f"{strong(title)}{when}\n{escape(summary)}"))
    if len(releases) > MAX_HOME_RELEASES:
        blocks.append(
            _context(
                _("…and {n} more. Ask `/iom releases` for the full list.").format(
                    n=len(releases) - MAX_HOME_RELEASES
                )
            )
        )
    if not releases:
        blocks.append(_context(_("No releases are loaded yet.")))
    contacts = list(kb.press_contacts)
    if contacts:
        blocks.append({"type": "divider"})
        blocks += contact_blocks(contacts, label=_("Press contacts"), max_cards=MAX_HOME_CONTACTS)
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}
