"""The migrations build the schema the models describe, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from storage.migrate import alembic_config, is_current, upgrade
from storage.schema import Base
from storage.unit_of_work import create_engine_for
from tests.databases import postgres_database, sqlite_url


@pytest.fixture
def empty_database(database_backend: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database with nothing in it, not even the migrations' version table."""
    if database_backend == "sqlite":
        engine = create_engine_for(sqlite_url(tmp_path))
        yield engine
        engine.dispose()
        return
    with postgres_database() as url:
        engine = create_engine_for(url)
        yield engine
        engine.dispose()


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_migrated_database_is_current(engine: Engine) -> None:
    assert is_current(engine)


def test_an_empty_database_is_current_once_upgraded(empty_database: Engine) -> None:
    assert not is_current(empty_database)

    upgrade(empty_database)

    assert is_current(empty_database)
    tables = set(inspect(empty_database).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)


def test_upgrading_again_by_url_changes_nothing(migrated_engine: Engine, database_url: str) -> None:
    upgrade(database_url)

    assert is_current(migrated_engine)


def test_the_migrations_have_one_head() -> None:
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1


def test_a_database_at_the_two_earlier_heads_upgrades_to_the_one(empty_database: Engine) -> None:
    with empty_database.begin() as connection:
        command.upgrade(alembic_config(connection), "0003")
        command.upgrade(alembic_config(connection), "0007")

    upgrade(empty_database)

    with empty_database.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    assert heads == tuple(ScriptDirectory.from_config(alembic_config()).get_heads())
