"""Fixtures shared by every test folder. Database fixtures run each test that uses them on
SQLite and on PostgreSQL: one database per backend for the whole session, emptied per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from storage.migrate import upgrade
from storage.unit_of_work import SqlUnitOfWork, create_engine_for, session_factory
from tests.databases import BACKENDS, empty_tables, postgres_database, sqlite_url

pytest_plugins = ["tests.workspace"]


@pytest.fixture(scope="session", params=BACKENDS)
def database_backend(request: pytest.FixtureRequest) -> str:
    """`sqlite` or `postgres`; a test module may parametrize it further (see tests/storage)."""
    backend: str = request.param
    return backend


@pytest.fixture(scope="session")
def database_url(database_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of an empty database on the backend, made for this test session."""
    if database_backend == "sqlite":
        yield sqlite_url(tmp_path_factory.mktemp("sqlite"))
        return
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine_for(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    """An engine on a migrated database whose tables this test finds empty."""
    empty_tables(migrated_engine)
    return migrated_engine


@pytest.fixture
def sql_uow(engine: Engine) -> SqlUnitOfWork:
    return SqlUnitOfWork(session_factory(engine))
