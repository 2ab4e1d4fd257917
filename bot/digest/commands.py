"""``/iom digest …``: subscribe, unsubscribe, preview and status, as plain functions.

Called by the command listener's subcommand table with the request and a WebClient;
everything they say goes back ephemerally to the person who typed the command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.digest.ledger import DigestLedger
from bot.digest.messages import build_messages
from bot.digest.plan import plan_channel
from bot.digest.results import INVITE
from bot.settings import DigestSettings
from bot.slack.blocks import escape, notice_message

HELP = (
    "`/iom digest subscribe` posts IOM Mexico release digests in this channel, "
    "`/iom digest unsubscribe` stops them, `/iom digest preview` shows the next one "
    "(only to you), `/iom digest status` shows the schedule and what is pending."
)


NOT_A_MEMBER = (
    f"I am not in this channel yet. Add me with `{INVITE}` "
    "(or the channel's name > Integrations > Add apps), then subscribe again."
)
NOT_A_CHANNEL = (
    "Digests go to channels, not direct messages or group DMs. "
    "Run `/iom digest subscribe` in the channel that should receive them."
)


def is_conversation_with_people(channel: str, channel_name: str = "") -> bool:
    """A DM or a group DM (mpim: ``mpdm-…`` names; their ids start with G, as old private
    channels' do, so the id alone does not tell)."""
    return (
        channel.startswith("D")
        or channel_name.startswith("mpdm-")
        or channel_name == ("directmessage")
    )


def membership_problem(client: Any, channel: str, channel_name: str = "") -> str | None:
    """Why the bot could not post in ``channel``, or None if it can."""
    if is_conversation_with_people(channel, channel_name):
        return NOT_A_CHANNEL
    try:
        info = client.conversations_info(channel=channel)
    except Exception as exc:  # any failure means we cannot confirm membership
        code = getattr(getattr(exc, "response", None), "get", lambda *_: None)("error")
        if code in ("channel_not_found", "not_in_channel"):
            return NOT_A_MEMBER
        raise
    details = info.get("channel", {})
    if details.get("is_mpim") or details.get("is_im"):
        return NOT_A_CHANNEL
    if not details.get("is_member"):
        return NOT_A_MEMBER
    return None


def subscribe(
    ledger: DigestLedger, client: Any, channel: str, config: DigestSettings, channel_name: str = ""
) -> str:
    problem = membership_problem(client, channel, channel_name)
    if problem:
        return problem
    if not ledger.subscribe(channel, "command"):
        return "This channel already receives IOM Mexico digests. " + schedule_line(config)
    return (
        "Subscribed: this channel will receive IOM Mexico release digests. "
        + schedule_line(config)
        + f" The first digest covers at most the {config.backfill} newest releases."
    )


def unsubscribe(ledger: DigestLedger, client: Any, channel: str, config: DigestSettings) -> str:
    if ledger.unsubscribe(channel):
        return "Unsubscribed: no more digests in this channel."
    return "This channel was not subscribed to digests."


def schedule_line(config: DigestSettings) -> str:
    return f"Digests go out on the schedule `{config.cron}` ({config.tz})."


def status(ledger: DigestLedger, client: Any, channel: str, config: DigestSettings, kb: Any) -> str:
    subscribed = ledger.is_subscribed(channel)
    plan = plan_channel(kb, ledger, channel, config.backfill)
    lines = [
        ("Subscribed." if subscribed else "Not subscribed (`/iom digest subscribe`)."),
        schedule_line(config),
        f"Pending for this channel: {len(plan.post)} release(s).",
    ]
    lines += [f"• {escape(kb.release(rid).title)}" for rid in plan.post[:10]]
    if len(plan.post) > 10:
        lines.append(f"…and {len(plan.post) - 10} more.")
    return "\n".join(lines)


def preview_messages(
    ledger: DigestLedger, channel: str, config: DigestSettings, kb: Any
) -> list[dict[str, Any]]:
    """The next digest for this channel, as it would be posted (nothing is recorded)."""
    plan = plan_channel(kb, ledger, channel, config.backfill)
    if not plan.post:
        return [notice_message("Nothing new: the next digest would be empty.")]
    return [{"text": m.text, "blocks": m.blocks} for m in build_messages(kb, plan.post)]


def handle(request: Any, client: Any, config: DigestSettings) -> None:
    """Route ``/iom digest <word>``; ``/iom digest`` alone is a preview."""
    ledger = DigestLedger(request.deps.state)
    channel = request.body.get("channel_id") or ""
    channel_name = request.body.get("channel_name") or ""
    word = (request.args.split() or ["preview"])[0].casefold()
    actions: dict[str, Callable[[], str]] = {
        "subscribe": lambda: subscribe(ledger, client, channel, config, channel_name),
        "unsubscribe": lambda: unsubscribe(ledger, client, channel, config),
        "status": lambda: status(ledger, client, channel, config, request.deps.knowledge_now),
        "help": lambda: HELP,
    }
    if word == "preview":
        for message in preview_messages(ledger, channel, config, request.deps.knowledge_now):
            request.reply(message)
        return
    action = actions.get(word)
    request.reply(notice_message(action() if action else f"Unknown digest command. {HELP}"))
