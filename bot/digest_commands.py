"""``/iom digest …``: subscribe, unsubscribe, preview and status, as plain functions.

Called by the command listener's subcommand table with the request and a WebClient;
everything they say goes back ephemerally to the person who typed the command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.blocks import escape, notice_message
from bot.digest import build_messages, plan_channel
from bot.digest_store import DigestLedger
from bot.settings import DigestSettings

HELP = (
    "`/iom digest subscribe` posts IOM Mexico release digests in this channel, "
    "`/iom digest unsubscribe` stops them, `/iom digest preview` shows the next one "
    "(only to you), `/iom digest status` shows the schedule and what is pending."
)


def membership_problem(client: Any, channel: str) -> str | None:
    """Why the bot could not post in ``channel``, or None if it can."""
    if channel.startswith("D"):
        return "Digests go to channels, not direct messages."
    try:
        info = client.conversations_info(channel=channel)
    except Exception as exc:  # noqa: BLE001 - any failure means we cannot confirm membership
        code = getattr(getattr(exc, "response", None), "get", lambda *_: None)("error")
        if code in ("channel_not_found", "not_in_channel"):
            return (
                "I am not in this channel. Add me with `/invite @iom-bot` "
                "(or the channel's name > Integrations > Add apps), then subscribe again."
            )
        raise
    if not info.get("channel", {}).get("is_member"):
        return (
            "I am not in this channel yet. Add me with `/invite @iom-bot` "
            "(or the channel's name > Integrations > Add apps), then subscribe again."
        )
    return None


def subscribe(ledger: DigestLedger, client: Any, channel: str, config: DigestSettings) -> str:
    problem = membership_problem(client, channel)
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
    word = (request.args.split() or ["preview"])[0].casefold()
    actions: dict[str, Callable[[], str]] = {
        "subscribe": lambda: subscribe(ledger, client, channel, config),
        "unsubscribe": lambda: unsubscribe(ledger, client, channel, config),
        "status": lambda: status(ledger, client, channel, config, request.deps.kb),
        "help": lambda: HELP,
    }
    if word == "preview":
        for message in preview_messages(ledger, channel, config, request.deps.kb):
            request.reply(message)
        return
    action = actions.get(word)
    request.reply(notice_message(action() if action else f"Unknown digest command. {HELP}"))
