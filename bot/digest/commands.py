"""``/iom digest …``: subscribe, unsubscribe, preview and status, as plain functions.

Called by the command listener's subcommand table with the request and a WebClient;
everything they say goes back ephemerally to the person who typed the command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.digest.languages import channel_language, set_channel_language
from bot.digest.ledger import DigestLedger
from bot.digest.messages import build_messages
from bot.digest.plan import plan_channel
from bot.digest.results import INVITE
from bot.settings import DigestSettings
from bot.slack.blocks import escape, notice_message
from bot.slack.language import choice_of
from bot.slack.turns import waiting_on_slack
from knowledge import Lang, as_lang
from knowledge.i18n import N_, _
from knowledge.i18n.curated import curated

HELP = N_(
    "`/iom digest subscribe` posts IOM Mexico release digests in this channel "
    "(`/iom digest subscribe es`: in Spanish), `/iom digest unsubscribe` stops them, "
    "`/iom digest preview` shows the next one (only to you), `/iom digest status` shows the "
    "schedule and what is pending."
)


NOT_A_MEMBER_TEMPLATE = N_(
    "I am not in this channel yet. Add me with `{invite}` "
    "(or the channel's name > Integrations > Add apps), then subscribe again."
)
NOT_A_MEMBER = NOT_A_MEMBER_TEMPLATE.format(invite=INVITE)  # (in English)
NOT_A_CHANNEL = N_(
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
        return _(NOT_A_CHANNEL)
    try:
        with waiting_on_slack():
            info = client.conversations_info(channel=channel)
    except Exception as exc:  # any failure means we cannot confirm membership
        code = getattr(getattr(exc, "response", None), "get", lambda *_: None)("error")
        if code in ("channel_not_found", "not_in_channel"):
            return _(NOT_A_MEMBER_TEMPLATE).format(invite=INVITE)
        raise
    details = info.get("channel", {})
    if details.get("is_mpim") or details.get("is_im"):
        return _(NOT_A_CHANNEL)
    if not details.get("is_member"):
        return _(NOT_A_MEMBER_TEMPLATE).format(invite=INVITE)
    return None


def subscribe(
    ledger: DigestLedger,
    client: Any,
    channel: str,
    config: DigestSettings,
    channel_name: str = "",
    language: str = "",
) -> str:
    """``language``: the word after ``subscribe`` (es, en, auto; none keeps the channel's)."""
    known, lang = choice_of(language) if language else (True, None)
    if not known:
        return _("Digests can be in `es` (Spanish) or `en` (English): `/iom digest subscribe es`.")
    problem = membership_problem(client, channel, channel_name)
    if problem:
        return problem
    new = ledger.subscribe(channel, "command")
    if language:
        set_channel_language(ledger, channel, lang)
    in_lang = language_line(lang) if language else ""
    if not new:
        return (
            _("This channel already receives IOM Mexico digests.")
            + in_lang
            + " "
            + schedule_line(config)
        )
    return (
        _("Subscribed: this channel will receive IOM Mexico release digests.")
        + in_lang
        + " "
        + schedule_line(config)
        + " "
        + _("The first digest covers at most the {n} newest releases.").format(n=config.backfill)
    )


def language_line(lang: str | None) -> str:
    if lang == "es":
        return " " + _("They will be in Spanish.")
    if lang == "en":
        return " " + _("They will be in English.")
    return " " + _("They will be in the workspace's language.")


def unsubscribe(ledger: DigestLedger, client: Any, channel: str, config: DigestSettings) -> str:
    if ledger.unsubscribe(channel):
        return _("Unsubscribed: no more digests in this channel.")
    return _("This channel was not subscribed to digests.")


def schedule_line(config: DigestSettings) -> str:
    return _("Digests go out on the schedule `{cron}` ({tz}).").format(
        cron=config.cron, tz=config.tz
    )


def status(ledger: DigestLedger, client: Any, channel: str, config: DigestSettings, kb: Any) -> str:
    subscribed = ledger.is_subscribed(channel)
    plan = plan_channel(kb, ledger, channel, config.backfill)
    lines = [
        (_("Subscribed.") if subscribed else _("Not subscribed (`/iom digest subscribe`).")),
        schedule_line(config),
        _("Pending for this channel: {n} release(s).").format(n=len(plan.post)),
    ]
    lines += [
        f"• {escape(curated(kb.release(rid).title, kb.release(rid).title_es))}"
        for rid in plan.post[:10]
    ]
    if len(plan.post) > 10:
        lines.append(_("…and {n} more.").format(n=len(plan.post) - 10))
    return "\n".join(lines)


def preview_messages(
    ledger: DigestLedger, channel: str, config: DigestSettings, kb: Any
) -> list[dict[str, Any]]:
    """The next digest for this channel, as it would be posted (nothing is recorded)."""
    plan = plan_channel(kb, ledger, channel, config.backfill)
    if not plan.post:
        return [notice_message(_("Nothing new: the next digest would be empty."))]
    lang = channel_or_default(ledger, channel, config)
    return [{"text": m.text, "blocks": m.blocks} for m in build_messages(kb, plan.post, lang)]


def channel_or_default(ledger: DigestLedger, channel: str, config: DigestSettings) -> Lang:
    """The channel's digest language, else the workspace's."""
    return channel_language(ledger, channel, as_lang(config.lang) or "en")


def handle(request: Any, client: Any, config: DigestSettings) -> None:
    """Route ``/iom digest <word>``; ``/iom digest`` alone is a preview."""
    ledger = DigestLedger(request.deps.state, workspace=request.deps.workspace(request.body))
    channel = request.body.get("channel_id") or ""
    channel_name = request.body.get("channel_name") or ""
    words = request.args.split() or ["preview"]
    word = words[0].casefold()
    language = words[1] if len(words) > 1 else ""
    actions: dict[str, Callable[[], str]] = {
        "subscribe": lambda: subscribe(ledger, client, channel, config, channel_name, language),
        "unsubscribe": lambda: unsubscribe(ledger, client, channel, config),
        "status": lambda: status(ledger, client, channel, config, request.deps.knowledge_now),
        "help": lambda: _(HELP),
    }
    if word == "preview":
        for message in preview_messages(ledger, channel, config, request.deps.knowledge_now):
            request.reply(message)
        return
    action = actions.get(word)
    request.reply(
        notice_message(action() if action else _("Unknown digest command.") + " " + _(HELP))
    )
