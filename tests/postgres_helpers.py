"""PostgreSQL for the tests: a throwaway database per test on the server the run was given.

``IOM_BOT_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts one on a loopback port);
tests marked ``postgres`` need it, and without it the whole set is left out with one line
(tests/conftest.py). Each test gets its own database, created here and dropped after it,
so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid

import psycopg
from sqlalchemy.engine import make_url

POSTGRES_ENV = "IOM_BOT_TEST_POSTGRES_URL"


def server_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(False), autocommit=True
    )


def new_database(prefix: str = "iom_test") -> str:
    """A new, empty database on the test server; its URL (with the server's credentials)."""
    url = server_url()
    assert url, f"{POSTGRES_ENV} is not set"
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with _admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    server = server_url()
    assert server
    name = make_url(url).database
    with _admin(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
