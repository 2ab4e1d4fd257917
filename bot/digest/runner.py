"""One digest run: for each subscribed channel, post what it has not received, exactly once.

Used by the scheduler inside ``iom-bot run`` and by ``iom-bot digest`` (system cron).
A release is recorded as delivered only after Slack confirmed the post; a definite
refusal (``not_in_channel``, a refused connection) leaves it pending; an unknown outcome
(a timeout, a 5xx, a connection dropped after the request was sent) leaves it "posting"
and the next run looks for the digest's own message (its metadata names the release ids)
before posting again.

Every channel's result (``bot.digest.results.ChannelResult``) has a ``kind`` the CLI
turns into its exit status.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import Any

from slack_sdk import WebClient

from bot.digest.languages import channel_language
from bot.digest.ledger import DigestLedger
from bot.digest.messages import (
    MAX_MESSAGES,
    METADATA_EVENT,
    RELEASES_PER_MESSAGE,
    build_messages,
    no_news_message,
)
from bot.digest.plan import plan_channel
from bot.digest.results import ChannelResult, describe
from bot.settings import DigestSettings
from bot.slack.turns import waiting_on_slack
from bot.state import StateError
from knowledge import KnowledgeBase, Lang, as_lang

log = logging.getLogger(__name__)

# The longest one rate-limit retry of a digest call may sleep: far below the lease
# (bot.digest.ledger.LEASE_TTL, HEARTBEAT_STALE), so a run never outlives it waiting.
DIGEST_MAX_RETRY_WAIT = 30.0
# A "posting" row this recent, not found in the channel, may still be in Slack's hands
# (the call timed out or its connection dropped, or the run that sent it was killed
# mid-call): leave it for a later run, do not re-post.
SETTLE_SECONDS = 60.0
HISTORY_PAGES = 10  # pages of 200 messages read to find an earlier post


class LeaseLost(Exception):
    """Another run took this channel's lease over: stop before posting anything more."""


