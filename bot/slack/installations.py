"""OAuth distribution: installations in the state database, and token rotation done once.

With SLACK_CLIENT_ID set, workspaces install the bot through Bolt's own OAuth flow
(``/slack/install`` → Slack → ``/slack/oauth_redirect``), and each workspace's tokens live
in slack_sdk's SQLAlchemy installation store, on the state database's engine (SQLite or
PostgreSQL), next to the OAuth state store. Nothing is kept in local files, so any host
can finish an install another host started, and any host can answer any workspace.

Token rotation. Slack's rotated bot tokens expire (12 h) and are refreshed with a refresh
token that a refresh replaces. Bolt refreshes inside ``authorize`` when a token is within
``token_rotation_expiration_minutes`` of expiry; on two hosts at once, both would refresh
with the same refresh token, and the loser's answer (or its save, landing after the
winner's) could leave a token Slack no longer honours. ``SerialRotationAuthorize`` takes a
lease row per workspace (``scheduler_leases``, name ``token-refresh:…``) around the
refresh, re-reads the installation inside it and refreshes only if it still needs it: one
refresh per expiry, whoever asks. Waiters poll the store for at most
``REFRESH_WAIT`` seconds and use what the winner saved.

The OAuth state store consumes a state with one ``DELETE … WHERE state = … AND not
expired`` so that a state replayed to two hosts at once is accepted once.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation.rotator import TokenRotator
from sqlalchemy import and_

from bot.settings import OAuthSettings
from bot.state import StateError, StateStore, Workspace, write_transaction

STATE_SECONDS = 600  # an install must come back from Slack within 10 minutes
ROTATE_MINUTES = 120  # refresh a token this long before it expires (Bolt's default)
REFRESH_LEASE = 30.0  # seconds one host may take to refresh before another may try
REFRESH_WAIT = 2.5  # how long a request waits for another host's refresh (the ack path)
log = logging.getLogger("iom_bot")


class AtomicStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's store, but a state is consumed by one atomic delete (see module doc)."""

    def consume(self, state: str) -> bool:
        now = normalize_datetime_for_db(datetime.now(tz=UTC))
        c = self.oauth_states.c
        try:
            with self.engine.begin() as conn:
                deleted = conn.execute(
                    self.oauth_states.delete().where(and_(c.state == state, c.expire_at > now))
                ).rowcount
        except Exception as exc:  # the flow turns False into a refused install
            self.logger.warning("OAuth state store: %s", type(exc).__name__)
            return False
        return bool(deleted == 1)


def oauth_stores(
    state: StateStore, oauth: OAuthSettings
) -> tuple[SQLAlchemyInstallationStore, AtomicStateStore]:
    """The installation and OAuth state stores on the state database, tables created once
    (inside the write lock, so hosts starting together do not race to create them)."""
    engine = state.db.engine()
    installations = SQLAlchemyInstallationStore(
        client_id=oauth.client_id, engine=engine, logger=logging.getLogger("iom_bot.oauth")
    )
    states = AtomicStateStore(
        expiration_seconds=STATE_SECONDS, engine=engine, logger=logging.getLogger("iom_bot.oauth")
    )
    with state.connect() as conn, write_transaction(conn):
        installations.metadata.create_all(conn)
        states.metadata.create_all(conn)
    return installations, states


def _tokens(installation: Installation | None) -> tuple[Any, ...]:
    if installation is None:
        return ()
    return (installation.bot_token, installation.bot_refresh_token, installation.user_token)


