"""``/iom``: ack at once, then answer ephemerally through ``respond()``.

``respond()`` posts to the command's response_url, which works in DMs and in channels the
bot has not joined — places where ``say()`` / chat.postMessage would fail.

Subcommands are a table from first word to function. ``help`` and ``digest`` are routed
there; anything else is a question. To add a subcommand, add an entry to
``default_subcommands`` (or pass ``subcommands=`` to ``register``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.digest import commands as digest_commands
from bot.slack import language_command as language
from bot.slack.blocks import help_message
from bot.slack.deps import Deps
from bot.slack.listeners.errors import ack_at_once, apology_on_failure
from bot.slack.replies import channel_type, clean_question, language_of, reply_for, send
from knowledge import speaking

COMMAND = "/iom"


@dataclass(frozen=True)
class CommandRequest:
    """One ``/iom`` invocation, as the subcommand functions see it."""

    deps: Deps
    text: str  # everything after the command name
    args: str  # everything after the subcommand word
    body: Mapping[str, Any]
    respond: Respond
    where: str = field(default="channel")  # channel type, for curator records
    client: Any = None  # the request's WebClient, for subcommands that call Slack

    def reply(self, message: dict[str, Any], **options: Any) -> None:
        """Ephemeral unless told otherwise: only the person who asked sees it."""
        options.setdefault("response_type", "ephemeral")
        send(self.respond, message, **options)


Subcommand = Callable[[CommandRequest], None]


def show_help(request: CommandRequest) -> None:
    request.reply(help_message("command"))


def digest(request: CommandRequest) -> None:
    digest_commands.handle(request, request.client, request.deps.digest)


def answer_question(request: CommandRequest) -> None:
    request.reply(
        reply_for(
            request.deps,
            request.text,
            surface="command",
            where=request.where,
            shareable=True,
            workspace=request.deps.workspace(request.body),
        )
    )


def default_subcommands() -> dict[str, Subcommand]:
    return {
        "help": show_help,
        "ayuda": show_help,
        "digest": digest,
        "language": language.set_language,
        "idioma": language.set_language,
        "lang": language.set_language,
    }


def route(request: CommandRequest, subcommands: Mapping[str, Subcommand]) -> None:
    """Dispatch on the first word; an empty command shows help, anything unknown is a question."""
    text = clean_question(request.text)
    if not text:
        show_help(request)
        return
    word, _, rest = text.partition(" ")
    handler = subcommands.get(word.casefold())
    if handler is None:
        answer_question(request)
        return
    handler(dataclasses.replace(request, text=text, args=rest.strip()))


def handle_command(
    deps: Deps,
    body: Mapping[str, Any],
    respond: Respond,
    subcommands: Mapping[str, Subcommand],
    client: Any = None,
) -> None:
    request = CommandRequest(
        deps=deps,
        text=body.get("text") or "",
        args="",
        body=body,
        respond=respond,
        where=channel_type(body.get("channel_id"), hint=body.get("channel_name")),
        client=client,
    )
    route(request, subcommands)


def register(app: App, deps: Deps, subcommands: Mapping[str, Subcommand] | None = None) -> None:
    routes = {**default_subcommands(), **(subcommands or {})}

    def on_iom(body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        lang = language_of(deps, body, body.get("text") or "", client)
        with speaking(lang), apology_on_failure(deps, body, respond=respond):
            handle_command(deps, body, respond, routes, client)

    # The ack is the HTTP response itself (bot.slack.app: process_before_response); the answer
    # is lazy work, so Slack's 3-second deadline never depends on the engine or on Slack.
    app.command(COMMAND)(ack=ack_at_once, lazy=[on_iom])
