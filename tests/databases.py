"""Throwaway databases for tests of any layer (storage, jobs, cli): a SQLite file, or a fresh
PostgreSQL database on the local server, created and dropped around its users."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from storage.schema import Base

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

# The backends every storage and jobs test runs on; `-m "not postgres"` leaves PostgreSQL out.
BACKENDS = ("sqlite", pytest.param("postgres", marks=pytest.mark.postgres))


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'okrbot.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a new, empty database `okrbot_test_<hex>`, dropped on exit even if a
    connection to it is still open."""
    require_postgres()
    name = f"okrbot_test_{uuid.uuid4().hex[:12]}"
    server = _server_engine()
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(POSTGRES_SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def require_postgres() -> None:
    """Skips the test when PostgreSQL is down, unless the environment says CI=true: there
    a missing database must fail the run rather than quietly skip half of it."""
    if _postgres_reachable():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("PostgreSQL not reachable at 127.0.0.1:5432, and CI=true requires it")
    pytest.skip(
        "PostgreSQL not reachable at 127.0.0.1:5432: start it or set CI=true to make this fail"
    )


@functools.cache
def _postgres_reachable() -> bool:
    server = _server_engine()
    try:
        with server.connect():
            return True
    except OperationalError:
        return False
    finally:
        server.dispose()


def _server_engine() -> Engine:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    return create_engine(
        POSTGRES_SERVER, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )


@contextmanager
def statements_run(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs inside the block."""
    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def empty_tables(engine: Engine) -> None:
    """Deletes every row of the application's tables (the schema and its version stay)."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