class SerialRotationAuthorize(InstallationStoreAuthorize):
    """Bolt's installation-store authorize, with each refresh serialised in the database."""

    def __init__(
        self,
        state: StateStore,
        installations: SQLAlchemyInstallationStore,
        oauth: OAuthSettings,
        client: WebClient,
    ) -> None:
        super().__init__(
            logger=logging.getLogger("iom_bot.oauth"),
            installation_store=installations,
            client_id=oauth.client_id,
            client_secret=oauth.client_secret.get_secret_value(),
            token_rotation_expiration_minutes=ROTATE_MINUTES,
            # Bolt's cache of what auth.test says about a token (bot id, user id), keyed by
            # the token: the installation is still read on every request, so an uninstall
            # or a refresh (a new token, a new key) on any host is seen at once; only the
            # auth.test call on the ack path, once per request before, is saved.
            cache_enabled=True,
        )
        # slack_sdk's rotator would call slack.com itself; ours goes to SLACK_API_URL.
        self.token_rotator = TokenRotator(
            client_id=oauth.client_id,
            client_secret=oauth.client_secret.get_secret_value(),
            client=client,
        )
        self.state = state

    def _rotate_and_save_tokens_if_necessary(
        self, installation: Installation | None
    ) -> Installation | None:
        if installation is None or (
            installation.user_refresh_token is None and installation.bot_refresh_token is None
        ):
            return None
        if not self._expiring(installation):
            return None
        return refresh_once(self.state, self, installation)

    def _expiring(self, installation: Installation) -> bool:
        soon = time.time() + self.token_rotation_expiration_minutes * 60
        expires = [installation.bot_token_expires_at, installation.user_token_expires_at]
        return any(e is not None and e <= soon for e in expires)

    def rotate_now(self, installation: Installation) -> Installation | None:
        """Bolt's own refresh and save (called inside the workspace's refresh lease)."""
        return super()._rotate_and_save_tokens_if_necessary(installation)


def refresh_once(
    state: StateStore, authorize: SerialRotationAuthorize, installation: Installation
) -> Installation | None:
    """Refresh ``installation``'s tokens unless another host is doing or has done it; the
    installation whose tokens to use now (None: the ones given are still current)."""
    from bot.serve.leader import SchedulerLease

    key = f"token-refresh:{installation.enterprise_id or ''}:{installation.team_id or ''}"
    lease = SchedulerLease(state, key, ttl=REFRESH_LEASE)
    deadline = time.monotonic() + REFRESH_WAIT
    while True:
        latest = _latest(authorize, installation)
        if _tokens(latest) and _tokens(latest) != _tokens(installation):
            return latest  # refreshed elsewhere meanwhile
        try:
            if lease.try_acquire():
                break
        except StateError as exc:
            log.warning("token refresh lease: %s", exc)
        if time.monotonic() >= deadline:
            log.warning("another process is still refreshing tokens for %s", key)
            return None
        time.sleep(0.1)
    try:
        latest = _latest(authorize, installation) or installation
        if _tokens(latest) != _tokens(installation):
            return latest
        return authorize.rotate_now(latest)
    finally:
        try:
            lease.release()
        except StateError as exc:  # it expires on its own
            log.warning("token refresh lease: %s", exc)


def _latest(authorize: SerialRotationAuthorize, installation: Installation) -> Installation | None:
    found: Installation | None = authorize.installation_store.find_installation(
        enterprise_id=installation.enterprise_id,
        team_id=installation.team_id,
        is_enterprise_install=installation.is_enterprise_install,
    )
    return found


def bot_token_for(
    state: StateStore, authorize: SerialRotationAuthorize, workspace: Workspace
) -> str | None:
    """The workspace's current bot token (refreshed first if it is about to expire), for
    work that no Slack request started (the digest schedule); None if not installed.

    A workspace of an Enterprise Grid org has its own installation, or the org's (an
    org-wide install, stored with no team): its own first, else the org's."""
    store = authorize.installation_store
    installation = store.find_installation(
        enterprise_id=workspace.enterprise_id or None,
        team_id=workspace.team_id or None,
        is_enterprise_install=not workspace.team_id and bool(workspace.enterprise_id),
    )
    if installation is None and workspace.enterprise_id and workspace.team_id:
        installation = store.find_installation(
            enterprise_id=workspace.enterprise_id, team_id=None, is_enterprise_install=True
        )
    if installation is None:
        return None
    refreshed = authorize._rotate_and_save_tokens_if_necessary(installation)
    token = (refreshed or installation).bot_token
    return str(token) if token else None
