"""Which Slack workspace a row belongs to: every state table is keyed by it.

One bot installed in many workspaces (OAuth distribution) keeps each workspace's
subscriptions, digest ledger, de-duplication and curator data apart. A workspace of an
Enterprise Grid org is ``(enterprise_id, team_id)``; a plain workspace has ``''`` as its
``enterprise_id``. An org-wide install is one installation (its ``team_id`` absent) for
every workspace of the org, but rows stay filed under the workspace a request came from
(``bot.slack.installations.bot_token_for`` finds the org's token for it, and uninstalling
the org drops every workspace's subscriptions of that org).
With one ``SLACK_BOT_TOKEN`` the bot serves one workspace, and everything is filed under
``SINGLE`` (both empty), which is also where the rows of databases written before
workspaces existed were moved: a single-workspace bot keeps every row it had.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Workspace:
    enterprise_id: str = ""
    team_id: str = ""

    @property
    def key(self) -> dict[str, str]:
        """The bind parameters every keyed query uses (``:ent``, ``:team``)."""
        return {"ent": self.enterprise_id, "team": self.team_id}

    def describe(self) -> str:
        if not self.team_id and not self.enterprise_id:
            return "the workspace of SLACK_BOT_TOKEN"
        return "/".join(part for part in (self.enterprise_id, self.team_id) if part)


SINGLE = Workspace()


def workspace_of(body: Mapping[str, Any], *, multi: bool) -> Workspace:
    """The workspace a Slack request comes from; always ``SINGLE`` unless ``multi``
    (OAuth distribution), so single-workspace rows never depend on the request's team."""
    if not multi:
        return SINGLE
    team = body.get("team_id") or _id(body.get("team")) or _id(body.get("user"), "team_id")
    enterprise = body.get("enterprise_id") or _id(body.get("enterprise"))
    return Workspace(str(enterprise or ""), str(team or ""))


def _id(value: Any, field: str = "id") -> str:
    return str(value.get(field) or "") if isinstance(value, Mapping) else ""