class DigestRunner:
    def __init__(
        self, kb: KnowledgeBase, ledger: DigestLedger, client: WebClient, config: DigestSettings
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
        if not dry_run:
            try:
                self.ledger.prune()
            except StateError as exc:
                log.warning("digest ledger pruning failed: %s", exc)
        return [self.preview(c) if dry_run else self.run_channel(c) for c in targets]

    # -- one channel ------------------------------------------------------------------------
    def preview(self, channel: str) -> ChannelResult:
        """What a run would post now; changes nothing."""
        plan = plan_channel(self.kb, self.ledger, channel, self.config.backfill)
        now = plan.post[: RELEASES_PER_MESSAGE * MAX_MESSAGES]
        result = ChannelResult(channel, posted=now, marked_seen=plan.skip)
        result.waiting = len(plan.post) - len(now)
        result.note = f"would post {len(now)} release(s)"
        if result.waiting:
            result.note += f", {result.waiting} more wait for the next digest"
        if plan.skip:
            result.note += f", count {len(plan.skip)} older as seen"
        return result

    def messages_for(self, channel: str) -> list[dict[str, Any]]:
        plan = plan_channel(self.kb, self.ledger, channel, self.config.backfill)
        lang = self.language(channel)
        return [m.payload(channel) for m in build_messages(self.kb, plan.post, lang)]

    def language(self, channel: str) -> Lang:
        """The channel's digest language (``bot.digest.languages``)."""
        default = as_lang(self.config.lang) or "en"
        try:
            return channel_language(self.ledger, channel, default)
        except StateError:
            return default

    def run_channel(self, channel: str) -> ChannelResult:
        result = ChannelResult(channel)
        try:
            lease = self.ledger.take(channel, self.owner)
            if not lease.taken:
                holder = lease.previous
                who = f" ({holder.describe()})" if holder else ""
                result.kind = "skipped"
                result.note = f"another digest run{who} is working on this channel; nothing posted"
                return result
        except StateError as exc:
            result.kind, result.error = "state", str(exc)
            return result
        if lease.previous is not None:
            log.warning(
                "digest lease of %s taken over from %s (dead or silent)",
                channel,
                lease.previous.describe(),
            )
        try:
            self._run_channel(channel, result, took_over=lease.previous is not None)
        except LeaseLost:
            result.kind = "skipped"
            result.note = "another digest run took this channel over mid-run; stopped posting"
        except StateError as exc:
            result.kind, result.error = "state", str(exc)
        finally:
            try:
                self.ledger.release(channel, self.owner)
            except StateError as exc:
                log.warning("could not release the digest lease of %s: %s", channel, exc)
        return result

    def _run_channel(self, channel: str, result: ChannelResult, *, took_over: bool) -> None:
        self.reconcile(channel, result, took_over=took_over)
        if result.error:
            return
        plan = plan_channel(self.kb, self.ledger, channel, self.config.backfill)
        self.ledger.mark_seen(channel, plan.skip)
        result.marked_seen = plan.skip
        if not plan.post:
            if self.config.post_empty and not plan.first:
                self.heartbeat(channel)
                try:
                    message = no_news_message(self.language(channel))
                    with waiting_on_slack():
                        self.client.chat_postMessage(channel=channel, **message)
                except Exception as exc:  # classified, reported
                    failure = describe(exc)
                    result.kind = "failed" if failure.definite else "unknown"
                    result.error = f"the no-news message failed: {failure.reason}"
                    return
            if not result.recovered:
                result.note = "nothing new"
            return
        self.post(channel, plan.post, result)

    def heartbeat(self, channel: str) -> None:
        if not self.ledger.heartbeat(channel, self.owner):
            raise LeaseLost(channel)

    def post(self, channel: str, release_ids: list[str], result: ChannelResult) -> None:
        messages = build_messages(self.kb, release_ids, self.language(channel))
        for n, message in enumerate(messages):
            self.heartbeat(channel)
            claimed = self.ledger.begin_post(channel, message.release_ids)
            if list(claimed) != list(message.release_ids):
                self.ledger.abandon(channel, claimed)  # another run got there: leave it to them
                result.kind = "skipped"
                result.note = "another digest run is posting to this channel"
                return
            try:
                with waiting_on_slack():
                    response = self.client.chat_postMessage(**message.payload(channel))
            except Exception as exc:  # every failure is classified below
                failure = describe(exc)
                if failure.definite:
                    self.ledger.abandon(channel, claimed)
                elif failure.answered:  # look for it next run, but no need to let it settle
                    self.ledger.backdate(channel, claimed, SETTLE_SECONDS)
                log.warning("digest post to %s failed: %s", channel, failure.reason)
                result.kind = "failed" if failure.definite else "unknown"
                result.error = failure.reason
                result.pending = [rid for m in messages[n:] for rid in m.release_ids]
                return
            self.ledger.confirm(channel, claimed, str(response.get("ts")))
            result.posted += claimed

    def reconcile(self, channel: str, result: ChannelResult, *, took_over: bool = False) -> None:
        """Settle posts whose outcome is unknown by looking for them in the channel.

        A post not found may still be in Slack's hands (a timed-out call, a dropped
        connection, a run killed mid-call), so one begun less than ``SETTLE_SECONDS`` ago is
        left alone rather than posted again. ``took_over`` (this run replaced a dead run's
        lease) is kept for the log line only.
        """
        in_flight = self.ledger.in_flight(channel)
        if not in_flight:
            return
        self.heartbeat(channel)
        oldest = min(f.started_at for f in in_flight) - 60
        try:
            found, complete = self.find_posted(channel, oldest)
        except LeaseLost:
            raise
        except Exception as exc:
            failure = describe(exc)
            result.kind = "failed"
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
        missing = [f for f in in_flight if f.release_id not in result.recovered]
        if not complete:  # the post may be further back than the pages read: do not guess
            result.kind = "failed"
            result.error = (
                f"the channel has more than {HISTORY_PAGES * 200} messages since an earlier "
                "post whose outcome is unknown; not posting again (check the channel, then "
                "run the digest again)"
            )
            result.pending = [f.release_id for f in missing]
            return
        now = self.ledger.clock()
        unsettled = [f.release_id for f in missing if f.started_at > now - SETTLE_SECONDS]
        self.ledger.abandon(
            channel, [f.release_id for f in missing if f.release_id not in unsettled]
        )
        if unsettled:
            result.kind = "failed"
            result.error = (
                f"an earlier post began less than {SETTLE_SECONDS:g} s ago and is not in the "
                "channel yet; not posting again until its outcome is known"
            )
            result.pending = unsettled

    def find_posted(self, channel: str, oldest: float) -> tuple[dict[str, set[str]], bool]:
        """Digest messages in the channel since ``oldest`` (ts → release ids, from their
        metadata), and whether every message since then was read."""
        found: dict[str, set[str]] = {}
        cursor = None
        for _ in range(HISTORY_PAGES):
            with waiting_on_slack():
                response = self.client.conversations_history(
                    channel=channel,
                    oldest=f"{oldest:.6f}",
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                )
            messages: list[dict[str, Any]] = response.get("messages", [])
            for message in messages:
                metadata = message.get("metadata") or {}
                if metadata.get("event_type") == METADATA_EVENT:
                    ids = str(metadata.get("event_payload", {}).get("release_ids", ""))
                    found[message["ts"]] = {i for i in ids.split(",") if i}
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return found, True
            self.heartbeat(channel)
        return found, False
