"""What every listener gets: ``Deps``, and the ``Knowledge`` protocol it holds.

Passed explicitly from the app factory (``bot.slack.app``) to each listener's
``register`` instead of living in module globals, so tests build the app with their own
knowledge base, state store and logger.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.settings import DigestSettings
from bot.slack.verify import RequestVerifier
from bot.state import StateStore, Workspace, workspace_of
from knowledge import Answer, ContactCard, Lang


class Knowledge(Protocol):
    """What the bot uses of a KnowledgeBase (tests substitute their own)."""

    @property
    def releases(self) -> Sequence[Any]: ...

    @property
    def press_contacts(self) -> Sequence[ContactCard]: ...

    def answer(self, text: str, lang: Lang = "en") -> Answer: ...


@dataclass(frozen=True)
class Deps:
    """What every listener needs, passed explicitly instead of living in module globals."""

    kb: Knowledge
    state: StateStore
    logger: logging.Logger
    digest: DigestSettings = DigestSettings()
    verifier: RequestVerifier | None = None  # for the error handler: act on verified only
    multi_workspace: bool = False  # OAuth distribution: rows are filed by the request's team

    def workspace(self, body: Mapping[str, Any]) -> Workspace:
        """Whose rows a request reads and writes (always SINGLE with one bot token)."""
        return workspace_of(body, multi=self.multi_workspace)

    @property
    def knowledge_now(self) -> Any:
        """One knowledge base for a request that reads several things that must agree (a
        digest plan and the releases it names): a LiveKnowledge's current one, which a
        reload cannot swap mid-request; a plain knowledge base is its own."""
        return getattr(self.kb, "current", self.kb)
