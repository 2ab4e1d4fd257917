"""What one digest run reports per channel, and how a failed Slack call is classified.

Every channel's result has a ``kind`` the CLI turns into its exit status: delivered (or
nothing to do), ``failed`` (a post failed) or ``unknown`` (its outcome is unknown),
``skipped`` (another live run holds the channel) or ``state`` (the state database failed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError

from bot.slack.client import connection_refused, error_chain

# The app's bot user (slack-manifest.yaml, features.bot_user.display_name).
INVITE = "/invite @iom-bot"
HINTS = {
    "not_in_channel": f"invite the bot to the channel ({INVITE}) and run the digest again",
    "channel_not_found": "the channel does not exist or the bot cannot see it; invite the bot",
    "is_archived": "the channel is archived; unsubscribe it with /iom digest unsubscribe",
    "missing_scope": "reinstall the app from the manifest so it has the scopes it needs",
    "ratelimited": "Slack kept rate-limiting; the releases stay pending for the next run",
}


@dataclass
class ChannelResult:
    channel: str
    posted: list[str] = field(default_factory=list)
    marked_seen: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # found already posted by an earlier run
    pending: list[str] = field(default_factory=list)
    error: str | None = None
    note: str | None = None
    kind: str = "ok"  # ok | failed | unknown | skipped | state
    waiting: int = 0  # (dry run) pending releases beyond what one run posts

    def line(self) -> str:
        if self.kind == "unknown":
            return (
                f"{self.channel}: OUTCOME UNKNOWN: {self.error}; {len(self.pending)} "
                "release(s) not confirmed, the next run checks the channel before posting again"
            )
        if self.kind == "skipped":
            return f"{self.channel}: SKIPPED: {self.note or self.error}"
        if self.kind == "state":
            return f"{self.channel}: FAILED: state database error: {self.error}"
        if self.error:
            return (
                f"{self.channel}: FAILED: {self.error}; {len(self.pending)} release(s) stay pending"
            )
        if self.note:
            return f"{self.channel}: {self.note}"
        parts = [f"posted {len(self.posted)} release(s)"]
        if self.marked_seen:
            parts.append(f"{len(self.marked_seen)} older release(s) counted as seen")
        if self.recovered:
            parts.append(f"{len(self.recovered)} found already posted")
        return f"{self.channel}: " + ", ".join(parts)

    @property
    def delivered(self) -> bool:
        return self.kind == "ok" and not self.error


class PostFailed(Exception):
    def __init__(self, reason: str, *, definite: bool, answered: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.definite = definite  # Slack certainly did not post
        self.answered = answered  # Slack answered (a 5xx): nothing is still on its way


def describe(exc: BaseException) -> PostFailed:
    """Classify a failed call: did Slack certainly not post, or do we not know?

    Only a refused connection (the request never left) and an error answer from Slack are
    definite. Everything else, a dropped connection (``RemoteDisconnected``,
    ``ConnectionResetError``), ``URLError``, ``TimeoutError``, any other ``OSError``, a 5xx,
    is unknown. The chain is followed through explicit causes and ``URLError.reason`` only,
    not ``__context__``: an earlier, handled refusal must not make a later drop "definite".
    """
    if isinstance(exc, SlackApiError):
        status = getattr(exc.response, "status_code", 200)
        code = exc.response.get("error") if hasattr(exc.response, "get") else None
        if status >= 500 or code is None:
            return PostFailed(f"Slack answered HTTP {status}", definite=False, answered=True)
        hint = HINTS.get(code)
        return PostFailed(f"{code}" + (f" ({hint})" if hint else ""), definite=True)
    if connection_refused(exc):
        return PostFailed("cannot connect to Slack (connection refused)", definite=True)
    if any(isinstance(cause, TimeoutError) for cause in error_chain(exc)):
        return PostFailed("no answer from Slack (timed out)", definite=False)
    return PostFailed(f"no answer from Slack ({type(exc).__name__})", definite=False)
