"""Schema migrations, run from code with a programmatic Alembic config (no alembic.ini).

A new revision, once the models in `storage.schema` change, from a database at head:

    with engine.connect() as connection:
        command.revision(alembic_config(connection), "what changed", autogenerate=True,
                         rev_id="0002")

then read it through and correct it by hand before committing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from storage.schema import Base
from storage.unit_of_work import create_engine_for

# Replicas may start together: on PostgreSQL they take this advisory lock so that one upgrades
# and the others then find the schema current. Any fixed number works; this one spells "okrbot".
_UPGRADE_LOCK = 0x6F6B72626F74


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic config for the migrations in `storage/migrations`, bound to `connection`."""
    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    config.attributes["connection"] = connection
    return config


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Brings the database up to the latest revision. On PostgreSQL that is one transaction;
    pysqlite opens none before DDL, so on SQLite each statement stands alone."""
    if isinstance(engine_or_url, str):
        engine = create_engine_for(engine_or_url)
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        return
    with engine_or_url.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
        command.upgrade(alembic_config(connection), revision)


def is_current(engine: Engine) -> bool:
    """Whether the database is at the latest revision (False for an empty database)."""
    return schema_state(engine).state == "current"


@dataclass(frozen=True)
class SchemaState:
    """Where the database's schema stands against this code's migrations.

    `empty`: no tables yet (created on first use); `current`: at this code's head; `behind`:
    an older revision (only `okrbot db upgrade` moves it on); `ahead`: a revision this code
    does not know, written by a newer release. The schema is changed by expanding first and
    contracting a release later, so this code still reads it."""

    state: Literal["empty", "current", "behind", "ahead"]
    current: tuple[str, ...]
    head: tuple[str, ...]


def schema_state(engine: Engine) -> SchemaState:
    scripts = ScriptDirectory.from_config(alembic_config())
    head = tuple(sorted(scripts.get_heads()))
    with engine.connect() as connection:
        current = tuple(sorted(MigrationContext.configure(connection).get_current_heads()))
        tables = set(inspect(connection).get_table_names())
    known = {revision.revision for revision in scripts.walk_revisions()}
    if not current:
        # Tables without a version are some other schema: not ours to create over.
        ours = tables & set(Base.metadata.tables)
        return SchemaState("behind" if ours else "empty", current, head)
    if current == head:
        return SchemaState("current", current, head)
    if not set(current) <= known:
        return SchemaState("ahead", current, head)
    return SchemaState("behind", current, head)
