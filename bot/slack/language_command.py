"""``/iom language es|en|auto`` (or ``/iom idioma …``): the user's own answer language,
remembered in the state database; ``auto`` forgets it (the Slack locale and the
question's language decide again). Without an argument it says which language applies.
"""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import notice_message
from bot.slack.language import LanguageChooser, choice_of, user_of
from knowledge import current_language, speaking
from knowledge.i18n import _


def set_language(request: Any) -> None:
    """A subcommand of ``/iom`` (``bot.slack.listeners.commands``)."""
    word = request.args.split(" ")[0] if request.args else ""
    known, lang = choice_of(word)
    user = user_of(request.body)
    if not word or not known or user is None:
        request.reply(notice_message(usage()))
        return
    LanguageChooser(request.deps.state).set_choice(user, lang, request.deps.workspace(request.body))
    with speaking(lang or current_language()):
        if lang is None:
            said = _(
                "I will answer in the language of your Slack settings, or of your question "
                "when it is long enough to tell."
            )
        elif lang == "es":
            said = _("From now on I answer you in Spanish.")
        else:
            said = _("From now on I answer you in English.")
        request.reply(notice_message(said))


def usage() -> str:
    return _(
        "Choose the language I answer you in: `/iom language es` (Spanish), "
        "`/iom language en` (English) or `/iom language auto` (your Slack settings, else "
        "your question's language)."
    )
