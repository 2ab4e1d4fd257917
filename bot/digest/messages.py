"""Digest messages: the Block Kit messages that carry a channel's pending releases.

Pure functions, no Slack client: the runner (``bot.digest.runner``) decides when to post
and records what Slack confirmed; ``bot.digest.plan`` decides which releases are pending.

A digest message never breaks Slack's limits: at most ``RELEASES_PER_MESSAGE`` releases go
in one message (3 blocks each, plus a header and a footer, well under 50), every section
is cut to 3,000 characters, and when more releases are pending than ``MAX_MESSAGES``
messages can hold, the last message says how many wait for the next digest (and that
``/iom digest status`` lists them; ``/iom releases`` is not a pending list: it shows any
ten releases of the knowledge base).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.slack.blocks import MAX_BLOCKS, SECTION_TEXT, cut, plain_text
from knowledge import KnowledgeBase, Lang, Release, speaking
from knowledge.i18n import _, _n
from knowledge.i18n.curated import curated
from knowledge.render.mrkdwn import contact_line, escape, figure_sentence, strong

RELEASES_PER_MESSAGE = 10
MAX_MESSAGES = 5
METADATA_EVENT = "iom_digest"


@dataclass(frozen=True)
class DigestMessage:
    """One chat.postMessage worth of digest, and the release ids it delivers."""

    release_ids: tuple[str, ...]
    text: str
    blocks: list[dict[str, Any]]

    def payload(self, channel: str) -> dict[str, Any]:
        """Arguments for chat.postMessage; metadata lets a later run recognise this post."""
        return {
            "channel": channel,
            "text": self.text,
            "blocks": self.blocks,
            "unfurl_links": False,
            "unfurl_media": False,
            "metadata": {
                "event_type": METADATA_EVENT,
                "event_payload": {"release_ids": ",".join(self.release_ids)},
            },
        }


def release_blocks(kb: KnowledgeBase, release: Release) -> list[dict[str, Any]]:
    """Title, one-line summary, key figure and press contact of one release: three blocks."""
    title = curated(release.title, release.title_es)
    lines = [strong(title), escape(curated(release.summary, release.summary_es))]
    figure = kb.key_figure(release.id)
    if figure is not None:
        lines.append(_("Key figure: {figure}").format(figure=figure_sentence(figure)))
    contacts = kb.release_contacts(release.id)
    if contacts:
        contact = _("Press contact: {contact}").format(contact=contact_line(contacts[0]))
    else:
        contact = _("Press contact: none named in this release.")
    date = release.date.isoformat() if release.date else _("date not given")
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": cut("\n".join(lines), SECTION_TEXT)},
        },
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": cut(f"{contact} · {date}", 2000)}],
        },
        {"type": "divider"},
    ]


def header_text(total: int, part: int, parts: int) -> str:
    said = _n("IOM Mexico: {n} new release", "IOM Mexico: {n} new releases", total)
    suffix = f" ({part}/{parts})" if parts > 1 else ""
    return said.format(n=total) + suffix


def build_messages(
    kb: KnowledgeBase, release_ids: list[str], lang: Lang = "en"
) -> list[DigestMessage]:
    """The messages of one digest, each within Slack's limits, in the channel's ``lang``.

    Releases beyond ``RELEASES_PER_MESSAGE * MAX_MESSAGES`` are not posted by this run;
    the last message says how many more wait. They stay pending and go out in the next
    digest.
    """
    with speaking(lang):
        return _build_messages(kb, release_ids)


def _build_messages(kb: KnowledgeBase, release_ids: list[str]) -> list[DigestMessage]:
    fits = release_ids[: RELEASES_PER_MESSAGE * MAX_MESSAGES]
    batches = [
        fits[i : i + RELEASES_PER_MESSAGE] for i in range(0, len(fits), RELEASES_PER_MESSAGE)
    ]
    messages = []
    left = len(release_ids) - len(fits)
    for part, batch in enumerate(batches, start=1):
        title = header_text(len(release_ids), part, len(batches))
        blocks: list[dict[str, Any]] = [
            {"type": "header", "text": {"type": "plain_text", "text": cut(title, 150)}}
        ]
        for rid in batch:
            blocks += release_blocks(kb, kb.release(rid))
        if part == len(batches) and left:
            blocks.append(
                {
                    "type": "context",
                    "elements": [
                        {
                            "type": "mrkdwn",
                            "text": _(
                                "…and {n} more in the next digest "
                                "(`/iom digest status` lists what is pending here)."
                            ).format(n=left),
                        }
                    ],
                }
            )
        assert len(blocks) <= MAX_BLOCKS
        titles = "; ".join(
            curated(kb.release(rid).title, kb.release(rid).title_es) for rid in batch
        )
        text = plain_text(escape(f"{title}: {titles}"))
        messages.append(DigestMessage(tuple(batch), text, blocks))
    return messages


def no_news_message(lang: Lang = "en") -> dict[str, Any]:
    with speaking(lang):
        text = _("IOM Mexico: no new releases since the last digest.")
    return {
        "text": text,
        "blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}],
        "unfurl_links": False,
        "unfurl_media": False,
    }
