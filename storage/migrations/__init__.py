"""Alembic migration scripts; run them with `storage.migrate.upgrade`."""
