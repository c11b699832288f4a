"""Alembic's environment: migrates the connection that `storage.migrate` passes in through
`config.attributes`, so there is no alembic.ini and no URL to read here."""

from alembic import context
from sqlalchemy import Connection

from storage.schema import Base


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: later migrations rebuild its tables in batch mode.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if context.is_offline_mode() or _connection is None:
    raise RuntimeError("run migrations through storage.migrate, which passes a connection in")
run_migrations(_connection)
