"""One digest run: for each subscribed channel, post what it has not received, exactly once.

Used by the scheduler inside ``iom-bot run`` and by ``iom-bot digest`` (system cron).
A release is recorded as delivered only after Slack confirmed the post; a definite
refusal (``not_in_channel``, a refused connection) leaves it pending; an unknown outcome
(a timeout, a 5xx) leaves it "posting" and the next run looks for the digest's own
message (its metadata names the release ids) before posting again.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.digest import METADATA_EVENT, build_messages, no_news_message, plan_channel
from bot.digest_store import DigestLedger
from knowledge import KnowledgeBase

log = logging.getLogger(__name__)

HINTS = {
    "not_in_channel": "invite the bot to the channel (/invite @iom) and run the digest again",
    "channel_not_found": "the channel does not exist or the bot cannot see it; invite the bot",
    "is_archived": "the channel is archived; unsubscribe it with /iom digest unsubscribe",
    "missing_scope": "reinstall the app from the manifest so it has the scopes it needs",
    "ratelimited": "Slack kept rate-limiting; the releases stay pending for the next run",
}


@dataclass(frozen=True)
class DigestConfig:
    backfill: int = 10
    post_empty: bool = False


@dataclass
class ChannelResult:
    channel: str
    posted: list[str] = field(default_factory=list)
    marked_seen: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # found already posted by an earlier run
    pending: list[str] = field(default_factory=list)
    error: str | None = None
    note: str | None = None

    def line(self) -> str:
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


class PostFailed(Exception):
    def __init__(self, reason: str, *, definite: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.definite = definite  # Slack certainly did not post


def describe(exc: Exception) -> PostFailed:
    """Classify a failed call: did Slack certainly not post, or do we not know?"""
    if isinstance(exc, SlackApiError):
        status = getattr(exc.response, "status_code", 200)
        code = exc.response.get("error") if hasattr(exc.response, "get") else None
        if status >= 500 or code is None:
            return PostFailed(f"Slack answered HTTP {status}", definite=False)
        hint = HINTS.get(code)
        return PostFailed(f"{code}" + (f" ({hint})" if hint else ""), definite=True)
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return PostFailed("cannot connect to Slack (connection refused)", definite=True)
        if isinstance(cause, (TimeoutError, socket.timeout)):
            break
        cause = cause.__cause__ or cause.__context__ or getattr(cause, "reason", None)
        if not isinstance(cause, BaseException):
            break
    return PostFailed(f"no answer from Slack ({type(exc).__name__})", definite=False)


class DigestRunner:
    def __init__(
        self, kb: KnowledgeBase, ledger: DigestLedger, client: WebClient, config: DigestConfig
    ) -> None:
        self.kb = kb
        self.ledger = ledger
        self.client = client
        self.config = config
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def run(
        self, channels: list[str] | None = None, *, dry_run: bool = False
    ) -> list[ChannelResult]:
        targets = channels if channels is not None else self.ledger.subscriptions()
        return [self.preview(c) if dry_run else self.run_channel(c) for c in targets]

    # -- one channel ------------------------------------------------------------------------
    def preview(self, channel: str) -> ChannelResult:
        """What a run would post now; changes nothing."""
        plan = plan_channel(self.kb, self.ledger, channel, self.config.backfill)
        result = ChannelResult(channel, posted=plan.post, marked_seen=plan.skip)
        result.note = f"would post {len(plan.post)} release(s)" + (
            f", count {len(plan.skip)} older as seen" if plan.skip else ""
        )
        return result

    def messages_for(self, channel: str) -> list[dict[str, Any]]:
        plan = plan_channel(self.kb, self.ledger, channel, self.config.backfill)
        return [m.payload(channel) for m in build_messages(self.kb, plan.post)]

    def run_channel(self, channel: str) -> ChannelResult:
        result = ChannelResult(channel)
        if not self.ledger.acquire(channel, self.owner):
            result.note = "skipped: another digest run is working on this channel"
            return result
        try:
            self.reconcile(channel, result)
            if result.error:
                return result
            plan = plan_channel(self.kb, self.ledger, channel, self.config.backfill)
            self.ledger.mark_seen(channel, plan.skip)
            result.marked_seen = plan.skip
            if not plan.post:
                if self.config.post_empty and not plan.first:
                    self.client.chat_postMessage(channel=channel, **no_news_message())
                result.note = "nothing new"
                return result
            self.post(channel, plan.post, result)
        finally:
            self.ledger.release(channel, self.owner)
        return result

    def post(self, channel: str, release_ids: list[str], result: ChannelResult) -> None:
        messages = build_messages(self.kb, release_ids)
        for n, message in enumerate(messages):
            claimed = self.ledger.begin_post(channel, message.release_ids)
            if list(claimed) != list(message.release_ids):
                self.ledger.abandon(channel, claimed)  # another run got there: leave it to them
                result.note = "skipped: another digest run is posting to this channel"
                return
            try:
                response = self.client.chat_postMessage(**message.payload(channel))
            except Exception as exc:  # noqa: BLE001 - every failure is classified below
                failure = describe(exc)
                if failure.definite:
                    self.ledger.abandon(channel, claimed)
                log.warning("digest post to %s failed: %s", channel, failure.reason)
                result.error = failure.reason
                result.pending = [rid for m in messages[n:] for rid in m.release_ids]
                return
            self.ledger.confirm(channel, claimed, str(response.get("ts")))
            result.posted += claimed

    def reconcile(self, channel: str, result: ChannelResult) -> None:
        """Settle posts whose outcome is unknown by looking for them in the channel."""
        in_flight = self.ledger.in_flight(channel)
        if not in_flight:
            return
        oldest = min(f.started_at for f in in_flight) - 60
        try:
            found = self.find_posted(channel, oldest)
        except Exception as exc:  # noqa: BLE001
            failure = describe(exc)
            result.error = (
                f"cannot check whether an earlier digest was posted "
                f"({failure.reason}); not posting blindly"
            )
            result.pending = [f.release_id for f in in_flight]
            return
        for ts, ids in found.items():
            mine = [f.release_id for f in in_flight if f.release_id in ids]
            if mine:
                self.ledger.confirm(channel, mine, ts)
                result.recovered += mine
        missing = [f.release_id for f in in_flight if f.release_id not in result.recovered]
        self.ledger.abandon(channel, missing)

    def find_posted(self, channel: str, oldest: float) -> dict[str, set[str]]:
        """Digest messages in the channel since ``oldest``: ts → release ids (from metadata)."""
        found: dict[str, set[str]] = {}
        cursor = None
        for _ in range(10):  # at most 10 pages of 200 messages
            response = self.client.conversations_history(
                channel=channel,
                oldest=f"{oldest:.6f}",
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
            for message in response.get("messages", []):
                metadata = message.get("metadata") or {}
                if metadata.get("event_type") == METADATA_EVENT:
                    ids = str(metadata.get("event_payload", {}).get("release_ids", ""))
                    found[message["ts"]] = {i for i in ids.split(",") if i}
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return found
